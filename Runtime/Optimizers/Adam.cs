using System.Numerics;

namespace CnnGen;

/// <summary>Adam with L2 weight decay added to the gradient (<c>torch.optim.Adam</c>, amsgrad off).</summary>
/// <remarks>
/// g = g + λp; m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; denom = √v / √(1 − β₂ᵗ) + ε; p −= lr/(1 − β₁ᵗ) · m/denom.
/// </remarks>
public sealed class Adam : IOptimizer
{
    readonly AdamCore _core;

    /// <summary>Creates the optimizer; defaults as in <c>torch.optim.Adam</c>.</summary>
    /// <param name="learningRate">Step size, ≥ 0.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator, ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient, ≥ 0.</param>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0) =>
        _core = new AdamCore(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false);

    /// <inheritdoc />
    public double LearningRate
    {
        get => _core.LearningRate;
        set => _core.LearningRate = OptimizerState.NonNegative(value, nameof(value));
    }

    /// <summary>Parameter groups (<c>torch.optim</c>'s list of dicts): weight decay off for biases and norms, learning-rate factors per layer.</summary>
    public ParameterGroups Groups { get; init; } = ParameterGroups.Default;

    readonly SegmentCache _segments = new();

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        SegmentCache.CheckWithoutTensors(Groups);
        var whole = ParameterSegment.Whole(parameters.Length);
        _core.Step(parameters, gradients, new ReadOnlySpan<ParameterSegment>(in whole));
    }

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<TensorInfo> tensors) =>
        _core.Step(parameters, gradients, _segments.For(Groups, tensors, parameters.Length));

    /// <inheritdoc />
    public OptimizerSnapshot ExportState() => _core.Export();

    /// <inheritdoc />
    public void ImportState(OptimizerSnapshot snapshot) => _core.Import(snapshot);

    /// <inheritdoc />
    public override string ToString() => _core.Settings;
}

/// <summary>AdamW: Adam with decoupled weight decay (<c>torch.optim.AdamW</c>, amsgrad off).</summary>
/// <remarks>p = p·(1 − lr·λ), then the Adam update without the L2 term.</remarks>
public sealed class AdamW : IOptimizer
{
    readonly AdamCore _core;

    /// <summary>Creates the optimizer; defaults as in <c>torch.optim.AdamW</c>.</summary>
    /// <param name="learningRate">Step size, ≥ 0.</param>
    /// <param name="beta1">Decay of the first-moment average, in [0, 1).</param>
    /// <param name="beta2">Decay of the second-moment average, in [0, 1).</param>
    /// <param name="epsilon">Added to the denominator, ≥ 0.</param>
    /// <param name="weightDecay">Decoupled decay λ, ≥ 0.</param>
    public AdamW(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01) =>
        _core = new AdamCore(learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);

    /// <inheritdoc />
    public double LearningRate
    {
        get => _core.LearningRate;
        set => _core.LearningRate = OptimizerState.NonNegative(value, nameof(value));
    }

    /// <summary>Parameter groups (<c>torch.optim</c>'s list of dicts): weight decay off for biases and norms, learning-rate factors per layer.</summary>
    public ParameterGroups Groups { get; init; } = ParameterGroups.Default;

    readonly SegmentCache _segments = new();

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        SegmentCache.CheckWithoutTensors(Groups);
        var whole = ParameterSegment.Whole(parameters.Length);
        _core.Step(parameters, gradients, new ReadOnlySpan<ParameterSegment>(in whole));
    }

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<TensorInfo> tensors) =>
        _core.Step(parameters, gradients, _segments.For(Groups, tensors, parameters.Length));

    /// <inheritdoc />
    public OptimizerSnapshot ExportState() => _core.Export();

    /// <inheritdoc />
    public void ImportState(OptimizerSnapshot snapshot) => _core.Import(snapshot);

    /// <inheritdoc />
    public override string ToString() => _core.Settings;
}

/// <summary>The moment averages and update shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
sealed class AdamCore
{
    readonly double _beta1, _beta2, _epsilon, _weightDecay;
    readonly bool _decoupled;
    float[]? _firstMoment, _secondMoment;
    int _length = -1;
    int _step;

