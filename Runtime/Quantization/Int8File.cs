using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using CnnGen.Weights;

namespace CnnGen.Quantization;

/// <summary>
/// One key group of a quantized network's file: an activation tensor's parameters (<paramref name="WeightShape"/> null:
/// <c>{name}.scale</c> F32 [] and <c>{name}.zero_point</c> I32 []) or a Conv2D/Dense layer (<c>{name}.weight</c> I8 in
/// PyTorch's shape, <c>{name}.weight_scale</c> F32 [F], <c>{name}.bias</c> I32 [F]).
/// </summary>
/// <param name="Name">The layer's name (<c>input</c> for the network input).</param>
/// <param name="WeightShape">The weight's PyTorch shape ([F, C/G, K, K] or [Out, In]), or null for an activation tensor.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record Int8TensorInfo(string Name, int[]? WeightShape = null);

/// <summary>
/// A quantized network's safetensors file: int8 weights, float scales, int32 biases and each activation tensor's scale
/// and zero point (the keys of <see cref="Int8TensorInfo"/>). <see cref="Read"/> checks the whole file (names, dtypes,
/// shapes, byte ranges, then every value) before returning; <see cref="Save"/> writes atomically.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Int8File : Int8Source
{
    const string Int8 = "I8";
    readonly Dictionary<string, byte[]> _data;
    readonly string _source;

    Int8File(Dictionary<string, byte[]> data, string source)
    {
        _data = data;
        _source = source;
    }

    /// <summary>
    /// Writes <paramref name="layout"/>'s tensors atomically (a temporary file beside <paramref name="path"/>, flushed, then
    /// renamed over it): parameters from <paramref name="parameters"/>, layers from <paramref name="layers"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A layer's shape does not match its weights.</exception>
    public static void Save(string path, ReadOnlySpan<Int8TensorInfo> layout, Func<string, QuantizationParameters> parameters, Func<string, Int8Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(layers);
        var entries = Layout(layout);
        var blobs = new List<byte[]>();
        foreach (var info in layout)
        {
            if (info.WeightShape is null)
            {
                var p = parameters(info.Name);
                blobs.Add(BitConverter.GetBytes(p.Scale));
                blobs.Add(BitConverter.GetBytes(p.ZeroPoint));
                continue;
            }
            var layer = layers(info.Name);
            if (layer.Rows * layer.Taps != Length(info.WeightShape) || layer.Rows != info.WeightShape[0])
                throw new ArgumentException($"{info.Name}: weights of {layer.Rows} x {layer.Taps} do not have shape [{string.Join(", ", info.WeightShape)}]", nameof(layers));
            blobs.Add(MemoryMarshal.AsBytes(layer.Weight).ToArray());
            blobs.Add(MemoryMarshal.AsBytes(layer.WeightScales).ToArray());
            blobs.Add(MemoryMarshal.AsBytes(layer.Bias).ToArray());
        }
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("int8 files are written on little-endian machines only");
        var header = SafeTensorsHeader.Write(entries, [new("quantization", "int8: per-channel symmetric weights, per-tensor affine uint8 activations")]);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var blob in blobs) stream.Write(blob);
        });
    }

    /// <summary>Reads and checks a file against <paramref name="layout"/>; nothing is returned unless every part is valid.</summary>
    /// <exception cref="InvalidDataException">A name, dtype, shape or byte range differs from the layout, the file is truncated or too long, a scale is not finite and positive, a zero point is outside [0, 255], or a weight is −128.</exception>
    public static Int8File Read(string path, ReadOnlySpan<Int8TensorInfo> layout)
    {
        var entries = Layout(layout);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = SafeTensorsHeader.Read(stream, path);
        var ranges = SafeTensorsHeader.Validate(header, entries, path);
        long dataLength = ranges.Count == 0 ? 0 : ranges[^1].End;
        if (stream.Length - stream.Position != dataLength)
            throw new InvalidDataException($"{path}: the header's byte ranges cover {dataLength} data bytes, the file holds {stream.Length - stream.Position}.");
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var range in ranges)
        {
            var bytes = new byte[range.End - range.Begin];
            stream.ReadExactly(bytes);
            data[range.Entry.Name] = bytes;
        }
        var file = new Int8File(data, path);
        file.CheckValues(layout);
        return file;
    }

    void CheckValues(ReadOnlySpan<Int8TensorInfo> layout)
    {
        foreach (var info in layout)
        {
            if (info.WeightShape is null)
            {
                try
                {
                    ReadParameters(info.Name).Validate(info.Name);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"{_source}: {e.Message}", e);
                }
                continue;
            }
            var weight = MemoryMarshal.Cast<byte, sbyte>(_data[info.Name + ".weight"]);
            var at = weight.IndexOf(sbyte.MinValue);
            if (at >= 0) throw new InvalidDataException($"{_source}: {info.Name}.weight[{at}] is -128, expected [-127, 127] (symmetric int8).");
            var scales = MemoryMarshal.Cast<byte, float>(_data[info.Name + ".weight_scale"]);
            for (var f = 0; f < scales.Length; f++)
            {
                if (!float.IsFinite(scales[f]) || scales[f] <= 0f)
                    throw new InvalidDataException($"{_source}: {info.Name}.weight_scale[{f}] is {scales[f]}, expected a finite positive value.");
            }
        }
    }

    /// <inheritdoc />
    public override QuantizationParameters Parameters(string tensor)
    {
        if (!_data.ContainsKey(tensor + ".scale")) throw new ArgumentException($"{_source} holds no tensor {tensor}", nameof(tensor));
        return ReadParameters(tensor);
    }

    QuantizationParameters ReadParameters(string tensor) =>
        new(BinaryPrimitives.ReadSingleLittleEndian(_data[tensor + ".scale"]), BinaryPrimitives.ReadInt32LittleEndian(_data[tensor + ".zero_point"]));

    /// <inheritdoc />
    public override Int8Layer Layer(string layer, int rows, QuantizationParameters input, QuantizationParameters? output)
    {
        if (!_data.TryGetValue(layer + ".weight", out var weight)) throw new ArgumentException($"{_source} holds no layer {layer}", nameof(layer));
        var scales = MemoryMarshal.Cast<byte, float>(_data[layer + ".weight_scale"]);
        if (scales.Length != rows) throw new ArgumentException($"{_source}: {layer} has {scales.Length} output channels, expected {rows}", nameof(rows));
        try
        {
            return Int8Layer.FromStored(MemoryMarshal.Cast<byte, sbyte>(weight), scales, MemoryMarshal.Cast<byte, int>(_data[layer + ".bias"]), input, output);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{_source}: {layer}: {e.Message}", e);
        }
    }

    /// <summary>The safetensors keys of <paramref name="layout"/>, in file order.</summary>
    static SafeTensorsLayout Layout(ReadOnlySpan<Int8TensorInfo> layout)
    {
        var entries = new List<SafeTensorsEntry>();
        foreach (var info in layout)
        {
            if (info.WeightShape is null)
            {
                entries.Add(Entry(info.Name + ".scale", SafeTensorsLayout.Float32, [], 4));
                entries.Add(Entry(info.Name + ".zero_point", SafeTensorsLayout.Int32, [], 4));
                continue;
            }
            var rows = info.WeightShape[0];
            entries.Add(Entry(info.Name + ".weight", Int8, info.WeightShape, Length(info.WeightShape)));
            entries.Add(Entry(info.Name + ".weight_scale", SafeTensorsLayout.Float32, [rows], 4L * rows));
            entries.Add(Entry(info.Name + ".bias", SafeTensorsLayout.Int32, [rows], 4L * rows));
        }
        return new SafeTensorsLayout(entries);
    }

    // The validator checks dtype and shape of entries that carry a TensorInfo; its store and offset are not used here.
    static SafeTensorsEntry Entry(string name, string dataType, int[] shape, long bytes) => new(name, dataType, shape, bytes, new TensorInfo(name, shape, TensorStore.Parameters, 0));

    static long Length(int[] shape)
    {
        long length = 1;
        foreach (var dimension in shape) length *= dimension;
        return length;
    }
}
