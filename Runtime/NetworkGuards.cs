using System.ComponentModel;

namespace CnnGen;

/// <summary>
/// Argument checks shared by every generated network, so each message is written once and names the expected
/// and actual values. Called by generated code; not meant for direct use.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class NetworkGuards
{
    /// <summary>Checks a constructor's <c>maxBatch</c>.</summary>
    public static void CheckMaxBatch(int maxBatch)
    {
        if (maxBatch < 1)
            throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, $"maxBatch must be at least 1, got {maxBatch}.");
    }

    /// <summary>
    /// Checks a constructor's <c>maxBatch</c> against the largest per-sample buffer the network allocates
    /// (<paramref name="largestSampleLength"/> elements per sample): every <c>maxBatch × length</c> must fit one .NET
    /// array (<see cref="Array.MaxLength"/> elements), so the generated <c>int</c> sizes and offsets cannot wrap.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatch"/> is below 1 or above <see cref="LargestMaxBatch"/>; the message names that largest value.</exception>
    public static void CheckMaxBatch(int maxBatch, long largestSampleLength)
    {
        CheckMaxBatch(maxBatch);
        var largest = LargestMaxBatch(largestSampleLength);
        if (maxBatch > largest)
            throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch,
                $"maxBatch {maxBatch} needs a buffer of {maxBatch} × {largestSampleLength} = {(long)maxBatch * largestSampleLength} values, above the {Array.MaxLength} an array holds: the largest maxBatch that fits is {largest}.");
    }

    /// <summary>The largest <c>maxBatch</c> whose buffers of <paramref name="largestSampleLength"/> values per sample fit one array (at least 0).</summary>
    public static int LargestMaxBatch(long largestSampleLength) =>
        largestSampleLength <= 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, Array.MaxLength / largestSampleLength);

    /// <summary>Checks a <c>Threads</c> value and returns it.</summary>
    public static int CheckThreads(int threads) => threads >= 1
        ? threads
        : throw new ArgumentOutOfRangeException("value", threads, $"Threads must be at least 1, got {threads}.");

    /// <summary>The number of samples in an input of <paramref name="length"/> values; throws unless it is a whole number.</summary>
    public static int CountSamples(int length, int inputLength, string parameterName)
    {
        if (length % inputLength != 0)
            throw new ArgumentException($"Expected a multiple of InputLength = {inputLength} values (whole samples), got {length} ({length / inputLength} samples and {length % inputLength} values left over).", parameterName);
        return length / inputLength;
    }

    /// <summary>The batch size of a gradient call: 1 to <paramref name="maxBatch"/> whole samples.</summary>
    public static int CountBatch(int length, int inputLength, int maxBatch)
    {
        var samples = CountSamples(length, inputLength, "input");
        if (samples < 1)
            throw new ArgumentException($"Expected at least one sample ({inputLength} values), got an empty input.", "input");
        if (samples > maxBatch)
            throw new ArgumentException($"Expected at most MaxBatch = {maxBatch} samples, got {samples}: construct the network with maxBatch: {samples} or split the batch.", "input");
        return samples;
    }

    /// <summary>Training-mode batch norm needs more than one value per channel: checks the batch before anything runs.</summary>
    public static void CheckBatchNormBatch(int batch, int minimum)
    {
        if (batch < minimum)
            throw new ArgumentException($"Expected at least {minimum} samples: batch norm in training mode needs more than one value per channel, got a batch of {batch}.", "input");
    }

    /// <summary>The batch of the last <c>ForwardTraining</c>, which <c>Backward</c> needs; throws when there is none.</summary>
    public static int CheckBackward(int batch, string network)
    {
        if (batch < 1)
            throw new InvalidOperationException($"{network}.Backward needs the activations of a ForwardTraining call, and there are none: call ForwardTraining first (a Forward, Predict, ComputeGradients or TrainStep since then overwrites them).");
        return batch;
    }

    /// <summary>Checks that a span holds exactly <paramref name="expected"/> values (a product such as samples × OutputLength, taken in 64 bits).</summary>
    public static void CheckLength(int actual, long expected, string parameterName, string expectation)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {expected} values ({expectation}), got {actual}.", parameterName);
    }

    /// <summary>Checks one label per sample, each in [0, classes).</summary>
    public static void CheckLabels(ReadOnlySpan<int> labels, int batch, int classes)
    {
        if (labels.Length != batch)
            throw new ArgumentException($"Expected one label per sample ({batch}), got {labels.Length}.", nameof(labels));
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Expected labels in [0, {classes}), got {labels[i]} at index {i}.", nameof(labels));
        }
    }

    /// <summary>
    /// Checks a per-pixel classification's masks: <paramref name="batch"/> × <paramref name="height"/> ×
    /// <paramref name="width"/> labels (row-major per sample, PyTorch's (N, H, W) target), each in [0, classes).
    /// </summary>
    /// <exception cref="ArgumentException">The count differs, or a label is out of range (the message names its sample, row and column).</exception>
    public static void CheckPixelLabels(ReadOnlySpan<int> labels, int batch, int classes, int height, int width)
    {
        var pixels = height * width;
        if (labels.Length != (long)batch * pixels)
            throw new ArgumentException($"Expected one {height}×{width} mask per sample ({batch} × {pixels} = {(long)batch * pixels} labels), got {labels.Length}.", nameof(labels));
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                var pixel = i % pixels;
                throw new ArgumentException($"Expected labels in [0, {classes}), got {labels[i]} at sample {i / pixels}, pixel (row {pixel / width}, column {pixel % width}) (index {i}).", nameof(labels));
            }
        }
    }

    /// <summary>The index of the largest value (the first one on ties; NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best]) best = i;
        }
        return best;
    }

    /// <summary>
    /// Marks an instance busy for the length of one call; a second thread entering the same instance meanwhile gets an
    /// <see cref="InvalidOperationException"/> instead of corrupting the shared buffers. Costs one interlocked exchange.
    /// </summary>
    public static ExclusiveUse EnterExclusive(ref int busy, string network)
    {
        if (Interlocked.Exchange(ref busy, 1) != 0)
            throw new InvalidOperationException($"{network} is already running a call on another thread. A network instance is not thread-safe: give each thread its own instance.");
        return new ExclusiveUse(ref busy);
    }

    /// <summary>Releases the busy mark taken by <see cref="EnterExclusive"/> when disposed.</summary>
    public ref struct ExclusiveUse
    {
        readonly ref int _busy;

        internal ExclusiveUse(ref int busy) => _busy = ref busy;

        /// <summary>Clears the busy mark.</summary>
        public readonly void Dispose() => Volatile.Write(ref _busy, 0);
    }

    /// <summary>The seed of the training-time random stream, distinct from the initialisation stream of the same seed.</summary>
    public static long TrainingSeed(int seed) => seed ^ 0x5DEECE66DL;
}
