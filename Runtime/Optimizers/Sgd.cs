using System.Numerics;

namespace CnnGen;

/// <summary>Stochastic gradient descent with optional momentum, Nesterov momentum, dampening and L2 weight decay (<c>torch.optim.SGD</c>).</summary>
/// <remarks>
/// d = g + λp; with momentum μ: b = d on the first step, else b = μb + (1 − τ)d; then d = d + μb (Nesterov) or
/// d = b; finally p −= lr·d.
/// </remarks>
public sealed class Sgd : IOptimizer
{
    readonly double _momentum, _dampening, _weightDecay;
    readonly bool _nesterov;
    double _learningRate;
    float[]? _momentumBuffer;
    int _length = -1;
    long _steps;

    /// <summary>Creates the optimizer; arguments as in <c>torch.optim.SGD</c>.</summary>
    /// <param name="learningRate">Step size, ≥ 0.</param>
    /// <param name="momentum">Momentum factor μ, ≥ 0.</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and no dampening).</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient, ≥ 0.</param>
    /// <param name="dampening">Dampening τ of the momentum, ≥ 0.</param>
    public Sgd(double learningRate, double momentum = 0, bool nesterov = false, double weightDecay = 0, double dampening = 0)
    {
        _learningRate = OptimizerState.NonNegative(learningRate, nameof(learningRate));
        _momentum = OptimizerState.NonNegative(momentum, nameof(momentum));
        _weightDecay = OptimizerState.NonNegative(weightDecay, nameof(weightDecay));
        _dampening = OptimizerState.NonNegative(dampening, nameof(dampening));
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException($"Nesterov momentum requires a momentum > 0 and zero dampening, got momentum {momentum} and dampening {dampening}.", nameof(nesterov));
        _nesterov = nesterov;
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
        var length = OptimizerState.CheckStep(parameters.Length, gradients.Length, _length);
        var firstStep = _length < 0;
        _length = length;
        var buffer = _momentum == 0 ? default : OptimizerState.Ensure(ref _momentumBuffer, length).AsSpan();
        var groups = new GroupUpdates(_learningRate, _weightDecay, _momentum, 1 - _dampening, _nesterov, firstStep);
        OptimizerLanes.RunSegments<GroupUpdates, Update>(groups, segments, parameters, gradients, buffer, default);
        _steps++;
    }

    readonly struct GroupUpdates(double learningRate, double weightDecay, double momentum, double undampened, bool nesterov, bool firstStep) : IGroupUpdates<Update>
    {
        public Update ForGroup(double learningRateFactor, bool decays) =>
            new(learningRate * learningRateFactor, decays ? weightDecay : 0, momentum, undampened, nesterov, firstStep);
    }

    string Settings => Schedule.Describe("SGD", ("momentum", _momentum), ("dampening", _dampening), ("weight_decay", _weightDecay), ("nesterov", _nesterov));

    /// <inheritdoc />
    public OptimizerSnapshot ExportState() => OptimizerSnapshot.Of(Settings, _learningRate, _steps, _length, ("momentum_buffer", _momentumBuffer));

    /// <inheritdoc />
    public void ImportState(OptimizerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        snapshot.CheckFor(Settings, "momentum_buffer");
        (_momentumBuffer, _steps, _length, _learningRate) = (snapshot.Buffer("momentum_buffer"), snapshot.Steps, snapshot.ParameterCount, snapshot.LearningRate);
    }

    /// <inheritdoc />
    public override string ToString() => Settings;

    /// <summary>d = g + λp; b = μb + (1 − τ)d (b = d on the first step); p −= lr·(Nesterov ? d + μb : b); plain p −= lr·d without momentum.</summary>
    readonly struct Update(double learningRate, double weightDecay, double momentum, double undampened, bool nesterov, bool firstStep) : ILaneUpdate
    {
        public Vector<double> Apply(Vector<double> p, Vector<double> g, ref Vector<double> buffer, ref Vector<double> unused)
        {
            var d = g + weightDecay * p;
            if (momentum == 0) return p - learningRate * d;
            buffer = OptimizerLanes.RoundToFloat(firstStep ? d : momentum * buffer + undampened * d);
            return p - learningRate * (nesterov ? d + momentum * buffer : buffer);
        }
    }
}
