namespace CnnGen.Data;

/// <summary>
/// One image as floats, channels × height × width (CHW, the layout of a torchvision tensor image): what
/// <see cref="ImageFile"/> decodes and what every <see cref="IImageTransform"/> takes and returns.
/// </summary>
public sealed class ImageTensor
{
    /// <summary>Wraps <paramref name="pixels"/> (<paramref name="channels"/> · <paramref name="height"/> · <paramref name="width"/> values, CHW; not copied).</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or the length is not their product.</exception>
    public ImageTensor(float[] pixels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Expected a positive image shape, got {channels}×{height}×{width}.");
        if (pixels.Length != (long)channels * height * width)
            throw new ArgumentException($"Expected {channels}×{height}×{width} = {(long)channels * height * width} values, got {pixels.Length}.", nameof(pixels));
        (Pixels, Channels, Height, Width) = (pixels, channels, height, width);
    }

    /// <summary>The values, channel after channel, row after row.</summary>
    public float[] Pixels { get; }

    /// <summary>Channels (1 grey, 3 RGB).</summary>
    public int Channels { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Values of one channel: Height · Width.</summary>
    public int PlaneLength => Height * Width;

    /// <summary>The shape as text, e.g. <c>3×32×32</c>.</summary>
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
