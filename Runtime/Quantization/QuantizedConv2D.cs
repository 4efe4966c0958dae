using System.ComponentModel;
using System.Runtime.CompilerServices;
using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Quantization;

/// <summary>
/// Conv2D over a batch of unsigned 8-bit images (NCHW) with int8 weights per output channel and exact int32
/// accumulation: the quantized form of <c>nn.Conv2d</c> (ONNX <c>QLinearConv</c>, or the QDQ pattern around <c>Conv</c>).
/// Every kind the float kernel runs: direct (any kernel, stride, padding, dilation), 1×1 (a plain matrix product over
/// the channels), grouped and depthwise.
/// </summary>
/// <remarks>
/// Each work item lowers a block of output positions of one sample and one group to rows of taps (padding is the input's
/// zero point, i.e. real 0) and multiplies them with the group's filters in <see cref="Int8Gemm"/>. Items depend on the
/// geometry only and every sum is exact, so any thread count and every <see cref="Int8Path"/> give the same bits.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class QuantizedConv2D
{
    /// <summary>Bytes of lowered taps per work item.</summary>
    const int ItemBytes = 32 * 1024;

    /// <summary>
    /// output[n, f] = saturate(round((Σ (x − z_x)·w[f] + bias[f]) · multiplier[f]) + z_y), clamped to <paramref name="range"/>.
    /// </summary>
    /// <param name="input">[batch, C, H, W] unsigned 8-bit activations.</param>
    /// <param name="inputZeroPoint">The input's zero point z_x, in [0, 255].</param>
    /// <param name="weight">[F, C/G·K·K] packed weights and int32 biases (at scale s_x · s_w[f]).</param>
    /// <param name="multiplier">[F]: s_x · s_w[f] / s_y, the factor from the accumulator to output steps.</param>
    /// <param name="output">[batch, F, OH, OW].</param>
    /// <param name="range">The output's zero point and clamp (<see cref="QuantizationParameters.ReLU"/> fuses a ReLU).</param>
    /// <param name="geometry">The convolution's shape.</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A length, the weights' shape, a factor or the range does not match the geometry.</exception>
    public static void Forward(ReadOnlySpan<byte> input, int inputZeroPoint, PackedInt8Weights weight, ReadOnlySpan<float> multiplier, Span<byte> output, Int8Output range, in ConvGeometry geometry, int batch)
    {
        Check(input.Length, inputZeroPoint, weight, multiplier, output.Length, geometry, batch);
        range.Validate(nameof(range));
        fixed (byte* px = input, py = output)
        fixed (float* pm = multiplier)
            Run(px, inputZeroPoint, weight, pm, range, py, null, geometry, batch);
    }

    /// <summary>
    /// As <see cref="Forward"/> but stored dequantized: output[n, f] = (Σ (x − z_x)·w[f] + bias[f]) · scale[f] (a network's
    /// last layer, whose float output is the result).
    /// </summary>
    /// <param name="input">[batch, C, H, W] unsigned 8-bit activations.</param>
    /// <param name="inputZeroPoint">The input's zero point z_x, in [0, 255].</param>
    /// <param name="weight">[F, C/G·K·K] packed weights and int32 biases (at scale s_x · s_w[f]).</param>
    /// <param name="scale">[F]: s_x · s_w[f].</param>
    /// <param name="output">[batch, F, OH, OW] floats.</param>
    /// <param name="geometry">The convolution's shape.</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A length, the weights' shape or a factor does not match the geometry.</exception>
    public static void ForwardToFloat(ReadOnlySpan<byte> input, int inputZeroPoint, PackedInt8Weights weight, ReadOnlySpan<float> scale, Span<float> output, in ConvGeometry geometry, int batch)
    {
        Check(input.Length, inputZeroPoint, weight, scale, output.Length, geometry, batch);
        fixed (byte* px = input)
        fixed (float* ps = scale, py = output)
            Run(px, inputZeroPoint, weight, ps, default, null, py, geometry, batch);
    }

    static void Check(int inputLength, int inputZeroPoint, PackedInt8Weights weight, ReadOnlySpan<float> factors, int outputLength, in ConvGeometry geometry, int batch)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        ArgumentNullException.ThrowIfNull(weight);
        Int8Guard.ZeroPoint(inputZeroPoint, nameof(inputZeroPoint));
        if (weight.Rows != geometry.Filters || weight.Taps != geometry.ColumnRows)
            throw new ArgumentException($"weight is {weight.Rows} x {weight.Taps}, expected {geometry.Filters} x {geometry.ColumnRows} for {geometry}", nameof(weight));
        Int8Guard.Factors(factors, geometry.Filters, nameof(factors));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
    }

    static void Run(byte* input, int inputZeroPoint, PackedInt8Weights weight, float* factors, Int8Output range, byte* output, float* floatOutput, in ConvGeometry geometry, int batch)
    {
        if (batch == 0) return;
        if (Int8DirectConv.Applies(geometry, Int8Paths.Current))
        {
            Int8DirectConv.Run(input, inputZeroPoint, weight, factors, range, output, floatOutput, geometry, batch);
            return;
        }
        var job = t_job ??= new Job();
        var positions = geometry.ColumnCols;
        var kp = weight.PaddedTaps;
        fixed (sbyte* pw = weight.Values)
        fixed (int* pb = weight.Bias, ps = weight.RowSums)
        {
            job.Input = input; job.Weights = pw; job.Bias = pb; job.RowSums = ps; job.Factors = factors; job.Range = range;
            job.Output = output; job.FloatOutput = floatOutput; job.ZeroPoint = inputZeroPoint; job.Geometry = geometry;
            job.PaddedTaps = kp;
            job.Block = Math.Min(positions, Math.Max(2, ItemBytes / kp & ~1));
            job.Blocks = (positions + job.Block - 1) / job.Block;
            WorkerPool.Run(job, batch * geometry.Groups * job.Blocks);
        }
    }

    [ThreadStatic] static Job? t_job;

    /// <summary>One block of output positions of one sample and one group per item: lowered, multiplied, stored a filter row at a time.</summary>
    sealed class Job : ParallelJob
    {
        public byte* Input, Output;
        public float* FloatOutput, Factors;
        public sbyte* Weights;
        public int* Bias, RowSums;
        public Int8Output Range;
        public ConvGeometry Geometry;
        public int ZeroPoint, PaddedTaps, Block, Blocks;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            var block = item % Blocks;
            var group = item / Blocks % g.Groups;
            var n = item / Blocks / g.Groups;
            var first = block * Block;
            var count = Math.Min(Block, g.ColumnCols - first);
            var filters = g.Filters / g.Groups;
            var patches = Scratch.Patches((long)Block * PaddedTaps);
            var dots = Scratch.Dots((long)filters * Block);
            Im2Row(Input + (long)n * g.InputLength, g, group, first, count, PaddedTaps, (byte)ZeroPoint, patches);
            Int8Gemm.Multiply(Weights + (long)group * filters * PaddedTaps, filters, PaddedTaps, patches, count, dots, Block);
            for (var r = 0; r < filters; r++)
            {
                var f = group * filters + r;
                var addend = Bias[f] - ZeroPoint * RowSums[f];
                var at = (long)n * g.OutputLength + (long)f * g.ColumnCols + first;
                if (Output != null) Int8Requantization.Row(dots + (long)r * Block, count, addend, Factors[f], Range, Output + at);
                else Int8Requantization.RowToFloat(dots + (long)r * Block, count, addend, Factors[f], FloatOutput + at);
            }
        }
    }

    /// <summary>
    /// Rows of taps for output positions [first, first + count) of one group: row p holds input[c, oy·S − P + ky·D,
    /// ox·S − P + kx·D] for the group's channels c and every (ky, kx), the zero point where that falls in the padding, then
    /// zeros up to <paramref name="paddedTaps"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Im2Row(byte* image, in ConvGeometry g, int group, int first, int count, int paddedTaps, byte zero, byte* rows)
    {
        int channels = g.Channels / g.Groups, k = g.Kernel, height = g.Height, width = g.Width, outWidth = g.OutWidth;
        int stride = g.Stride, padding = g.Padding, dilation = g.Dilation, taps = channels * k * k;
        var planes = image + (long)group * channels * height * width;
        if (k == 1 && stride == 1 && padding == 0)
        {
            // 1×1: the rows are the image transposed to channels-last, written a channel at a time.
            for (var c = 0; c < channels; c++)
            {
                var plane = planes + (long)c * height * width + first;
                for (var p = 0; p < count; p++) rows[(long)p * paddedTaps + c] = plane[p];
            }
            for (var p = 0; p < count; p++)
            {
                var tail = rows + (long)p * paddedTaps;
                for (var i = taps; i < paddedTaps; i++) tail[i] = 0;
            }
            return;
        }
        // A tap (c, ky, kx) at a time over the positions, an output row's run at a time: the row index is divided
        // once per run, and within a run consecutive positions read the input every S columns.
        var t = 0;
        for (var c = 0; c < channels; c++)
        {
            var plane = planes + (long)c * height * width;
            for (var ky = 0; ky < k; ky++)
                for (var kx = 0; kx < k; kx++, t++)
                {
                    var target = rows + t;
                    for (int p = 0, position = first; p < count;)
                    {
                        int outY = position / outWidth, outX = position % outWidth;
                        var run = Math.Min(outWidth - outX, count - p);
                        var y = outY * stride - padding + ky * dilation;
                        var column = outX * stride - padding + kx * dilation;
                        if ((uint)y >= (uint)height)
                            for (var i = 0; i < run; i++, target += paddedTaps) *target = zero;
                        else
                        {
                            var row = plane + (long)y * width;
                            for (var i = 0; i < run; i++, target += paddedTaps, column += stride)
                                *target = (uint)column < (uint)width ? row[column] : zero;
                        }
                        p += run;
                        position += run;
                    }
                }
        }
        for (var p = 0; p < count; p++)
        {
            var tail = rows + (long)p * paddedTaps;
            for (var i = taps; i < paddedTaps; i++) tail[i] = 0;
        }
    }
}
