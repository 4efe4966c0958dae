namespace CnnGen.Data;

/// <summary>
/// Inputs with float targets held in memory (PyTorch's <c>TensorDataset(x, y)</c>): for regression, autoencoders
/// and any head that trains on float targets. <see cref="Count"/> samples of <see cref="SampleLength"/> input floats
/// (channels × height × width, NCHW) and <see cref="TargetLength"/> target floats each.
/// </summary>
public sealed class TensorDataset
{
    readonly float[] _inputs;
    readonly float[] _targets;

    /// <summary>Wraps <paramref name="inputs"/> ([n, C·H·W]) and <paramref name="targets"/> ([n, <paramref name="targetLength"/>]); not copied.</summary>
    /// <exception cref="ArgumentException">A dimension is not positive, or the lengths do not hold the same whole number of samples.</exception>
    public TensorDataset(float[] inputs, float[] targets, int channels, int height, int width, int targetLength)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Expected a positive sample shape, got {channels}×{height}×{width}.");
        if (targetLength <= 0) throw new ArgumentOutOfRangeException(nameof(targetLength), targetLength, "Expected a positive target length.");
        var sampleLength = (long)channels * height * width;
        if (inputs.Length % sampleLength != 0)
            throw new ArgumentException($"Expected whole samples of {channels}×{height}×{width} = {sampleLength} values, got {inputs.Length} values.", nameof(inputs));
        var count = inputs.Length / sampleLength;
        if (targets.Length != count * targetLength)
            throw new ArgumentException($"Expected {count} samples × {targetLength} target values = {count * targetLength}, got {targets.Length}.", nameof(targets));
        (_inputs, _targets, Channels, Height, Width, TargetLength) = (inputs, targets, channels, height, width, targetLength);
    }

    /// <summary>
    /// An autoencoder's data: each image of <paramref name="images"/> is its own target (the labels are dropped). With
    /// <paramref name="noisyInputs"/> (same length as the images) those become the inputs: a denoising autoencoder.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="noisyInputs"/> has another length than the images.</exception>
    public static TensorDataset Reconstruction(Dataset images, float[]? noisyInputs = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (noisyInputs is not null && noisyInputs.Length != images.Images.Length)
            throw new ArgumentException($"Expected {images.Images.Length} noisy input values (one per image value), got {noisyInputs.Length}.", nameof(noisyInputs));
        var clean = images.Images.ToArray();
        return new TensorDataset(noisyInputs ?? clean, clean, images.Channels, images.Height, images.Width, images.SampleLength);
    }

    /// <summary>Number of samples.</summary>
    public int Count => _targets.Length / TargetLength;

    /// <summary>Channels of one input.</summary>
    public int Channels { get; }

    /// <summary>Height of one input.</summary>
    public int Height { get; }

    /// <summary>Width of one input.</summary>
    public int Width { get; }

    /// <summary>Floats per input: Channels · Height · Width.</summary>
    public int SampleLength => Channels * Height * Width;

    /// <summary>Floats per target (the network's <see cref="INetwork.OutputLength"/>).</summary>
    public int TargetLength { get; }

    /// <summary>All inputs, sample after sample.</summary>
    public ReadOnlySpan<float> Inputs => _inputs;

    /// <summary>All targets, sample after sample.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>The input of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Input(int index) => _inputs.AsSpan(checked(index * SampleLength), SampleLength);

    /// <summary>The target of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Target(int index) => _targets.AsSpan(checked(index * TargetLength), TargetLength);

    /// <summary>A new dataset holding copies of the samples at <paramref name="indices"/>, in that order.</summary>
    /// <exception cref="ArgumentException">The copies would exceed one array.</exception>
    public TensorDataset Subset(ReadOnlySpan<int> indices)
    {
        var inputLength = (long)indices.Length * SampleLength;
        var targetLength = (long)indices.Length * TargetLength;
        if (Math.Max(inputLength, targetLength) > Array.MaxLength)
            throw new ArgumentException($"{indices.Length} samples exceed the {Array.MaxLength} values an array holds.", nameof(indices));
        var inputs = new float[inputLength];
        var targets = new float[targetLength];
        for (var i = 0; i < indices.Length; i++)
        {
            Input(indices[i]).CopyTo(inputs.AsSpan(i * SampleLength));
            Target(indices[i]).CopyTo(targets.AsSpan(i * TargetLength));
        }
        return new TensorDataset(inputs, targets, Channels, Height, Width, TargetLength);
    }

    /// <summary>
    /// Splits into disjoint training and test sets of exactly the requested sizes, drawn at random (there are no
    /// classes to stratify by; <c>torch.utils.data.random_split</c>). The same seed gives the same split.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are negative or add up to more than <see cref="Count"/>.</exception>
    public (TensorDataset Train, TensorDataset Test) Split(int trainCount, int testCount, int seed = 0)
    {
        var (train, test) = StratifiedSplit.RandomIndices(Count, trainCount, testCount, seed);
        return (Subset(train), Subset(test));
    }
}
