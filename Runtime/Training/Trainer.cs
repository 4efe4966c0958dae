using System.Diagnostics;
using CnnGen.Data;

namespace CnnGen.Training;

/// <summary>
/// Trains a network over shuffled mini-batches — a classifier on labels, a per-pixel classifier on masks (segmentation),
/// or any loss head on float targets (regression, autoencoders) — with per-epoch losses (and accuracies for classifiers), progress reports, a learning-rate schedule,
/// L2 weight decay, early stopping on a validation split, checkpoints, and divergence detection (a NaN or infinite
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
        (train, validation) = CheckSets(network, train, test, validation, CheckFits, d => d.Count, (d, first, second) => d.Split(first, second, _options.Seed));

        var evaluator = new Evaluator(network, _options.EvaluationChunk);
        var objective = new Classification(network, evaluator, train, test, validation, _options.MeasureTrainAccuracy);
        return Start(network, optimizer, train.Count, (size, drop) => new MiniBatches(train, size, _options.Seed, drop, _options.Augmentation), objective, progress, cancellationToken);
    }

    /// <summary>
    /// Trains <paramref name="network"/> (any loss head: <c>MeanSquaredError</c>, <c>L1Loss</c>, <c>SmoothL1Loss</c>,
    /// <c>BinaryCrossEntropy</c>, or <c>SoftmaxCrossEntropy</c> on class probabilities) on float targets with
    /// <paramref name="optimizer"/>: the loop, progress, schedule, clipping, weight decay, early stopping, checkpoints and
    /// resumption of the classifier overload. After each epoch it measures the head's mean loss in inference mode on
    /// <paramref name="test"/> (<see cref="EpochResult.TestLoss"/>) and on the validation set
    /// (<see cref="EpochResult.ValidationLoss"/>; with early stopping and none given, a random
    /// <see cref="TrainerOptions.ValidationFraction"/> of <paramref name="train"/>). Accuracies stay null. The augmentation,
    /// if any, transforms the inputs only. Refuses, before the first step, what the classifier overload refuses.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/>, <paramref name="optimizer"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">A set's input or target length does not fit the network, a set is empty, or a condition of the classifier overload fails; the message names the values.</exception>
    public TrainingResult Fit(
        ITrainableNetwork network, IOptimizer optimizer, TensorDataset train, TensorDataset? test = null, TensorDataset? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        (train, validation) = CheckSets(network, train, test, validation, CheckFits, d => d.Count, (d, first, second) => d.Split(first, second, _options.Seed));
        var evaluator = new Evaluator(network, _options.EvaluationChunk);
        var objective = new Regression(network, evaluator, test, validation);
        return Start(network, optimizer, train.Count, (size, drop) => new MiniBatches(train, size, _options.Seed, drop, _options.Augmentation), objective, progress, cancellationToken);
    }

    /// <summary>
    /// Trains <paramref name="network"/>, a per-pixel classifier (a <c>SoftmaxCrossEntropy</c> head on a (C, H, W) map of
    /// logits: <c>nn.CrossEntropyLoss</c> over the channels at every pixel), on masks of class indices with
    /// <paramref name="optimizer"/>: the loop, progress, schedule, clipping, weight decay, early stopping, checkpoints and
    /// resumption of the classifier overload. After each epoch it measures pixel accuracy and the mean per-pixel loss in
    /// inference mode on <paramref name="test"/> (<see cref="EpochResult.TestAccuracy"/>, <see cref="EpochResult.TestLoss"/>,
    /// and the mean intersection over union <see cref="EpochResult.TestMeanIoU"/>), on the validation set (with early
    /// stopping and none given, a random <see cref="TrainerOptions.ValidationFraction"/> of <paramref name="train"/>) and,
    /// with <see cref="TrainerOptions.MeasureTrainAccuracy"/>, on <paramref name="train"/>. Augmentation is refused (it would
    /// move the inputs' pixels away from their labels). Refuses, before the first step, what the classifier overload refuses.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/>, <paramref name="optimizer"/> or <paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">The network has no per-pixel <c>SoftmaxCrossEntropy</c> head, a set's inputs, mask size or classes do not fit it, a set is empty, an augmentation is set, or a condition of the classifier overload fails; the message names the values.</exception>
    public TrainingResult Fit(
        IClassifierNetwork network, IOptimizer optimizer, SegmentationDataset train, SegmentationDataset? test = null, SegmentationDataset? validation = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        if (_options.Augmentation is { } augmentation)
            throw new ArgumentException($"TrainerOptions.Augmentation ({augmentation.GetType().Name}) transforms the inputs only, which would move a segmentation input's pixels away from their mask's labels: train segmentation without one.", "options");
        (train, validation) = CheckSets(network, train, test, validation, CheckFits, d => d.Count, (d, first, second) => d.Split(first, second, _options.Seed));
        var evaluator = new Evaluator(network, _options.EvaluationChunk);
        var objective = new PixelClassification(network, evaluator, train, test, validation, _options.MeasureTrainAccuracy);
        return Start(network, optimizer, train.Count, (size, drop) => new MiniBatches(train, size, _options.Seed, drop), objective, progress, cancellationToken);
    }

    /// <summary>
    /// Checks every set against the network and, for early stopping without a validation set, holds one out of
    /// <paramref name="train"/>: the same for classifier and float-target data.
    /// </summary>
    (T Train, T? Validation) CheckSets<T>(
        INetwork network, T train, T? test, T? validation, Action<INetwork, T, string> fits, Func<T, int> count, Func<T, int, int, (T, T)> split)
        where T : class
    {
        fits(network, train, nameof(train));
        if (test is not null) fits(network, test, nameof(test));
        if (_options.EarlyStoppingPatience > 0 && validation is null)
        {
            var held = HeldOut(count(train));
            (train, validation) = split(train, count(train) - held, held);
        }
        if (validation is not null) fits(network, validation, nameof(validation));
        return (train, validation);
    }

    TrainingResult Start(
        ITrainableNetwork network, IOptimizer optimizer, int trainCount, Func<int, bool, MiniBatches> batches, Objective objective,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var batchSize = Math.Min(_options.BatchSize, trainCount);
        if (batchSize > network.MaxBatch && !network.GrowsMaxBatch)
            throw new ArgumentException($"Batch size {batchSize} exceeds the network's MaxBatch {network.MaxBatch}: construct it with maxBatch ≥ {batchSize}.", nameof(network));
        var dropLast = DropsLastBatch(network, trainCount, batchSize);
        CheckSchedule(MiniBatches.CountBatches(trainCount, batchSize, dropLast));
        return new Run(network, optimizer, _options, batches(batchSize, dropLast), trainCount, objective, progress, cancellationToken).Execute();
    }

    /// <summary>Validation samples early stopping holds out of <paramref name="trainCount"/> when none are given.</summary>
    int HeldOut(int trainCount)
    {
        var held = Math.Max(1, (int)Math.Round(trainCount * _options.ValidationFraction));
        if (held >= trainCount)
            throw new ArgumentException($"Early stopping holds out {held} of the {Counted.Of(trainCount, "training sample")} for validation, leaving none to train on: pass a validation set or use more samples.", "train");
        return held;
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

    static void CheckFits(INetwork network, TensorDataset data, string name)
    {
        if (data.SampleLength != network.InputLength)
            throw new ArgumentException($"The network takes {network.InputLength} values per sample, the {name} set has {data.SampleLength} ({data.Channels}×{data.Height}×{data.Width}).", name);
        if (data.TargetLength != network.OutputLength)
            throw new ArgumentException($"The network puts out {network.OutputLength} values per sample, the {name} set's targets have {data.TargetLength}.", name);
        if (data.Count == 0) throw new ArgumentException($"The {name} set is empty.", name);
    }

    static void CheckFits(INetwork network, SegmentationDataset data, string name)
    {
        Evaluator.CheckFits(network, data, name);
        if (data.Count == 0) throw new ArgumentException($"The {name} set is empty.", name);
    }

    /// <summary>The state of one training run (buffers allocated once, before the first step).</summary>
    sealed class Run(
        ITrainableNetwork network, IOptimizer optimizer, TrainerOptions options, MiniBatches batches, int trainCount, Objective objective,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        readonly MiniBatches _batches = batches;
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
                var measured = objective.Measure();
                evaluation.Stop();

                var result = new EpochResult(
                    epoch, meanLoss, measured.TrainAccuracy, measured.TestAccuracy, measured.ValidationAccuracy, measured.ValidationLoss,
                    optimizer.LearningRate, trainingTime, evaluation.Elapsed, _batches.SampleCount / Math.Max(trainingTime.TotalSeconds, 1e-9))
                { TestLoss = measured.TestLoss, TestMeanIoU = measured.TestMeanIoU };
                _history.Add(result);
                if (options.MetricsPath is { } metrics) MetricsLog.Write(metrics, _history);
                progress?.Report(new TrainingProgress(TrainingPhase.Epoch, epoch, options.Epochs, _batches.BatchCount, _batches.BatchCount, _step, (float)meanLoss, optimizer.LearningRate, result));
                if (options.Schedule is IMetricSchedule metricSchedule) metricSchedule.Observe(measured.ValidationLoss ?? meanLoss);

                if (options.EarlyStoppingPatience > 0 && measured.ValidationLoss is { } validationLoss && ShouldStop(validationLoss))
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
                var loss = objective.ComputeGradients(batch);
                if (!float.IsFinite(loss))
                {
                    Restore(network, _lastGood);
                    return (StopReason.Diverged,
                        $"Diverged: the loss was {loss} at step {_step + 1} (epoch {epoch}, batch {b + 1}); restored the parameters of step {_step}, the last with a finite loss.");
                }
                (_lastGood, _pending) = (_pending, _lastGood);
                if (options.MaxGradientNorm > 0) GradientClipping.ClipGradNorm(network.Gradients, options.MaxGradientNorm);
                if (options.WeightDecay > 0) AddWeightDecay(network.Parameters, network.Gradients, (float)options.WeightDecay);
                optimizer.Step(network.Parameters, network.Gradients, network.Tensors);
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

        CheckpointContext Context() => new(network, optimizer, options, trainCount, _batches);

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
