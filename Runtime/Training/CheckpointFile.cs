using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CnnGen.Weights;

namespace CnnGen.Training;

/// <summary>One tensor of a checkpoint: F32 or I32 values, little-endian, with its shape.</summary>
internal sealed record CheckpointTensor(string Name, string DataType, int[] Shape, byte[] Data)
{
    public static CheckpointTensor Floats(string name, ReadOnlySpan<float> values, int[]? shape = null)
        => new(name, SafeTensorsLayout.Float32, shape ?? [values.Length], ToBytes(values));

    public static CheckpointTensor Ints(string name, ReadOnlySpan<int> values)
        => new(name, SafeTensorsLayout.Int32, [values.Length], ToBytes(values));

    static byte[] ToBytes<T>(ReadOnlySpan<T> values) where T : struct
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < bytes.Length; i += 4) bytes.AsSpan(i, 4).Reverse();
        }
        return bytes;
    }

    public int Count => Data.Length / 4;

    public float[] ToFloats()
    {
        var values = new float[Count];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan(4 * i));
        return values;
    }

    public int[] ToInts()
    {
        var values = new int[Count];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(4 * i));
        return values;
    }
}

/// <summary>
/// The file side of a training checkpoint: a safetensors file whose tensors hold the arrays and whose
/// <c>__metadata__</c> holds the rest as strings, plus <c>data_sha256</c> over the data section so that a damaged
/// file is recognised. Writes are atomic and keep the file they replace as <see cref="PreviousPath"/> until the new one
/// is complete; reading falls back to it when the newest file is missing, truncated or corrupt.
/// </summary>
internal static class CheckpointFile
{
    const string HashKey = "data_sha256";

    /// <summary>Where the checkpoint before the newest one is kept: <c>name.previous.ext</c>.</summary>
    public static string PreviousPath(string path)
        => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Path.GetFileNameWithoutExtension(path)}.previous{Path.GetExtension(path)}");

    /// <summary>Writes a new checkpoint; the one it replaces becomes <see cref="PreviousPath"/> first.</summary>
    public static void Write(string path, IReadOnlyList<CheckpointTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var entries = tensors.Select(t => new SafeTensorsEntry(t.Name, t.DataType, t.Shape, t.Data.LongLength, null)).ToList();
        var hash = new IncrementalHashWriter();
        foreach (var tensor in tensors) hash.Append(tensor.Data);
        var header = SafeTensorsHeader.Write(new SafeTensorsLayout(entries), metadata.Append(KeyValuePair.Create(HashKey, hash.Hex())));
        if (File.Exists(path)) File.Move(path, PreviousPath(path), overwrite: true);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var tensor in tensors) stream.Write(tensor.Data);
        });
    }

    /// <summary>
    /// The newest readable checkpoint at <paramref name="path"/> or its previous copy, with the file it came from and
    /// why the newest was refused (null when it was used); null when neither file exists.
    /// </summary>
    /// <exception cref="InvalidDataException">Both files exist or one exists, and none is a complete, undamaged checkpoint.</exception>
    public static (Dictionary<string, string> Metadata, Dictionary<string, CheckpointTensor> Tensors, string Source, string? Refused)? ReadNewest(string path)
    {
        var previous = PreviousPath(path);
        string? refused = null;
        foreach (var candidate in new[] { path, previous })
        {
            if (!File.Exists(candidate)) continue;
            try
            {
                var (metadata, tensors) = Read(candidate);
                return (metadata, tensors, candidate, refused);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                refused = refused is null ? e.Message : $"{refused}; {e.Message}";
            }
        }
        return refused is null ? null : throw new InvalidDataException($"No usable checkpoint: {refused}");
    }

    /// <summary>Reads and verifies one checkpoint file (structure, byte ranges, length and hash).</summary>
    public static (Dictionary<string, string> Metadata, Dictionary<string, CheckpointTensor> Tensors) Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = SafeTensorsHeader.Read(stream, path);
        var (metadata, ranges) = SafeTensorsHeader.ReadAny(header, path);
        long dataLength = ranges.Count == 0 ? 0 : ranges[^1].End;
        if (stream.Length - stream.Position != dataLength)
            throw new InvalidDataException($"{path}: truncated or padded: the header describes {dataLength} data bytes, the file holds {stream.Length - stream.Position}.");
        var data = new byte[dataLength];
        stream.ReadExactly(data);
        if (!metadata.TryGetValue(HashKey, out var expected))
            throw new InvalidDataException($"{path}: not a CnnGen checkpoint (no {HashKey} in the metadata).");
        var hash = new IncrementalHashWriter();
        var tensors = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        // The hash covers the tensors in the order they were written, which is the order of their byte ranges.
        foreach (var range in ranges)
        {
            var bytes = data.AsSpan((int)range.Begin, (int)(range.End - range.Begin)).ToArray();
            hash.Append(bytes);
            tensors[range.Entry.Name] = new CheckpointTensor(range.Entry.Name, range.Entry.DataType, range.Entry.Shape, bytes);
        }
        if (hash.Hex() != expected)
            throw new InvalidDataException($"{path}: corrupt: the data's SHA-256 is {hash.Hex()}, the header records {expected}.");
        return (metadata, tensors);
    }

    sealed class IncrementalHashWriter
    {
        readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        string? _hex;

        public void Append(byte[] bytes) => _hash.AppendData(bytes);

        public string Hex() => _hex ??= Convert.ToHexStringLower(_hash.GetHashAndReset());
    }
}
