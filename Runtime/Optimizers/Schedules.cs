namespace CnnGen;

/// <summary>A learning rate as a function of the epoch (0-based), like the <c>torch.optim.lr_scheduler</c> classes.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate to use during <paramref name="epoch"/> (0 is the first epoch).</summary>
    double LearningRateAt(int epoch);
}

/// <summary><c>StepLR</c>: lr = initial · γ^⌊epoch / stepSize⌋.</summary>
public sealed class StepDecay : ILearningRateSchedule
{
    readonly double _initial, _gamma;
    readonly int _stepSize;

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every <paramref name="stepSize"/> epochs.</summary>
    /// <param name="initial">Rate of epoch 0, ≥ 0.</param>
    /// <param name="stepSize">Epochs between decays, &gt; 0.</param>
    /// <param name="gamma">Decay factor, ≥ 0.</param>
    public StepDecay(double initial, int stepSize, double gamma = 0.1)
    {
        _initial = OptimizerState.NonNegative(initial, nameof(initial));
        _stepSize = stepSize > 0 ? stepSize : throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "Expected a positive step size.");
        _gamma = OptimizerState.NonNegative(gamma, nameof(gamma));
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch) => _initial * Math.Pow(_gamma, Schedule.Epoch(epoch) / _stepSize);
}

/// <summary><c>ExponentialLR</c>: lr = initial · γ^epoch.</summary>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    readonly double _initial, _gamma;

    /// <summary>Multiplies the rate by <paramref name="gamma"/> every epoch.</summary>
    /// <param name="initial">Rate of epoch 0, ≥ 0.</param>
    /// <param name="gamma">Decay factor, ≥ 0.</param>
    public ExponentialDecay(double initial, double gamma)
    {
        _initial = OptimizerState.NonNegative(initial, nameof(initial));
        _gamma = OptimizerState.NonNegative(gamma, nameof(gamma));
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch) => _initial * Math.Pow(_gamma, Schedule.Epoch(epoch));
}

/// <summary>Inverse-time (1/t) decay: lr = initial / (1 + decay · epoch).</summary>
public sealed class InverseTimeDecay : ILearningRateSchedule
{
    readonly double _initial, _decay;

    /// <summary>Decays the rate in proportion to 1 / (1 + decay · epoch).</summary>
    /// <param name="initial">Rate of epoch 0, ≥ 0.</param>
    /// <param name="decay">Decay per epoch, ≥ 0.</param>
    public InverseTimeDecay(double initial, double decay)
    {
        _initial = OptimizerState.NonNegative(initial, nameof(initial));
        _decay = OptimizerState.NonNegative(decay, nameof(decay));
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch) => _initial / (1 + _decay * Schedule.Epoch(epoch));
}

static class Schedule
{
    public static int Epoch(int epoch) => epoch >= 0 ? epoch : throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Expected an epoch ≥ 0.");
}
