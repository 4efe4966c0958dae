using CnnGen.Data;

namespace CnnGen.Training;

/// <summary>Accuracy and mean cross-entropy of a classifier's logits over a dataset, in chunks through <see cref="INetwork.Forward"/> (inference mode).</summary>
public sealed class Evaluator
{
    readonly INetwork _network;
    readonly float[] _outputs;
    readonly int _chunk;

    /// <summary>An evaluator for <paramref name="network"/> that runs <paramref name="chunk"/> samples per forward call.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunk"/> is not positive, or chunk × OutputLength exceeds an array (the message names the largest chunk that fits).</exception>
    public Evaluator(INetwork network, int chunk = 1000)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (chunk <= 0) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "Expected a positive chunk size.");
        var length = (long)chunk * network.OutputLength;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk, $"A chunk of {chunk} × OutputLength {network.OutputLength} = {length} values exceeds the {Array.MaxLength} an array holds: the largest chunk that fits is {Array.MaxLength / network.OutputLength}.");
        _network = network;
        _chunk = chunk;
        _outputs = new float[length];
    }

    /// <summary>Fraction of samples whose largest output is the label.</summary>
    public double Accuracy(Dataset data) => Evaluate(data).Accuracy;

    /// <summary>
    /// Counts of (true class, predicted class) pairs over <paramref name="data"/>: element [t, p] is how many samples of
    /// class t the network labels p (the largest output). Shape [Classes, Classes] of the dataset.
    /// </summary>
    /// <exception cref="ArgumentException">The dataset does not fit the network.</exception>
    public int[,] ConfusionMatrix(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFits(data);
        var classes = data.Classes;
        var counts = new int[classes, classes];
        var outputs = _network.OutputLength;
        for (var start = 0; start < data.Count; start += _chunk)
        {
            var count = Math.Min(_chunk, data.Count - start);
            var logits = _outputs.AsSpan(0, count * outputs);
            _network.Forward(data.Images.Slice(start * data.SampleLength, count * data.SampleLength), logits);
            for (var i = 0; i < count; i++)
            {
                var predicted = NetworkGuards.ArgMax(logits.Slice(i * outputs, outputs));
                if (predicted < classes) counts[data.Label(start + i), predicted]++;
            }
        }
        return counts;
    }

    void CheckFits(Dataset data)
    {
        if (data.SampleLength != _network.InputLength)
            throw new ArgumentException($"The network takes {_network.InputLength} values per sample, the dataset has {data.SampleLength}.", nameof(data));
        if (data.Classes > _network.OutputLength)
            throw new ArgumentException($"The dataset has {data.Classes} classes, the network only {_network.OutputLength} outputs.", nameof(data));
    }

    /// <summary>Accuracy and mean softmax cross-entropy (the outputs are taken as logits).</summary>
    public (double Accuracy, double Loss) Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFits(data);
        if (data.Count == 0) return (double.NaN, double.NaN);

        var classes = _network.OutputLength;
        var correct = 0;
        double loss = 0;
        for (var start = 0; start < data.Count; start += _chunk)
        {
            var count = Math.Min(_chunk, data.Count - start);
            var outputs = _outputs.AsSpan(0, count * classes);
            _network.Forward(data.Images.Slice(start * data.SampleLength, count * data.SampleLength), outputs);
            for (var i = 0; i < count; i++)
            {
                var logits = outputs.Slice(i * classes, classes);
                var label = data.Label(start + i);
                if (NetworkGuards.ArgMax(logits) == label) correct++;
                loss += Kernels.Losses.SoftmaxCrossEntropy(logits, new ReadOnlySpan<int>(in label), Span<float>.Empty, classes, batch: 1);
            }
        }
        return ((double)correct / data.Count, loss / data.Count);
    }
}
