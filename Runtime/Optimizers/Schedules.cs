using System.Globalization;

namespace CnnGen;

/// <summary>
/// A learning rate as a function of the scheduler step (0-based), like the <c>torch.optim.lr_scheduler</c> classes:
/// <c>LearningRateAt(t)</c> is the rate after <c>t</c> calls of <c>scheduler.step()</c>. The trainer steps a schedule
/// once per epoch, or once per batch with <see cref="Training.TrainerOptions.ScheduleEveryBatch"/>.
/// <see cref="object.ToString"/> names the schedule and its settings: a checkpoint compares it before resuming.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate to use during <paramref name="epoch"/> (0 is the first epoch, or the first batch when scheduled per batch).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative (or past the end of a <see cref="OneCycle"/>).</exception>
    double LearningRateAt(int epoch);
}

/// <summary>
/// A schedule driven by a measured metric (<c>ReduceLROnPlateau</c>): the trainer calls <see cref="Observe"/> after every
/// epoch with the validation loss (the mean training loss without a validation set). Its state goes into checkpoints.
/// </summary>
public interface IMetricSchedule : ILearningRateSchedule
{
    /// <summary><c>scheduler.step(metric)</c>: records one epoch's metric and lowers the rate when it stopped improving.</summary>
    void Observe(double metric);

    /// <summary>Everything <see cref="Observe"/> has accumulated, as text; setting it continues from there.</summary>
    /// <exception cref="FormatException">The text is not a state this schedule wrote.</exception>
    string State { get; set; }
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

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("StepLR", ("lr", _initial), ("step_size", _stepSize), ("gamma", _gamma));
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

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("ExponentialLR", ("lr", _initial), ("gamma", _gamma));
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

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("InverseTimeDecay", ("lr", _initial), ("decay", _decay));
}

static class Schedule
{
    public static int Epoch(int epoch) => epoch >= 0 ? epoch : throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Expected an epoch ≥ 0.");

    /// <summary><c>Name(key=value, …)</c> with round-trip invariant numbers: equal settings give equal text.</summary>
    public static string Describe(string name, params (string Key, object Value)[] settings)
        => $"{name}({string.Join(", ", settings.Select(s => $"{s.Key}={Format(s.Value)}"))})";

    static string Format(object value) => value switch
    {
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        int[] list => "[" + string.Join(", ", list) + "]",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}


/// <summary><c>MultiStepLR</c>: lr = initial · γ^(number of milestones ≤ t), a milestone listed twice counting twice.</summary>
public sealed class MultiStepDecay : ILearningRateSchedule
{
    readonly double _initial, _gamma;
    readonly int[] _milestones;

    /// <summary>Multiplies the rate by <paramref name="gamma"/> at each of <paramref name="milestones"/>.</summary>
    /// <param name="initial">Rate at step 0, ≥ 0.</param>
    /// <param name="milestones">Steps at which the rate drops, increasing (a repeat drops twice), each ≥ 0.</param>
    /// <param name="gamma">Decay factor, ≥ 0.</param>
    /// <exception cref="ArgumentException">Milestones that are negative or decreasing.</exception>
    public MultiStepDecay(double initial, int[] milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _initial = OptimizerState.NonNegative(initial, nameof(initial));
        _gamma = OptimizerState.NonNegative(gamma, nameof(gamma));
        for (var i = 0; i < milestones.Length; i++)
        {
            if (milestones[i] < 0 || (i > 0 && milestones[i] < milestones[i - 1]))
                throw new ArgumentException($"Expected non-negative, non-decreasing milestones, got [{string.Join(", ", milestones)}].", nameof(milestones));
        }
        _milestones = [.. milestones];
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch)
    {
        Schedule.Epoch(epoch);
        var passed = 0;
        foreach (var milestone in _milestones) if (milestone <= epoch) passed++;
        return _initial * Math.Pow(_gamma, passed);
    }

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("MultiStepLR", ("lr", _initial), ("milestones", _milestones), ("gamma", _gamma));
}

/// <summary>
/// Linear warm-up then cosine annealing: <c>SequentialLR([LinearLR(start_factor, total_iters=w), CosineAnnealingLR(T_max=total − w, eta_min)], milestones=[w])</c>.
/// For t &lt; w: lr = initial · (f + (1 − f) · t / w); from w on: lr = η_min + (initial − η_min) · (1 + cos(π (t − w) / (total − w))) / 2.
/// </summary>
public sealed class WarmupCosine : ILearningRateSchedule
{
    readonly double _initial, _minimum, _startFactor;
    readonly int _warmup, _total;

