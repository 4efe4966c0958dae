using CnnGen.Kernels;
using CnnGen.Quantization;
using CnnGen.Threading;

namespace CnnGen.Tests.Quantization;

/// <summary>
/// The int8 Conv2D and Dense kernels give exactly the scalar reference's bytes (and dequantized floats) on every
/// <see cref="Int8Path"/> this CPU runs, for direct, strided, padded, 1×1, grouped, depthwise and dilated
/// convolutions, row and column remainders of the tiles, and the 16-byte tail of the packed rows.
/// </summary>
public class Int8KernelTests
{
    public static TheoryData<string, ConvGeometry> Convolutions => new()
    {
        { "conv1 5x5 (K 25)", new ConvGeometry(1, 28, 28, 30, 5, 1, 0) },
        { "3x3 padded (K 27)", new ConvGeometry(3, 9, 11, 8, 3, 1, 1) },
        { "strided, 7 filters (K 45: 32 + 16 tail)", new ConvGeometry(5, 10, 9, 7, 3, 2, 1) },
        { "1x1 (K 16)", new ConvGeometry(16, 6, 6, 12, 1, 1, 0) },
        { "1x1 (K 70)", new ConvGeometry(70, 5, 5, 9, 1, 1, 0) },
        { "depthwise 3x3", new ConvGeometry(8, 7, 7, 8, 3, 1, 1, Groups: 8) },
        { "grouped 3x3", new ConvGeometry(12, 6, 6, 8, 3, 1, 1, Groups: 4) },
        { "dilated 3x3", new ConvGeometry(4, 9, 9, 6, 3, 1, 2, Dilation: 2) },
        { "wide 3x3 (K 576)", new ConvGeometry(64, 6, 6, 16, 3, 1, 1) },
        { "5x5 padded, 13 wide (row tails)", new ConvGeometry(2, 13, 13, 5, 5, 1, 2) },
        { "7x7 stride 2 (two column quadruples, the second of three)", new ConvGeometry(3, 17, 15, 9, 7, 2, 3) },
        { "11x11 stride 4 (AlexNet's conv1 shape)", new ConvGeometry(3, 35, 35, 6, 11, 4, 2) },
        { "1x1 stride 2 (direct)", new ConvGeometry(6, 9, 9, 5, 1, 2, 0) },
        { "dilated strided 3x3", new ConvGeometry(3, 12, 14, 4, 3, 2, 1, Dilation: 3) },
        { "tall: several row blocks per sample", new ConvGeometry(32, 40, 30, 40, 3, 1, 1) },
    };

    [Theory]
    [MemberData(nameof(Convolutions))]
    public void Conv2D_gives_the_references_bytes_on_every_path(string name, ConvGeometry g)
    {
        const int batch = 3;
        var x = Int8Data.Activations(batch * g.InputLength, 1);
        var w = Int8Data.Weights(g.WeightLength, 2);
        var bias = Int8Data.Biases(g.Filters, g.ColumnRows, 3);
        var multiplier = Int8Data.Multipliers(g.Filters, g.ColumnRows, 4);
        var scale = Int8Data.Multipliers(g.Filters, g.ColumnRows, 5);
        const int zx = 37;
        var range = new Int8Output(120, 0, 255);
        var packed = PackedInt8Weights.Create(w, bias, g.Filters, g.ColumnRows);
        var accumulators = Int8Reference.ConvAccumulators(x, zx, w, bias, g, batch);
        var expected = Int8Reference.Requantize(accumulators, multiplier, g.ColumnCols, range);
        var expectedFloat = Int8Reference.Dequantize(accumulators, scale, g.ColumnCols);
        Assert.True(expected.Distinct().Count() > 20, $"{name}: the outputs should spread over the range");
        foreach (var path in Int8Data.Paths)
        {
            var actual = Int8Data.On(path, () =>
            {
                var y = new byte[expected.Length];
                QuantizedConv2D.Forward(x, zx, packed, multiplier, y, range, g, batch);
                return y;
            });
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{name} on {path}: first difference at {expected.AsSpan().CommonPrefixLength(actual)}");
            var actualFloat = Int8Data.On(path, () =>
            {
                var y = new float[expected.Length];
                QuantizedConv2D.ForwardToFloat(x, zx, packed, scale, y, g, batch);
                return y;
            });
            Assert.True(expectedFloat.AsSpan().SequenceEqual(actualFloat), $"{name} on {path} (dequantized): first difference at {expectedFloat.AsSpan().CommonPrefixLength(actualFloat)}");
        }
    }

