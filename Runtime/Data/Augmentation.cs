namespace CnnGen.Data;

/// <summary>
/// A random image transform applied to one training sample in place (the <c>torchvision.transforms</c> counterparts are
/// named on each class). Every transform draws its random numbers from the <see cref="SeededRandom"/> it is given, in a
/// fixed order, and computes in scalar code: the same stream gives the same bits on every machine and thread count.
/// </summary>
public interface IAugmentation
{
    /// <summary>
    /// Transforms <paramref name="image"/> (<paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/>,
    /// NCHW) in place. <paramref name="scratch"/> holds at least <c>image.Length</c> floats; its contents are overwritten.
    /// </summary>
    void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch);
}

/// <summary>Several transforms applied in order (<c>torchvision.transforms.Compose</c>).</summary>
public sealed class Augmentations : IAugmentation
{
    readonly IAugmentation[] _steps;

    /// <summary>Applies <paramref name="steps"/> one after the other.</summary>
    /// <exception cref="ArgumentException">A step is null.</exception>
    public Augmentations(params IAugmentation[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Any(s => s is null)) throw new ArgumentException("Expected no null transform.", nameof(steps));
        _steps = [.. steps];
    }

    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<IAugmentation> Steps => _steps;

    /// <inheritdoc />
    public void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch)
    {
        foreach (var step in _steps) step.Apply(image, channels, height, width, random, scratch);
    }

    /// <summary>Names and settings of the steps, e.g. <c>RandomCrop(padding=2) + RandomHorizontalFlip(p=0.5)</c>.</summary>
    public override string ToString() => _steps.Length == 0 ? "none" : string.Join(" + ", _steps.Select(s => s.ToString()));
}

/// <summary>
/// Random translation by a whole number of pixels with zero fill: dx and dy are drawn uniformly from
/// [−<see cref="MaxShift"/>, <see cref="MaxShift"/>] (<c>RandomAffine(degrees=0, translate=…)</c> with integer shifts).
/// </summary>
public sealed class RandomTranslation : IAugmentation
{
    /// <summary>Shifts by at most <paramref name="maxShift"/> pixels along each axis.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxShift"/> is negative.</exception>
    public RandomTranslation(int maxShift) =>
        MaxShift = maxShift >= 0 ? maxShift : throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, "Expected a shift ≥ 0.");

    /// <summary>The largest shift in pixels.</summary>
    public int MaxShift { get; }

    /// <inheritdoc />
    public void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch)
    {
        Augment.CheckImage(image, channels, height, width, scratch);
        var dx = random.NextInt(2 * MaxShift + 1) - MaxShift;
        var dy = random.NextInt(2 * MaxShift + 1) - MaxShift;
        Augment.Shift(image, channels, height, width, dx, dy, scratch);
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomTranslation(max={MaxShift}px)";
}

/// <summary>
/// <c>RandomCrop(size=(H, W), padding=p)</c>: zero-pads every side by <see cref="Padding"/> and cuts out an H × W window
/// at a uniform offset in [0, 2p] per axis (top first, then left, as torchvision draws them).
/// </summary>
public sealed class RandomCrop : IAugmentation
{
    /// <summary>Pads by <paramref name="padding"/> pixels before cropping back to the image's size.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="padding"/> is negative.</exception>
    public RandomCrop(int padding) =>
        Padding = padding >= 0 ? padding : throw new ArgumentOutOfRangeException(nameof(padding), padding, "Expected a padding ≥ 0.");

    /// <summary>Zero padding on each side, in pixels.</summary>
    public int Padding { get; }

    /// <inheritdoc />
    public void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch)
    {
        Augment.CheckImage(image, channels, height, width, scratch);
        var top = random.NextInt(2 * Padding + 1);
        var left = random.NextInt(2 * Padding + 1);
        // The window starting at (top, left) of the padded image is the image moved by (p − left, p − top).
        Augment.Shift(image, channels, height, width, Padding - left, Padding - top, scratch);
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomCrop(padding={Padding})";
}

/// <summary>
/// Random rotation and scaling about the image centre with bilinear sampling and zero fill
/// (<c>RandomAffine(degrees, scale=(min, max), interpolation=BILINEAR, fill=0)</c>): the angle is uniform in
/// [−<see cref="Degrees"/>, <see cref="Degrees"/>] (positive turns the picture counter-clockwise as displayed), the
/// scale uniform in [<see cref="MinScale"/>, <see cref="MaxScale"/>]. The warp is the one
/// <c>F.grid_sample(x, F.affine_grid(θ, …, align_corners=False), mode="bilinear", padding_mode="zeros", align_corners=False)</c>
/// computes for the inverse map θ (see <see cref="Warp"/>).
/// </summary>
public sealed class RandomAffine : IAugmentation
{
    /// <summary>Rotates by up to ±<paramref name="degrees"/> and scales by a factor in [<paramref name="minScale"/>, <paramref name="maxScale"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative or non-finite angle, or scales not 0 &lt; min ≤ max.</exception>
    public RandomAffine(double degrees, double minScale = 1, double maxScale = 1)
    {
        Degrees = double.IsFinite(degrees) && degrees >= 0 ? degrees : throw new ArgumentOutOfRangeException(nameof(degrees), degrees, "Expected a finite angle ≥ 0.");
        if (!(minScale > 0 && minScale <= maxScale && double.IsFinite(maxScale)))
            throw new ArgumentOutOfRangeException(nameof(minScale), $"Expected scales 0 < min ≤ max, got [{minScale}, {maxScale}].");
        (MinScale, MaxScale) = (minScale, maxScale);
    }

