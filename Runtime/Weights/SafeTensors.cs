using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CnnGen.Weights;

/// <summary>
/// Reads and writes a network's tensors as safetensors (8-byte little-endian header length, a JSON header mapping
/// each key of <see cref="INetwork.Tensors"/> to its dtype, PyTorch shape and byte range, then raw little-endian F32),
/// so a file maps 1:1 onto a PyTorch <c>state_dict</c>. Each batch-norm layer also gets an I64
/// <c>num_batches_tracked</c> (written as 0, ignored on load) so that <c>load_state_dict(strict=True)</c> accepts the file.
/// </summary>
public static class SafeTensors
{
    static readonly byte[] BatchesTrackedZero = new byte[8];

    /// <summary>Writes every tensor of <paramref name="network"/>.</summary>
    public static void Save(INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        var layout = SafeTensorsLayout.Of(network);
        var header = SafeTensorsHeader.Write(layout);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var entry in layout.Entries)
        {
            if (entry.Tensor is { } tensor) WriteFloats(stream, Values(network, tensor));
            else stream.Write(BatchesTrackedZero); // num_batches_tracked: I64 zero
        }
        stream.Flush();
    }

    /// <summary>
    /// Writes atomically: a temporary file beside <paramref name="path"/>, flushed to disk, then renamed over it.
    /// A failure leaves any previous file untouched.
    /// </summary>
    public static void Save(INetwork network, string path) => Save(network, path, static stream => stream);

    /// <summary><see cref="Save(INetwork, string)"/> with the temporary file's stream wrapped (tests inject failures here).</summary>
    internal static void Save(INetwork network, string path, Func<Stream, Stream> wrap)
    {
        ArgumentNullException.ThrowIfNull(network);
        AtomicFile.Write(path, stream => Save(network, wrap(stream)));
    }

    /// <summary>Validates the whole file against <see cref="INetwork.Tensors"/> before changing the model.</summary>
    public static void Load(INetwork network, Stream stream) => Load(network, stream, "safetensors stream");

    /// <summary>Loads from a file.</summary>
    public static void Load(INetwork network, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Load(network, stream, path);
    }

    static void Load(INetwork network, Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        var layout = SafeTensorsLayout.Of(network);
        var header = SafeTensorsHeader.Read(stream, source);
        var ranges = SafeTensorsHeader.Validate(header, layout, source);

        long dataLength = ranges.Count == 0 ? 0 : ranges.Max(r => r.End);
        if (stream.CanSeek && stream.Length - stream.Position != dataLength)
            throw new InvalidDataException($"{source}: the header's byte ranges cover {dataLength} data bytes, the file holds {stream.Length - stream.Position}.");
        // Bounded by the model's own size: the ranges were checked against its tensors.
        var data = new byte[dataLength];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read != data.Length)
            throw new InvalidDataException($"{source}: truncated: the header's byte ranges cover {dataLength} data bytes, the file holds {read}.");
        if (!stream.CanSeek && stream.ReadByte() >= 0)
            throw new InvalidDataException($"{source}: bytes follow the {dataLength} data bytes the header describes.");

        // Everything is valid: only now does the model change.
        foreach (var range in ranges)
        {
            if (range.Entry.Tensor is not { } tensor) continue;
            var bytes = data.AsSpan((int)range.Begin, (int)(range.End - range.Begin));
            ReadFloats(bytes, Values(network, tensor));
        }
    }

    static Span<float> Values(INetwork network, TensorInfo tensor)
    {
        var store = tensor.Store == TensorStore.Parameters ? network.Parameters : network.State;
        if (tensor.Offset < 0 || tensor.Offset + tensor.Length > store.Length)
            throw new InvalidOperationException($"{tensor.Name}: offset {tensor.Offset} + {tensor.Length} values lies outside {tensor.Store} ({store.Length} values).");
        return store.Slice(tensor.Offset, tensor.Length);
    }

    static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> word = stackalloc byte[4];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(word, value);
            stream.Write(word);
        }
    }

    static void ReadFloats(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }
        for (var i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
    }
}