    [Theory]
    [InlineData(50, 10, 1)]
    [InlineData(64, 13, 5)]
    [InlineData(300, 100, 7)]
    [InlineData(7, 3, 2)]
    [InlineData(4320, 100, 3)]
    public void Dense_gives_the_references_bytes_on_every_path(int inputs, int outputs, int batch)
    {
        var x = Int8Data.Activations(batch * inputs, 11);
        var w = Int8Data.Weights(outputs * inputs, 12);
        var bias = Int8Data.Biases(outputs, inputs, 13);
        var multiplier = Int8Data.Multipliers(outputs, inputs, 14);
        const int zx = 201;
        var range = new Int8Output(9, 9, 255);  // a fused ReLU
        var packed = PackedInt8Weights.Create(w, bias, outputs, inputs);
        var accumulators = Int8Reference.DenseAccumulators(x, zx, w, bias, inputs, outputs, batch);
        var expected = Int8Reference.Requantize(accumulators, multiplier, 1, range);
        var expectedFloat = Int8Reference.Dequantize(accumulators, multiplier, 1);
        foreach (var path in Int8Data.Paths)
        {
            var actual = Int8Data.On(path, () =>
            {
                var y = new byte[expected.Length];
                QuantizedDense.Forward(x, zx, packed, multiplier, y, range, batch);
                return y;
            });
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{inputs}->{outputs} x{batch} on {path}: first difference at {expected.AsSpan().CommonPrefixLength(actual)}");
            var actualFloat = Int8Data.On(path, () =>
            {
                var y = new float[expected.Length];
                QuantizedDense.ForwardToFloat(x, zx, packed, multiplier, y, batch);
                return y;
            });
            Assert.True(expectedFloat.AsSpan().SequenceEqual(actualFloat), $"{inputs}->{outputs} x{batch} on {path} (dequantized)");
        }
    }

    /// <summary>
    /// The largest sums the accumulator meets: every product 255 · ±127 with the same sign, 4608 taps (a 3×3 convolution
    /// over 512 channels): ±149 million, exact on every path (a saturating 16-bit step would clip them).
    /// </summary>
    [Theory]
    [InlineData(127, 0)]
    [InlineData(-127, 0)]
    [InlineData(127, 255)]
    public void Extreme_sums_are_exact_on_every_path(int weightValue, int zeroPoint)
    {
        var g = new ConvGeometry(512, 3, 3, 4, 3, 1, 1);
        var x = new byte[g.InputLength];
        Array.Fill(x, (byte)(255 - zeroPoint));
        var w = new sbyte[g.WeightLength];
        Array.Fill(w, (sbyte)weightValue);
        var packed = PackedInt8Weights.Create(w, [], g.Filters, g.ColumnRows);
        var scale = new float[g.Filters];
        Array.Fill(scale, 1f);
        var accumulators = Int8Reference.ConvAccumulators(x, zeroPoint, w, [], g, 1);
        var expected = Int8Reference.Dequantize(accumulators, scale, g.ColumnCols);
        Assert.Contains(expected, v => Math.Abs(v) >= 4608f * 255 * 127 * 0.99f);
        foreach (var path in Int8Data.Paths)
        {
            var actual = Int8Data.On(path, () =>
            {
                var y = new float[g.OutputLength];
                QuantizedConv2D.ForwardToFloat(x, zeroPoint, packed, scale, y, g, 1);
                return y;
            });
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{path}: {actual[4]} vs {expected[4]}");
        }
    }

