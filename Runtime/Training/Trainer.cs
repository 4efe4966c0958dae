using System.Diagnostics;
using CnnGen.Data;

namespace CnnGen.Training;

/// <summary>
/// Trains a classifier over shuffled mini-batches: per-epoch loss and accuracies, progress reports, a learning-rate
/// schedule, L2 weight decay, early stopping on a validation split, and divergence detection (a NaN or infinite
/// loss stops training and puts back the parameters of the last step whose loss was finite).
/// </summary>
public sealed class Trainer
{
    readonly TrainerOptions _options;

    /// <summary>A trainer with <paramref name="options"/> (defaults when null).</summary>
    public Trainer(TrainerOptions? options = null)
    {
        _options = options ?? new TrainerOptions();
        _options.Validate();
    }

    /// <summary>The options this trainer uses.</summary>
    public TrainerOptions Options => _options;

    /// <summary>
    /// Trains <paramref name="network"/> with <paramref name="optimizer"/> on <paramref name="train"/>, measuring
    /// <paramref name="test"/> after each epoch. With early stopping, <paramref name="validation"/> (or a stratified
    /// <see cref="TrainerOptions.ValidationFraction"/> of <paramref name="train"/>) decides when to stop.
    /// Every condition that does not depend on the data's values is checked before the first step (so a refused run
    /// changes nothing): sample lengths and classes of every set, a training set left after holding out validation,
    /// the batch size against <see cref="INetwork.MaxBatch"/> and <see cref="IChainableNetwork.MinimumTrainingBatch"/>, the last batch
    /// under <see cref="TrainerOptions.DropLast"/>, and the schedule's learning rate for every step the run will take (every epoch, or every
    /// batch with <see cref="TrainerOptions.ScheduleEveryBatch"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/>, <paramref name="optimizer"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">One of the conditions above fails; the message names the values.</exception>
    public TrainingResult Fit(
        IClassifierNetwork network, IOptimizer optimizer, Dataset train, Dataset? test = null, Dataset? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        CheckFits(network, train, nameof(train));
        if (test is not null) CheckFits(network, test, nameof(test));
        if (_options.EarlyStoppingPatience > 0 && validation is null)
        {
            var held = Math.Max(1, (int)Math.Round(train.Count * _options.ValidationFraction));
            if (held >= train.Count)
                throw new ArgumentException($"Early stopping holds out {held} of the {Counted.Of(train.Count, "training sample")} for validation, leaving none to train on: pass a validation set or use more samples.", nameof(train));
            (train, validation) = train.Split(train.Count - held, held, _options.Seed);
        }
        if (validation is not null) CheckFits(network, validation, nameof(validation));

        var batchSize = Math.Min(_options.BatchSize, train.Count);
        if (batchSize > network.MaxBatch)
            throw new ArgumentException($"Batch size {batchSize} exceeds the network's MaxBatch {network.MaxBatch}: construct it with maxBatch ≥ {batchSize}.", nameof(network));
        var dropLast = DropsLastBatch(network, train.Count, batchSize);
        CheckSchedule(MiniBatches.CountBatches(train.Count, batchSize, dropLast));

        var run = new Run(network, optimizer, _options, batchSize, dropLast, train, test, validation, progress, cancellationToken);
        return run.Execute();
    }

    /// <summary>Whether each epoch's partial last batch is dropped; refuses batches the network cannot train on.</summary>
    bool DropsLastBatch(IChainableNetwork network, int samples, int batchSize)
    {
        var minimum = network.MinimumTrainingBatch;
        if (batchSize < minimum)
            throw new ArgumentException($"Batches of {Counted.Of(batchSize, "sample")} are below the network's minimum training batch of {minimum} (batch norm on one value per channel per sample): use a batch size ≥ {minimum} and at least {minimum} training samples.", nameof(network));
        var last = samples % batchSize;
        if (last == 0) return false;
        var tooSmall = last < minimum;
        if (tooSmall && _options.DropLast == DropLast.Never)
            throw new ArgumentException($"The last batch of each epoch holds {Counted.Of(last, "sample")} ({samples} = {samples / batchSize} × {batchSize} + {last}), below the network's minimum training batch of {minimum} (batch norm on one value per channel per sample): set DropLast to WhenTooSmall or Always, or choose another batch size.", nameof(network));
        return _options.DropLast == DropLast.Always || tooSmall;
    }

