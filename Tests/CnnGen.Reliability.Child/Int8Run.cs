using System.Security.Cryptography;
using CnnGen.Kernels;
using CnnGen.Quantization;

/// <summary>
/// The int8 kernels on seeded operands (direct, strided, 1×1, depthwise and grouped convolutions with the 16-byte row
/// tail, dense to bytes and to floats, pooling, Add, Concat), then the int8 path this process took and a hash of every
/// output. The parent runs this under several vector-width settings and thread counts and requires the same hash.
/// </summary>
public static class Int8Run
{
    public static void Run(TextWriter output)
    {
        output.WriteLine($"int8 {Int8Paths.Native}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var random = new Random(8);
        const int batch = 3;
        var image = Bytes(random, batch * 6 * 13 * 11);
        ConvGeometry[] convolutions =
        [
            new(6, 13, 11, 10, 3, 1, 1),
            new(6, 13, 11, 7, 5, 2, 2),
            new(6, 13, 11, 9, 1, 1, 0),
            new(6, 13, 11, 6, 3, 1, 1, Groups: 6),
            new(6, 13, 11, 4, 3, 1, 2, Groups: 2, Dilation: 2),
        ];
        var parameters = new QuantizationParameters(0.05f, 17);
        foreach (var g in convolutions)
        {
            var packed = Packed(random, g.Filters, g.ColumnRows);
            var y = new byte[batch * g.OutputLength];
            QuantizedConv2D.Forward(image, 17, packed, Multipliers(random, g.Filters, g.ColumnRows), y, parameters.ReLU, g, batch);
            hash.AppendData(y);
            var pooled = new byte[batch * g.Filters * 4];
            QuantizedPooling.GlobalAvgPool(y.AsSpan(0, batch * g.Filters * 4), parameters, pooled, parameters, g.Filters, 4, batch);
            hash.AppendData(pooled);
        }
        var dense = Packed(random, 37, 6 * 13 * 11);
        var logits = new float[batch * 37];
        QuantizedDense.ForwardToFloat(image, 17, dense, Multipliers(random, 37, 6 * 13 * 11), logits, batch);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(logits.AsSpan()));
        var sum = new byte[image.Length];
        QuantizedElementwise.Add(image, parameters, Bytes(random, image.Length), new QuantizationParameters(0.03f, 200), sum, new QuantizationParameters(0.07f, 90), new Int8Output(90, 0, 255));
        hash.AppendData(sum);
        output.WriteLine($"Int8Kernels {Convert.ToHexString(hash.GetHashAndReset())}");
    }

    static byte[] Bytes(Random random, int length)
    {
        var values = new byte[length];
        random.NextBytes(values);
        return values;
    }

    static PackedInt8Weights Packed(Random random, int rows, int taps)
    {
        var weight = new sbyte[rows * taps];
        for (var i = 0; i < weight.Length; i++) weight[i] = (sbyte)random.Next(-127, 128);
        var bias = new int[rows];
        for (var i = 0; i < rows; i++) bias[i] = random.Next(-100000, 100000);
        return PackedInt8Weights.Create(weight, bias, rows, taps);
    }

    static float[] Multipliers(Random random, int rows, int taps)
    {
        var values = new float[rows];
        for (var i = 0; i < rows; i++) values[i] = (float)((0.5 + random.NextDouble()) * 40 / (5400 * Math.Sqrt(taps)));
        return values;
    }
}
