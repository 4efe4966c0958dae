using System.Runtime.Intrinsics;
using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// The specialised paths (direct stride-1 convolution and weight gradient, blocked dense dot products, 2×2 pooling,
/// the GEMM column split) against the naive definitions, with every tail, on every vector width this CPU runs,
/// and bit-identical whatever the thread count.
/// </summary>
public class FastPathTests
{
    // Output widths 1..19 cover every residue mod 8 and the 16-wide tile; filters and taps leave every tile remainder
    // (16 filters: 6-filter then 4-filter tiles; 8 filters over 3×3 taps: the 4×3 weight-gradient tile). Batch 19
    // puts several samples in a weight-gradient group; the 517-channel image makes each sample its own reduction
    // chunk (over 32K floats), so chunks are added into the group's sum, with a leftover tap beside the 4×3 tiles.
    [Fact]
    public void Four_horizontal_sums_at_once_give_the_bits_of_four_Vector256_Sum_calls()
    {
        // The tiles' epilogues rely on this to keep their results when they sum four accumulators at once.
        var random = new Random(17);
        for (var trial = 0; trial < 2000; trial++)
        {
            var lanes = new float[32];
            for (var i = 0; i < lanes.Length; i++)
                lanes[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 30)));
            var vectors = Enumerable.Range(0, 4).Select(v => Vector256.Create(lanes, 8 * v)).ToArray();
            var sums = VectorMath.Sum4(vectors[0], vectors[1], vectors[2], vectors[3]);
            for (var v = 0; v < 4; v++)
                Assert.Equal(BitConverter.SingleToInt32Bits(Vector256.Sum(vectors[v])), BitConverter.SingleToInt32Bits(sums.GetElement(v)));
        }
    }

    [Fact]
    public void Double_sums_give_the_same_bits_on_every_width()
    {
        // Batch-norm statistics, global average pooling and the bias gradients rely on one order of this sum.
        var random = new Random(29);
        foreach (var length in new[] { 15, 16, 17, 40, 576, 1001 })
            for (var trial = 0; trial < 50; trial++)
            {
                var values = new float[length];
                for (var i = 0; i < length; i++) values[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 30)));
                var native = VectorMath.Sum(values);
                foreach (var width in KernelAssert.Widths)
                {
                    Simd.Override = width;
                    try
                    {
                        Assert.Equal(BitConverter.DoubleToInt64Bits(native), BitConverter.DoubleToInt64Bits(VectorMath.Sum(values)));
                    }
                    finally
                    {
                        Simd.Override = 0;
                    }
                }
            }
    }

    public static TheoryData<ConvGeometry, int, int> StrideOneGeometries()
    {
        var data = new TheoryData<ConvGeometry, int, int>();
        ConvGeometry[] geometries =
        [
            new(1, 28, 28, 30, 5, 1, 0),
            new(3, 9, 21, 7, 3, 1, 1),
            new(2, 6, 7, 5, 3, 1, 2),
            new(1, 3, 19, 13, 1, 1, 0),
            new(4, 5, 12, 1, 2, 1, 0),
            new(2, 8, 10, 11, 3, 1, 0),
            new(5, 7, 7, 8, 3, 1, 1),
            new(16, 6, 9, 16, 3, 1, 1),
        ];
        foreach (var g in geometries)
            foreach (var width in KernelAssert.Widths) data.Add(g, width, 3);
        data.Add(new(16, 6, 9, 16, 3, 1, 1), 0, 19);
        data.Add(new(3, 9, 21, 7, 3, 1, 1), 0, 19);
        data.Add(new(517, 8, 8, 4, 1, 1, 0), 0, 19);
        return data;
    }

    [Theory]
    [MemberData(nameof(StrideOneGeometries))]
    public void Stride_one_convolution_matches_the_definition(ConvGeometry g, int width, int batch)
    {
        var input = KernelAssert.Random(batch * g.InputLength, 11);
        var weight = KernelAssert.Random(g.Filters * g.ColumnRows, 12);
        var bias = KernelAssert.Random(g.Filters, 13);
        var outputGradient = KernelAssert.Random(batch * g.OutputLength, 14);
        Simd.Override = width;
        try
        {
            var output = KernelAssert.Poisoned(batch * g.OutputLength);
            Conv2D.Forward(input, weight, bias, output, g, batch);
            KernelAssert.Close(Reference.ConvForward(input, weight, bias, g, batch), output, 1e-5, 1e-5, "forward");
            AssertReLUFused(input, weight, bias, output, g, batch);

            var (dw, db, dx) = Reference.ConvBackward(input, weight, outputGradient, g, batch);
            var weightGradient = KernelAssert.Poisoned(weight.Length);
            var biasGradient = KernelAssert.Poisoned(g.Filters);
            var inputGradient = KernelAssert.Poisoned(input.Length);
            Conv2D.Backward(input, weight, outputGradient, weightGradient, biasGradient, inputGradient, g, batch);
            KernelAssert.Close(dw, weightGradient, 1e-5, 1e-5, "weight gradient");
            KernelAssert.Close(db, biasGradient, 1e-5, 1e-5, "bias gradient");
            KernelAssert.Close(dx, inputGradient, 1e-5, 1e-5, "input gradient");
            AssertReLUBackwardFused(input, weight, outputGradient, inputGradient, g, batch);
        }
        finally
        {
            Simd.Override = 0;
        }
    }

    /// <summary>ForwardWithReLU stores the bits of Forward followed by the ReLU kernel (NaN kept, x ≤ 0 → +0).</summary>
    static void AssertReLUFused(float[] input, float[] weight, float[] bias, float[] output, ConvGeometry g, int batch)
    {
        var expected = new float[output.Length];
        Activations.ReLU(output, expected);
        var fused = KernelAssert.Poisoned(output.Length);
        Conv2D.ForwardWithReLU(input, weight, bias, fused, g, batch);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(fused[i]), $"output {i}: {expected[i]:R} vs fused {fused[i]:R}");
    }

    /// <summary>
    /// BackwardThroughReLU on a ReLU's output stores the bits of Backward followed by the ReLU backward kernel; the
    /// weight and bias gradients are those of Backward.
    /// </summary>
    static void AssertReLUBackwardFused(float[] input, float[] weight, float[] outputGradient, float[] inputGradient, ConvGeometry g, int batch)
    {
        var rectified = new float[input.Length];
        Activations.ReLU(input, rectified);
        var expectedWeightGradient = new float[weight.Length];
        var expectedBiasGradient = new float[g.Filters];
        var unmasked = new float[input.Length];
        Conv2D.Backward(rectified, weight, outputGradient, expectedWeightGradient, expectedBiasGradient, unmasked, g, batch);
        var expected = new float[input.Length];
        Activations.ReLUBackward(rectified, unmasked, expected);

        var weightGradient = KernelAssert.Poisoned(weight.Length);
        var biasGradient = KernelAssert.Poisoned(g.Filters);
        var fused = KernelAssert.Poisoned(input.Length);
        Conv2D.BackwardThroughReLU(rectified, weight, outputGradient, weightGradient, biasGradient, fused, g, batch);
        Assert.Equal(expectedWeightGradient, weightGradient);
        Assert.Equal(expectedBiasGradient, biasGradient);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(fused[i]), $"input gradient {i}: {expected[i]:R} vs fused {fused[i]:R}");
        Assert.Contains(fused, v => v == 0f);
    }

    [Fact]
    public void Strided_convolution_with_ReLU_gives_the_bits_of_the_two_layers()
    {
        var g = new ConvGeometry(3, 9, 8, 5, 3, 2, 1);
        const int batch = 2;
        var input = KernelAssert.Random(batch * g.InputLength, 21);
        input[5] = float.NaN;
        var weight = KernelAssert.Random(g.Filters * g.ColumnRows, 22);
        var bias = KernelAssert.Random(g.Filters, 23);
        var output = new float[batch * g.OutputLength];
        Conv2D.Forward(input, weight, bias, output, g, batch);
        Assert.Contains(output, float.IsNaN);
        AssertReLUFused(input, weight, bias, output, g, batch);
        input[5] = 0.5f;
        var outputGradient = KernelAssert.Random(batch * g.OutputLength, 24);
        AssertReLUBackwardFused(input, weight, outputGradient, new float[input.Length], g, batch);
    }

    [Theory]
    [InlineData(1, 28, 28, 30, 5, 1, 0)]
    [InlineData(16, 14, 14, 32, 3, 1, 1)]
    [InlineData(3, 9, 8, 5, 3, 2, 1)]
    [InlineData(16, 8, 8, 64, 3, 1, 1)]   // 8-wide rows: the weight gradient's row loop, 8 × 3 tiles on AVX-512
    [InlineData(5, 7, 7, 9, 3, 1, 1)]     // leftover filters and taps beside every width's tiles
    [InlineData(4, 11, 23, 13, 5, 1, 2)]  // 27-wide rows: partial blocks of every width
    public void Convolution_is_bit_identical_for_every_width_and_one_two_and_three_threads(int c, int h, int w, int f, int k, int s, int p)
    {
        var g = new ConvGeometry(c, h, w, f, k, s, p);
        const int batch = 13;   // more than the gradient groups, not a multiple of them
        var input = KernelAssert.Random(batch * g.InputLength, 21);
        var weight = KernelAssert.Random(g.Filters * g.ColumnRows, 22);
        var bias = KernelAssert.Random(g.Filters, 23);
        var outputGradient = KernelAssert.Random(batch * g.OutputLength, 24);

        float[] Run(int threads, int width = 0)
        {
            using var scope = KernelThreads.Use(threads);
            Simd.Override = width;
            try
            {
                var output = new float[batch * g.OutputLength];
                var rectified = new float[batch * g.OutputLength];
                var dw = new float[weight.Length];
                var db = new float[f];
                var dx = new float[input.Length];
                var dxThroughReLU = new float[input.Length];
                Conv2D.Forward(input, weight, bias, output, g, batch);
                Conv2D.ForwardWithReLU(input, weight, bias, rectified, g, batch);
                Conv2D.Backward(input, weight, outputGradient, dw, db, dx, g, batch);
                Conv2D.BackwardThroughReLU(input, weight, outputGradient, dw, db, dxThroughReLU, g, batch);
                return [.. output, .. rectified, .. dw, .. db, .. dx, .. dxThroughReLU];
            }
            finally
            {
                Simd.Override = 0;
            }
        }

        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        foreach (var width in KernelAssert.Widths)
        {
            Assert.Equal(one, Run(1, width));
            Assert.Equal(one, Run(2, width));
        }
    }

    [Theory]
    [InlineData(1, 4320, 100)]
    [InlineData(7, 397, 13)]
    [InlineData(5, 800, 6)]
    [InlineData(3, 5, 1)]
    [InlineData(2, 1000, 50)]
    [InlineData(9, 24, 21)]
    public void Dense_forward_matches_the_definition_and_rows_do_not_depend_on_batch_threads_or_width(int batch, int inputs, int outputs)
    {
        var x = KernelAssert.Random(batch * inputs, 31);
        var w = KernelAssert.Random(outputs * inputs, 32);
        var b = KernelAssert.Random(outputs, 33);
        var expected = new double[batch * outputs];
        for (var n = 0; n < batch; n++)
            for (var o = 0; o < outputs; o++)
            {
                double sum = b[o];
                for (var i = 0; i < inputs; i++) sum += (double)x[n * inputs + i] * w[o * inputs + i];
                expected[n * outputs + o] = sum;
            }

        var all = new float[batch * outputs];
        Dense.Forward(x, w, b, all, inputs, outputs, batch);
        KernelAssert.Close(expected, all, 1e-4, 1e-5, "forward");

        // Sample by sample, and with two threads: the same bits.
        for (var n = 0; n < batch; n++)
        {
            var single = new float[outputs];
            Dense.Forward(x.AsSpan(n * inputs, inputs), w, b, single, inputs, outputs, 1);
            Assert.Equal(all.AsSpan(n * outputs, outputs).ToArray(), single);
        }
        using (KernelThreads.Use(2))
        {
            var parallel = new float[batch * outputs];
            Dense.Forward(x, w, b, parallel, inputs, outputs, batch);
            Assert.Equal(all, parallel);
        }
        foreach (var width in KernelAssert.Widths)
        {
            Simd.Override = width;
            try
            {
                var narrow = new float[batch * outputs];
                Dense.Forward(x, w, b, narrow, inputs, outputs, batch);
                Assert.True(all.AsSpan().SequenceEqual(narrow), $"width {width}");
                var single = new float[outputs];
                Dense.Forward(x.AsSpan(0, inputs), w, b, single, inputs, outputs, 1);
                Assert.True(all.AsSpan(0, outputs).SequenceEqual(single), $"width {width}, one sample");
            }
            finally
            {
                Simd.Override = 0;
            }
        }
    }

    [Theory]
    [InlineData(30, 24, 24)]
    [InlineData(3, 26, 34)]   // 17 outputs per row: two blocks of 8 plus an overlapping one
    [InlineData(2, 9, 17)]    // odd sizes: the last row and column are dropped
    [InlineData(1, 6, 14)]    // 7 outputs per row: the scalar path
    public void Two_by_two_pooling_matches_the_scan_with_ties_and_nan(int channels, int height, int width)
    {
        var g = new PoolGeometry(channels, height, width, 2, 2, 0);
        const int batch = 2;
        var input = KernelAssert.Random(batch * g.InputLength, 41);
        // Ties (first maximum wins) and NaNs (the last NaN wins, as in PyTorch's scan).
        for (var i = 0; i < input.Length; i += 7) input[i] = 0.5f;
        for (var i = 3; i < input.Length; i += 11) input[i] = float.NaN;
        var output = KernelAssert.Poisoned(batch * g.OutputLength);
        var argmax = new byte[output.Length];
        MaxPool2D.Forward(input, output, argmax, g, batch);

        var o = 0;
        for (var n = 0; n < batch; n++)
            for (var c = 0; c < channels; c++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++, o++)
                    {
                        var best = float.NegativeInfinity;
                        var position = -1;
                        for (var y = 2 * oy; y < 2 * oy + 2; y++)
                            for (var x = 2 * ox; x < 2 * ox + 2; x++)
                            {
                                var v = input[n * g.InputLength + c * height * width + y * width + x];
                                if (position < 0 || v > best || float.IsNaN(v)) { best = v; position = (y - 2 * oy) * 2 + (x - 2 * ox); }
                            }
                        Assert.Equal(position, argmax[o]);
                        Assert.Equal(best, output[o]);
                    }
    }

    [Theory]
    [InlineData(100, 4320, 100)]
    [InlineData(33, 1000, 70)]
    public void Gemm_column_split_is_bit_identical_for_any_thread_count(int m, int n, int k)
    {
        var a = KernelAssert.Random(m * k, 51);
        var b = KernelAssert.Random(k * n, 52);
        float[] Run(int threads, int layout)
        {
            using var scope = KernelThreads.Use(threads);
            var c = new float[m * n];
            if (layout == 0) Gemm.MultiplyNN(m, n, k, a, b, c, accumulate: false);
            else if (layout == 1) Gemm.MultiplyNT(m, n, k, a, b, c, accumulate: false);
            else Gemm.MultiplyTN(m, n, k, a, b, c, accumulate: false);
            return c;
        }
        for (var layout = 0; layout < 3; layout++)
        {
            var one = Run(1, layout);
            Assert.Equal(one, Run(2, layout));
            Assert.Equal(one, Run(3, layout));
        }
    }
}
