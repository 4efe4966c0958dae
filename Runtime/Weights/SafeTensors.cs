using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CnnGen.Weights;

/// <summary>
/// Reads and writes a network's tensors as safetensors (8-byte little-endian header length, a JSON header mapping
/// each key of <see cref="INetwork.Tensors"/> to its dtype, PyTorch shape and byte range, then raw little-endian F32),
/// so a file maps 1:1 onto a PyTorch <c>state_dict</c>. Each batch-norm layer also gets an I64
/// <c>num_batches_tracked</c> (written as an I64 scalar 0) so that <c>load_state_dict(strict=True)</c> accepts the file;
/// on load that key is optional and its value ignored, and it may take any form PyTorch 1.13's strict
/// <c>load_state_dict</c> accepts for a 0-dim buffer (any PyTorch dtype; shape [] or [n ≥ 1]).
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
    public static void Load(INetwork network, Stream stream) => Load(network, stream, "safetensors stream", strict: true);

    /// <summary>Loads from a file.</summary>
    public static void Load(INetwork network, string path) => Load(network, path, strict: true);

    /// <summary>
    /// PyTorch's <c>model.load_state_dict(state_dict, strict)</c> from a safetensors file: with <paramref name="strict"/>
    /// false, the keys the file and the network share are loaded, a network tensor the file lacks keeps its values
    /// (a new head), and a file key the network lacks is read past (an old head); with true, as
    /// <see cref="Load(INetwork, string)"/>. Either way a shared key whose dtype or shape differs is refused (as PyTorch
    /// refuses a size mismatch even with <c>strict=False</c>), and the whole file is validated before any value changes.
    /// </summary>
    /// <returns>The network keys the file did not have and the file keys the network does not have, in file order (<c>missing_keys</c>, <c>unexpected_keys</c>).</returns>
    /// <exception cref="InvalidDataException">A shared key's dtype or shape differs (the message names the key, both shapes), the file is malformed, or, strict, a key is missing or unexpected; nothing was written.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static LoadResult Load(INetwork network, string path, bool strict)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(network, stream, path, strict);
    }

    /// <summary><see cref="Load(INetwork, string, bool)"/> from a stream.</summary>
    /// <exception cref="InvalidDataException">As the file overload.</exception>
    public static LoadResult Load(INetwork network, Stream stream, bool strict) => Load(network, stream, "safetensors stream", strict);

    static LoadResult Load(INetwork network, Stream stream, string source, bool strict)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        var layout = SafeTensorsLayout.Of(network);
        var header = SafeTensorsHeader.Read(stream, source);
        var (ranges, missing, unexpected) = strict
            ? (SafeTensorsHeader.Validate(header, layout, source), [], [])
            : SafeTensorsHeader.ValidateLenient(header, layout, source);

        // The ranges are sorted and tile [0, dataLength).
        long dataLength = ranges.Count == 0 ? 0 : ranges[^1].End;
        if (stream.CanSeek && stream.Length - stream.Position != dataLength)
            throw new InvalidDataException($"{source}: the header's byte ranges cover {dataLength} data bytes, the file holds {stream.Length - stream.Position}.");
        // Only the model's tensors are kept, so the buffer is bounded by the model's own size; an ignored buffer
        // (num_batches_tracked, whose accepted shapes include [n]) is read past without being stored.
        var data = new byte[ranges.Where(r => r.Entry.Tensor is not null).Sum(r => r.End - r.Begin)];
        var kept = new List<(TensorInfo Tensor, int Start, int Length)>();
        long position = 0;
        var stored = 0;
        foreach (var range in ranges)
        {
            var length = range.End - range.Begin;
            long got;
            if (range.Entry.Tensor is { } tensor)
            {
                got = stream.ReadAtLeast(data.AsSpan(stored, (int)length), (int)length, throwOnEndOfStream: false);
                kept.Add((tensor, stored, (int)length));
                stored += (int)length;
            }
            else got = Skip(stream, length);
            position += got;
            if (got != length)
                throw new InvalidDataException($"{source}: truncated: the header's byte ranges cover {dataLength} data bytes, the file holds {position}.");
        }
        if (!stream.CanSeek && stream.ReadByte() >= 0)
            throw new InvalidDataException($"{source}: bytes follow the {dataLength} data bytes the header describes.");

        // Everything is valid: only now does the model change.
        foreach (var (tensor, start, length) in kept) ReadFloats(data.AsSpan(start, length), Values(network, tensor));
        return new LoadResult(missing, unexpected);
    }

    /// <summary>Reads past up to <paramref name="count"/> bytes; returns how many there were.</summary>
    static long Skip(Stream stream, long count)
    {
        Span<byte> sink = stackalloc byte[512];
        long skipped = 0;
        while (skipped < count)
        {
            var n = stream.Read(sink[..(int)Math.Min(sink.Length, count - skipped)]);
            if (n == 0) break;
            skipped += n;
        }
        return skipped;
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
