using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace CnnGen.Zoo.Tests;

/// <summary>
/// torchvision's state_dict as a safetensors file, produced while it is read: the header lists the keys in
/// torchvision's order with their dtypes, shapes and byte ranges, and the data section is drawn by
/// <see cref="DrawnValues"/> element by element (an I64 <c>num_batches_tracked</c> is 0), so a 0.5 GB VGG state_dict
/// never exists in memory twice.
/// </summary>
public sealed class StateDictStream : Stream
{
    readonly byte[] _prefix;
    readonly (long Start, long End, StateKey Key, uint Hash)[] _segments;
    long _position;

    /// <param name="keys">The entries, in file order.</param>
    public StateDictStream(IReadOnlyList<StateKey> keys)
    {
        var header = new Dictionary<string, object>();
        var segments = new List<(long, long, StateKey, uint)>();
        long offset = 0;
        foreach (var key in keys)
        {
            var bytes = key.Count * (key.DataType == "I64" ? 8 : 4);
            header[key.Name] = new { dtype = key.DataType, shape = key.Shape, data_offsets = new[] { offset, offset + bytes } };
            segments.Add((offset, offset + bytes, key, DrawnValues.Fnv1a(key.Name)));
            offset += bytes;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        _prefix = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(_prefix, (ulong)json.Length);
        json.CopyTo(_prefix, 8);
        _segments = [.. segments];
        Length = _prefix.Length + offset;
    }

    /// <inheritdoc/>
    public override long Length { get; }

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, Length);
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            var n = _position < _prefix.Length ? ReadPrefix(buffer[written..]) : ReadData(buffer[written..], _position - _prefix.Length);
            written += n;
            _position += n;
        }
        return written;
    }

    int ReadPrefix(Span<byte> destination)
    {
        var n = (int)Math.Min(destination.Length, _prefix.Length - _position);
        _prefix.AsSpan((int)_position, n).CopyTo(destination);
        return n;
    }

    /// <summary>Bytes from data offset <paramref name="at"/> to the end of the tensor holding it (or of the buffer).</summary>
    int ReadData(Span<byte> destination, long at)
    {
        var s = FindSegment(at);
        var (start, end, key, hash) = _segments[s];
        var n = (int)Math.Min(destination.Length, end - at);
        if (key.DataType == "I64")
        {
            destination[..n].Clear();
            return n;
        }
        Span<byte> word = stackalloc byte[4];
        for (var done = 0; done < n;)
        {
            var local = at + done - start;
            var within = (int)(local & 3);
            BinaryPrimitives.WriteSingleLittleEndian(word, DrawnValues.Value(hash, local >> 2, key.Offset, key.Scale));
            var take = Math.Min(4 - within, n - done);
            word.Slice(within, take).CopyTo(destination[done..]);
            done += take;
        }
        return n;
    }

    int FindSegment(long at)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_segments[mid].Start <= at) lo = mid; // the last segment starting at or before: empty ones are skipped
            else hi = mid - 1;
        }
        return lo;
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    /// <inheritdoc/>
    public override void Flush() { }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
