namespace CnnGen.Data;

/// <summary>Cropping and bilinear resampling shared by the image transforms.</summary>
static class ImageGeometry
{
    public static int Positive(int value, string name) =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Expected a positive size.");

    /// <summary>The <paramref name="height"/> × <paramref name="width"/> window at (<paramref name="top"/>, <paramref name="left"/>); outside the image reads 0 (torchvision's <c>F.crop</c>).</summary>
    public static ImageTensor Crop(ImageTensor image, int top, int left, int height, int width)
    {
        if (top == 0 && left == 0 && height == image.Height && width == image.Width) return image;
        var output = new float[image.Channels * height * width];
        int rowFrom = Math.Max(0, -top), rowTo = Math.Min(height, image.Height - top);
        int columnFrom = Math.Max(0, -left), columnTo = Math.Min(width, image.Width - left);
        for (var c = 0; c < image.Channels; c++)
        {
            for (var y = rowFrom; y < rowTo; y++)
            {
                if (columnTo <= columnFrom) break;
                image.Pixels.AsSpan((c * image.Height + y + top) * image.Width + left + columnFrom, columnTo - columnFrom)
                    .CopyTo(output.AsSpan((c * height + y) * width + columnFrom));
            }
        }
        return new ImageTensor(output, image.Channels, height, width);
    }

    /// <summary>
    /// PyTorch's <c>upsample_bilinear2d(align_corners=False)</c> on the CPU, bit for bit: source coordinate
    /// (in/out)·(i + 0.5) − 0.5 clamped at 0, its floor and the next index (the last repeats), weights λ and 1 − λ.
    /// PyTorch takes one of two loops and so does this: a one-channel image is also a channels-last tensor, whose loop
    /// sums the four taps (weights multiplied out in float) in double; other images blend each row's two columns, then
    /// the two rows, each with a fused multiply-add as PyTorch's compiled loop does.
    /// </summary>
    public static ImageTensor ResizeBilinear(ImageTensor image, int height, int width)
    {
        if (height == image.Height && width == image.Width) return image;
        var rows = Taps(image.Height, height);
        var columns = Taps(image.Width, width);
        var output = new float[image.Channels * height * width];
        for (var c = 0; c < image.Channels; c++)
        {
            var input = image.Pixels.AsSpan(c * image.PlaneLength, image.PlaneLength);
            for (var y = 0; y < height; y++)
            {
                var (y0, y1, ty0, ty1) = rows[y];
                var top = input.Slice(y0 * image.Width, image.Width);
                var bottom = input.Slice(y1 * image.Width, image.Width);
                var target = output.AsSpan((c * height + y) * width, width);
                for (var x = 0; x < width; x++)
                {
                    var (x0, x1, tx0, tx1) = columns[x];
                    target[x] = image.Channels == 1
                        ? (float)(top[x0] * (double)(ty0 * tx0) + (top[x1] * (double)(ty0 * tx1) + (bottom[x0] * (double)(ty1 * tx0) + bottom[x1] * (double)(ty1 * tx1))))
                        : MathF.FusedMultiplyAdd(
                            MathF.FusedMultiplyAdd(top[x0], tx0, top[x1] * tx1), ty0,
                            MathF.FusedMultiplyAdd(bottom[x0], tx0, bottom[x1] * tx1) * ty1);
                }
            }
        }
        return new ImageTensor(output, image.Channels, height, width);
    }

    /// <summary>For each output index: the two input indices and their weights.</summary>
    static (int I0, int I1, float W0, float W1)[] Taps(int inputSize, int outputSize)
    {
        // The scale is a float quotient; the source coordinate and λ are exact before λ is rounded to float (as PyTorch's weights come out).
        double scale = (float)inputSize / outputSize;
        var taps = new (int, int, float, float)[outputSize];
        for (var i = 0; i < outputSize; i++)
        {
            if (inputSize == outputSize)
            {
                taps[i] = (i, i, 1f, 0f);
                continue;
            }
            var source = Math.Max(scale * (i + 0.5) - 0.5, 0);
            var i0 = (int)source;
            var i1 = i0 + (i0 < inputSize - 1 ? 1 : 0);
            var lambda1 = (float)Math.Clamp(source - i0, 0, 1);
            taps[i] = (i0, i1, 1f - lambda1, lambda1);
        }
        return taps;
    }
}
