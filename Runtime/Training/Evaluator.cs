using CnnGen.Data;

namespace CnnGen.Training;

/// <summary>
/// Accuracy and mean cross-entropy of a classifier's logits over a dataset, pixel accuracy, loss and intersection over
/// union of a per-pixel classifier's, or the mean loss of a network's loss head on float targets, in chunks through <see cref="INetwork.Forward"/> (inference mode).
/// </summary>
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

    /// <summary>
    /// Per-pixel classification metrics over <paramref name="data"/> in inference mode, for a network whose output is a
    /// (C, H, W) map of logits (per-pixel <c>SoftmaxCrossEntropy</c>): the fraction of pixels whose largest logit is the
    /// mask's label, the head's mean loss over all pixels (<c>nn.CrossEntropyLoss(label_smoothing)</c> on (N, C, H, W)
    /// logits and an (N, H, W) mask), and each class's intersection over union (TP / (TP + FP + FN) over all pixels,
    /// NaN for a class neither labelled nor predicted) with their mean over the classes that have one (torchmetrics'
    /// <c>JaccardIndex(average="macro")</c> leaving absent classes out). NaN everywhere for an empty set.
    /// </summary>
    /// <exception cref="ArgumentException">The network's output is not a (C, H, W) map of the masks' height and width with C ≥ the dataset's classes, or the inputs do not fit.</exception>
    public SegmentationMetrics Evaluate(SegmentationDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (channels, spatial) = CheckFits(_network, data, nameof(data));
        var smoothing = (float)_network.Layers[^1].Alpha;
        var classes = data.Classes;
        var counts = new long[classes, channels];
        double loss = 0;
        for (var start = 0; start < data.Count; start += _chunk)
        {
            var count = Math.Min(_chunk, data.Count - start);
            var outputs = _outputs.AsSpan(0, count * channels * spatial);
            _network.Forward(data.Inputs.Slice(start * data.SampleLength, count * data.SampleLength), outputs);
            var masks = data.Masks.Slice(start * spatial, count * spatial);
            loss += (double)Kernels.Losses.SoftmaxCrossEntropy(outputs, masks, Span<float>.Empty, channels, count, smoothing, spatial) * count;
            for (var n = 0; n < count; n++)
            {
                for (var p = 0; p < spatial; p++)
                {
                    var offset = n * channels * spatial + p;
                    var best = 0;
                    for (var c = 1; c < channels; c++)
                    {
                        if (outputs[offset + c * spatial] > outputs[offset + best * spatial]) best = c;
                    }
                    counts[masks[n * spatial + p], best]++;
                }
            }
        }
        return SegmentationMetrics.FromCounts(counts, loss / data.Count);
    }

    /// <summary>
    /// Checks that <paramref name="network"/> puts out a (C, H, W) map of logits the masks of <paramref name="data"/>
    /// label, under a per-pixel <c>SoftmaxCrossEntropy</c> head; returns C and H·W.
    /// </summary>
    internal static (int Channels, int Spatial) CheckFits(INetwork network, SegmentationDataset data, string name)
    {
        var layers = network.Layers;
        if (layers.Length == 0 || layers[^1].Kind != LayerKind.SoftmaxCrossEntropy)
            throw new ArgumentException($"{network.GetType().Name} has no SoftmaxCrossEntropy head: per-pixel classification needs one last, on a (C, H, W) output.", name);
        var shape = layers[^1].InputShape;
        if (shape.Length != 3)
            throw new ArgumentException($"{network.GetType().Name} puts out ({string.Join(", ", shape)}), not a (C, H, W) map: a mask labels the pixels of one.", name);
        if (data.SampleLength != network.InputLength)
            throw new ArgumentException($"The network takes {network.InputLength} values per sample, the {name} set has {data.SampleLength} ({data.Channels}×{data.Height}×{data.Width}).", name);
        if (shape[1] != data.MaskHeight || shape[2] != data.MaskWidth)
            throw new ArgumentException($"The network puts out {shape[0]}×{shape[1]}×{shape[2]} logits per sample, the {name} set's masks are {data.MaskHeight}×{data.MaskWidth}: expected masks of {shape[1]}×{shape[2]}.", name);
        if (data.Classes > shape[0])
            throw new ArgumentException($"The {name} set has {data.Classes} classes, the network only {shape[0]} output channels.", name);
        return (shape[0], shape[1] * shape[2]);
    }

    /// <summary>
    /// The mean loss of the network's loss head over <paramref name="data"/> in inference mode: the value the head
    /// computes in training (<c>nn.MSELoss</c>, <c>nn.L1Loss</c>, <c>nn.SmoothL1Loss(beta)</c>, <c>nn.BCEWithLogitsLoss</c>,
    /// <c>nn.CrossEntropyLoss(label_smoothing)</c> on class probabilities), averaged over all samples; NaN for an empty set.
    /// </summary>
    /// <exception cref="InvalidOperationException">The network has no loss head.</exception>
    /// <exception cref="ArgumentException">The inputs or targets do not fit the network.</exception>
    public double Loss(TensorDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var layers = _network.Layers;
        if (layers.Length == 0 || !layers[^1].IsLoss)
            throw new InvalidOperationException($"{_network.GetType().Name} has no loss head: declare one (e.g. [MeanSquaredError]) last.");
        var head = layers[^1];
        if (data.SampleLength != _network.InputLength || data.TargetLength != _network.OutputLength)
            throw new ArgumentException($"The network maps {_network.InputLength} to {_network.OutputLength} values per sample, the dataset {data.SampleLength} to {data.TargetLength}.", nameof(data));
        if (data.Count == 0) return double.NaN;

        var outputLength = _network.OutputLength;
        double total = 0;
        for (var start = 0; start < data.Count; start += _chunk)
        {
            var count = Math.Min(_chunk, data.Count - start);
            var outputs = _outputs.AsSpan(0, count * outputLength);
            _network.Forward(data.Inputs.Slice(start * data.SampleLength, count * data.SampleLength), outputs);
            total += (double)HeadLoss(head, outputs, data.Targets.Slice(start * outputLength, count * outputLength), outputLength, count) * count;
        }
        return total / data.Count;
    }

    /// <summary>The head's mean loss over <paramref name="count"/> samples (per element, or per sample for cross-entropy).</summary>
    static float HeadLoss(LayerInfo head, ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int outputLength, int count) => head.Kind switch
    {
        LayerKind.MeanSquaredError => Kernels.Losses.MeanSquaredError(outputs, targets, Span<float>.Empty),
        LayerKind.L1Loss => Kernels.Losses.L1(outputs, targets, Span<float>.Empty),
        LayerKind.SmoothL1Loss => Kernels.Losses.SmoothL1(outputs, targets, Span<float>.Empty, (float)head.Alpha),
        LayerKind.BinaryCrossEntropy => Kernels.Losses.BinaryCrossEntropyWithLogits(outputs, targets, Span<float>.Empty),
        LayerKind.SoftmaxCrossEntropy => Kernels.Losses.SoftmaxCrossEntropy(outputs, targets, Span<float>.Empty, outputLength, count, (float)head.Alpha),
        var kind => throw new InvalidOperationException($"The loss head {kind} has no float-target evaluation."),
    };
}
