using System.Text.Json;
using CnnGen.Quantization;
using CnnGen.Tests.Kernels;

namespace CnnGen.Tests.Quantization;

/// <summary>
/// The quantization math against PyTorch 1.13 and numpy (tools/golden/make_quantization_golden.py): activation
/// parameters, percentiles, per-channel weights, int32 biases, batch-norm folding; and ONNX QuantizeLinear's rounding.
/// </summary>
public class QuantizationMathTests
{
    static JsonElement Fixture(string name) => KernelAssert.Fixture("Quantization", "Fixtures", "quantization.json").GetProperty(name);

    [Fact]
    public void Activation_parameters_and_values_match_PyTorchs_MinMaxObserver_and_quantize_per_tensor()
    {
        foreach (var c in Fixture("minMax").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString();
            var values = c.GetProperty("values").Floats();
            var observer = ActivationObserver.MinMax();
            observer.Observe(values.AsSpan(0, values.Length / 2));
            observer.Observe(values.AsSpan(values.Length / 2));
            var p = observer.Parameters;
            Assert.True((float)c.GetProperty("scale").GetDouble() == p.Scale, $"{name}: scale {p.Scale}, PyTorch {c.GetProperty("scale").GetDouble()}");
            Assert.True(c.GetProperty("zeroPoint").GetInt32() == p.ZeroPoint, $"{name}: zero point {p.ZeroPoint}, PyTorch {c.GetProperty("zeroPoint").GetInt32()}");
            var expected = c.GetProperty("quantized").EnumerateArray().Select(v => (byte)v.GetInt32()).ToArray();
            var actual = new byte[values.Length];
            p.Quantize(values, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(0.5f, 0, 0)]     // ties to even
    [InlineData(1.5f, 0, 2)]
    [InlineData(2.5f, 0, 2)]
    [InlineData(-0.5f, 0, 0)]
    [InlineData(-1.5f, 0, 0)]    // −2 saturates to 0
    [InlineData(-1.5f, 10, 8)]
    [InlineData(2.5f, 10, 12)]
    [InlineData(254.5f, 0, 254)]
    [InlineData(255.5f, 0, 255)]
    [InlineData(1000f, 0, 255)]  // saturates
    [InlineData(float.NaN, 10, 0)]
    public void QuantizeLinear_rounds_half_to_even_and_saturates(float steps, int zeroPoint, byte expected)
    {
        Assert.Equal(expected, new QuantizationParameters(1f, zeroPoint).Quantize(steps));
        Assert.Equal(expected, new QuantizationParameters(0.5f, zeroPoint).Quantize(steps * 0.5f));
        // The span form (vectorized 16 values at a time) at every lane position and in the scalar tail.
        for (var at = 0; at < 37; at += 3)
        {
            var values = new float[37];
            values[at] = steps;
            var bytes = new byte[values.Length];
            new QuantizationParameters(1f, zeroPoint).Quantize(values, bytes);
            Assert.Equal(expected, bytes[at]);
            Assert.Equal((byte)zeroPoint, bytes[(at + 1) % values.Length]);
        }
    }

    [Fact]
    public void Percentile_range_matches_numpy()
    {
        var fixture = Fixture("percentile");
        var values = fixture.GetProperty("values").Floats();
        foreach (var c in fixture.GetProperty("cases").EnumerateArray())
        {
            var observer = ActivationObserver.Percentile(c.GetProperty("percentile").GetDouble());
            observer.Observe(values);
            var (min, max) = observer.Range;
            Assert.Equal((float)c.GetProperty("min").GetDouble(), min);
            Assert.Equal((float)c.GetProperty("max").GetDouble(), max);
        }
        // The outliers (60, −35) stretch the min/max range but not the 99th percentile's.
        var whole = ActivationObserver.MinMax();
        whole.Observe(values);
        var central = ActivationObserver.Percentile(99);
        central.Observe(values);
        Assert.True(central.Parameters.Scale < whole.Parameters.Scale / 10, $"{central.Parameters} vs {whole.Parameters}");
    }

    [Fact]
    public void Observers_refuse_no_values_non_finite_values_and_bad_percentiles()
    {
        Assert.Throws<InvalidOperationException>(() => ActivationObserver.MinMax().Parameters);
        Assert.Throws<ArgumentException>(() => ActivationObserver.MinMax().Observe([1f, float.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationObserver.Percentile(101));
        Assert.Throws<ArgumentOutOfRangeException>(() => ActivationObserver.Percentile(double.NaN));
        Assert.Throws<ArgumentException>(() => QuantizationParameters.FromRange(2f, 1f));
    }

    [Fact]
    public void Per_channel_weights_match_PyTorchs_symmetric_observer_and_quantize_per_channel()
    {
        foreach (var c in Fixture("perChannel").EnumerateArray())
        {
            var channels = c.GetProperty("channels").GetInt32();
            var weight = c.GetProperty("weight").Floats();
            var quantized = new sbyte[weight.Length];
            var scales = new float[channels];
            WeightQuantization.PerChannelSymmetric(weight, channels, quantized, scales);
            Assert.Equal(c.GetProperty("scales").Floats(), scales);
            Assert.Equal(c.GetProperty("quantized").EnumerateArray().Select(v => (sbyte)v.GetInt32()).ToArray(), quantized);
            Assert.All(quantized, q => Assert.InRange(q, -127, 127));
        }
    }

    [Fact]
    public void Biases_are_int32_at_the_input_scale_times_the_weight_scale_like_ONNX_Runtimes_quantizer()
    {
        var c = Fixture("bias")[0];
        var bias = c.GetProperty("bias").Floats();
        var quantized = new int[bias.Length];
        WeightQuantization.Bias(bias, (float)c.GetProperty("inputScale").GetDouble(), c.GetProperty("weightScales").Floats(), quantized);
        Assert.Equal(c.GetProperty("quantized").EnumerateArray().Select(v => v.GetInt32()).ToArray(), quantized);

        var saturated = new int[2];
        WeightQuantization.Bias([1e30f, -1e30f], 1f, [1f, 1f], saturated);
        Assert.Equal([int.MaxValue, int.MinValue], saturated);
    }

    [Fact]
    public void Batch_norm_folds_into_the_convolution_as_PyTorchs_fuse_conv_bn_eval()
    {
        foreach (var c in Fixture("fold").EnumerateArray())
        {
            var weight = c.GetProperty("weight").Floats();
            var bias = c.GetProperty("bias").Floats();
            // In place, as the int8 calibration folds its copy of the weights.
            CnnGen.Kernels.BatchNorm.FoldIntoWeights(weight, bias, c.GetProperty("gamma").Floats(), c.GetProperty("beta").Floats(),
                c.GetProperty("mean").Floats(), c.GetProperty("variance").Floats(), (float)c.GetProperty("eps").GetDouble(), weight, bias);
            Assert.Equal(c.GetProperty("foldedWeight").Floats(), weight);
            Assert.Equal(c.GetProperty("foldedBias").Floats(), bias);
        }
    }

    [Fact]
    public void Fused_activation_ranges_clamp_at_real_zero_and_six()
    {
        var p = new QuantizationParameters(0.05f, 20);
        Assert.Equal(new Int8Output(20, 0, 255), p.Output);
        Assert.Equal(new Int8Output(20, 20, 255), p.ReLU);
        Assert.Equal(new Int8Output(20, 20, 140), p.ReLU6);  // 6 / 0.05 = 120 steps above the zero point
        Assert.Equal(255, new QuantizationParameters(0.01f, 0).ReLU6.Max);
    }
}
