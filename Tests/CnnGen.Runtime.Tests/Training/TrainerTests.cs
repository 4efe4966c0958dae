using CnnGen.Data;
using CnnGen.Tests.Data;
using CnnGen.Training;

namespace CnnGen.Tests.Training;

public sealed class TrainerTests
{
    /// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SyncProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }

    static (Dataset Train, Dataset Test) SmallDigits()
    {
        var (train, test) = StratifiedSplit.Indices(RealData.MnistDigits10k.Labels, 10, 1000, 500, seed: 3);
        return (RealData.MnistDigits10k.Subset(train), RealData.MnistDigits10k.Subset(test));
    }

    [Fact]
    public void Learns_real_digits_and_reports_every_batch_and_epoch()
    {
        var (train, test) = SmallDigits();
        var network = new SoftmaxRegression(784, 10, maxBatch: 50);
        var batchReports = 0;
        var epochReports = new List<EpochResult>();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == TrainingPhase.Batch) batchReports++;
            else epochReports.Add(p.Completed!);
        });

        var result = new Trainer(new TrainerOptions { Epochs = 4, BatchSize = 50, Seed = 1 })
            .Fit(network, new PlainSgd(0.5), train, test, progress: progress);

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(4 * 20, batchReports);
        Assert.Equal(4, epochReports.Count);
        Assert.Equal(result.History, epochReports);
        Assert.Equal(80, result.Steps);
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        Assert.InRange(result.FinalTestAccuracy!.Value, 0.80, 1.0);
        Assert.InRange(result.Last!.TrainAccuracy!.Value, 0.85, 1.0);
        Assert.True(result.SamplesPerSecond > 0);
        Assert.True(result.MeanEpochTime > TimeSpan.Zero);
    }

    [Fact]
    public void Same_seed_gives_identical_runs()
    {
        var (train, _) = SmallDigits();
        float[] Run(int seed)
        {
            var network = new SoftmaxRegression(784, 10, 100);
            new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 100, Seed = seed, MeasureTrainAccuracy = false })
                .Fit(network, new PlainSgd(0.1), train);
            return network.Parameters.ToArray();
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    /// <summary>Takes normal steps, then writes NaN into the parameters at step <paramref name="poisonStep"/>; records the parameters after each step.</summary>
    sealed class PoisoningOptimizer(int poisonStep) : IOptimizer
    {
        public double LearningRate { get; set; } = 0.1;
        public List<float[]> After { get; } = [];

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i] -= (float)LearningRate * gradients[i];
            if (After.Count + 1 == poisonStep) parameters[3] = float.NaN;
            After.Add(parameters.ToArray());
        }
    }

    [Fact]
    public void A_nan_loss_stops_with_its_step_and_restores_the_last_good_parameters()
    {
        var (train, test) = SmallDigits();
        var network = new SoftmaxRegression(784, 10, 100);
        var optimizer = new PoisoningOptimizer(poisonStep: 13);

        var result = new Trainer(new TrainerOptions { Epochs = 5, BatchSize = 100 }).Fit(network, optimizer, train, test);

        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Equal(14, result.DivergedAtStep);
        Assert.Contains("step 14", result.Message);
        Assert.Single(result.History); // epoch 1 (10 steps) completed; epoch 2 stopped at its 4th batch
        // Step 14's loss came from the poisoned parameters of step 13; step 13's loss (finite) was computed at step 12's.
        Assert.Equal(optimizer.After[11], network.Parameters.ToArray());
        Assert.Equal(12f, network.State[0]); // the state as it was before step 13's gradient call
    }

    [Fact]
    public void A_huge_learning_rate_is_detected_as_divergence()
    {
        var (train, _) = SmallDigits();
        var network = new SoftmaxRegression(784, 10, 100);
        var result = new Trainer(new TrainerOptions { Epochs = 3, BatchSize = 100 }).Fit(network, new PlainSgd(1e38), train);
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.NotNull(result.DivergedAtStep);
        foreach (var value in network.Parameters) Assert.True(float.IsFinite(value));
    }

    [Fact]
    public void Schedule_sets_the_learning_rate_of_each_epoch()
    {
        var (train, _) = SmallDigits();
        var optimizer = new PlainSgd(1);
        var result = new Trainer(new TrainerOptions { Epochs = 3, BatchSize = 500, Schedule = new ExponentialDecay(0.1, 0.5), MeasureTrainAccuracy = false })
            .Fit(new SoftmaxRegression(784, 10, 500), optimizer, train);
        Assert.Equal(new[] { 0.1, 0.05, 0.025 }, optimizer.RatesSeen);
        Assert.Equal(new[] { 0.1, 0.05, 0.025 }, result.History.Select(e => e.LearningRate));
    }

    /// <summary>
    /// The run: 2 epochs of 4 batches is 8 steps, one more than OneCycle(0.1, 6) covers (0 … 6). The pre-check asks
    /// the schedule for every step the run takes, so Fit refuses before the first step and the parameters stay as they were.
    /// </summary>
    [Fact]
    public void A_per_batch_schedule_that_ends_before_the_run_is_refused_before_the_first_step()
    {
        var train = RealData.MnistDigits10k.Take(20);
        var network = new SoftmaxRegression(784, 10, maxBatch: 5);
        var before = network.Parameters.ToArray();
        var optimizer = new PlainSgd(1);
        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 5, Schedule = new OneCycle(0.1, 6), ScheduleEveryBatch = true, MeasureTrainAccuracy = false })
                .Fit(network, optimizer, train));
        Assert.StartsWith("The schedule gives no learning rate for step 8 of the 8 steps (2 epochs × 4 batches) the run takes: Expected a step in [0, 6]", error.Message, StringComparison.Ordinal);
        Assert.Empty(optimizer.RatesSeen);
        Assert.Equal(before, network.Parameters.ToArray());

        // Dropping the partial last batch counts the steps that remain: 2 × ⌊22 / 5⌋ = 8, so OneCycle(0.1, 7) covers them.
        var twentyTwo = RealData.MnistDigits10k.Take(22);
        var result = new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 5, Schedule = new OneCycle(0.1, 7), ScheduleEveryBatch = true, DropLast = DropLast.Always, MeasureTrainAccuracy = false })
            .Fit(new SoftmaxRegression(784, 10, maxBatch: 5), new PlainSgd(1), twentyTwo);
        Assert.Equal(StopReason.Completed, result.Reason);
    }

    /// <summary>Counts are said in the right number: "Completed 1 epoch (4 steps)." and "Completed 2 epochs (1 step each …)".</summary>
    [Fact]
    public void The_result_message_uses_singular_and_plural()
    {
        var one = new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 5, MeasureTrainAccuracy = false })
            .Fit(new SoftmaxRegression(784, 10, maxBatch: 5), new PlainSgd(0.1), RealData.MnistDigits10k.Take(20));
        Assert.Equal("Completed 1 epoch (4 steps).", one.Message);
        var single = new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 5, MeasureTrainAccuracy = false })
            .Fit(new SoftmaxRegression(784, 10, maxBatch: 5), new PlainSgd(0.1), RealData.MnistDigits10k.Take(1));
        Assert.Equal("Completed 2 epochs (2 steps).", single.Message);
        var oneStep = new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 5, MeasureTrainAccuracy = false })
            .Fit(new SoftmaxRegression(784, 10, maxBatch: 5), new PlainSgd(0.1), RealData.MnistDigits10k.Take(1));
        Assert.Equal("Completed 1 epoch (1 step).", oneStep.Message);
    }

    /// <summary>A per-epoch schedule is asked for epochs only; a per-batch one for every step, so a NaN at any step is refused first.</summary>
    [Fact]
    public void A_per_batch_schedule_with_a_bad_rate_at_a_later_step_is_refused_before_the_first_step()
    {
        var train = RealData.MnistDigits10k.Take(20);
        var optimizer = new PlainSgd(1);
        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 5, Schedule = new NaNFrom(5), ScheduleEveryBatch = true, MeasureTrainAccuracy = false })
                .Fit(new SoftmaxRegression(784, 10, maxBatch: 5), optimizer, train));
        Assert.Equal("The schedule gives learning rate NaN for step 6 of the 8 steps (2 epochs × 4 batches) the run takes: expected a finite value ≥ 0. (Parameter 'options')", error.Message);
        Assert.Empty(optimizer.RatesSeen);
    }

    /// <summary>0.1 up to step <paramref name="first"/>, NaN from there.</summary>
    sealed class NaNFrom(int first) : ILearningRateSchedule
    {
        public double LearningRateAt(int epoch) => epoch < first ? 0.1 : double.NaN;
    }

    [Fact]
    public void Weight_decay_adds_lambda_times_weights_to_the_gradient()
    {
        var one = RealData.MnistDigits10k.Take(1);
        var network = new SoftmaxRegression(784, 10, 1);
        var random = new SeededRandom(4);
        for (var i = 0; i < network.Parameters.Length; i++) network.Parameters[i] = random.NextNormal() * 0.01f;
        var start = network.Parameters.ToArray();
        var reference = new SoftmaxRegression(784, 10, 1);
        start.CopyTo(reference.Parameters);
        reference.ComputeGradients(one.Images, one.Labels);

        new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 1, WeightDecay = 0.3, MeasureTrainAccuracy = false })
            .Fit(network, new PlainSgd(0.5), one);

        for (var i = 0; i < start.Length; i++)
            Assert.Equal(start[i] - 0.5f * (reference.Gradients[i] + 0.3f * start[i]), network.Parameters[i], 6);
    }

    [Fact]
    public void Early_stopping_restores_the_best_epoch()
    {
        var (train, _) = SmallDigits();
        // Validation: the same digits with shifted labels, so its loss rises while training succeeds.
        var shifted = train.Labels.ToArray().Select(l => (l + 1) % 10).ToArray();
        var validation = new Dataset(train.Images.ToArray(), shifted, 1, 28, 28, 10);
        var network = new SoftmaxRegression(784, 10, 100);
        var afterEpoch = new List<float[]>();
        var progress = new SyncProgress(p => { if (p.Phase == TrainingPhase.Epoch) afterEpoch.Add(network.Parameters.ToArray()); });

        var result = new Trainer(new TrainerOptions { Epochs = 10, BatchSize = 100, EarlyStoppingPatience = 2 })
            .Fit(network, new PlainSgd(0.5), train, validation: validation, progress: progress);

        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(3, result.History.Count);
        Assert.True(result.History[1].ValidationLoss > result.History[0].ValidationLoss);
        Assert.Equal(afterEpoch[0], network.Parameters.ToArray());
    }

    [Fact]
    public void Early_stopping_without_a_validation_set_holds_out_a_stratified_share()
    {
        var (train, _) = SmallDigits();
        var result = new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 100, EarlyStoppingPatience = 5, ValidationFraction = 0.2 })
            .Fit(new SoftmaxRegression(784, 10, 100), new PlainSgd(0.5), train);
        Assert.All(result.History, e => Assert.NotNull(e.ValidationAccuracy));
        Assert.Equal(800, result.History[0].SamplesPerSecond * result.History[0].TrainingTime.TotalSeconds, 3);
    }

    [Fact]
    public void Batch_larger_than_max_batch_is_refused_with_both_numbers()
    {
        var (train, _) = SmallDigits();
        var error = Assert.Throws<ArgumentException>(() =>
            new Trainer(new TrainerOptions { BatchSize = 64 }).Fit(new SoftmaxRegression(784, 10, 32), new PlainSgd(0.1), train));
        Assert.Contains("64", error.Message);
        Assert.Contains("32", error.Message);
    }

    [Fact]
    public void Evaluator_counts_correct_predictions_in_chunks()
    {
        var (_, test) = SmallDigits();
        var network = new SoftmaxRegression(784, 10, 10);
        var random = new SeededRandom(1);
        for (var i = 0; i < network.Parameters.Length; i++) network.Parameters[i] = random.NextNormal() * 0.05f;
        var expected = 0;
        for (var i = 0; i < test.Count; i++) if (network.Predict(test.Image(i)) == test.Label(i)) expected++;
        Assert.Equal((double)expected / test.Count, new Evaluator(network, chunk: 7).Accuracy(test));
    }
}