    /// <summary>Warms up over <paramref name="warmupSteps"/> steps, then follows a half cosine to <paramref name="minimum"/> at <paramref name="totalSteps"/>.</summary>
    /// <param name="initial">Peak rate (the optimizer's lr in torch), ≥ 0.</param>
    /// <param name="warmupSteps">Steps of linear warm-up, ≥ 0 (0 = none).</param>
    /// <param name="totalSteps">Step at which the cosine reaches <paramref name="minimum"/>, &gt; <paramref name="warmupSteps"/>.</param>
    /// <param name="minimum">η_min, ≥ 0.</param>
    /// <param name="startFactor">Fraction of the peak at step 0, in (0, 1] (LinearLR's start_factor; torch's default 1/3).</param>
    public WarmupCosine(double initial, int warmupSteps, int totalSteps, double minimum = 0, double startFactor = 1.0 / 3)
    {
        _initial = OptimizerState.NonNegative(initial, nameof(initial));
        _minimum = OptimizerState.NonNegative(minimum, nameof(minimum));
        _warmup = warmupSteps >= 0 ? warmupSteps : throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "Expected a warm-up ≥ 0.");
        _total = totalSteps > warmupSteps ? totalSteps : throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"Expected more total steps than the {warmupSteps} warm-up steps.");
        _startFactor = startFactor > 0 && startFactor <= 1 ? startFactor : throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "Expected a start factor in (0, 1].");
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch)
    {
        Schedule.Epoch(epoch);
        if (epoch < _warmup) return _initial * (_startFactor + (1 - _startFactor) * epoch / _warmup);
        return _minimum + (_initial - _minimum) * (1 + Math.Cos(Math.PI * (epoch - _warmup) / (_total - _warmup))) / 2;
    }

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("WarmupCosine", ("lr", _initial), ("warmup", _warmup), ("total", _total),
        ("eta_min", _minimum), ("start_factor", _startFactor));
}

/// <summary>
/// <c>OneCycleLR(max_lr, total_steps, pct_start, anneal_strategy="cos", div_factor, final_div_factor, three_phase, cycle_momentum=False)</c>:
/// a cosine rise from max/div to max over the first pct_start of the steps, then a cosine fall to max/(div·final_div)
/// (three phases: back to max/div first). Meant to be stepped every batch; stepping past <c>total_steps</c> is an error,
/// as in torch. The optimizer's momentum is not cycled.
/// </summary>
public sealed class OneCycle : ILearningRateSchedule
{
    readonly double _max, _pctStart, _div, _finalDiv;
    readonly int _total;
    readonly bool _threePhase;
    readonly (double End, double Start, double Finish)[] _phases;

