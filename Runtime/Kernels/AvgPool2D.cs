namespace CnnGen.Kernels;

/// <summary>Average pooling with zero padding counted in the divisor (PyTorch default).</summary>
/// <remarks>
/// With <c>count_include_pad=True</c> and floor-mode output sizes every window spans size² positions of the
/// padded image, so the divisor is always size².
/// </remarks>
public static class AvgPool2D
{
    /// <summary>Pools.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length);
        int channels = geometry.Channels, height = geometry.Height, width = geometry.Width;
        int size = geometry.Size, stride = geometry.Stride, padding = geometry.Padding;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        var divisor = (float)(size * size);

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
                    var y0 = oy * stride - padding;
                    int yStart = Math.Max(y0, 0), yEnd = Math.Min(y0 + size, height);
                    for (var ox = 0; ox < outWidth; ox++, o++)
                    {
                        var x0 = ox * stride - padding;
                        int xStart = Math.Max(x0, 0), xEnd = Math.Min(x0 + size, width);
                        var sum = 0f;
                        for (var y = yStart; y < yEnd; y++)
                        {
                            var row = plane + y * width;
                            for (var x = xStart; x < xEnd; x++) sum += sample[row + x];
                        }
                        pooled[o] = sum / divisor;
                    }
                }
            }
        }
    }

    /// <summary>Overwrites inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, inputGradient.Length, outputGradient.Length);
        int channels = geometry.Channels, height = geometry.Height, width = geometry.Width;
        int size = geometry.Size, stride = geometry.Stride, padding = geometry.Padding;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        var divisor = (float)(size * size);

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
                    var y0 = oy * stride - padding;
                    int yStart = Math.Max(y0, 0), yEnd = Math.Min(y0 + size, height);
                    for (var ox = 0; ox < outWidth; ox++, o++)
                    {
                        var x0 = ox * stride - padding;
                        int xStart = Math.Max(x0, 0), xEnd = Math.Min(x0 + size, width);
                        var share = upstream[o] / divisor;
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

    static void Check(in PoolGeometry geometry, int batch, int inputLength, int outputLength)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
    }
}
