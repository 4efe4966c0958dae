using System.Runtime.ExceptionServices;

namespace CnnGen.Data;

/// <summary>
/// Decodes and transforms samples of an <see cref="ImageFolder"/> into fixed-size slots, several at once. Sample
/// number p of an epoch draws from its own stream of (seed, epoch, p), so the bits do not depend on which thread
/// decodes it or in what order.
/// </summary>
sealed class SampleDecoder
{
    readonly ImageFolder _data;
    readonly IImageTransform? _transform;
    readonly long _seed;

    public SampleDecoder(ImageFolder data, IImageTransform? transform, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("Expected a non-empty image folder.", nameof(data));
        (_data, _transform, _seed) = (data, transform, seed);
        // The first image fixes the size every other must come out at.
        Shape = Transform(0, Stream(0, 0));
        SampleLength = Shape.Pixels.Length;
    }

    /// <summary>The first image after the transform: its shape is every sample's.</summary>
    public ImageTensor Shape { get; }

    public int SampleLength { get; }

    public static int Workers(int workers) => workers switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(workers), workers, "Expected a worker count ≥ 0 (0 = one per processor)."),
        0 => Environment.ProcessorCount,
        _ => workers,
    };

    /// <summary>Decodes <paramref name="samples"/> (positions 0… of <paramref name="epoch"/>'s draw) into <paramref name="images"/> and <paramref name="labels"/>.</summary>
    public void Decode(int[] samples, int epoch, float[] images, int[] labels, int workers, int firstPosition = 0)
    {
        try
        {
            Parallel.For(0, samples.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
            {
                var sample = samples[i];
                var image = Transform(sample, Stream(epoch, firstPosition + i));
                if (image.Channels != Shape.Channels || image.Height != Shape.Height || image.Width != Shape.Width)
                    throw new InvalidDataException(
                        $"{_data.Samples[sample].Path} comes out {image} after the transforms, the first image {_data.Samples[0].Path} {Shape}: every image must have one size (add a Resize(h, w) or a crop).");
                image.Pixels.CopyTo(images, (long)i * SampleLength);
                labels[i] = _data.Label(sample);
            });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }
    }

    ImageTensor Transform(int sample, SeededRandom random)
    {
        var image = _data.Read(sample);
        return _transform is null ? image : _transform.Apply(image, random) ?? throw new InvalidOperationException($"{_transform} returned null.");
    }

    /// <summary>The stream of the sample at <paramref name="position"/> of <paramref name="epoch"/>.</summary>
    SeededRandom Stream(int epoch, int position)
        => new(unchecked(_seed * -7046029254386353131L ^ ((long)epoch << 32 | (uint)position) ^ 0x5851F42D4C957F2DL));
}
