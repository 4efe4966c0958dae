using System.Numerics;

namespace CnnGen;

/// <summary>AdaGrad (<c>torch.optim.Adagrad</c> without learning-rate decay, initial accumulator 0).</summary>
/// <remarks>g = g + λp; s += g²; p −= lr·g / (√s + ε).</remarks>
public sealed class AdaGrad : IOptimizer
{
    readonly double _epsilon, _weightDecay;
    double _learningRate;
    float[]? _sum;
    int _length = -1;
    long _steps;

    /// <summary>Creates the optimizer; defaults as in <c>torch.optim.Adagrad</c>.</summary>
    /// <param name="learningRate">Step size, ≥ 0.</param>
    /// <param name="epsilon">Added to the root of the accumulator, ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient, ≥ 0.</param>
    public AdaGrad(double learningRate = 0.01, double epsilon = 1e-10, double weightDecay = 0)
    {
        _learningRate = OptimizerState.NonNegative(learningRate, nameof(learningRate));
        _epsilon = OptimizerState.NonNegative(epsilon, nameof(epsilon));
        _weightDecay = OptimizerState.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <inheritdoc />
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerState.NonNegative(value, nameof(value));
    }

    /// <summary>Parameter groups (<c>torch.optim</c>'s list of dicts): weight decay off for biases and norms, learning-rate factors per layer.</summary>
    public ParameterGroups Groups { get; init; } = ParameterGroups.Default;

    readonly SegmentCache _segments = new();

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        SegmentCache.CheckWithoutTensors(Groups);
        var whole = ParameterSegment.Whole(parameters.Length);
        Step(parameters, gradients, new ReadOnlySpan<ParameterSegment>(in whole));
    }

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<TensorInfo> tensors) =>
        Step(parameters, gradients, _segments.For(Groups, tensors, parameters.Length));

    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<ParameterSegment> segments)
    {
        var length = _length = OptimizerState.CheckStep(parameters.Length, gradients.Length, _length);
        var sum = OptimizerState.Ensure(ref _sum, length);
        OptimizerLanes.RunSegments<GroupUpdates, Update>(new GroupUpdates(_learningRate, _epsilon, _weightDecay), segments, parameters, gradients, sum, default);
        _steps++;
    }

    readonly struct GroupUpdates(double learningRate, double epsilon, double weightDecay) : IGroupUpdates<Update>
    {
        public Update ForGroup(double learningRateFactor, bool decays) => new(learningRate * learningRateFactor, epsilon, decays ? weightDecay : 0);
    }

    string Settings => Schedule.Describe("Adagrad", ("eps", _epsilon), ("weight_decay", _weightDecay));

    /// <inheritdoc />
    public OptimizerSnapshot ExportState() => OptimizerSnapshot.Of(Settings, _learningRate, _steps, _length, ("sum", _sum));

    /// <inheritdoc />
    public void ImportState(OptimizerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.CheckFor(Settings, "sum");
        (_sum, _steps, _length, _learningRate) = (snapshot.Buffer("sum"), snapshot.Steps, snapshot.ParameterCount, snapshot.LearningRate);
    }

    /// <inheritdoc />
    public override string ToString() => Settings;

    readonly struct Update(double learningRate, double epsilon, double weightDecay) : ILaneUpdate
    {
        public Vector<double> Apply(Vector<double> p, Vector<double> g, ref Vector<double> sum, ref Vector<double> unused)
        {
            g += weightDecay * p;
            sum = OptimizerLanes.RoundToFloat(sum + g * g);
            return p - learningRate * g / (Vector.SquareRoot(sum) + new Vector<double>(epsilon));
        }
    }
}
