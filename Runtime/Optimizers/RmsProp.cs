using System.Numerics;

namespace CnnGen;

/// <summary>RMSprop, not centred (<c>torch.optim.RMSprop</c>).</summary>
/// <remarks>
/// g = g + λp; v = αv + (1 − α)g²; a = √v + ε; with momentum μ: b = μb + g/a, p −= lr·b; else p −= lr·g/a.
/// </remarks>
public sealed class RmsProp : IOptimizer
{
    readonly double _alpha, _epsilon, _weightDecay, _momentum;
    double _learningRate;
    float[]? _squareAverage, _momentumBuffer;
    int _length = -1;
    long _steps;

    /// <summary>Creates the optimizer; defaults as in <c>torch.optim.RMSprop</c>.</summary>
    /// <param name="learningRate">Step size, ≥ 0.</param>
    /// <param name="alpha">Smoothing constant α of the squared-gradient average, in [0, 1).</param>
    /// <param name="epsilon">Added to the root of the average, ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient, ≥ 0.</param>
    /// <param name="momentum">Momentum factor μ, ≥ 0.</param>
    public RmsProp(double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, double momentum = 0)
    {
        _learningRate = OptimizerState.NonNegative(learningRate, nameof(learningRate));
        _alpha = OptimizerState.Fraction(alpha, nameof(alpha));
        _epsilon = OptimizerState.NonNegative(epsilon, nameof(epsilon));
        _weightDecay = OptimizerState.NonNegative(weightDecay, nameof(weightDecay));
        _momentum = OptimizerState.NonNegative(momentum, nameof(momentum));
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
        var square = OptimizerState.Ensure(ref _squareAverage, length);
        var buffer = _momentum > 0 ? OptimizerState.Ensure(ref _momentumBuffer, length).AsSpan() : default;
        var groups = new GroupUpdates(_learningRate, _alpha, _epsilon, _weightDecay, _momentum);
        OptimizerLanes.RunSegments<GroupUpdates, Update>(groups, segments, parameters, gradients, square, buffer);
        _steps++;
    }

    readonly struct GroupUpdates(double learningRate, double alpha, double epsilon, double weightDecay, double momentum) : IGroupUpdates<Update>
    {
        public Update ForGroup(double learningRateFactor, bool decays) => new(learningRate * learningRateFactor, alpha, epsilon, decays ? weightDecay : 0, momentum);
    }

    string Settings => Schedule.Describe("RMSprop", ("alpha", _alpha), ("eps", _epsilon), ("weight_decay", _weightDecay), ("momentum", _momentum));

    /// <inheritdoc />
    public OptimizerSnapshot ExportState() => OptimizerSnapshot.Of(Settings, _learningRate, _steps, _length, ("square_avg", _squareAverage), ("momentum_buffer", _momentumBuffer));

    /// <inheritdoc />
    public void ImportState(OptimizerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.CheckFor(Settings, "square_avg", "momentum_buffer");
        (_squareAverage, _momentumBuffer, _steps, _length, _learningRate) =
            (snapshot.Buffer("square_avg"), snapshot.Buffer("momentum_buffer"), snapshot.Steps, snapshot.ParameterCount, snapshot.LearningRate);
    }

    /// <inheritdoc />
    public override string ToString() => Settings;

    readonly struct Update(double learningRate, double alpha, double epsilon, double weightDecay, double momentum) : ILaneUpdate
    {
        public Vector<double> Apply(Vector<double> p, Vector<double> g, ref Vector<double> square, ref Vector<double> buffer)
        {
            g += weightDecay * p;
            square = OptimizerLanes.RoundToFloat(alpha * square + (1 - alpha) * g * g);
            var average = Vector.SquareRoot(square) + new Vector<double>(epsilon);
            if (momentum == 0) return p - learningRate * g / average;
            buffer = OptimizerLanes.RoundToFloat(momentum * buffer + g / average);
            return p - learningRate * buffer;
        }
    }
}
