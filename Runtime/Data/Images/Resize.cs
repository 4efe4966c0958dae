namespace CnnGen.Data;

/// <summary>
/// <c>torchvision.transforms.Resize(size, interpolation=BILINEAR, antialias=False)</c> on a tensor image: bilinear
/// resampling with <c>align_corners=False</c>, the values <c>F.interpolate(x, size, mode="bilinear")</c> computes on the
/// CPU, bit for bit (no low-pass filter when shrinking; PIL images in torchvision are antialiased instead).
/// With one size the shorter side becomes that size and the longer keeps the aspect ratio (truncated, as torchvision does).
/// </summary>
public sealed class Resize : IImageTransform
{
    /// <summary>The shorter side becomes <paramref name="size"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public Resize(int size) => Size = (ImageGeometry.Positive(size, nameof(size)), null);

    /// <summary>Exactly <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Resize(int height, int width) => Size = (ImageGeometry.Positive(height, nameof(height)), ImageGeometry.Positive(width, nameof(width)));

    /// <summary>The requested size: the shorter side's length with no width, else height and width.</summary>
    public (int Height, int? Width) Size { get; }

    /// <summary>The output height and width for an input of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public (int Height, int Width) OutputSize(int height, int width)
    {
        if (Size.Width is { } w) return (Size.Height, w);
        var shorter = Size.Height;
        return width <= height
            ? (Math.Max(1, (int)((long)shorter * height / width)), shorter)
            : (shorter, Math.Max(1, (int)((long)shorter * width / height)));
    }

    /// <inheritdoc />
    public ImageTensor Apply(ImageTensor image, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (height, width) = OutputSize(image.Height, image.Width);
        return ImageGeometry.ResizeBilinear(image, height, width);
    }

    /// <inheritdoc />
    public override string ToString() => Size.Width is { } w ? $"Resize({Size.Height}×{w})" : $"Resize({Size.Height})";
}

/// <summary>
/// <c>torchvision.transforms.CenterCrop(size)</c>: the centred window, its top-left corner at
/// round((H − h) / 2), round((W − w) / 2) (halves to even, as Python rounds); an image smaller than the window is
/// first zero-padded on each side as torchvision pads it.
/// </summary>
public sealed class CenterCrop : IImageTransform
{
    /// <summary>A square window of <paramref name="size"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public CenterCrop(int size) : this(size, size) { }

    /// <summary>A window of <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public CenterCrop(int height, int width) =>
        (Height, Width) = (ImageGeometry.Positive(height, nameof(height)), ImageGeometry.Positive(width, nameof(width)));

    /// <summary>Rows of the window.</summary>
    public int Height { get; }

    /// <summary>Columns of the window.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public ImageTensor Apply(ImageTensor image, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Height > image.Height || Width > image.Width)
        {
            // torchvision pads (left, top) by half the shortfall rounded down, (right, bottom) by the rest.
            int padLeft = Width > image.Width ? (Width - image.Width) / 2 : 0, padTop = Height > image.Height ? (Height - image.Height) / 2 : 0;
            int padRight = Width > image.Width ? (Width - image.Width + 1) / 2 : 0, padBottom = Height > image.Height ? (Height - image.Height + 1) / 2 : 0;
            image = ImageGeometry.Crop(image, -padTop, -padLeft, image.Height + padTop + padBottom, image.Width + padLeft + padRight);
            if (image.Height == Height && image.Width == Width) return image;
        }
        var top = (int)Math.Round((image.Height - Height) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((image.Width - Width) / 2.0, MidpointRounding.ToEven);
        return ImageGeometry.Crop(image, top, left, Height, Width);
    }

    /// <inheritdoc />
    public override string ToString() => $"CenterCrop({Height}×{Width})";
}

/// <summary>
/// <c>torchvision.transforms.RandomResizedCrop(size, scale, ratio, antialias=False)</c>: a window of random area
/// (a fraction of the image uniform in <see cref="Scale"/>) and aspect ratio (log-uniform in <see cref="Ratio"/>,
/// width / height) at a uniform position, resized bilinearly to <see cref="Height"/> × <see cref="Width"/>. Up to
/// 10 draws as torchvision makes them (area, then ratio; w = round(√(area·ratio)), h = round(√(area/ratio)); then
/// top, then left); when none fits, the central crop clamped to the ratio range.
/// </summary>
public sealed class RandomResizedCrop : IImageTransform
{
    /// <summary>Square output of <paramref name="size"/> pixels with torchvision's default ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, scales not 0 &lt; min ≤ max ≤ 1, or ratios not 0 &lt; min ≤ max.</exception>
    public RandomResizedCrop(int size, double minScale = 0.08, double maxScale = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
        : this(size, size, minScale, maxScale, minRatio, maxRatio) { }

    /// <summary>Output of <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, scales not 0 &lt; min ≤ max ≤ 1, or ratios not 0 &lt; min ≤ max.</exception>
    public RandomResizedCrop(int height, int width, double minScale = 0.08, double maxScale = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
    {
        (Height, Width) = (ImageGeometry.Positive(height, nameof(height)), ImageGeometry.Positive(width, nameof(width)));
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1))
            throw new ArgumentOutOfRangeException(nameof(minScale), $"Expected scales 0 < min ≤ max ≤ 1, got [{minScale}, {maxScale}].");
        if (!(minRatio > 0 && minRatio <= maxRatio && double.IsFinite(maxRatio)))
            throw new ArgumentOutOfRangeException(nameof(minRatio), $"Expected ratios 0 < min ≤ max, got [{minRatio}, {maxRatio}].");
        (Scale, Ratio) = ((minScale, maxScale), (minRatio, maxRatio));
    }

