using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>
/// Asymmetric zero padding over a batch (NCHW, <c>nn.ZeroPad2d((left, right, top, bottom))</c>; a negative amount crops,
/// as in PyTorch): output (y, x) is input (y − top, x − left) where that lies inside the input, else +0. Copies only: the
/// same bits on every vector width and thread count.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ZeroPad2D
{
    /// <summary>[batch, C, H, W] → [batch, C, H + top + bottom, W + left + right].</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the geometry leaves no row or column.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, in PadGeometry geometry, int batch)
    {
        Check(input.Length, output.Length, geometry, batch);
        for (var p = 0; p < batch * geometry.Channels; p++)
        {
            var target = output.Slice(p * geometry.OutHeight * geometry.OutWidth, geometry.OutHeight * geometry.OutWidth);
            target.Clear();
            Copy(input.Slice(p * geometry.Height * geometry.Width, geometry.Height * geometry.Width), geometry.Width,
                target, geometry.OutWidth, geometry.Top, geometry.Left, geometry.Height, geometry.OutHeight);
        }
    }

    /// <summary>Overwrites inputGradient [batch, C, H, W] with the window of outputGradient the input occupies (+0 where it was cropped).</summary>
    /// <exception cref="ArgumentException">A span is shorter than the geometry needs, or the geometry leaves no row or column.</exception>
    /// <exception cref="ArgumentOutOfRangeException">batch is negative.</exception>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in PadGeometry geometry, int batch)
    {
        Check(inputGradient.Length, outputGradient.Length, geometry, batch);
        for (var p = 0; p < batch * geometry.Channels; p++)
        {
            var target = inputGradient.Slice(p * geometry.Height * geometry.Width, geometry.Height * geometry.Width);
            target.Clear();
            Copy(outputGradient.Slice(p * geometry.OutHeight * geometry.OutWidth, geometry.OutHeight * geometry.OutWidth), geometry.OutWidth,
                target, geometry.Width, -geometry.Top, -geometry.Left, geometry.OutHeight, geometry.Height);
        }
    }

    /// <summary>target (y, x) = source (y − top, x − left) wherever both lie inside their planes.</summary>
    static void Copy(ReadOnlySpan<float> source, int sourceWidth, Span<float> target, int targetWidth, int top, int left, int sourceHeight, int targetHeight)
    {
        int x0 = Math.Max(0, left), x1 = Math.Min(targetWidth, sourceWidth + left);
        if (x1 <= x0) return;
        for (var y = Math.Max(0, top); y < Math.Min(targetHeight, sourceHeight + top); y++)
            source.Slice((y - top) * sourceWidth + (x0 - left), x1 - x0).CopyTo(target.Slice(y * targetWidth + x0, x1 - x0));
    }

    static void Check(int inputLength, int outputLength, in PadGeometry geometry, int batch)
    {
        KernelGuard.Valid(geometry);
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)batch * geometry.InputLength, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * geometry.OutputLength, "output");
    }
}
