namespace CnnGen.Data;

/// <summary>
/// Seeded shuffled mini-batches decoded from an <see cref="ImageFolder"/> while training runs (<c>torch.utils.data.DataLoader</c>
/// with workers): <see cref="Fill"/> hands over a batch that worker threads decoded and transformed ahead of the
/// step, so data larger than memory streams from disk. The order of each epoch is the one <see cref="MiniBatches"/>
/// draws from the same seed and count; each sample's random transform draws from its own stream of (seed, epoch,
/// position in the epoch), so the batches hold the same bits for any worker or prefetch count. The transform must
/// give every image one size and be safe to call from several threads (the built-in ones are).
/// </summary>
public sealed class ImageBatches : IDisposable
{
    readonly SampleDecoder _decoder;
    readonly int _count;
    readonly bool _shuffle;
    readonly int _workers;
    readonly int[] _order;
    readonly SeededRandom _random;
    readonly Slot[] _slots;
    int _epoch;
    bool _disposed;

    sealed class Slot(int batchSize, int sampleLength)
    {
        public readonly float[] Inputs = new float[(long)batchSize * sampleLength];
        public readonly int[] Labels = new int[batchSize];
        public (int Epoch, int Batch) Holds = (-1, -1);
        public Task? Work;
        public int Count;
    }

    /// <summary>Batches of <paramref name="batchSize"/> images from <paramref name="data"/>.</summary>
    /// <param name="data">The images (at least one; at least <paramref name="batchSize"/> with <paramref name="dropLast"/>).</param>
    /// <param name="batchSize">Images per batch (capped at the folder's count).</param>
    /// <param name="seed">Seeds every epoch's order and every sample's transform.</param>
    /// <param name="transform">Applied to every decoded image (<see cref="Compose"/> for several); null = the decoded image.</param>
    /// <param name="workers">Threads that decode (<c>num_workers</c>); 0 = one per processor.</param>
    /// <param name="prefetch">Batches decoded ahead of the one in use (<c>prefetch_factor</c>); 0 = decode when asked.</param>
    /// <param name="dropLast">Leave out each epoch's last batch when it is partial (<c>drop_last=True</c>).</param>
    /// <param name="shuffle">Draw a new order every epoch (<c>shuffle=True</c>); false keeps the folder's order.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    /// <exception cref="InvalidDataException">The first image does not decode.</exception>
    public ImageBatches(ImageFolder data, int batchSize, int seed, IImageTransform? transform = null, int workers = 0, int prefetch = 2, bool dropLast = false, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        if (prefetch < 0) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "Expected a prefetch count ≥ 0.");
        _workers = SampleDecoder.Workers(workers);
        _decoder = new SampleDecoder(data, transform, seed);
        _count = data.Count;
        _shuffle = shuffle;
        BatchSize = Math.Min(batchSize, _count);
        BatchCount = dropLast ? _count / BatchSize : (_count + BatchSize - 1) / BatchSize;
        _order = new int[_count];
        for (var i = 0; i < _order.Length; i++) _order[i] = i;
        _random = new SeededRandom(seed);
        _slots = new Slot[prefetch + 1];
        for (var i = 0; i < _slots.Length; i++) _slots[i] = new Slot(BatchSize, _decoder.SampleLength);
    }

    /// <summary>Channels of every sample after the transform.</summary>
    public int Channels => _decoder.Shape.Channels;

    /// <summary>Rows of every sample after the transform.</summary>
    public int Height => _decoder.Shape.Height;

    /// <summary>Columns of every sample after the transform.</summary>
    public int Width => _decoder.Shape.Width;

    /// <summary>Floats per sample: Channels · Height · Width.</summary>
    public int SampleLength => _decoder.SampleLength;

    /// <summary>Samples per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch (the last one may be partial unless partial batches are dropped).</summary>
    public int BatchCount { get; }

    /// <summary>Samples per epoch over all <see cref="BatchCount"/> batches.</summary>
    public int SampleCount => Math.Min(_count, BatchCount * BatchSize);

    /// <summary>Epochs begun by <see cref="Shuffle"/> (0 before the first).</summary>
    public int Epoch => _epoch;

    /// <summary>Begins the next epoch: draws its order (unless constructed without shuffling) and starts decoding its first batches.</summary>
    public void Shuffle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WaitAll();
        if (_shuffle) StratifiedSplit.Shuffle(_order, _random);
        _epoch++;
        for (var b = 0; b < Math.Min(_slots.Length - 1, BatchCount); b++) Start(b);
    }

    /// <summary>Batch <paramref name="index"/> of the current epoch, waiting for its decoding if needed; a view valid until the next call.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside [0, BatchCount).</exception>
    /// <exception cref="InvalidDataException">An image of the batch does not decode or comes out another size (the message names the file).</exception>
    public Batch Fill(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)index >= (uint)BatchCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected a batch in [0, {BatchCount}).");
        var slot = _slots[index % _slots.Length];
        if (slot.Holds != (_epoch, index))
        {
            WaitAll();
            Start(index);
        }
        try
        {
            slot.Work!.GetAwaiter().GetResult();
        }
        catch
        {
            slot.Holds = (-1, -1);
            throw;
        }
        // The slot of the previous batch is free now: decode ahead into it and the others.
        for (var ahead = index + 1; ahead <= index + _slots.Length - 1 && ahead < BatchCount; ahead++)
        {
            if (_slots[ahead % _slots.Length].Holds != (_epoch, ahead)) Start(ahead);
        }
        return new Batch(slot.Inputs.AsSpan(0, slot.Count * SampleLength), slot.Labels.AsSpan(0, slot.Count));
    }

    void Start(int index)
    {
        var slot = _slots[index % _slots.Length];
        var start = index * BatchSize;
        var samples = _order.AsSpan(start, Math.Min(BatchSize, _count - start)).ToArray();
        var epoch = _epoch;
        slot.Holds = (epoch, index);
        slot.Count = samples.Length;
        slot.Work = _slots.Length == 1
            ? RunNow(() => _decoder.Decode(samples, epoch, slot.Inputs, slot.Labels, _workers, start))
            : Task.Run(() => _decoder.Decode(samples, epoch, slot.Inputs, slot.Labels, _workers, start));
    }

    static Task RunNow(Action action)
    {
        try
        {
            action();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    void WaitAll()
    {
        foreach (var slot in _slots)
        {
            if (slot.Work is { IsCompleted: false } work)
            {
                try { work.Wait(); } catch (AggregateException) { slot.Holds = (-1, -1); }
            }
        }
    }

    /// <summary>Waits for the decoding in flight; the instance is unusable afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        WaitAll();
        _disposed = true;
    }
}