    /// <summary>Output rows.</summary>
    public int Height { get; }

    /// <summary>Output columns.</summary>
    public int Width { get; }

    /// <summary>Range of the window's share of the image's area.</summary>
    public (double Min, double Max) Scale { get; }

    /// <summary>Range of the window's width / height.</summary>
    public (double Min, double Max) Ratio { get; }

    /// <inheritdoc />
    public ImageTensor Apply(ImageTensor image, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        var (top, left, h, w) = Window(image.Height, image.Width, random);
        return ResizedCrop(image, top, left, h, w, Height, Width);
    }

    /// <summary>
    /// <c>F.resized_crop(image, top, left, height, width, [outputHeight, outputWidth], antialias=False)</c>: the window
    /// (zero outside the image) resized bilinearly as <see cref="Resize"/> does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static ImageTensor ResizedCrop(ImageTensor image, int top, int left, int height, int width, int outputHeight, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageGeometry.Positive(height, nameof(height));
        ImageGeometry.Positive(width, nameof(width));
        ImageGeometry.Positive(outputHeight, nameof(outputHeight));
        ImageGeometry.Positive(outputWidth, nameof(outputWidth));
        return ImageGeometry.ResizeBilinear(ImageGeometry.Crop(image, top, left, height, width), outputHeight, outputWidth);
    }

    /// <summary>The window (top, left, height, width) for an image of <paramref name="height"/> × <paramref name="width"/>: torchvision's <c>RandomResizedCrop.get_params</c>.</summary>
    public (int Top, int Left, int Height, int Width) Window(int height, int width, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var area = (double)height * width;
        double logMin = Math.Log(Ratio.Min), logMax = Math.Log(Ratio.Max);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * (Scale.Min + random.NextDouble() * (Scale.Max - Scale.Min));
            var aspect = Math.Exp(logMin + random.NextDouble() * (logMax - logMin));
            var w = (int)Math.Round(Math.Sqrt(targetArea * aspect), MidpointRounding.ToEven);
            var h = (int)Math.Round(Math.Sqrt(targetArea / aspect), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                var top = random.NextInt(height - h + 1);
                var left = random.NextInt(width - w + 1);
                return (top, left, h, w);
            }
        }
        var inRatio = (double)width / height;
        var (ch, cw) = inRatio < Ratio.Min ? ((int)Math.Round(width / Ratio.Min, MidpointRounding.ToEven), width)
            : inRatio > Ratio.Max ? (height, (int)Math.Round(height * Ratio.Max, MidpointRounding.ToEven))
            : (height, width);
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomResizedCrop({Height}×{Width}, scale=[{Scale.Min}, {Scale.Max}], ratio=[{Ratio.Min}, {Ratio.Max}])";
}

/// <summary>
/// <c>torchvision.transforms.Normalize(mean, std)</c>: channel c becomes (x − mean[c]) / std[c]; one value applies to every channel.
/// </summary>
public sealed class Normalize : IImageTransform
{
    readonly float[] _mean;
    readonly float[] _std;

    /// <summary>Per-channel <paramref name="mean"/> and <paramref name="std"/> (same count; 1 value means all channels).</summary>
    /// <exception cref="ArgumentException">The counts differ or are zero, or a value is not finite, or a std is not positive.</exception>
    public Normalize(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"Expected as many means as standard deviations (at least one), got {mean.Length} and {std.Length}.", nameof(std));
        if (mean.Any(m => !float.IsFinite(m)) || std.Any(s => !(s > 0) || !float.IsFinite(s)))
            throw new ArgumentException($"Expected finite means and finite standard deviations > 0, got mean [{string.Join(", ", mean)}], std [{string.Join(", ", std)}].", nameof(std));
        (_mean, _std) = ([.. mean], [.. std]);
    }

    /// <summary>The means, per channel.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>The standard deviations, per channel.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The image has another channel count than the means (and there is more than one).</exception>
    public ImageTensor Apply(ImageTensor image, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_mean.Length != 1 && _mean.Length != image.Channels)
            throw new ArgumentException($"Normalize has {_mean.Length} means, the image {image.Channels} channels ({image}).", nameof(image));
        var plane = image.PlaneLength;
        for (var c = 0; c < image.Channels; c++)
        {
            float mean = _mean[_mean.Length == 1 ? 0 : c], std = _std[_std.Length == 1 ? 0 : c];
            var values = image.Pixels.AsSpan(c * plane, plane);
            for (var i = 0; i < values.Length; i++) values[i] = (values[i] - mean) / std;
        }
        return image;
    }

    /// <inheritdoc />
    public override string ToString() => $"Normalize(mean=[{string.Join(", ", _mean)}], std=[{string.Join(", ", _std)}])";
}