    /// <summary>The largest rotation, in degrees.</summary>
    public double Degrees { get; }

    /// <summary>The smallest scale factor.</summary>
    public double MinScale { get; }

    /// <summary>The largest scale factor.</summary>
    public double MaxScale { get; }

    /// <inheritdoc />
    public void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch)
    {
        Augment.CheckImage(image, channels, height, width, scratch);
        var angle = (2 * random.NextDouble() - 1) * Degrees;
        var scale = MinScale + random.NextDouble() * (MaxScale - MinScale);
        Warp(image, channels, height, width, angle, scale, scratch);
    }

    /// <summary>
    /// Rotates by <paramref name="degrees"/> (counter-clockwise as displayed) and scales by <paramref name="scale"/>
    /// about the centre ((W − 1)/2, (H − 1)/2): output pixel (x, y) samples the input bilinearly at
    /// centre + R(θ)·(x − cx, y − cy)/scale with R(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]; samples outside read 0.
    /// </summary>
    public static void Warp(Span<float> image, int channels, int height, int width, double degrees, double scale, Span<float> scratch)
    {
        Augment.CheckImage(image, channels, height, width, scratch);
        if (!(scale > 0) || !double.IsFinite(scale) || !double.IsFinite(degrees))
            throw new ArgumentOutOfRangeException(nameof(scale), $"Expected a finite angle and a finite scale > 0, got {degrees}° and {scale}.");
        var source = scratch[..image.Length];
        image.CopyTo(source);
        var radians = degrees * Math.PI / 180;
        double cos = Math.Cos(radians) / scale, sin = Math.Sin(radians) / scale;
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        var plane = height * width;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double dx = x - cx, dy = y - cy;
                var sx = cx + cos * dx - sin * dy;
                var sy = cy + sin * dx + cos * dy;
                var x0 = (int)Math.Floor(sx);
                var y0 = (int)Math.Floor(sy);
                var fx = (float)(sx - x0);
                var fy = (float)(sy - y0);
                for (var c = 0; c < channels; c++)
                {
                    var input = source.Slice(c * plane, plane);
                    float top = (1 - fx) * Pixel(input, height, width, x0, y0) + fx * Pixel(input, height, width, x0 + 1, y0);
                    float bottom = (1 - fx) * Pixel(input, height, width, x0, y0 + 1) + fx * Pixel(input, height, width, x0 + 1, y0 + 1);
                    image[c * plane + y * width + x] = (1 - fy) * top + fy * bottom;
                }
            }
        }
    }

    static float Pixel(ReadOnlySpan<float> plane, int height, int width, int x, int y)
        => (uint)x < (uint)width && (uint)y < (uint)height ? plane[y * width + x] : 0f;

    /// <inheritdoc />
    public override string ToString() => $"RandomAffine(degrees={Degrees}, scale=[{MinScale}, {MaxScale}])";
}

/// <summary>
/// <c>RandomHorizontalFlip(p)</c>: mirrors left and right with probability <see cref="Probability"/>. Not for digits
/// (a mirrored 2 is no digit). Both an in-place augmentation of a training batch and an <see cref="IImageTransform"/>.
/// </summary>
public sealed class RandomHorizontalFlip : IAugmentation, IImageTransform
{
    /// <summary>Flips with probability <paramref name="probability"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public RandomHorizontalFlip(double probability = 0.5) => Probability = Augment.Probability(probability);

    /// <summary>Chance of a flip.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch)
    {
        Augment.CheckImage(image, channels, height, width, scratch);
        if (random.NextDouble() >= Probability) return;
        for (var row = 0; row < channels * height; row++) image.Slice(row * width, width).Reverse();
    }

