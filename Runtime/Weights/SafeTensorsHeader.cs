using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace CnnGen.Weights;

/// <summary>A validated byte range of the data section and the key it belongs to.</summary>
internal readonly record struct SafeTensorsRange(SafeTensorsEntry Entry, long Begin, long End);

/// <summary>Writes, reads and validates the JSON header of a safetensors file.</summary>
internal static class SafeTensorsHeader
{
    /// <summary>The format's own limit on the header (the reference implementation rejects larger ones).</summary>
    public const long MaxHeaderLength = 100_000_000;

    const string Metadata = "__metadata__";

    /// <summary>
    /// The header JSON for <paramref name="layout"/>, space-padded to a multiple of 8 bytes (so the data is aligned);
    /// <paramref name="metadata"/> adds string pairs to <c>__metadata__</c>.
    /// </summary>
    public static byte[] Write(SafeTensorsLayout layout, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(Metadata);
            json.WriteString("format", "pt");
            json.WriteString("generator", "CnnGen");
            foreach (var (key, value) in metadata ?? []) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var entry in layout.Entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DataType);
                json.WriteStartArray("shape");
                foreach (var dimension in entry.Shape) json.WriteNumberValue(dimension);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.ByteLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.ByteLength;
            }
            json.WriteEndObject();
        }
        var length = (int)buffer.Length;
        var padded = (length + 7) / 8 * 8;
        for (var i = length; i < padded; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    /// <summary>Reads the length prefix and the header bytes, refusing a length the file cannot hold before allocating for it.</summary>
    public static byte[] Read(Stream stream, string source)
    {
        Span<byte> prefix = stackalloc byte[8];
        var got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
        if (got != 8)
            throw new InvalidDataException($"{source}: not a safetensors file: expected an 8-byte header length, the file holds {got} bytes.");
        var length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length < 2 || length > MaxHeaderLength)
            throw new InvalidDataException($"{source}: header length {length} is outside the valid range [2, {MaxHeaderLength}]: not a safetensors file or a corrupt one.");
        if (stream.CanSeek && (ulong)(stream.Length - stream.Position) < length)
            throw new InvalidDataException($"{source}: header length {length} exceeds the {stream.Length - stream.Position} bytes that follow it.");

        // Unseekable streams: grow the buffer as bytes arrive, so a lying length cannot force a large allocation.
        var header = new byte[stream.CanSeek ? (int)length : (int)Math.Min(length, 1 << 16)];
        var read = 0;
        while ((ulong)read < length)
        {
            if (read == header.Length) Array.Resize(ref header, (int)Math.Min(length, 2UL * (ulong)header.Length));
            var n = stream.Read(header, read, header.Length - read);
            if (n == 0) throw new InvalidDataException($"{source}: truncated header: expected {length} bytes, found {read}.");
            read += n;
        }
        return header;
    }

    /// <summary>
    /// Checks the header against the model's layout: valid JSON, every expected name present and no other, dtypes,
    /// shapes, byte lengths, and byte ranges that tile the data section exactly. Returns the ranges sorted by offset.
    /// </summary>
    public static List<SafeTensorsRange> Validate(byte[] header, SafeTensorsLayout layout, string source)
        => WithDocument(header, source, document => Validate(document, layout, source, strict: true)).Ranges;

    /// <summary>
    /// <see cref="Validate(byte[], SafeTensorsLayout, string)"/> that accepts keys the network lacks and lacks keys it has
    /// (<c>load_state_dict(strict=False)</c>): each key both hold must still match in dtype and shape, and the file must
    /// still be well formed. The ranges of unexpected keys come back with no tensor (read past, never stored).
    /// </summary>
    public static (List<SafeTensorsRange> Ranges, List<string> Missing, List<string> Unexpected) ValidateLenient(byte[] header, SafeTensorsLayout layout, string source)
        => WithDocument(header, source, document => Validate(document, layout, source, strict: false));

    /// <summary>Parses the header and runs <paramref name="read"/> on it, turning every way a header can be malformed into <see cref="InvalidDataException"/>.</summary>
    static T WithDocument<T>(byte[] header, string source, Func<JsonDocument, T> read)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.AsMemory().TrimEnd((byte)' '), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: the header is not valid JSON: {e.Message}", e);
        }
        using var _ = document;
        try
        {
            return read(document);
        }
        catch (InvalidOperationException e)
        {
            // JsonDocument accepts invalid UTF-8 and lone-surrogate escapes inside strings and only fails when a
            // string is read (found by the reliability fuzzer): still a corrupt file, not a programming error.
            throw new InvalidDataException($"{source}: the header holds a string that is not valid UTF-8 or UTF-16: {e.Message}", e);
        }
    }

    static (List<SafeTensorsRange> Ranges, List<string> Missing, List<string> Unexpected) Validate(JsonDocument document, SafeTensorsLayout layout, string source, bool strict)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: the header must be a JSON object, found {document.RootElement.ValueKind}.");

        var expected = layout.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var extra = new List<string>();
        var ranges = new List<SafeTensorsRange>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name)) throw new InvalidDataException($"{source}: key '{property.Name}' appears twice in the header.");
            if (property.Name == Metadata)
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{source}: {Metadata} must be an object, found {property.Value.ValueKind}.");
                continue;
            }
            if (!expected.TryGetValue(property.Name, out var entry))
            {
                extra.Add(property.Name);
                if (!strict) ranges.Add(ReadEntry(property, Unexpected(property, source), source));
                continue;
            }
            ranges.Add(ReadEntry(property, entry, source));
        }

        var missing = layout.Entries
            .Where(e => e.Tensor is not null && !seen.Contains(e.Name))
            .Select(e => e.Name)
            .ToList();
        if (strict && (missing.Count > 0 || extra.Count > 0))
        {
            var message = new StringBuilder($"{source}: the tensor names do not match the network:");
            if (missing.Count > 0) message.Append($" missing {string.Join(", ", missing)};");
            if (extra.Count > 0) message.Append($" unexpected {string.Join(", ", extra)};");
            message.Append($" expected {string.Join(", ", layout.Entries.Where(e => e.Tensor is not null).Select(e => e.Name))}.");
            throw new InvalidDataException(message.ToString());
        }

        ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        CheckTiling(ranges, source);
        return (ranges, missing, extra);
    }

    /// <summary>A key the network does not have, read past: any PyTorch dtype and shape, its bytes counted for the tiling check.</summary>
    static SafeTensorsEntry Unexpected(JsonProperty property, string source)
    {
        var name = property.Name;
        if (property.Value.ValueKind != JsonValueKind.Object || !property.Value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{source}: {name}: expected an object with a string dtype.");
        if (!TorchDataTypeSizes.TryGetValue(dtype.GetString()!, out var size))
            throw new InvalidDataException($"{source}: {name}: dtype {dtype.GetString()} is not one of {string.Join(", ", TorchDataTypeSizes.Keys)}.");
        var shape = ReadIntegers(property.Value, "shape", name, source);
        long bytes = size;
        foreach (var dimension in shape)
        {
            if (dimension != 0 && bytes > long.MaxValue / dimension)
                throw new InvalidDataException($"{source}: {name}: shape [{string.Join(", ", shape)}] exceeds any file's size.");
            bytes *= dimension;
        }
        return new SafeTensorsEntry(name, dtype.GetString()!, [], bytes, null);
    }

    /// <summary>Sorted ranges must follow each other without gap or overlap from byte 0.</summary>
    static void CheckTiling(List<SafeTensorsRange> ranges, string source)
    {
        long end = 0;
        foreach (var range in ranges)
        {
            if (range.Begin < end)
                throw new InvalidDataException($"{source}: {range.Entry.Name} bytes [{range.Begin}, {range.End}) overlap the previous tensor, which ends at {end}.");
            if (range.Begin > end)
                throw new InvalidDataException($"{source}: bytes [{end}, {range.Begin}) of the data belong to no tensor (next is {range.Entry.Name}).");
            end = range.End;
        }
    }

    /// <summary>
    /// Parses any header whose tensors are F32, I32 or I64 (no expected layout): the <c>__metadata__</c> string pairs and
    /// each tensor's entry and byte range, sorted by offset and checked to tile the data section.
    /// </summary>
    public static (Dictionary<string, string> Metadata, List<SafeTensorsRange> Ranges) ReadAny(byte[] header, string source)
        => WithDocument(header, source, document => ReadAny(document, source));

    static (Dictionary<string, string> Metadata, List<SafeTensorsRange> Ranges) ReadAny(JsonDocument document, string source)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: the header must be a JSON object, found {document.RootElement.ValueKind}.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var layout = new List<SafeTensorsEntry>();
        var properties = new List<JsonProperty>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == Metadata)
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{source}: {Metadata} must be an object, found {property.Value.ValueKind}.");
                foreach (var pair in property.Value.EnumerateObject())
                {
                    if (pair.Value.ValueKind != JsonValueKind.String)
                        throw new InvalidDataException($"{source}: {Metadata}.{pair.Name} must be a string, found {pair.Value.ValueKind}.");
                    metadata[pair.Name] = pair.Value.GetString()!;
                }
                continue;
            }
            if (property.Value.ValueKind != JsonValueKind.Object || !property.Value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{source}: {property.Name}: expected an object with a string dtype.");
            var size = dtype.GetString() switch
            {
                SafeTensorsLayout.Float32 or SafeTensorsLayout.Int32 => 4,
                SafeTensorsLayout.Int64 => 8,
                var other => throw new InvalidDataException($"{source}: {property.Name}: dtype {other} is not one of F32, I32, I64."),
            };
            var shape = ReadIntegers(property.Value, "shape", property.Name, source);
            long count = 1;
            foreach (var dimension in shape)
            {
                if (dimension > int.MaxValue || (count *= dimension) > int.MaxValue)
                    throw new InvalidDataException($"{source}: {property.Name}: shape [{string.Join(", ", shape)}] is too large.");
            }
            if (layout.Any(e => e.Name == property.Name)) throw new InvalidDataException($"{source}: key '{property.Name}' appears twice in the header.");
            layout.Add(new SafeTensorsEntry(property.Name, dtype.GetString()!, shape.Select(d => (int)d).ToArray(), size * count, null));
            properties.Add(property);
        }
        var ranges = properties.Select((p, i) => ReadEntry(p, layout[i], source)).ToList();
        ranges.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        CheckTiling(ranges, source);
        return (metadata, ranges);
    }

    static SafeTensorsRange ReadEntry(JsonProperty property, SafeTensorsEntry entry, string source)
    {
        var name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: {name}: expected an object with dtype, shape and data_offsets, found {value.ValueKind}.");
        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{source}: {name}: missing or non-string dtype.");
        var shape = ReadIntegers(value, "shape", name, source);
        var byteLength = entry.Ignored ? IgnoredScalarByteLength(dtype.GetString()!, shape, entry, source) : entry.ByteLength;
        if (entry.Tensor is not null)
        {
            if (dtype.GetString() != entry.DataType)
                throw new InvalidDataException($"{source}: {name}: expected dtype {entry.DataType}, found {dtype.GetString()}.");
            if (!shape.SequenceEqual(entry.Shape.Select(d => (long)d)))
                throw new InvalidDataException($"{source}: {name}: expected shape [{string.Join(", ", entry.Shape)}], found [{string.Join(", ", shape)}].");
        }

        var offsets = ReadIntegers(value, "data_offsets", name, source);
        if (offsets.Length != 2)
            throw new InvalidDataException($"{source}: {name}: data_offsets must hold [begin, end], found {offsets.Length} values.");
        if (offsets[1] < offsets[0])
            throw new InvalidDataException($"{source}: {name}: data_offsets [{offsets[0]}, {offsets[1]}] end before they begin.");
        if (offsets[1] - offsets[0] != byteLength)
            throw new InvalidDataException($"{source}: {name}: data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]} bytes, shape [{string.Join(", ", shape)}] in {dtype.GetString()} needs {byteLength}.");
        return new SafeTensorsRange(entry, offsets[0], offsets[1]);
    }

    /// <summary>Bytes per element of the dtypes PyTorch 1.13 has (what its <c>copy_</c> into a 0-dim buffer accepts).</summary>
    static readonly Dictionary<string, int> TorchDataTypeSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["I16"] = 2, ["I32"] = 4, ["I64"] = 8, ["F16"] = 2, ["BF16"] = 2, ["F32"] = 4, ["F64"] = 8,
    };

    /// <summary>
    /// The byte length of a 0-dim buffer whose value the loader ignores (<c>num_batches_tracked</c>), accepting what
    /// PyTorch 1.13's strict <c>load_state_dict</c> accepts for it: any dtype PyTorch has (it copies with conversion),
    /// and shape [] or a one-dimensional shape [n ≥ 1] (it takes element 0, the 0.3-era layout). Shape [0] (PyTorch's
    /// index error) and two or more dimensions (its size mismatch) are refused, as is a dtype PyTorch lacks.
    /// </summary>
    static long IgnoredScalarByteLength(string dtype, long[] shape, SafeTensorsEntry entry, string source)
    {
        if (!TorchDataTypeSizes.TryGetValue(dtype, out var size))
            throw new InvalidDataException($"{source}: {entry.Name}: expected dtype {entry.DataType} (or another PyTorch dtype: {string.Join(", ", TorchDataTypeSizes.Keys)}), found {dtype}.");
        if (shape.Length > 1 || (shape.Length == 1 && shape[0] == 0))
            throw new InvalidDataException($"{source}: {entry.Name}: expected shape [] (or [n] with n ≥ 1, as PyTorch accepts for a 0-dim buffer), found [{string.Join(", ", shape)}].");
        var elements = shape.Length == 0 ? 1 : shape[0];
        if (elements > long.MaxValue / size)
            throw new InvalidDataException($"{source}: {entry.Name}: shape [{elements}] in {dtype} exceeds any file's size.");
        return elements * size;
    }

    static long[] ReadIntegers(JsonElement value, string key, string name, string source)
    {
        if (!value.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{source}: {name}: missing or non-array {key}.");
        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
                throw new InvalidDataException($"{source}: {name}: {key} must hold non-negative integers, found {item.GetRawText()}.");
            result[i++] = number;
        }
        return result;
    }
}
