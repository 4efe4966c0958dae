using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Adaptive average pooling over a batch (NCHW, <c>nn.AdaptiveAvgPool2d</c>): output (i, j) is the mean of the window
/// rows [⌊i·H/OH⌋, ⌈(i + 1)·H/OH⌉) × columns [⌊j·W/OW⌋, ⌈(j + 1)·W/OW⌉) (<see cref="AdaptivePoolGeometry"/>).
/// </summary>
/// <remarks>
/// PyTorch 1.13's CPU loop, operation for operation: the window summed in float row by row, then divided by its height
/// and by its width; the backward adds dy / kh / kw to every input of the window, windows in output order. A 1×1 output
/// is PyTorch's special case, a mean over H and W: <see cref="GlobalAvgPool"/>'s kernels. Scalar: the same bits on every
/// vector width and thread count.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdaptiveAvgPool2D
{
    /// <summary>[batch, C, H, W] → [batch, C, OH, OW].</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the geometry has a non-positive size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, in AdaptivePoolGeometry geometry, int batch)
    {
        AdaptivePool.Check(input.Length, output.Length, geometry, batch, nameof(input), nameof(output));
        int height = geometry.Height, width = geometry.Width, outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        if (outHeight == 1 && outWidth == 1)
        {
            GlobalAvgPool.Forward(input, output, geometry.Channels, height * width, batch);
            return;
        }
        for (var p = 0; p < batch * geometry.Channels; p++)
        {
            var plane = input.Slice(p * height * width, height * width);
            var pooled = output.Slice(p * outHeight * outWidth, outHeight * outWidth);
            for (var oy = 0; oy < outHeight; oy++)
            {
                int y0 = AdaptivePoolGeometry.Start(oy, outHeight, height), y1 = AdaptivePoolGeometry.End(oy, outHeight, height);
                for (var ox = 0; ox < outWidth; ox++)
                {
                    int x0 = AdaptivePoolGeometry.Start(ox, outWidth, width), x1 = AdaptivePoolGeometry.End(ox, outWidth, width);
                    var sum = 0f;
                    for (var y = y0; y < y1; y++)
                        for (var x = x0; x < x1; x++) sum += plane[y * width + x];
                    pooled[oy * outWidth + ox] = sum / (y1 - y0) / (x1 - x0);
                }
            }
        }
    }

    /// <summary>Overwrites inputGradient [batch, C, H, W] from outputGradient [batch, C, OH, OW].</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the geometry has a non-positive size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in AdaptivePoolGeometry geometry, int batch)
    {
        AdaptivePool.Check(inputGradient.Length, outputGradient.Length, geometry, batch, nameof(inputGradient), nameof(outputGradient));
        int height = geometry.Height, width = geometry.Width, outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        if (outHeight == 1 && outWidth == 1)
        {
            GlobalAvgPool.Backward(outputGradient, inputGradient, geometry.Channels, height * width, batch);
            return;
        }
        for (var p = 0; p < batch * geometry.Channels; p++)
        {
            var plane = inputGradient.Slice(p * height * width, height * width);
            var pooled = outputGradient.Slice(p * outHeight * outWidth, outHeight * outWidth);
            plane.Clear();
            for (var oy = 0; oy < outHeight; oy++)
            {
                int y0 = AdaptivePoolGeometry.Start(oy, outHeight, height), y1 = AdaptivePoolGeometry.End(oy, outHeight, height);
                for (var ox = 0; ox < outWidth; ox++)
                {
                    int x0 = AdaptivePoolGeometry.Start(ox, outWidth, width), x1 = AdaptivePoolGeometry.End(ox, outWidth, width);
                    var share = pooled[oy * outWidth + ox] / (y1 - y0) / (x1 - x0);
                    for (var y = y0; y < y1; y++)
                        for (var x = x0; x < x1; x++) plane[y * width + x] += share;
                }
            }
        }
    }
}