    /// <summary>A one-cycle schedule over <paramref name="totalSteps"/> steps; defaults as in torch.</summary>
    /// <param name="maxLearningRate">Peak rate, ≥ 0.</param>
    /// <param name="totalSteps">Number of steps in the cycle, &gt; 0.</param>
    /// <param name="pctStart">Share of the steps spent rising, in (0, 1).</param>
    /// <param name="divFactor">initial = max / divFactor, &gt; 0.</param>
    /// <param name="finalDivFactor">final = initial / finalDivFactor, &gt; 0.</param>
    /// <param name="threePhase">torch's three_phase.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range, or a phase would be empty (its rate
    /// NaN), e.g. pct_start · total_steps = 1; PyTorch's <c>OneCycleLR</c> raises for these too.</exception>
    public OneCycle(double maxLearningRate, int totalSteps, double pctStart = 0.3, double divFactor = 25, double finalDivFactor = 1e4, bool threePhase = false)
    {
        _max = OptimizerState.NonNegative(maxLearningRate, nameof(maxLearningRate));
        _total = totalSteps > 0 ? totalSteps : throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Expected a positive number of steps.");
        _pctStart = pctStart > 0 && pctStart < 1 ? pctStart : throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "Expected a fraction in (0, 1).");
        _div = divFactor > 0 && double.IsFinite(divFactor) ? divFactor : throw new ArgumentOutOfRangeException(nameof(divFactor), divFactor, "Expected a finite factor > 0.");
        _finalDiv = finalDivFactor > 0 && double.IsFinite(finalDivFactor) ? finalDivFactor : throw new ArgumentOutOfRangeException(nameof(finalDivFactor), finalDivFactor, "Expected a finite factor > 0.");
        _threePhase = threePhase;
        var initial = _max / _div;
        var minimum = initial / _finalDiv;
        var rise = _pctStart * _total - 1;
        _phases = threePhase
            ? [(rise, initial, _max), (2 * _pctStart * _total - 2, _max, initial), (_total - 1, initial, minimum)]
            : [(rise, initial, _max), (_total - 1, _max, minimum)];
        CheckPhases();
    }

    /// <summary>
    /// Each phase's rate is a cosine over (step − start) / (end − start): a phase that ends where it starts would answer
    /// NaN (PyTorch's OneCycleLR divides by zero in its constructor), so it is refused here, naming the phase and its steps.
    /// </summary>
    void CheckPhases()
    {
        string[] names = _threePhase ? ["rising", "falling", "annihilation"] : ["rising", "annealing"];
        string[] ends = _threePhase
            ? ["pct_start · total_steps − 1", "2 · pct_start · total_steps − 2", "total_steps − 1"]
            : ["pct_start · total_steps − 1", "total_steps − 1"];
        double start = 0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var end = _phases[i].End;
            if (end - start == 0)
                throw new ArgumentOutOfRangeException("pctStart", _pctStart,
                    $"The {names[i]} phase of the one-cycle schedule is empty: it starts and ends at step {Number(start)} ({ends[i]} with pct_start = {Number(_pctStart)}, total_steps = {_total}), so its rate would be NaN. Expected more total steps or another pct_start.");
            start = end;
        }

        static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch)
    {
        if (epoch < 0 || epoch > _total)
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"Expected a step in [0, {_total}]: the one-cycle schedule covers total_steps = {_total} steps.");
        double start = 0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (epoch <= phase.End || i == _phases.Length - 1)
            {
                var pct = (epoch - start) / (phase.End - start);
                return phase.Finish + (phase.Start - phase.Finish) / 2 * (Math.Cos(Math.PI * pct) + 1);
            }
            start = phase.End;
        }
        throw new InvalidOperationException("unreachable: the last phase always answers");
    }

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("OneCycleLR", ("max_lr", _max), ("total_steps", _total), ("pct_start", _pctStart),
        ("div_factor", _div), ("final_div_factor", _finalDiv), ("three_phase", _threePhase));
}

/// <summary>
/// <c>ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps)</c>: after more than
/// <c>patience</c> epochs without a better metric, lr = max(lr · factor, min_lr) (skipped when the change is ≤ eps),
/// followed by <c>cooldown</c> epochs that count no bad epoch. <see cref="ILearningRateSchedule.LearningRateAt"/> returns the current rate.
/// </summary>
public sealed class ReduceOnPlateau : IMetricSchedule
{
    readonly double _factor, _threshold, _minimum, _epsilon, _initial;
    readonly int _patience, _cooldown;
    readonly bool _maximize, _absolute;
    double _rate, _best;
    int _badEpochs, _cooldownLeft;