    /// <summary>Kind and hyper-parameters (learning rate aside), in torch's terms.</summary>
    public string Settings => Schedule.Describe(_decoupled ? "AdamW" : "Adam", ("beta1", _beta1), ("beta2", _beta2), ("eps", _epsilon), ("weight_decay", _weightDecay));

    public OptimizerSnapshot Export() => OptimizerSnapshot.Of(Settings, LearningRate, _step, _length, ("exp_avg", _firstMoment), ("exp_avg_sq", _secondMoment));

    public void Import(OptimizerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.CheckFor(Settings, "exp_avg", "exp_avg_sq");
        if (snapshot.Steps > int.MaxValue) throw new ArgumentException($"Step count {snapshot.Steps} exceeds {int.MaxValue}.", nameof(snapshot));
        (_firstMoment, _secondMoment) = (snapshot.Buffer("exp_avg"), snapshot.Buffer("exp_avg_sq"));
        (_step, _length, LearningRate) = ((int)snapshot.Steps, snapshot.ParameterCount, snapshot.LearningRate);
    }

    public AdamCore(double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
    {
        LearningRate = OptimizerState.NonNegative(learningRate, nameof(learningRate));
        _beta1 = OptimizerState.Fraction(beta1, nameof(beta1));
        _beta2 = OptimizerState.Fraction(beta2, nameof(beta2));
        _epsilon = OptimizerState.NonNegative(epsilon, nameof(epsilon));
        _weightDecay = OptimizerState.NonNegative(weightDecay, nameof(weightDecay));
        _decoupled = decoupled;
    }

    public double LearningRate { get; set; }

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<ParameterSegment> segments)
    {
        var length = _length = OptimizerState.CheckStep(parameters.Length, gradients.Length, _length);
        var m = OptimizerState.Ensure(ref _firstMoment, length);
        var v = OptimizerState.Ensure(ref _secondMoment, length);
        _step++;
        var groups = new GroupUpdates(LearningRate, 1 - Math.Pow(_beta1, _step), Math.Sqrt(1 - Math.Pow(_beta2, _step)), _weightDecay, _beta1, _beta2, _epsilon, _decoupled);
        OptimizerLanes.RunSegments<GroupUpdates, Update>(groups, segments, parameters, gradients, m, v);
    }

    /// <summary>A group's step size, decoupled decay factor and L2 term from its learning rate (the optimizer's times the factor) and decay.</summary>
    readonly struct GroupUpdates(double learningRate, double correction1, double correction2Root, double weightDecay, double beta1, double beta2, double epsilon, bool decoupled) : IGroupUpdates<Update>
    {
        public Update ForGroup(double learningRateFactor, bool decays)
        {
            var rate = learningRate * learningRateFactor;
            var lambda = decays ? weightDecay : 0;
            return new Update(rate / correction1, correction2Root, decoupled ? 1 - rate * lambda : 1.0, decoupled ? 0.0 : lambda, beta1, beta2, epsilon, decoupled);
        }
    }

    /// <summary>p ← p·(1 − lr·λ) if decoupled; g = g + λp otherwise; m, v moving averages; p −= step·m / (√v / √(1 − β₂ᵗ) + ε).</summary>
    readonly struct Update(double stepSize, double correction2Root, double decay, double l2, double beta1, double beta2, double epsilon, bool decoupled) : ILaneUpdate
    {
        public Vector<double> Apply(Vector<double> p, Vector<double> g, ref Vector<double> m, ref Vector<double> v)
        {
            if (decoupled) p = OptimizerLanes.RoundToFloat(p * decay);
            g += l2 * p;
            m = OptimizerLanes.RoundToFloat(beta1 * m + (1 - beta1) * g);
            v = OptimizerLanes.RoundToFloat(beta2 * v + (1 - beta2) * g * g);
            var denominator = Vector.SquareRoot(v) / correction2Root + new Vector<double>(epsilon);
            return p - stepSize * m / denominator;
        }
    }
}