    /// <summary>
    /// The schedule must give every step the run will take a learning rate the optimizers accept (finite, ≥ 0): every
    /// epoch, or with <see cref="TrainerOptions.ScheduleEveryBatch"/> every batch of every epoch (the step count is
    /// what the schedule is asked for then).
    /// </summary>
    void CheckSchedule(int batchesPerEpoch)
    {
        if (_options.Schedule is not { } schedule) return;
        var everyBatch = _options.ScheduleEveryBatch;
        var steps = everyBatch ? (long)_options.Epochs * batchesPerEpoch : _options.Epochs;
        var unit = everyBatch ? "step" : "epoch";
        var run = everyBatch
            ? $"{Counted.Of(steps, "step")} ({Counted.Of(_options.Epochs, "epoch")} × {Counted.Of(batchesPerEpoch, "batch", "batches")})"
            : Counted.Of(steps, "epoch");
        if (steps > int.MaxValue)
            throw new ArgumentException($"The run takes {run}, more than a schedule can be asked for ({int.MaxValue}).", "options");
        for (var step = 0; step < steps; step++)
        {
            double rate;
            try
            {
                rate = schedule.LearningRateAt(step);
            }
            catch (ArgumentOutOfRangeException error)
            {
                throw new ArgumentException($"The schedule gives no learning rate for {unit} {step + 1} of the {run} the run takes: {error.Message}", "options", error);
            }
            if (!(double.IsFinite(rate) && rate >= 0))
                throw new ArgumentException($"The schedule gives learning rate {rate} for {unit} {step + 1} of the {run} the run takes: expected a finite value ≥ 0.", "options");
        }
    }

    static void CheckFits(INetwork network, Dataset data, string name)
    {
        if (data.SampleLength != network.InputLength)
            throw new ArgumentException($"The network takes {network.InputLength} values per sample, the {name} set has {data.SampleLength} ({data.Channels}×{data.Height}×{data.Width}).", name);
        if (data.Classes > network.OutputLength)
            throw new ArgumentException($"The {name} set has {data.Classes} classes, the network only {network.OutputLength} outputs.", name);
        if (data.Count == 0) throw new ArgumentException($"The {name} set is empty.", name);
    }

