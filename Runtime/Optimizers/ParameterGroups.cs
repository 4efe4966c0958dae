namespace CnnGen;

/// <summary>
/// Parameter groups, as <c>torch.optim</c> takes them (a list of <c>{"params": …, "lr": …, "weight_decay": …}</c>),
/// written as rules over a network's named tensors (<see cref="INetwork.Tensors"/>): no weight decay on biases and
/// normalisation parameters (timm's <c>param_groups_weight_decay</c>: every tensor of one dimension), and a learning-rate
/// factor per layer. Frozen tensors (<see cref="TensorInfo.Trainable"/> false) belong to no group: the optimizer leaves
/// them bit-identical, keeps no state for them and does not decay them.
/// </summary>
/// <example><code>
/// var adamw = new AdamW(1e-3, weightDecay: 0.05)
/// {
///     Groups = new ParameterGroups { NoWeightDecayOnBiasAndNorm = true, LearningRateFactors = new Dictionary&lt;string, double&gt; { ["fc"] = 10 } },
/// };
/// net.TrainStep(images, labels, adamw);   // passes net.Tensors to the optimizer
/// </code></example>
public sealed class ParameterGroups
{
    /// <summary>One group of every trainable tensor, with the optimizer's own learning rate and weight decay.</summary>
    public static ParameterGroups Default { get; } = new();

    /// <summary>
    /// Whether tensors of one dimension (biases, batch-norm and layer-norm weight and bias) get no weight decay: the
    /// group <c>{"params": no_decay, "weight_decay": 0.0}</c> timm and most fine-tuning recipes write.
    /// </summary>
    public bool NoWeightDecayOnBiasAndNorm { get; init; }

    /// <summary>
    /// Factors multiplying the learning rate of a layer's tensors, keyed by layer name or module path prefix (<c>"fc"</c>
    /// matches <c>fc.weight</c> and <c>fc.bias</c>, <c>"layer4"</c> every tensor under <c>layer4.</c>); the longest
    /// matching key wins, others keep factor 1. A factor is finite and ≥ 0.
    /// </summary>
    public IReadOnlyDictionary<string, double> LearningRateFactors { get; init; } = new Dictionary<string, double>();

    /// <summary>Whether these rules are the default ones (every trainable tensor in one group).</summary>
    internal bool IsDefault => !NoWeightDecayOnBiasAndNorm && LearningRateFactors.Count == 0;

    /// <summary>
    /// The contiguous runs of trainable parameters with their learning-rate factor and whether they decay, in
    /// <c>Parameters</c> order; frozen tensors and <see cref="TensorStore.State"/> belong to none.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor lies outside the parameters, a factor is negative or not finite, or a key names no tensor.</exception>
    internal ParameterSegment[] Segments(ReadOnlySpan<TensorInfo> tensors, int parameterCount)
    {
        foreach (var (key, factor) in LearningRateFactors)
        {
            if (!double.IsFinite(factor) || factor < 0)
                throw new ArgumentException($"The learning-rate factor of \"{key}\" must be finite and ≥ 0, got {factor}.", nameof(LearningRateFactors));
            var found = false;
            foreach (var tensor in tensors) found |= tensor.Store == TensorStore.Parameters && Matches(tensor.Name, key);
            if (!found)
                throw new ArgumentException($"The learning-rate factor key \"{key}\" names no parameter tensor of the network (expected a layer name or module path such as \"fc\" or \"layer4\").", nameof(LearningRateFactors));
        }
        var segments = new List<ParameterSegment>();
        foreach (var tensor in tensors)
        {
            if (tensor.Store != TensorStore.Parameters || !tensor.Trainable) continue;
            if (tensor.Offset < 0 || (long)tensor.Offset + tensor.Length > parameterCount)
                throw new ArgumentException($"Tensor {tensor.Name} [{tensor.Offset}, {tensor.Offset + tensor.Length}) lies outside the {parameterCount} parameters.", nameof(tensors));
            var segment = new ParameterSegment(tensor.Offset, tensor.Length, FactorOf(tensor.Name), !(NoWeightDecayOnBiasAndNorm && tensor.Shape.Length <= 1));
            if (segments.Count > 0 && segments[^1] is var last && last.Offset + last.Length == segment.Offset
                && last.LearningRateFactor == segment.LearningRateFactor && last.WeightDecay == segment.WeightDecay)
                segments[^1] = last with { Length = last.Length + segment.Length };
            else
                segments.Add(segment);
        }
        return [.. segments];
    }

    double FactorOf(string name)
    {
        var factor = 1.0;
        var longest = -1;
        foreach (var (key, value) in LearningRateFactors)
        {
            if (key.Length > longest && Matches(name, key)) (factor, longest) = (value, key.Length);
        }
        return factor;
    }

    static bool Matches(string name, string key) => name.StartsWith(key, StringComparison.Ordinal) && name.Length > key.Length && name[key.Length] == '.';
}

/// <summary>A run of parameters updated with one learning-rate factor, with or without weight decay.</summary>
readonly record struct ParameterSegment(int Offset, int Length, double LearningRateFactor, bool WeightDecay)
{
    /// <summary>Every parameter in one group: what <c>Step(parameters, gradients)</c> updates.</summary>
    public static ParameterSegment Whole(int length) => new(0, length, 1.0, true);
}

/// <summary>An optimizer's segments for the last tensor table it was given: computed once per network, so steps allocate nothing.</summary>
sealed class SegmentCache
{
    TensorInfo? _first;
    int _count = -1;
    ParameterSegment[] _segments = [];

    /// <summary>The segments of <paramref name="tensors"/> under <paramref name="groups"/> (the same table object as the last call reuses them).</summary>
    public ReadOnlySpan<ParameterSegment> For(ParameterGroups groups, ReadOnlySpan<TensorInfo> tensors, int parameterCount)
    {
        // A network without parameters has an empty table and nothing to update.
        if (tensors.Length == 0)
            return parameterCount == 0 ? [] : throw new ArgumentException($"Expected the network's tensor table (INetwork.Tensors) for {parameterCount} parameters, got an empty one.", nameof(tensors));
        if (!ReferenceEquals(_first, tensors[0]) || _count != tensors.Length)
        {
            _segments = groups.Segments(tensors, parameterCount);
            (_first, _count) = (tensors[0], tensors.Length);
        }
        return _segments;
    }

    /// <summary>Throws when rules are set but the caller gave no tensor table to apply them to.</summary>
    public static void CheckWithoutTensors(ParameterGroups groups)
    {
        if (!groups.IsDefault)
            throw new InvalidOperationException("The optimizer's Groups need the network's tensor names: call Step(parameters, gradients, net.Tensors), as TrainStep and Trainer do.");
    }
}
