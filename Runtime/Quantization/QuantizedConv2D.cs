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
        fixed (int* pb = weight.Bias, ps = weight.RowSums)
        {
            var epilogue = new RequantizeEpilogue
            {
                Bias = pb, RowSums = ps, Multiplier = pm, Output = py, RowStride = geometry.ColumnCols, ColumnStride = 1,
                InputZeroPoint = inputZeroPoint, Range = range,
            };
            Run(px, (byte)inputZeroPoint, weight, geometry, batch, epilogue, geometry.OutputLength);
        }
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
        fixed (int* pb = weight.Bias, pr = weight.RowSums)
        {
            var epilogue = new DequantizeEpilogue
            {
                Bias = pb, RowSums = pr, Scale = ps, Output = py, RowStride = geometry.ColumnCols, ColumnStride = 1, InputZeroPoint = inputZeroPoint,
            };
            Run(px, (byte)inputZeroPoint, weight, geometry, batch, epilogue, geometry.OutputLength);
        }
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

    static void Run<TEpilogue>(byte* input, byte zero, PackedInt8Weights weight, in ConvGeometry geometry, int batch, TEpilogue epilogue, int outputLength)
        where TEpilogue : struct, IInt8Epilogue
    {
        if (batch == 0) return;
        var job = Job<TEpilogue>.ForThisThread;
        var positions = geometry.ColumnCols;
        var kp = weight.PaddedTaps;
        fixed (sbyte* pw = weight.Values)
        {
            job.Input = input; job.Weights = pw; job.Zero = zero; job.Geometry = geometry; job.Epilogue = epilogue; job.OutputLength = outputLength;
            job.PaddedTaps = kp;
            job.Block = Math.Min(positions, Math.Max(2, ItemBytes / kp & ~1));
            job.Blocks = (positions + job.Block - 1) / job.Block;
            WorkerPool.Run(job, batch * geometry.Groups * job.Blocks);
        }
    }

    /// <summary>One block of output positions of one sample and one group per item.</summary>
    sealed class Job<TEpilogue> : ParallelJob where TEpilogue : struct, IInt8Epilogue
    {
        [ThreadStatic] static Job<TEpilogue>? t_job;
        public static Job<TEpilogue> ForThisThread => t_job ??= new Job<TEpilogue>();

        public byte* Input;
        public sbyte* Weights;
        public byte Zero;
        public ConvGeometry Geometry;
        public TEpilogue Epilogue;
        public int OutputLength, PaddedTaps, Block, Blocks;

        public override void Run(int item)
        {
            ref readonly var g = ref Geometry;
            var block = item % Blocks;
            var group = item / Blocks % g.Groups;
            var n = item / Blocks / g.Groups;
            var first = block * Block;
            var count = Math.Min(Block, g.ColumnCols - first);
            var patches = Scratch.Patches((long)Block * PaddedTaps);
            Im2Row(Input + (long)n * g.InputLength, g, group, first, count, PaddedTaps, Zero, patches);
            var epilogue = Epilogue;
            epilogue.Advance((long)n * OutputLength);
            var filters = g.Filters / g.Groups;
            Int8Gemm.Multiply(Weights, group * filters, filters, PaddedTaps, patches, first, count, ref epilogue);
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
        for (var p = 0; p < count; p++)
        {
            var target = rows + (long)p * paddedTaps;
            var position = first + p;
            int top = position / outWidth * stride - padding, left = position % outWidth * stride - padding;
            var inside = left >= 0 && left + (k - 1) * dilation < width;
            var t = 0;
            for (var c = 0; c < channels; c++)
            {
                var plane = planes + (long)c * height * width;
                for (var ky = 0; ky < k; ky++, t += k)
                {
                    var y = top + ky * dilation;
                    if ((uint)y >= (uint)height)
                    {
                        new Span<byte>(target + t, k).Fill(zero);
                        continue;
                    }
                    var row = plane + (long)y * width + left;
                    if (inside && dilation == 1)
                    {
                        new ReadOnlySpan<byte>(row, k).CopyTo(new Span<byte>(target + t, k));
                        continue;
                    }
                    for (var kx = 0; kx < k; kx++)
                    {
                        var x = left + kx * dilation;
                        target[t + kx] = (uint)x < (uint)width ? row[kx * dilation] : zero;
                    }
                }
            }
            new Span<byte>(target + taps, paddedTaps - taps).Clear();
        }
    }
}