    /// <summary>Defaults as in torch.</summary>
    /// <param name="initial">Starting rate (the optimizer's lr), ≥ 0.</param>
    /// <param name="maximize">mode="max": a larger metric is better (accuracy); default "min" (loss).</param>
    /// <param name="factor">Multiplier of a reduction, in [0, 1).</param>
    /// <param name="patience">Bad epochs tolerated, ≥ 0.</param>
    /// <param name="threshold">Least improvement that counts, ≥ 0.</param>
    /// <param name="absoluteThreshold">threshold_mode="abs" (default "rel").</param>
    /// <param name="cooldown">Epochs after a reduction that count no bad epoch, ≥ 0.</param>
    /// <param name="minimum">min_lr, ≥ 0.</param>
    /// <param name="epsilon">Smallest change applied, ≥ 0.</param>
    public ReduceOnPlateau(double initial, bool maximize = false, double factor = 0.1, int patience = 10, double threshold = 1e-4,
        bool absoluteThreshold = false, int cooldown = 0, double minimum = 0, double epsilon = 1e-8)
    {
        _initial = _rate = OptimizerState.NonNegative(initial, nameof(initial));
        _factor = OptimizerState.Fraction(factor, nameof(factor));
        _patience = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), patience, "Expected a patience ≥ 0.");
        _threshold = OptimizerState.NonNegative(threshold, nameof(threshold));
        _cooldown = cooldown >= 0 ? cooldown : throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "Expected a cooldown ≥ 0.");
        _minimum = OptimizerState.NonNegative(minimum, nameof(minimum));
        _epsilon = OptimizerState.NonNegative(epsilon, nameof(epsilon));
        _maximize = maximize;
        _absolute = absoluteThreshold;
        _best = maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <inheritdoc />
    public double LearningRateAt(int epoch)
    {
        Schedule.Epoch(epoch);
        return _rate;
    }

    /// <inheritdoc />
    public void Observe(double metric)
    {
        if (IsBetter(metric))
        {
            _best = metric;
            _badEpochs = 0;
        }
        else _badEpochs++;
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }
        if (_badEpochs > _patience)
        {
            var reduced = Math.Max(_rate * _factor, _minimum);
            if (_rate - reduced > _epsilon) _rate = reduced;
            _cooldownLeft = _cooldown;
            _badEpochs = 0;
        }
    }

    bool IsBetter(double metric) => (_maximize, _absolute) switch
    {
        (false, false) => metric < _best * (1 - _threshold),
        (false, true) => metric < _best - _threshold,
        (true, false) => metric > _best * (_threshold + 1),
        (true, true) => metric > _best + _threshold,
    };

    /// <inheritdoc />
    public string State
    {
        get => string.Join(' ', Bits(_rate), Bits(_best), _badEpochs.ToString(CultureInfo.InvariantCulture), _cooldownLeft.ToString(CultureInfo.InvariantCulture));
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var parts = value.Split(' ');
            if (parts.Length != 4 || !ulong.TryParse(parts[0], NumberStyles.AllowHexSpecifier, null, out var rate)
                || !ulong.TryParse(parts[1], NumberStyles.AllowHexSpecifier, null, out var best)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var bad)
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var cooldown))
                throw new FormatException($"Expected a ReduceOnPlateau state 'rate best badEpochs cooldown' (hex bits, hex bits, integers), got '{value}'.");
            (_rate, _best, _badEpochs, _cooldownLeft) = (BitConverter.UInt64BitsToDouble(rate), BitConverter.UInt64BitsToDouble(best), bad, cooldown);
        }
    }

    static string Bits(double value) => BitConverter.DoubleToUInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Schedule.Describe("ReduceLROnPlateau", ("lr", _initial), ("mode", _maximize ? "max" : "min"), ("factor", _factor),
        ("patience", _patience), ("threshold", _threshold), ("threshold_mode", _absolute ? "abs" : "rel"), ("cooldown", _cooldown),
        ("min_lr", _minimum), ("eps", _epsilon));
}
