namespace CnnGen.Data;

/// <summary>
/// Seeded shuffled mini-batches over a <see cref="Dataset"/> (inputs and labels), a <see cref="TensorDataset"/>
/// (inputs and float targets) or a <see cref="SegmentationDataset"/> (inputs and masks). One reusable buffer holds the current batch:
/// filling a batch copies samples in permutation order and allocates nothing.
/// The last batch of an epoch may be smaller (PyTorch's <c>drop_last=False</c>), or is left out with
/// <c>dropLast</c> (<c>drop_last=True</c>). With an <see cref="IAugmentation"/>, every sample is transformed as it is
/// copied, drawing from its own seeded stream in batch order: each epoch sees new variants, and the same seed gives
/// the same bits.
/// </summary>
public sealed class MiniBatches
{
    readonly Dataset? _labelled;
    readonly TensorDataset? _paired;
    readonly SegmentationDataset? _masked;
    readonly int _count;
    readonly int _channels, _height, _width;
    readonly int[] _order;
    readonly float[] _inputs;
    readonly int[] _labels;
    readonly float[] _targets;
    readonly SeededRandom _random;
    readonly IAugmentation? _augmentation;
    readonly SeededRandom _augmentationRandom;
    readonly float[] _scratch;

    /// <summary>
    /// Batches of <paramref name="batchSize"/> samples from <paramref name="data"/>; <paramref name="seed"/> fixes every
    /// epoch's order and the augmentation's draws.
    /// </summary>
    /// <param name="data">The samples (at least one; at least <paramref name="batchSize"/> with <paramref name="dropLast"/>).</param>
    /// <param name="batchSize">Samples per batch (capped at the dataset's size).</param>
    /// <param name="seed">Seeds the order and the augmentation.</param>
    /// <param name="dropLast">Leave out each epoch's last batch when it is partial (PyTorch's <c>drop_last=True</c>).</param>
    /// <param name="augmentation">Applied to every sample of every batch; null = none.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty.</exception>
    public MiniBatches(Dataset data, int batchSize, int seed, bool dropLast = false, IAugmentation? augmentation = null)
        : this(data?.Count ?? throw new ArgumentNullException(nameof(data)), data.Channels, data.Height, data.Width, targetLength: 0, batchSize, seed, dropLast, augmentation)
    {
        _labelled = data;
        _labels = new int[BatchSize];
    }

    /// <summary>
    /// Batches of <paramref name="batchSize"/> inputs and targets from <paramref name="data"/>; the augmentation, if any,
    /// transforms the inputs only (a denoising or augmented regression target stays as given).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty.</exception>
    public MiniBatches(TensorDataset data, int batchSize, int seed, bool dropLast = false, IAugmentation? augmentation = null)
        : this(data?.Count ?? throw new ArgumentNullException(nameof(data)), data.Channels, data.Height, data.Width, data.TargetLength, batchSize, seed, dropLast, augmentation)
    {
        _paired = data;
        _targets = new float[(long)BatchSize * data.TargetLength];
    }

    /// <summary>
    /// Batches of <paramref name="batchSize"/> inputs and their masks from <paramref name="data"/> (<see cref="Batch.Labels"/>
    /// holds the masks, <see cref="Batch.Count"/> masks of <see cref="SegmentationDataset.MaskLength"/> labels).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is empty, or an augmentation is given: it would move the input's pixels away from their labels.</exception>
    public MiniBatches(SegmentationDataset data, int batchSize, int seed, bool dropLast = false, IAugmentation? augmentation = null)
        : this(data?.Count ?? throw new ArgumentNullException(nameof(data)), data.Channels, data.Height, data.Width, targetLength: 0, batchSize, seed, dropLast, augmentation)
    {
        if (augmentation is not null)
            throw new ArgumentException($"An augmentation ({augmentation.GetType().Name}) transforms the inputs only, which would move a segmentation input's pixels away from their mask's labels: train segmentation without one.", nameof(augmentation));
        _masked = data;
        _labels = new int[(long)BatchSize * data.MaskLength];
    }

