namespace CnnGen.Data;

/// <summary>
/// Seeded shuffled mini-batches over a <see cref="Dataset"/>. One reusable buffer holds the current batch:
/// filling a batch copies samples in permutation order and allocates nothing.
/// The last batch of an epoch may be smaller (PyTorch's <c>drop_last=False</c>), or is left out with
/// <c>dropLast</c> (<c>drop_last=True</c>). With an <see cref="IAugmentation"/>, every sample is transformed as it is
/// copied, drawing from its own seeded stream in batch order: each epoch sees new variants, and the same seed gives
/// the same bits.
/// </summary>
public sealed class MiniBatches
{
    readonly Dataset _data;
    readonly int[] _order;
    readonly float[] _inputs;
    readonly int[] _labels;
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
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        if (data.Count == 0) throw new ArgumentException("Expected a non-empty dataset.", nameof(data));
        _data = data;
        BatchSize = Math.Min(batchSize, data.Count);
        _order = new int[data.Count];
        for (var i = 0; i < _order.Length; i++) _order[i] = i;
        _inputs = new float[BatchSize * data.SampleLength];
        _labels = new int[BatchSize];
        _random = new SeededRandom(seed);
        BatchCount = CountBatches(data.Count, batchSize, dropLast);
        _augmentation = augmentation;
        _augmentationRandom = new SeededRandom(seed ^ AugmentationSeedMix);
        _scratch = augmentation is null ? [] : new float[data.SampleLength];
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
    public static int CountBatches(int samples, int batchSize, bool dropLast)
    {
        var size = Math.Min(batchSize, samples);
        return size <= 0 ? 0 : dropLast ? samples / size : (samples + size - 1) / size;
    }

    /// <summary>Samples per epoch over all <see cref="BatchCount"/> batches.</summary>
    public int SampleCount => Math.Min(_data.Count, BatchCount * BatchSize);

    /// <summary>Draws a new order for the next epoch.</summary>
    public void Shuffle() => StratifiedSplit.Shuffle(_order, _random);

    /// <summary>Copies batch <paramref name="index"/> of the current order into the shared buffer and returns a view of it (valid until the next call).</summary>
    public Batch Fill(int index)
    {
        if ((uint)index >= (uint)BatchCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a batch in [0, {BatchCount}).");
        var start = index * BatchSize;
        var count = Math.Min(BatchSize, _data.Count - start);
        var length = _data.SampleLength;
        for (var i = 0; i < count; i++)
        {
            var sample = _order[start + i];
            _data.Image(sample).CopyTo(_inputs.AsSpan(i * length, length));
            _labels[i] = _data.Label(sample);
            _augmentation?.Apply(_inputs.AsSpan(i * length, length), _data.Channels, _data.Height, _data.Width, _augmentationRandom, _scratch);
        }
        return new Batch(_inputs.AsSpan(0, count * length), _labels.AsSpan(0, count));
    }
}

/// <summary>One mini-batch: <see cref="Count"/> samples and their labels (views of a reused buffer).</summary>
public readonly ref struct Batch(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
{
    /// <summary>The images, sample after sample.</summary>
    public ReadOnlySpan<float> Inputs { get; } = inputs;

    /// <summary>The labels.</summary>
    public ReadOnlySpan<int> Labels { get; } = labels;

    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;
}
