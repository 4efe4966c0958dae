using System.ComponentModel;
using System.Runtime.Intrinsics;
using CnnGen.Kernels;

namespace CnnGen.Quantization;

/// <summary>
/// Pooling over unsigned 8-bit images (NCHW): max pooling on the stored values (quantization is monotonic, so the
/// input's scale and zero point carry over), average pooling as an exact integer window sum requantized once.
/// Scalar integer code: the same bits on every machine and thread count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class QuantizedPooling
{
    /// <summary>
    /// <c>nn.MaxPool2d</c> on quantized values: output[n, c, oy, ox] = the largest input in the window (the padding,
    /// −∞ in PyTorch, is never chosen); the output shares the input's scale and zero point.
    /// </summary>
    /// <param name="input">[batch, C, H, W].</param>
    /// <param name="output">[batch, C, OH, OW].</param>
    /// <param name="geometry">The window (ceil mode honoured).</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">The geometry has no output or pads more than half a window, or a span is too short.</exception>
    public static void MaxPool(ReadOnlySpan<byte> input, Span<byte> output, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length);
        if (geometry is { Size: 2, Stride: 2, Padding: 0, IsSquare: true } && geometry.OutHeight * 2 <= geometry.Height && geometry.OutWidth * 2 <= geometry.Width)
        {
            MaxPool2x2(input, output, geometry, batch);
            return;
        }
        var unpadded = geometry with { CountIncludePad = false };
        int height = geometry.Height, width = geometry.Width, outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        var o = 0;
        for (var plane = 0; plane < batch * geometry.Channels; plane++)
        {
            var source = input.Slice(plane * height * width, height * width);
            for (var oy = 0; oy < outHeight; oy++)
            {
                var (yStart, yEnd, _) = AvgPool2D.Window(oy, height, unpadded.Size, unpadded.Stride, unpadded.Padding, unpadded.CountIncludePad);
                for (var ox = 0; ox < outWidth; ox++, o++)
                {
                    var (xStart, xEnd, _) = AvgPool2D.Window(ox, width, unpadded.SizeWidth, unpadded.StrideWidth, unpadded.PaddingWidth, unpadded.CountIncludePad);
                    byte largest = 0;
                    for (var y = yStart; y < yEnd; y++)
                        for (var x = xStart; x < xEnd; x++) largest = Math.Max(largest, source[y * width + x]);
                    output[o] = largest;
                }
            }
        }
    }

    /// <summary>
    /// The common 2×2 window with stride 2 and no padding, every window inside the image: the larger of two rows, then of
    /// each pair of neighbours (as 16-bit lanes), sixteen input bytes at a time. The same values as the general loop.
    /// </summary>
    static unsafe void MaxPool2x2(ReadOnlySpan<byte> input, Span<byte> output, in PoolGeometry g, int batch)
    {
        int height = g.Height, width = g.Width, outHeight = g.OutHeight, outWidth = g.OutWidth;
        fixed (byte* px = input, py = output)
        {
            var o = py;
            for (var plane = 0; plane < batch * g.Channels; plane++)
            {
                var source = px + (long)plane * height * width;
                for (var oy = 0; oy < outHeight; oy++, o += outWidth)
                {
                    byte* top = source + 2 * oy * width, bottom = top + width;
                    var ox = 0;
                    if (Vector128.IsHardwareAccelerated && outWidth >= 8)
                    {
                        // The last eight outputs overlap the ones before them (the same values written again): no scalar tail.
                        for (; ox < outWidth; ox += 8)
                        {
                            var at = Math.Min(ox, outWidth - 8);
                            var rows = Vector128.Max(Vector128.Load(top + 2 * at), Vector128.Load(bottom + 2 * at)).AsUInt16();
                            var pairs = Vector128.Max(rows & Vector128.Create((ushort)0xFF), Vector128.ShiftRightLogical(rows, 8));
                            Vector128.Narrow(pairs, pairs).GetLower().Store(o + at);
                        }
                    }
                    for (; ox < outWidth; ox++)
                        o[ox] = Math.Max(Math.Max(top[2 * ox], top[2 * ox + 1]), Math.Max(bottom[2 * ox], bottom[2 * ox + 1]));
                }
            }
        }
    }

    /// <summary>
    /// <c>nn.AvgPool2d</c> on quantized values (ONNX <c>QLinearAveragePool</c>): the window's Σ (x − z_x) in integers (the
    /// zero padding contributes 0), then stored as round(Σ · (s_x / s_y) / divisor) + z_y, PyTorch's divisor
    /// (<see cref="PoolGeometry.CountIncludePad"/>, ceil mode).
    /// </summary>
    /// <param name="input">[batch, C, H, W] at <paramref name="inputParameters"/>.</param>
    /// <param name="inputParameters">The input's scale and zero point.</param>
    /// <param name="output">[batch, C, OH, OW] at <paramref name="outputParameters"/>.</param>
    /// <param name="outputParameters">The output's scale and zero point (usually the input's).</param>
    /// <param name="geometry">The window.</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">The geometry has no output or pads more than half a window, a span is too short, or a scale or zero point is invalid.</exception>
    public static void AvgPool(ReadOnlySpan<byte> input, QuantizationParameters inputParameters, Span<byte> output, QuantizationParameters outputParameters, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length);
        inputParameters.Validate(nameof(inputParameters));
        outputParameters.Validate(nameof(outputParameters));
        var ratio = inputParameters.Scale / outputParameters.Scale;
        var zero = inputParameters.ZeroPoint;
        var range = outputParameters.Output;
        int height = geometry.Height, width = geometry.Width, outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        var o = 0;
        for (var plane = 0; plane < batch * geometry.Channels; plane++)
        {
            var source = input.Slice(plane * height * width, height * width);
            for (var oy = 0; oy < outHeight; oy++)
            {
                var (yStart, yEnd, yCount) = AvgPool2D.Window(oy, height, geometry.Size, geometry.Stride, geometry.Padding, geometry.CountIncludePad);
                for (var ox = 0; ox < outWidth; ox++, o++)
                {
                    var (xStart, xEnd, xCount) = AvgPool2D.Window(ox, width, geometry.SizeWidth, geometry.StrideWidth, geometry.PaddingWidth, geometry.CountIncludePad);
                    var sum = 0;
                    for (var y = yStart; y < yEnd; y++)
                        for (var x = xStart; x < xEnd; x++) sum += source[y * width + x] - zero;
                    output[o] = range.Store(sum * ratio / (yCount * xCount));
                }
            }
        }
    }

    /// <summary>
    /// Global average pooling (<c>nn.AdaptiveAvgPool2d(1)</c>, ONNX <c>QLinearGlobalAveragePool</c>): per channel,
    /// round(Σ (x − z_x) · (s_x / s_y) / spatial) + z_y.
    /// </summary>
    /// <param name="input">[batch, channels, spatial] at <paramref name="inputParameters"/>.</param>
    /// <param name="inputParameters">The input's scale and zero point.</param>
    /// <param name="output">[batch, channels] at <paramref name="outputParameters"/>.</param>
    /// <param name="outputParameters">The output's scale and zero point.</param>
    /// <param name="channels">C.</param>
    /// <param name="spatial">H·W.</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A span is too short, a size is not positive, or a scale or zero point is invalid.</exception>
    public static void GlobalAvgPool(ReadOnlySpan<byte> input, QuantizationParameters inputParameters, Span<byte> output, QuantizationParameters outputParameters, int channels, int spatial, int batch)
    {
        if (channels <= 0 || spatial <= 0) throw new ArgumentException($"expected positive channels and spatial size, got {channels} and {spatial}");
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(input.Length, (long)batch * channels * spatial, nameof(input));
        KernelGuard.AtLeast(output.Length, (long)batch * channels, nameof(output));
        inputParameters.Validate(nameof(inputParameters));
        outputParameters.Validate(nameof(outputParameters));
        var ratio = inputParameters.Scale / outputParameters.Scale;
        var zero = inputParameters.ZeroPoint;
        var range = outputParameters.Output;
        for (var plane = 0; plane < batch * channels; plane++)
        {
            var sum = 0;
            foreach (var x in input.Slice(plane * spatial, spatial)) sum += x - zero;
            output[plane] = range.Store(sum * ratio / spatial);
        }
    }

    static void Check(in PoolGeometry geometry, int batch, int inputLength, int outputLength)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
    }
}