    [Fact]
    public void Weights_whose_sums_could_overflow_int32_are_refused_with_the_arithmetic()
    {
        const int taps = 70000;
        var w = new sbyte[taps];
        Array.Fill(w, (sbyte)127);
        var error = Assert.Throws<ArgumentException>(() => PackedInt8Weights.Create(w, [], 1, taps));
        Assert.Contains("255 x sum |w| 8890000", error.Message);
        var fits = new sbyte[100];
        Array.Fill(fits, (sbyte)127);
        Assert.Throws<ArgumentException>(() => PackedInt8Weights.Create(fits, [int.MaxValue - 100], 1, 100));
        PackedInt8Weights.Create(fits, [int.MaxValue - 255 * 127 * 100], 1, 100);
    }

    [Fact]
    public void Bad_arguments_are_refused_with_what_was_expected()
    {
        var g = new ConvGeometry(2, 5, 5, 3, 3, 1, 0);
        var packed = PackedInt8Weights.Create(new sbyte[g.WeightLength], [], g.Filters, g.ColumnRows);
        var x = new byte[g.InputLength];
        var y = new byte[g.OutputLength];
        var ones = new float[] { 1, 1, 1 };
        var wrongShape = PackedInt8Weights.Create(new sbyte[3 * 9], [], 3, 9);
        Assert.Contains("expected 3 x 18", Assert.Throws<ArgumentException>(() => QuantizedConv2D.Forward(x, 0, wrongShape, ones, y, new Int8Output(0, 0, 255), g, 1)).Message);
        Assert.Contains("one per output channel (3)", Assert.Throws<ArgumentException>(() => QuantizedConv2D.Forward(x, 0, packed, [1f], y, new Int8Output(0, 0, 255), g, 1)).Message);
        Assert.Throws<ArgumentException>(() => QuantizedConv2D.Forward(x, 0, packed, [1f, float.NaN, 1f], y, new Int8Output(0, 0, 255), g, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantizedConv2D.Forward(x, 256, packed, ones, y, new Int8Output(0, 0, 255), g, 1));
        Assert.Throws<ArgumentException>(() => QuantizedConv2D.Forward(x, 0, packed, ones, y, new Int8Output(0, 10, 5), g, 1));
        Assert.Throws<ArgumentException>(() => QuantizedConv2D.Forward(x, 0, packed, ones, y, new Int8Output(0, 0, 255), g, 2));
        Assert.Throws<ArgumentException>(() => QuantizedDense.Forward(new byte[17], 0, packed, ones, new byte[3], new Int8Output(0, 0, 255), 1));
        Assert.Throws<ArgumentException>(() => PackedInt8Weights.Create(new sbyte[10], [], 3, 4));
        Assert.Throws<ArgumentException>(() => PackedInt8Weights.Create(new sbyte[12], [1, 2], 3, 4));
    }

    [Fact]
    public void Conv2D_and_Dense_give_the_same_bits_on_one_and_two_threads()
    {
        var g = new ConvGeometry(16, 12, 12, 24, 3, 1, 1);
        const int batch = 3;
        var x = Int8Data.Activations(batch * g.InputLength, 21);
        var packed = PackedInt8Weights.Create(Int8Data.Weights(g.WeightLength, 22), Int8Data.Biases(g.Filters, g.ColumnRows, 23), g.Filters, g.ColumnRows);
        var multiplier = Int8Data.Multipliers(g.Filters, g.ColumnRows, 24);
        var dense = PackedInt8Weights.Create(Int8Data.Weights(10 * g.OutputLength, 25), [], 10, g.OutputLength);
        var denseScale = Int8Data.Multipliers(10, g.OutputLength, 26);
        (byte[], float[]) Run(int threads)
        {
            using var scope = KernelThreads.Use(threads);
            var y = new byte[batch * g.OutputLength];
            var logits = new float[batch * 10];
            QuantizedConv2D.Forward(x, 5, packed, multiplier, y, new Int8Output(7, 7, 255), g, batch);
            QuantizedDense.ForwardToFloat(y, 7, dense, denseScale, logits, batch);
            return (y, logits);
        }
        var (y1, l1) = Run(1);
        var (y2, l2) = Run(2);
        Assert.Equal(y1, y2);
        Assert.Equal(l1, l2);
    }
}