    /// <inheritdoc />
    public ImageTensor Apply(ImageTensor image, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(image);
        Apply(image.Pixels, image.Channels, image.Height, image.Width, random, image.Pixels);
        return image;
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomHorizontalFlip(p={Probability})";
}

/// <summary>
/// <c>RandomErasing(p, scale, ratio, value=0)</c>: with probability <see cref="Probability"/>, sets a rectangle to zero in
/// every channel. Like torchvision, up to 10 attempts draw an area fraction uniform in [min, max] of
/// <see cref="Scale"/> and a log-uniform aspect ratio in <see cref="Ratio"/>; h = round(√(area·ratio)),
/// w = round(√(area/ratio)); the first that fits is placed at a uniform top-left corner; none fitting erases nothing.
/// </summary>
public sealed class RandomErasing : IAugmentation
{
    /// <summary>Erases with probability <paramref name="probability"/> a rectangle of <paramref name="minArea"/>–<paramref name="maxArea"/> of the image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A probability outside [0, 1], areas not 0 &lt; min ≤ max ≤ 1, or ratios not 0 &lt; min ≤ max.</exception>
    public RandomErasing(double probability = 0.5, double minArea = 0.02, double maxArea = 0.33, double minRatio = 0.3, double maxRatio = 3.3)
    {
        Probability = Augment.Probability(probability);
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1))
            throw new ArgumentOutOfRangeException(nameof(minArea), $"Expected areas 0 < min ≤ max ≤ 1, got [{minArea}, {maxArea}].");
        if (!(minRatio > 0 && minRatio <= maxRatio && double.IsFinite(maxRatio)))
            throw new ArgumentOutOfRangeException(nameof(minRatio), $"Expected ratios 0 < min ≤ max, got [{minRatio}, {maxRatio}].");
        Scale = (minArea, maxArea);
        Ratio = (minRatio, maxRatio);
    }

    /// <summary>Chance of an erasure.</summary>
    public double Probability { get; }

    /// <summary>Range of the erased fraction of the image.</summary>
    public (double Min, double Max) Scale { get; }

    /// <summary>Range of the rectangle's height / width.</summary>
    public (double Min, double Max) Ratio { get; }

    /// <inheritdoc />
    public void Apply(Span<float> image, int channels, int height, int width, SeededRandom random, Span<float> scratch)
    {
        Augment.CheckImage(image, channels, height, width, scratch);
        if (random.NextDouble() >= Probability) return;
        double logMin = Math.Log(Ratio.Min), logMax = Math.Log(Ratio.Max);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var area = height * width * (Scale.Min + random.NextDouble() * (Scale.Max - Scale.Min));
            var ratio = Math.Exp(logMin + random.NextDouble() * (logMax - logMin));
            var h = (int)Math.Round(Math.Sqrt(area * ratio));
            var w = (int)Math.Round(Math.Sqrt(area / ratio));
            if (h >= height || w >= width || h < 1 || w < 1) continue;
            var top = random.NextInt(height - h + 1);
            var left = random.NextInt(width - w + 1);
            Erase(image, channels, height, width, top, left, h, w);
            return;
        }
    }

    /// <summary>Zeroes rows [top, top + h) × columns [left, left + w) of every channel.</summary>
    public static void Erase(Span<float> image, int channels, int height, int width, int top, int left, int h, int w)
    {
        for (var c = 0; c < channels; c++)
        {
            for (var y = top; y < top + h; y++) image.Slice((c * height + y) * width + left, w).Clear();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RandomErasing(p={Probability}, scale=[{Scale.Min}, {Scale.Max}], ratio=[{Ratio.Min}, {Ratio.Max}])";
}

/// <summary>Checks and the whole-pixel shift shared by the transforms.</summary>
static class Augment
{
    public static void CheckImage(Span<float> image, int channels, int height, int width, Span<float> scratch)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Expected a positive image shape, got {channels}×{height}×{width}.");
        if (image.Length != channels * height * width)
            throw new ArgumentException($"Expected {channels}×{height}×{width} = {channels * height * width} values, got {image.Length}.", nameof(image));
        if (scratch.Length < image.Length)
            throw new ArgumentException($"Expected a scratch buffer of at least {image.Length} values, got {scratch.Length}.", nameof(scratch));
    }

    public static double Probability(double p) =>
        p >= 0 && p <= 1 ? p : throw new ArgumentOutOfRangeException("probability", p, "Expected a probability in [0, 1].");

    /// <summary>Moves the picture right by <paramref name="dx"/> and down by <paramref name="dy"/> pixels; uncovered pixels become 0.</summary>
    public static void Shift(Span<float> image, int channels, int height, int width, int dx, int dy, Span<float> scratch)
    {
        if (dx == 0 && dy == 0) return;
        var source = scratch[..image.Length];
        image.CopyTo(source);
        image.Clear();
        if (Math.Abs(dx) >= width || Math.Abs(dy) >= height) return;
        var columns = width - Math.Abs(dx);
        int fromX = Math.Max(0, -dx), toX = Math.Max(0, dx);
        for (var c = 0; c < channels; c++)
        {
            for (var y = Math.Max(0, dy); y < Math.Min(height, height + dy); y++)
            {
                source.Slice((c * height + y - dy) * width + fromX, columns).CopyTo(image.Slice((c * height + y) * width + toX, columns));
            }
        }
    }
}