    MiniBatches(int count, int channels, int height, int width, int targetLength, int batchSize, int seed, bool dropLast, IAugmentation? augmentation)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        if (count == 0) throw new ArgumentException("Expected a non-empty dataset.", "data");
        (_count, _channels, _height, _width) = (count, channels, height, width);
        BatchSize = Math.Min(batchSize, count);
        _order = new int[count];
        for (var i = 0; i < _order.Length; i++) _order[i] = i;
        var sampleLength = channels * height * width;
        _inputs = new float[BatchSize * sampleLength];
        _labels = [];
        _targets = [];
        _random = new SeededRandom(seed);
        BatchCount = CountBatches(count, batchSize, dropLast);
        _augmentation = augmentation;
        _augmentationRandom = new SeededRandom(seed ^ AugmentationSeedMix);
        _scratch = augmentation is null ? [] : new float[sampleLength];
    }

    /// <summary>Keeps the augmentation's stream apart from the order's (and from dropout's, <see cref="NetworkGuards.TrainingSeed"/>).</summary>
    const long AugmentationSeedMix = 0x2545F4914F6CDD1DL;

    /// <summary>The order of the current epoch (a checkpoint saves it; setting it is validated as a permutation).</summary>
    internal int[] Order => _order;

    /// <summary>The stream that draws each epoch's order.</summary>
    internal SeededRandom OrderRandom => _random;

    /// <summary>The stream the augmentation draws from.</summary>
    internal SeededRandom AugmentationRandom => _augmentationRandom;

    /// <summary>Samples per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch (the last one may be partial unless partial batches are dropped).</summary>
    public int BatchCount { get; }

    /// <summary>The batches of one epoch over <paramref name="samples"/> samples in batches of <paramref name="batchSize"/> (at most <paramref name="samples"/>): ⌈samples / batch⌉, or ⌊samples / batch⌋ when the partial last batch is dropped.</summary>
    internal static int CountBatches(int samples, int batchSize, bool dropLast)
    {
        var size = Math.Min(batchSize, samples);
        return size <= 0 ? 0 : dropLast ? samples / size : (samples + size - 1) / size;
    }

    /// <summary>Samples per epoch over all <see cref="BatchCount"/> batches.</summary>
    public int SampleCount => Math.Min(_count, BatchCount * BatchSize);

    /// <summary>Draws a new order for the next epoch.</summary>
    public void Shuffle() => StratifiedSplit.Shuffle(_order, _random);

    /// <summary>Copies batch <paramref name="index"/> of the current order into the shared buffer and returns a view of it (valid until the next call).</summary>
    public Batch Fill(int index)
    {
        if ((uint)index >= (uint)BatchCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a batch in [0, {BatchCount}).");
        var start = index * BatchSize;
        var count = Math.Min(BatchSize, _count - start);
        var length = _channels * _height * _width;
        var targetLength = _paired?.TargetLength ?? 0;
        for (var i = 0; i < count; i++)
        {
            var sample = _order[start + i];
            var input = _inputs.AsSpan(i * length, length);
            if (_labelled is not null)
            {
                _labelled.Image(sample).CopyTo(input);
                _labels[i] = _labelled.Label(sample);
            }
            else if (_masked is not null)
            {
                _masked.Input(sample).CopyTo(input);
                _masked.Mask(sample).CopyTo(_labels.AsSpan(i * _masked.MaskLength, _masked.MaskLength));
            }
            else
            {
                _paired!.Input(sample).CopyTo(input);
                _paired.Target(sample).CopyTo(_targets.AsSpan(i * targetLength, targetLength));
            }
            _augmentation?.Apply(input, _channels, _height, _width, _augmentationRandom, _scratch);
        }
        var inputs = _inputs.AsSpan(0, count * length);
        if (_labelled is not null) return new Batch(inputs, _labels.AsSpan(0, count));
        if (_masked is not null) return new Batch(inputs, _labels.AsSpan(0, count * _masked.MaskLength), count);
        return new Batch(inputs, _targets.AsSpan(0, count * targetLength), count);
    }
}

/// <summary>One mini-batch: <see cref="Count"/> samples and their labels, masks or float targets (views of a reused buffer).</summary>
public readonly ref struct Batch
{
    /// <summary>A batch of inputs with class labels (one per sample).</summary>
    public Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        Inputs = inputs;
        Labels = labels;
        Count = labels.Length;
    }

    /// <summary>A batch of <paramref name="count"/> inputs with a mask each (<paramref name="masks"/>: count × H·W class indices).</summary>
    public Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> masks, int count)
    {
        Inputs = inputs;
        Labels = masks;
        Count = count;
    }

    /// <summary>A batch of <paramref name="count"/> inputs with float targets.</summary>
    public Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int count)
    {
        Inputs = inputs;
        Targets = targets;
        Count = count;
    }

    /// <summary>The inputs, sample after sample.</summary>
    public ReadOnlySpan<float> Inputs { get; }

    /// <summary>The labels, one per sample, or the masks, one per sample of H·W labels (empty for a batch of float targets).</summary>
    public ReadOnlySpan<int> Labels { get; }

    /// <summary>The float targets, sample after sample (empty for a batch of labels).</summary>
    public ReadOnlySpan<float> Targets { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }
}
