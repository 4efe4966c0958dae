using CnnGen.Data;
using CnnGen.Samples;
using CnnGen.Tests.Reliability;
using CnnGen.Training;

namespace CnnGen.Tests.Training;

/// <summary>
/// Checkpoints: a run stopped at any step and resumed ends with the same bits as one never stopped (weights, batch-norm
/// state, optimizer, schedule, every random stream, history); another network's, optimizer's or schedule's checkpoint
/// is refused; a damaged newest checkpoint falls back to the previous one.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Path(string name) => System.IO.Path.Combine(_folder, name);

    sealed class SyncProgress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }

    /// <summary>Three classes of 5 × 5 images: a bright column at 0, 2 or 4 over seeded noise.</summary>
    public static Dataset Columns(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var images = new float[count * 25];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 3;
            for (var p = 0; p < 25; p++) images[i * 25 + p] = 0.3f * random.NextSingle() + (p % 5 == 2 * labels[i] ? 0.7f : 0f);
        }
        return new Dataset(images, labels, 1, 5, 5, 3);
    }

    /// <summary>Every feature at once: augmentation, a per-batch schedule, clipping, weight decay, dropout, batch norm.</summary>
    static TrainerOptions Options(string checkpoint, ILearningRateSchedule? schedule = null, bool everyBatch = true) => new()
    {
        Epochs = 4, BatchSize = 8, Seed = 5, CheckpointPath = checkpoint, CheckpointEveryBatches = 3,
        Augmentation = new Augmentations(new RandomAffine(20, 0.9, 1.1), new RandomTranslation(1), new RandomErasing(0.5)),
        Schedule = schedule ?? new OneCycle(0.05, 4 * 5), ScheduleEveryBatch = everyBatch, MaxGradientNorm = 1.0, WeightDecay = 1e-3,
    };

    static float[] Everything(INetwork network) => [.. network.Parameters, .. network.State];

    static (ReliabilityNet Network, TrainingResult Result) Train(TrainerOptions options, Func<TrainingProgress, bool>? stopWhen = null, IOptimizer? optimizer = null)
    {
        var network = new ReliabilityNet(maxBatch: 8, seed: 2);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (stopWhen?.Invoke(p) == true) cancel.Cancel(); });
        var result = new Trainer(options).Fit(network, optimizer ?? new Adam(0.01), Columns(40, 1), Columns(15, 2), progress: progress, cancellationToken: cancel.Token);
        return (network, result);
    }

    static void AssertSameHistory(TrainingResult expected, TrainingResult actual)
    {
        Assert.Equal(expected.History.Count, actual.History.Count);
        for (var i = 0; i < expected.History.Count; i++)
        {
            var (e, a) = (expected.History[i], actual.History[i]);
            Assert.Equal((e.Epoch, e.TrainLoss, e.TrainAccuracy, e.TestAccuracy, e.LearningRate), (a.Epoch, a.TrainLoss, a.TrainAccuracy, a.TestAccuracy, a.LearningRate));
        }
    }

    public static TheoryData<int> StopSteps() => new(1, 3, 4, 5, 7, 11, 15, 19);

    [Theory]
    [MemberData(nameof(StopSteps))]
    public void A_run_stopped_after_any_step_and_resumed_ends_with_the_same_bits(int stopStep)
    {
        var (reference, referenceResult) = Train(Options(Path("reference.safetensors")));
        var options = Options(Path("run.safetensors"));
        var (_, stopped) = Train(options, p => p.Phase == TrainingPhase.Batch && p.Step == stopStep);
        Assert.Equal(StopReason.Cancelled, stopped.Reason);

        var (resumed, result) = Train(options with { Resume = true });
        Assert.Equal(StopReason.Completed, result.Reason);
        // The first checkpoint is written after step 3: a run stopped before it starts again from the beginning.
        Assert.Equal(stopStep >= 3, result.ResumedFrom is not null);
        Assert.Equal(Everything(reference), Everything(resumed));
        Assert.Equal(referenceResult.Steps, result.Steps);
        AssertSameHistory(referenceResult, result);
    }

    /// <summary>A resumed run says so before its first step (a log shows "resumed from …" before the epochs it continues).</summary>
    [Fact]
    public void A_resumed_run_reports_its_checkpoint_before_the_first_step()
    {
        var options = Options(Path("run.safetensors"));
        Train(options, p => p.Phase == TrainingPhase.Batch && p.Step == 7);
        var reports = new List<TrainingProgress>();
        var result = new Trainer(options with { Resume = true })
            .Fit(new ReliabilityNet(maxBatch: 8, seed: 2), new Adam(0.01), Columns(40, 1), Columns(15, 2), progress: new SyncProgress(reports.Add));
        Assert.Equal(StopReason.Completed, result.Reason);
        var first = reports[0];
        Assert.Equal(TrainingPhase.Resumed, first.Phase);
        Assert.Equal(result.ResumedFrom, first.ResumedFrom);
        Assert.NotNull(first.ResumedFrom);
        // The checkpoint after step 6 (every 3 steps): epoch 2, batch 1 of 5 done.
        Assert.Equal((2, 1, 6L), (first.Epoch, first.Batch, first.Step));
        Assert.Single(reports, r => r.Phase == TrainingPhase.Resumed);
    }

    [Fact]
    public void Resuming_twice_and_resuming_a_finished_run_change_nothing()
    {
        var (reference, referenceResult) = Train(Options(Path("reference.safetensors")));
        var options = Options(Path("run.safetensors"));
        Train(options, p => p.Step == 4);
        Train(options with { Resume = true }, p => p.Step == 13);
        var (resumed, result) = Train(options with { Resume = true });
        Assert.Equal(Everything(reference), Everything(resumed));
        var (again, finished) = Train(options with { Resume = true });
        Assert.Equal(Everything(reference), Everything(again));
        Assert.Equal(0, finished.Steps - referenceResult.Steps);
        AssertSameHistory(referenceResult, finished);
    }

    [Fact]
    public void A_metric_schedule_and_early_stopping_resume_from_their_saved_state()
    {
        // Only a halving of the loss counts as better, so the rate drops after most epochs.
        var plateau = () => new ReduceOnPlateau(0.05, factor: 0.5, patience: 0, threshold: 0.5);
        TrainerOptions Make(string file) => Options(Path(file), plateau(), everyBatch: false) with
        {
            Epochs = 6, EarlyStoppingPatience = 3, ValidationFraction = 0.25, CheckpointEveryBatches = 2,
        };
        var (reference, referenceResult) = Train(Make("reference.safetensors"));
        Train(Make("run.safetensors"), p => p.Phase == TrainingPhase.Epoch && p.Epoch == 3);
        var (resumed, result) = Train(Make("run.safetensors") with { Resume = true });
        Assert.Equal(Everything(reference), Everything(resumed));
        AssertSameHistory(referenceResult, result);
        Assert.Contains(result.History, e => e.LearningRate < 0.05); // the plateau schedule did act
    }

    [Fact]
    public void Resume_without_a_checkpoint_starts_afresh()
    {
        var (reference, _) = Train(Options(Path("reference.safetensors")));
        var (fresh, result) = Train(Options(Path("none.safetensors")) with { Resume = true });
        Assert.Null(result.ResumedFrom);
        Assert.Equal(Everything(reference), Everything(fresh));
    }

    [Fact]
    public void A_checkpoint_of_another_network_optimizer_or_schedule_is_a_clear_error()
    {
        var options = Options(Path("run.safetensors"));
        Train(options, p => p.Step == 6);

        var otherOptimizer = Assert.Throws<ArgumentException>(() => Train(options with { Resume = true }, optimizer: new Sgd(0.01, momentum: 0.9)));
        Assert.Contains("optimizer", otherOptimizer.Message);
        Assert.Contains("SGD(", otherOptimizer.Message);

        var otherSchedule = Assert.Throws<ArgumentException>(() => Train(options with { Resume = true, Schedule = new OneCycle(0.1, 20) }));
        Assert.Contains("schedule", otherSchedule.Message);

        var otherAugmentation = Assert.Throws<ArgumentException>(() => Train(options with { Resume = true, Augmentation = null }));
        Assert.Contains("trainer", otherAugmentation.Message);

        var network = new SimpleConvNet(maxBatch: 8);
        var digits = new Dataset(new float[16 * 784], new int[16], 1, 28, 28, 10);
        var otherNetwork = Assert.Throws<ArgumentException>(() =>
            new Trainer(options with { Resume = true }).Fit(network, new Adam(0.01), digits));
        Assert.Contains("network", otherNetwork.Message);
    }

    [Fact]
    public void A_truncated_or_corrupt_newest_checkpoint_is_refused_and_the_previous_one_used()
    {
        var (reference, _) = Train(Options(Path("reference.safetensors")));
        var options = Options(Path("run.safetensors"));
        Train(options, p => p.Step == 10);
        var newest = Path("run.safetensors");
        var previous = Path("run.previous.safetensors");
        Assert.True(File.Exists(previous));
        var intact = File.ReadAllBytes(newest);

        // Truncated: the previous checkpoint (step 6) is used and the run still ends with the reference's bits.
        File.WriteAllBytes(newest, intact[..(intact.Length - 5)]);
        var (fromPrevious, result) = Train(options with { Resume = true });
        Assert.Contains("run.previous.safetensors", result.ResumedFrom);
        Assert.Contains("truncated", result.ResumedFrom);
        Assert.Equal(Everything(reference), Everything(fromPrevious));

        // One flipped data bit: refused by its hash.
        Train(options, p => p.Step == 10);
        var flipped = File.ReadAllBytes(newest);
        flipped[^7] ^= 0x10;
        File.WriteAllBytes(newest, flipped);
        var (_, corrupt) = Train(options with { Resume = true });
        Assert.Contains("SHA-256", corrupt.ResumedFrom);

        // Both damaged: an error naming both, nothing trained.
        File.WriteAllBytes(newest, flipped);
        File.WriteAllBytes(previous, [1, 2, 3]);
        var error = Assert.Throws<InvalidDataException>(() => Train(options with { Resume = true }));
        Assert.Contains("run.safetensors", error.Message);
        Assert.Contains("run.previous.safetensors", error.Message);
    }

    [Fact]
    public void The_checkpoint_is_a_safetensors_file_with_the_model_under_its_weight_file_names()
    {
        var options = Options(Path("run.safetensors"));
        var (network, _) = Train(options, p => p.Phase == TrainingPhase.Epoch && p.Epoch == 1);
        var (metadata, tensors) = CheckpointFile.Read(Path("run.safetensors"));
        foreach (var tensor in network.Tensors) Assert.Equal(tensor.Shape, tensors["model." + tensor.Name].Shape);
        Assert.Equal(["exp_avg", "exp_avg_sq"], tensors.Keys.Where(k => k.StartsWith("optimizer.")).Select(k => k["optimizer.".Length..]).Order());
        Assert.Equal(40, tensors["trainer.order"].Count);
        Assert.Equal("2", metadata["epoch"]);
        Assert.Equal("0", metadata["batch"]);
        Assert.Equal("5", metadata["step"]);
        Assert.StartsWith("Adam(", metadata["optimizer"]);
        Assert.Equal(network.TrainingRandom.State.ToString(), metadata["random.dropout"]);
    }

    [Fact]
    public void Metrics_are_written_as_csv_after_every_epoch()
    {
        var metrics = Path("metrics.csv");
        var (_, result) = Train(Options(Path("run.safetensors")) with { MetricsPath = metrics });
        var lines = File.ReadAllLines(metrics);
        Assert.Equal(MetricsLog.Header, lines[0]);
        Assert.Equal(result.History.Count + 1, lines.Length);
        var last = lines[^1].Split(',');
        Assert.Equal("4", last[0]);
        Assert.Equal(result.History[^1].TrainLoss, double.Parse(last[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("", last[3]); // no validation set
    }

    public static TheoryData<string> OptimizerKinds() => new("Sgd", "SgdNesterov", "AdaGrad", "RmsProp", "RmsPropMomentum", "Adam", "AdamW");

    static IOptimizer Create(string kind) => kind switch
    {
        "Sgd" => new Sgd(0.1),
        "SgdNesterov" => new Sgd(0.1, momentum: 0.9, nesterov: true),
        "AdaGrad" => new AdaGrad(),
        "RmsProp" => new RmsProp(),
        "RmsPropMomentum" => new RmsProp(momentum: 0.5, weightDecay: 0.01),
        "Adam" => new Adam(),
        _ => new AdamW(),
    };

    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void Every_optimizer_exports_and_imports_its_state_to_continue_with_the_same_bits(string kind)
    {
        var uninterrupted = Create(kind);
        var parameters = Kernels.KernelAssert.Random(37, 1);
        var copy = parameters.ToArray();
        for (var step = 0; step < 3; step++) uninterrupted.Step(parameters, Kernels.KernelAssert.Random(37, 10 + step));
        var snapshot = uninterrupted.ExportState();
        Assert.Equal(3, snapshot.Steps);
        Assert.Equal(37, snapshot.ParameterCount);

        var first = Create(kind);
        for (var step = 0; step < 3; step++) first.Step(copy, Kernels.KernelAssert.Random(37, 10 + step));
        var resumed = Create(kind);
        resumed.ImportState(first.ExportState());
        for (var step = 3; step < 6; step++)
        {
            uninterrupted.Step(parameters, Kernels.KernelAssert.Random(37, 10 + step));
            resumed.Step(copy, Kernels.KernelAssert.Random(37, 10 + step));
        }
        Assert.Equal(parameters, copy);

        var other = kind == "Adam" ? (IOptimizer)new Adam(beta1: 0.8) : new Adam();
        var refused = Assert.Throws<ArgumentException>(() => other.ImportState(snapshot));
        Assert.Contains("a checkpoint resumes only the optimizer that wrote it", refused.Message);
    }

    [Fact]
    public void A_snapshot_with_inconsistent_buffers_is_refused_before_anything_changes()
    {
        var adam = new Adam();
        float[] parameters = [1, 2, 3];
        adam.Step(parameters, [0.1f, 0.2f, 0.3f]);
        var good = adam.ExportState();
        var shortBuffer = good with { Buffers = [KeyValuePair.Create("exp_avg", new float[2]), good.Buffers[1]] };
        Assert.Throws<ArgumentException>(() => adam.ImportState(shortBuffer));
        var unknown = good with { Buffers = [.. good.Buffers, KeyValuePair.Create("momentum_buffer", new float[3])] };
        Assert.Throws<ArgumentException>(() => adam.ImportState(unknown));
        Assert.Equal(good.Buffers.Select(b => b.Value), adam.ExportState().Buffers.Select(b => b.Value));
    }

    [Fact]
    public void Random_state_round_trips_through_its_text_and_continues_the_stream()
    {
        var random = new SeededRandom(42);
        random.NextNormal(); // leaves a cached second normal
        var state = SeededRandomState.Parse(random.State.ToString());
        var copy = new SeededRandom(0) { State = state };
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(random.NextNormal(), copy.NextNormal());
            Assert.Equal(random.NextUInt32(), copy.NextUInt32());
        }
        Assert.Throws<FormatException>(() => SeededRandomState.Parse("00"));
        Assert.Throws<ArgumentException>(() => copy.State = default);
    }
}