    /// <summary>The state of one training run (buffers allocated once, before the first step).</summary>
    sealed class Run(
        IClassifierNetwork network, IOptimizer optimizer, TrainerOptions options, int batchSize, bool dropLast,
        Dataset train, Dataset? test, Dataset? validation, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        readonly MiniBatches _batches = new(train, batchSize, options.Seed, dropLast, options.Augmentation);
        readonly Evaluator _evaluator = new(network, options.EvaluationChunk);
        readonly List<EpochResult> _history = [];
        // Parameters then state of the last step whose loss was finite, and of the step being taken.
        float[] _lastGood = Snapshot(network);
        float[] _pending = Snapshot(network);
        float[]? _best;
        double _bestValidationLoss = double.PositiveInfinity;
        int _epochsWithoutImprovement;
        long _step;
        string? _resumedFrom;

        public TrainingResult Execute()
        {
            var total = Stopwatch.StartNew();
            network.Reseed(options.Seed);
            var (firstEpoch, firstBatch, lossSum) = (1, 0, 0.0);
            if (options.Resume && Checkpoint.Read(options.CheckpointPath!) is { } checkpoint)
            {
                var position = checkpoint.Restore(Context());
                (firstEpoch, firstBatch, lossSum, _step) = (position.Epoch, position.Batch, position.LossSum, position.Step);
                (_best, _bestValidationLoss, _epochsWithoutImprovement) = (position.Best, position.BestValidationLoss, position.EpochsWithoutImprovement);
                _history.AddRange(position.History);
                Save(network, _lastGood);
                _resumedFrom = checkpoint.Description;
                // Said before the first step, so that a log shows where the run continues from before its epochs.
                progress?.Report(new TrainingProgress(TrainingPhase.Resumed, firstEpoch, options.Epochs, firstBatch, _batches.BatchCount, _step, float.NaN, optimizer.LearningRate, null)
                    { ResumedFrom = _resumedFrom });
            }
            for (var epoch = firstEpoch; epoch <= options.Epochs; epoch++)
            {
                if (options.Schedule is { } schedule && !options.ScheduleEveryBatch) optimizer.LearningRate = schedule.LearningRateAt(epoch - 1);
                var resumeBatch = epoch == firstEpoch ? firstBatch : 0;
                var outcome = TrainEpoch(epoch, resumeBatch, resumeBatch > 0 ? lossSum : 0, out var meanLoss, out var trainingTime);
                if (outcome is not null) return Finish(outcome.Value.Reason, outcome.Value.Message, total);

                var evaluation = Stopwatch.StartNew();
                double? trainAccuracy = options.MeasureTrainAccuracy ? _evaluator.Accuracy(train) : null;
                double? testAccuracy = test is null ? null : _evaluator.Accuracy(test);
                (double Accuracy, double Loss)? validationResult = validation is null ? null : _evaluator.Evaluate(validation);
                evaluation.Stop();

                var result = new EpochResult(
                    epoch, meanLoss, trainAccuracy, testAccuracy, validationResult?.Accuracy, validationResult?.Loss,
                    optimizer.LearningRate, trainingTime, evaluation.Elapsed, _batches.SampleCount / Math.Max(trainingTime.TotalSeconds, 1e-9));
                _history.Add(result);
                if (options.MetricsPath is { } metrics) MetricsLog.Write(metrics, _history);
                progress?.Report(new TrainingProgress(TrainingPhase.Epoch, epoch, options.Epochs, _batches.BatchCount, _batches.BatchCount, _step, (float)meanLoss, optimizer.LearningRate, result));
                if (options.Schedule is IMetricSchedule metricSchedule) metricSchedule.Observe(validationResult?.Loss ?? meanLoss);

                if (options.EarlyStoppingPatience > 0 && validationResult is { } v && ShouldStop(v.Loss))
                {
                    Restore(network, _best!);
                    var bestEpoch = epoch - _epochsWithoutImprovement;
                    return Finish(StopReason.EarlyStopped,
                        $"Early stop after epoch {epoch}: validation loss did not improve for {Counted.Of(options.EarlyStoppingPatience, "epoch")}; restored epoch {bestEpoch}'s parameters.", total);
                }
                WriteCheckpoint(epoch + 1, 0, 0);
            }
            return Finish(StopReason.Completed, $"Completed {Counted.Of(options.Epochs, "epoch")} ({Counted.Of(_step, "step")}).", total);
        }

        /// <summary>One pass over the shuffled batches from <paramref name="firstBatch"/> on (a resumed epoch keeps its order); a non-null return ends training.</summary>
        (StopReason Reason, string Message)? TrainEpoch(int epoch, int firstBatch, double lossSum, out double meanLoss, out TimeSpan trainingTime)
        {
            var clock = Stopwatch.StartNew();
            if (firstBatch == 0) _batches.Shuffle();
            meanLoss = double.NaN;
            trainingTime = TimeSpan.Zero;
            for (var b = firstBatch; b < _batches.BatchCount; b++)
            {
                if (cancellationToken.IsCancellationRequested)
                    return (StopReason.Cancelled, $"Cancelled in epoch {epoch} after {Counted.Of(_step, "step")}.");

                if (options.Schedule is { } schedule && options.ScheduleEveryBatch) optimizer.LearningRate = schedule.LearningRateAt(checked((int)_step));
                var batch = _batches.Fill(b);
                Save(network, _pending);
                var loss = network.ComputeGradients(batch.Inputs, batch.Labels);
                if (!float.IsFinite(loss))
                {
                    Restore(network, _lastGood);
                    return (StopReason.Diverged,
                        $"Diverged: the loss was {loss} at step {_step + 1} (epoch {epoch}, batch {b + 1}); restored the parameters of step {_step}, the last with a finite loss.");
                }
                (_lastGood, _pending) = (_pending, _lastGood);
                if (options.MaxGradientNorm > 0) GradientClipping.ClipGradNorm(network.Gradients, options.MaxGradientNorm);
                if (options.WeightDecay > 0) AddWeightDecay(network.Parameters, network.Gradients, (float)options.WeightDecay);
                optimizer.Step(network.Parameters, network.Gradients);
                _step++;
                lossSum += loss * batch.Count;

                if (progress is not null && ((b + 1) % options.ReportEveryBatches == 0 || b + 1 == _batches.BatchCount))
                    progress.Report(new TrainingProgress(TrainingPhase.Batch, epoch, options.Epochs, b + 1, _batches.BatchCount, _step, loss, optimizer.LearningRate, null));
                if (options.CheckpointEveryBatches > 0 && _step % options.CheckpointEveryBatches == 0 && b + 1 < _batches.BatchCount)
                    WriteCheckpoint(epoch, b + 1, lossSum);
            }
            trainingTime = clock.Elapsed;
            meanLoss = lossSum / _batches.SampleCount;
            return null;
        }

        /// <summary>Saves everything the rest of the run depends on, positioned before batch <paramref name="batch"/> of <paramref name="epoch"/>.</summary>
        void WriteCheckpoint(int epoch, int batch, double lossSum)
        {
            if (options.CheckpointPath is not { } path) return;
            Checkpoint.Write(path, Context(), new CheckpointPosition(epoch, batch, _step, lossSum, _history, _best, _bestValidationLoss, _epochsWithoutImprovement));
        }

        CheckpointContext Context() => new(network, optimizer, options, train.Count, _batches);

        bool ShouldStop(double validationLoss)
        {
            if (validationLoss < _bestValidationLoss)
            {
                _bestValidationLoss = validationLoss;
                _epochsWithoutImprovement = 0;
                _best ??= new float[_lastGood.Length];
                Save(network, _best);
                return false;
            }
            return ++_epochsWithoutImprovement >= options.EarlyStoppingPatience;
        }

        TrainingResult Finish(StopReason reason, string message, Stopwatch total)
            => new(_history, reason, _step, reason == StopReason.Diverged ? _step + 1 : null, message, total.Elapsed) { ResumedFrom = _resumedFrom };

        static void AddWeightDecay(ReadOnlySpan<float> parameters, Span<float> gradients, float lambda)
        {
            for (var i = 0; i < gradients.Length; i++) gradients[i] += lambda * parameters[i];
        }

        static float[] Snapshot(INetwork network)
        {
            var copy = new float[network.Parameters.Length + network.State.Length];
            Save(network, copy);
            return copy;
        }

        static void Save(INetwork network, Span<float> destination)
        {
            network.Parameters.CopyTo(destination);
            network.State.CopyTo(destination[network.Parameters.Length..]);
        }

        static void Restore(INetwork network, ReadOnlySpan<float> source)
        {
            var parameters = network.Parameters;
            source[..parameters.Length].CopyTo(parameters);
            source[parameters.Length..].CopyTo(network.State);
        }
    }
}
