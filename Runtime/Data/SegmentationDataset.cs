namespace CnnGen.Data;

/// <summary>
/// Images with an integer mask each, held in memory: the data of per-pixel classification (semantic segmentation),
/// PyTorch's <c>TensorDataset(x, masks)</c> with <c>x</c> of shape (N, C, H, W) and <c>masks</c> (N, H, W) of class
/// indices, as <c>nn.CrossEntropyLoss</c> takes them. <see cref="Count"/> samples of <see cref="SampleLength"/> input
/// floats and <see cref="MaskLength"/> = <see cref="MaskHeight"/> × <see cref="MaskWidth"/> labels, each in
/// [0, <see cref="Classes"/>).
/// </summary>
public sealed class SegmentationDataset
{
    readonly float[] _inputs;
    readonly int[] _masks;

    /// <summary>
    /// Wraps <paramref name="inputs"/> ([n, C·H·W]) and <paramref name="masks"/> ([n, H·W] row-major, the input's height
    /// and width); not copied.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is not positive, the lengths do not hold the same whole number of samples, or a label lies outside [0, classes) (the message names its sample, row and column).</exception>
    public SegmentationDataset(float[] inputs, int[] masks, int channels, int height, int width, int classes)
        : this(inputs, masks, channels, height, width, classes, height, width)
    {
    }

    /// <summary>
    /// Wraps <paramref name="inputs"/> ([n, C·H·W]) and <paramref name="masks"/> ([n, maskHeight·maskWidth] row-major),
    /// for networks whose output map is not the input's size; not copied.
    /// </summary>
    /// <exception cref="ArgumentException">As the other constructor.</exception>
    public SegmentationDataset(float[] inputs, int[] masks, int channels, int height, int width, int classes, int maskHeight, int maskWidth)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Expected a positive sample shape, got {channels}×{height}×{width}.");
        if (maskHeight <= 0 || maskWidth <= 0)
            throw new ArgumentException($"Expected a positive mask shape, got {maskHeight}×{maskWidth}.");
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least one class.");
        var sampleLength = (long)channels * height * width;
        if (inputs.Length % sampleLength != 0)
            throw new ArgumentException($"Expected whole samples of {channels}×{height}×{width} = {sampleLength} values, got {inputs.Length} values.", nameof(inputs));
        var count = inputs.Length / sampleLength;
        var maskLength = (long)maskHeight * maskWidth;
        if (masks.Length != count * maskLength)
            throw new ArgumentException($"Expected one {maskHeight}×{maskWidth} mask per sample ({count} × {maskLength} = {count * maskLength} labels), got {masks.Length}.", nameof(masks));
        NetworkGuards.CheckPixelLabels(masks, (int)count, classes, maskHeight, maskWidth);
        (_inputs, _masks, Channels, Height, Width, Classes, MaskHeight, MaskWidth) = (inputs, masks, channels, height, width, classes, maskHeight, maskWidth);
    }

    /// <summary>Number of samples.</summary>
    public int Count => _masks.Length / MaskLength;

    /// <summary>Channels of one input.</summary>
    public int Channels { get; }

    /// <summary>Height of one input.</summary>
    public int Height { get; }

    /// <summary>Width of one input.</summary>
    public int Width { get; }

    /// <summary>Number of classes; every label lies in [0, Classes).</summary>
    public int Classes { get; }

    /// <summary>Rows of one mask (the network's output height).</summary>
    public int MaskHeight { get; }

    /// <summary>Columns of one mask (the network's output width).</summary>
    public int MaskWidth { get; }

    /// <summary>Floats per input: Channels · Height · Width.</summary>
    public int SampleLength => Channels * Height * Width;

    /// <summary>Labels per mask: MaskHeight · MaskWidth.</summary>
    public int MaskLength => MaskHeight * MaskWidth;

    /// <summary>All inputs, sample after sample.</summary>
    public ReadOnlySpan<float> Inputs => _inputs;

    /// <summary>All masks, sample after sample.</summary>
    public ReadOnlySpan<int> Masks => _masks;

    /// <summary>The input of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Input(int index) => _inputs.AsSpan(checked(index * SampleLength), SampleLength);

    /// <summary>The mask of sample <paramref name="index"/> (row-major).</summary>
    public ReadOnlySpan<int> Mask(int index) => _masks.AsSpan(checked(index * MaskLength), MaskLength);

    /// <summary>A new dataset holding copies of the samples at <paramref name="indices"/>, in that order.</summary>
    /// <exception cref="ArgumentException">The copies would exceed one array.</exception>
    public SegmentationDataset Subset(ReadOnlySpan<int> indices)
    {
        if ((long)indices.Length * Math.Max(SampleLength, MaskLength) > Array.MaxLength)
            throw new ArgumentException($"{indices.Length} samples exceed the {Array.MaxLength} values an array holds.", nameof(indices));
        var inputs = new float[indices.Length * SampleLength];
        var masks = new int[indices.Length * MaskLength];
        for (var i = 0; i < indices.Length; i++)
        {
            Input(indices[i]).CopyTo(inputs.AsSpan(i * SampleLength));
            Mask(indices[i]).CopyTo(masks.AsSpan(i * MaskLength));
        }
        return new SegmentationDataset(inputs, masks, Channels, Height, Width, Classes, MaskHeight, MaskWidth);
    }

    /// <summary>
    /// Splits into disjoint training and test sets of exactly the requested sizes, drawn at random
    /// (<c>torch.utils.data.random_split</c>). The same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are negative or add up to more than <see cref="Count"/>.</exception>
    public (SegmentationDataset Train, SegmentationDataset Test) Split(int trainCount, int testCount, int seed = 0)
    {
        var (train, test) = StratifiedSplit.RandomIndices(Count, trainCount, testCount, seed);
        return (Subset(train), Subset(test));
    }
}
