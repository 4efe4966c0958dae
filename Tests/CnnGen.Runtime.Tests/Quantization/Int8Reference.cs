using CnnGen.Kernels;
using CnnGen.Quantization;

namespace CnnGen.Tests.Quantization;

/// <summary>
/// Straightforward scalar int8 layers: every term (x − z_x)·w summed in 64 bits in loop order, then the formulas the
/// kernels document, written out again. The kernels must give exactly these bytes.
/// </summary>
static class Int8Reference
{
    /// <summary>round(value) ties to even, + zero point, clamped to [min, max].</summary>
    public static byte Store(float steps, int zeroPoint, int min, int max) => (byte)Math.Clamp(MathF.Round(steps) + zeroPoint, min, max);

    /// <summary>The exact accumulator Σ (x − z_x)·w + bias of each (sample, filter, position), checked to fit 32 bits.</summary>
    public static int[] ConvAccumulators(byte[] x, int zx, sbyte[] w, int[] bias, in ConvGeometry g, int batch)
    {
        var result = new int[batch * g.OutputLength];
        int perGroup = g.Filters / g.Groups, channels = g.Channels / g.Groups, k = g.Kernel;
        var i = 0;
        for (var n = 0; n < batch; n++)
            for (var f = 0; f < g.Filters; f++)
                for (var oy = 0; oy < g.OutHeight; oy++)
                    for (var ox = 0; ox < g.OutWidth; ox++)
                    {
                        long acc = bias.Length == 0 ? 0 : bias[f];
                        for (var c = 0; c < channels; c++)
                            for (var ky = 0; ky < k; ky++)
                                for (var kx = 0; kx < k; kx++)
                                {
                                    int y = oy * g.Stride - g.Padding + ky * g.Dilation, xx = ox * g.Stride - g.Padding + kx * g.Dilation;
                                    var channel = f / perGroup * channels + c;
                                    int value = y < 0 || y >= g.Height || xx < 0 || xx >= g.Width ? zx : x[((n * g.Channels + channel) * g.Height + y) * g.Width + xx];
                                    acc += (long)(value - zx) * w[((f * channels + c) * k + ky) * k + kx];
                                }
                        result[i++] = checked((int)acc);
                    }
        return result;
    }

    /// <summary>The exact accumulator of each (sample, output).</summary>
    public static int[] DenseAccumulators(byte[] x, int zx, sbyte[] w, int[] bias, int inputs, int outputs, int batch)
    {
        var result = new int[batch * outputs];
        for (var n = 0; n < batch; n++)
            for (var o = 0; o < outputs; o++)
            {
                long acc = bias.Length == 0 ? 0 : bias[o];
                for (var i = 0; i < inputs; i++) acc += (long)(x[n * inputs + i] - zx) * w[o * inputs + i];
                result[n * outputs + o] = checked((int)acc);
            }
        return result;
    }

    /// <summary>Accumulators (channel-major within a sample: rows of <paramref name="perChannel"/>) requantized.</summary>
    public static byte[] Requantize(int[] accumulators, float[] multiplier, int perChannel, Int8Output range)
    {
        var result = new byte[accumulators.Length];
        for (var i = 0; i < result.Length; i++)
            result[i] = Store(accumulators[i] * multiplier[i / perChannel % multiplier.Length], range.ZeroPoint, range.Min, range.Max);
        return result;
    }

    /// <summary>Accumulators dequantized: acc · scale[channel].</summary>
    public static float[] Dequantize(int[] accumulators, float[] scale, int perChannel)
    {
        var result = new float[accumulators.Length];
        for (var i = 0; i < result.Length; i++) result[i] = accumulators[i] * scale[i / perChannel % scale.Length];
        return result;
    }
}