/// <summary>
/// Adaptive max pooling over a batch (NCHW, <c>nn.AdaptiveMaxPool2d</c>), with <see cref="AdaptiveAvgPool2D"/>'s windows.
/// The argmax holds each winner's index in its input plane (y·W + x), as PyTorch's <c>return_indices</c> does.
/// </summary>
/// <remarks>
/// PyTorch's scan: row by row, a value wins when it is larger than the best so far or NaN (so ties keep the first and a
/// NaN propagates); an all-−∞ window picks its first element. Scalar: the same bits on every vector width and thread count.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AdaptiveMaxPool2D
{
    /// <summary>[batch, C, H, W] → [batch, C, OH, OW]; argmax [batch, C, OH, OW] receives the winners' plane indices.</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the geometry has a non-positive size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in AdaptivePoolGeometry geometry, int batch)
    {
        AdaptivePool.Check(input.Length, output.Length, geometry, batch, nameof(input), nameof(output));
        KernelGuard.AtLeast(argmax.Length, (long)batch * geometry.OutputLength, nameof(argmax));
        int height = geometry.Height, width = geometry.Width, outHeight = geometry.OutHeight, outWidth = geometry.OutWidth;
        for (var p = 0; p < batch * geometry.Channels; p++)
        {
            var plane = input.Slice(p * height * width, height * width);
            var offset = p * outHeight * outWidth;
            for (var oy = 0; oy < outHeight; oy++)
            {
                int y0 = AdaptivePoolGeometry.Start(oy, outHeight, height), y1 = AdaptivePoolGeometry.End(oy, outHeight, height);
                for (var ox = 0; ox < outWidth; ox++)
                {
                    int x0 = AdaptivePoolGeometry.Start(ox, outWidth, width), x1 = AdaptivePoolGeometry.End(ox, outWidth, width);
                    var best = float.NegativeInfinity;
                    var winner = y0 * width + x0;
                    for (var y = y0; y < y1; y++)
                        for (var x = x0; x < x1; x++)
                        {
                            var value = plane[y * width + x];
                            if (value > best || float.IsNaN(value))
                            {
                                best = value;
                                winner = y * width + x;
                            }
                        }
                    output[offset + oy * outWidth + ox] = best;
                    argmax[offset + oy * outWidth + ox] = winner;
                }
            }
        }
    }

    /// <summary>Overwrites inputGradient: each output gradient is added to its winner (overlapping windows may share one).</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, an index lies outside its plane, or the geometry has a non-positive size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, in AdaptivePoolGeometry geometry, int batch)
    {
        AdaptivePool.Check(inputGradient.Length, outputGradient.Length, geometry, batch, nameof(inputGradient), nameof(outputGradient));
        KernelGuard.AtLeast(argmax.Length, (long)batch * geometry.OutputLength, nameof(argmax));
        int planeLength = geometry.Height * geometry.Width, pooledLength = geometry.OutHeight * geometry.OutWidth;
        for (var p = 0; p < batch * geometry.Channels; p++)
        {
            var plane = inputGradient.Slice(p * planeLength, planeLength);
            plane.Clear();
            for (var o = p * pooledLength; o < (p + 1) * pooledLength; o++)
            {
                var winner = argmax[o];
                if ((uint)winner >= (uint)planeLength)
                    throw new ArgumentException($"Expected argmax values in [0, {planeLength}), got {winner} at {o}.", nameof(argmax));
                plane[winner] += outputGradient[o];
            }
        }
    }
}

/// <summary>
/// The maximum over H·W per channel, [batch, C, H·W] → [batch, C]: <c>nn.AdaptiveMaxPool2d(1)</c> then a flatten, so the
/// gradient goes to the first maximum (or the last NaN) of each plane, whose index argmax records.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GlobalMaxPool
{
    /// <summary>[batch, C, spatial] → [batch, C]; argmax [batch, C] receives the winners' plane indices.</summary>
    /// <exception cref="ArgumentException">A span is too short, or a size is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, int channels, int spatial, int batch) =>
        AdaptiveMaxPool2D.Forward(input, output, argmax, new AdaptivePoolGeometry(channels, 1, spatial, 1, 1), batch);

    /// <summary>Overwrites inputGradient [batch, C, spatial]: each output gradient goes to its plane's winner.</summary>
    /// <exception cref="ArgumentException">A span is too short, an index lies outside its plane, or a size is not positive.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, int channels, int spatial, int batch) =>
        AdaptiveMaxPool2D.Backward(outputGradient, argmax, inputGradient, new AdaptivePoolGeometry(channels, 1, spatial, 1, 1), batch);
}

/// <summary>The argument checks the adaptive poolings share.</summary>
static class AdaptivePool
{
    public static void Check(int wholeLength, int pooledLength, in AdaptivePoolGeometry geometry, int batch, string wholeName, string pooledName)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(wholeLength, (long)batch * geometry.InputLength, wholeName);
        KernelGuard.AtLeast(pooledLength, (long)batch * geometry.OutputLength, pooledName);
    }
}
