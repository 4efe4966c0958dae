namespace CnnGen.Kernels;

/// <summary>Max pooling; padding counts as −∞; <c>argmax</c> records the input index (within the sample) of each output.</summary>
/// <remarks>
/// Like PyTorch, the scan starts at the window's first in-bounds position and moves on only to a strictly larger
/// value or a NaN (<c>val &gt; max || isnan(val)</c>): ties go to the first maximum, and NaN propagates. The
/// recorded index is c·H·W + y·W + x.
/// </remarks>
public static class MaxPool2D
{
    /// <summary>Pools and records the winners.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, input.Length, output.Length, argmax.Length);
        int channels = geometry.Channels, height = geometry.Height, width = geometry.Width;
        int size = geometry.Size, stride = geometry.Stride, padding = geometry.Padding;
        int outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;

        for (var n = 0; n < batch; n++)
        {
            var sample = input.Slice(n * inLength, inLength);
            var pooled = output.Slice(n * outLength, outLength);
            var winners = argmax.Slice(n * outLength, outLength);
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
                        var best = float.NegativeInfinity;
                        var bestIndex = plane + yStart * width + xStart;
                        for (var y = yStart; y < yEnd; y++)
                        {
                            var row = plane + y * width;
                            for (var x = xStart; x < xEnd; x++)
                            {
                                var value = sample[row + x];
                                if (value > best || float.IsNaN(value))
                                {
                                    best = value;
                                    bestIndex = row + x;
                                }
                            }
                        }
                        pooled[o] = best;
                        winners[o] = bestIndex;
                    }
                }
            }
        }
    }

    /// <summary>Overwrites inputGradient: each output gradient goes to its winner.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, in PoolGeometry geometry, int batch)
    {
        Check(geometry, batch, inputGradient.Length, outputGradient.Length, argmax.Length);
        int inLength = geometry.InputLength, outLength = geometry.OutputLength;
        inputGradient.Slice(0, batch * inLength).Clear();
        for (var n = 0; n < batch; n++)
        {
            var gradient = inputGradient.Slice(n * inLength, inLength);
            var upstream = outputGradient.Slice(n * outLength, outLength);
            var winners = argmax.Slice(n * outLength, outLength);
            // Overlapping windows (stride < size) can share a winner: add, never assign.
            for (var o = 0; o < outLength; o++) gradient[winners[o]] += upstream[o];
        }
    }

    static void Check(in PoolGeometry geometry, int batch, int inputLength, int outputLength, int argmaxLength)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
        KernelGuard.AtLeast(argmaxLength, (long)batch * geometry.OutputLength, "argmax");
    }
}
