using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Average pooling (<c>nn.AvgPool2d</c>) over a batch (NCHW), with zero padding, <c>ceil_mode</c> and <c>count_include_pad</c>.</summary>
/// <remarks>
/// Each window's sum is taken row by row in float and divided by PyTorch's divisor (<c>avg_pool2d</c>): with
/// <see cref="PoolGeometry.CountIncludePad"/>, the window's area clipped to the padded input (size·sizeWidth except for a
/// ceil-mode window that runs past the right or bottom padding); without it, the number of input positions it covers.
/// Scalar code: the same bits on every machine.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AvgPool2D
{
    /// <summary>Pools: output[n, c, oy, ox] = Σ window / divisor.</summary>
    /// <exception cref="ArgumentException">the geometry has no output or pads more than half a window, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length);
        int channels = geometry.Channels, height = geometry.Height, width = geometry.Width;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;

        for (var n = 0; n < batch; n++)
        {
            var sample = input.Slice(n * inLength, inLength);
            var pooled = output.Slice(n * outLength, outLength);
            var o = 0;
            for (var c = 0; c < channels; c++)
            {
                var plane = c * height * width;
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var (yStart, yEnd, yCount) = Window(oy, height, geometry.Size, geometry.Stride, geometry.Padding, geometry.CountIncludePad);
                    for (var ox = 0; ox < outWidth; ox++, o++)
                    {
                        var (xStart, xEnd, xCount) = Window(ox, width, geometry.SizeWidth, geometry.StrideWidth, geometry.PaddingWidth, geometry.CountIncludePad);
                        var sum = 0f;
                        for (var y = yStart; y < yEnd; y++)
                        {
                            var row = plane + y * width;
                            for (var x = xStart; x < xEnd; x++) sum += sample[row + x];
                        }
                        pooled[o] = sum / (float)(yCount * xCount);
                    }
                }
            }
        }
    }

    /// <summary>Overwrites inputGradient: each output gradient / divisor is added to every input position of its window.</summary>
    /// <exception cref="ArgumentException">the geometry has no output or pads more than half a window, or a span is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, inputGradient.Length, outputGradient.Length);
        int channels = geometry.Channels, height = geometry.Height, width = geometry.Width;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;

        inputGradient.Slice(0, batch * inLength).Clear();
        for (var n = 0; n < batch; n++)
        {
            var gradient = inputGradient.Slice(n * inLength, inLength);
            var upstream = outputGradient.Slice(n * outLength, outLength);
            var o = 0;
            for (var c = 0; c < channels; c++)
            {
                var plane = c * height * width;
                for (var oy = 0; oy < outHeight; oy++)
                {
                    var (yStart, yEnd, yCount) = Window(oy, height, geometry.Size, geometry.Stride, geometry.Padding, geometry.CountIncludePad);
                    for (var ox = 0; ox < outWidth; ox++, o++)
                    {
                        var (xStart, xEnd, xCount) = Window(ox, width, geometry.SizeWidth, geometry.StrideWidth, geometry.PaddingWidth, geometry.CountIncludePad);
                        var share = upstream[o] / (float)(yCount * xCount);
                        for (var y = yStart; y < yEnd; y++)
                        {
                            var row = plane + y * width;
                            for (var x = xStart; x < xEnd; x++) gradient[row + x] += share;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// One dimension of output position <paramref name="o"/>'s window: the input range [start, end) it reads and its
    /// share of the divisor (PyTorch: the window clipped to the padded input when padding counts, else to the input).
    /// </summary>
    internal static (int Start, int End, int Count) Window(int o, int extent, int size, int stride, int padding, bool countIncludePad)
    {
        var start = o * stride - padding;
        var end = Math.Min(start + size, extent + padding);
        var padded = end - start;
        start = Math.Max(start, 0);
        end = Math.Min(end, extent);
        return (start, end, countIncludePad ? padded : end - start);
    }

    static void Check(in PoolGeometry geometry, int batch, int inputLength, int outputLength)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
    }
}
