using CnnGen.Data;
using CnnGen.Tests.Data;
using CnnGen.Training;
using Xunit.Abstractions;

namespace CnnGen.Tests.Training;

/// <summary>A small denoising autoencoder: (1, 28, 28) → (16, 7, 7) → (1, 28, 28), sigmoid, MSE against the clean digit.</summary>
[Network(1, 28, 28)]
[Conv2D(8, 3, Stride = 2, Padding = 1)]
[ReLU]
[Conv2D(16, 3, Stride = 2, Padding = 1)]
[ReLU]
[ConvTranspose2D(8, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[ReLU]
[ConvTranspose2D(1, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[Sigmoid]
[MeanSquaredError]
public partial class TinyDenoiser;

/// <summary><c>Trainer.Fit</c> on float targets: a denoising autoencoder on real MNIST digits.</summary>
public sealed class FloatTargetTrainerTests(ITestOutputHelper output)
{
    /// <summary>Digits with seeded Gaussian noise (σ = 0.4, clamped to [0, 1]) as inputs and the clean digits as targets.</summary>
    static TensorDataset NoisyDigits(int count, int seed)
    {
        var (indices, _) = StratifiedSplit.Indices(RealData.MnistDigits10k.Labels, 10, count, 0, seed);
        var digits = RealData.MnistDigits10k.Subset(indices);
        var random = new SeededRandom(seed);
        var noisy = digits.Images.ToArray();
        for (var i = 0; i < noisy.Length; i++) noisy[i] = Math.Clamp(noisy[i] + 0.4f * random.NextNormal(), 0f, 1f);
        return TensorDataset.Reconstruction(digits, noisy);
    }

    static double MeanSquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)(a[i] - b[i]) * (a[i] - b[i]);
        return sum / a.Length;
    }

    [Fact]
    public void A_denoising_autoencoder_learns_to_remove_noise_from_real_digits()
    {
        var train = NoisyDigits(2000, seed: 1);
        var test = NoisyDigits(500, seed: 2);
        var network = new TinyDenoiser(maxBatch: 50, seed: 0);
        var before = new Evaluator(network).Loss(test);
        var epochs = new List<EpochResult>();
        var batches = 0;
        var progress = new Progress(p => { if (p.Phase == TrainingPhase.Batch) batches++; else epochs.Add(p.Completed!); });

        var result = new Trainer(new TrainerOptions { Epochs = 4, BatchSize = 50, Seed = 3 })
            .Fit(network, new Adam(learningRate: 0.005), train, test, progress: progress);

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(4 * 40, batches);
        Assert.Equal(result.History, epochs);
        Assert.All(result.History, e => Assert.Null(e.TestAccuracy));
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        var after = result.Last!.TestLoss!.Value;
        // Handing back the noisy input scores the noise's own MSE; the trained network must beat it by far.
        var noiseOnly = MeanSquaredError(test.Inputs, test.Targets);
        output.WriteLine($"test MSE: untrained {before:F5}, noisy input {noiseOnly:F5}, after 4 epochs {after:F5}");
        Assert.True(after < 0.5 * noiseOnly, $"test MSE {after} vs the noise's {noiseOnly}");
        Assert.True(after < 0.25 * before, $"test MSE {after} vs {before} untrained");
        Assert.Equal(new Evaluator(network).Loss(test), after);
    }

    sealed class Progress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }

    [Fact]
    public void Float_target_training_gives_the_same_bits_on_any_thread_count()
    {
        var train = NoisyDigits(300, seed: 4);
        float[] Run(int threads)
        {
            var network = new TinyDenoiser(maxBatch: 30, seed: 5) { Threads = threads };
            new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 30, Seed = 6 }).Fit(network, new Adam(0.01), train);
            return network.Parameters.ToArray();
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        Assert.NotEqual(new TinyDenoiser(maxBatch: 30, seed: 5).Parameters.ToArray(), one);
    }

    [Fact]
    public void A_resumed_float_target_run_ends_with_the_bits_of_an_uninterrupted_one()
    {
        var train = NoisyDigits(200, seed: 7);
        var test = NoisyDigits(50, seed: 8);
        var folder = Directory.CreateTempSubdirectory("cnngen-float-resume-").FullName;
        try
        {
            var options = new TrainerOptions { Epochs = 3, BatchSize = 40, Seed = 9, CheckpointPath = Path.Combine(folder, "straight.ckpt"), MetricsPath = Path.Combine(folder, "metrics.csv") };
            var straight = new TinyDenoiser(maxBatch: 40, seed: 1);
            var straightResult = new Trainer(options).Fit(straight, new Adam(0.01), train, test);

            var interrupted = options with { CheckpointPath = Path.Combine(folder, "resumed.ckpt"), CheckpointEveryBatches = 2 };
            var first = new TinyDenoiser(maxBatch: 40, seed: 1);
            var firstResult = new Trainer(interrupted with { Epochs = 2 }).Fit(first, new Adam(0.01), train, test);
            Assert.Equal(2, firstResult.History.Count);
            var resumed = new TinyDenoiser(maxBatch: 40, seed: 1);
            var resumedResult = new Trainer(interrupted with { Resume = true }).Fit(resumed, new Adam(0.01), train, test);

            Assert.NotNull(resumedResult.ResumedFrom);
            Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
            Assert.Equal(straightResult.History.Select(e => (e.TrainLoss, e.TestLoss)), resumedResult.History.Select(e => (e.TrainLoss, e.TestLoss)));
            var lines = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
            Assert.Equal(MetricsLog.Header, lines[0]);
            var testLossColumn = Array.IndexOf(MetricsLog.Header.Split(','), "test_loss");
            Assert.All(lines[1..], line => Assert.NotEmpty(line.Split(',')[testLossColumn]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Early_stopping_holds_out_a_random_validation_split()
    {
        var train = NoisyDigits(200, seed: 10);
        var network = new TinyDenoiser(maxBatch: 20, seed: 2);
        var result = new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 20, EarlyStoppingPatience = 5, ValidationFraction = 0.2 })
            .Fit(network, new Adam(0.01), train);
        Assert.All(result.History, e => Assert.NotNull(e.ValidationLoss));
        Assert.Equal(2 * 8, result.Steps);
    }

    [Fact]
    public void Targets_that_do_not_fit_the_output_are_refused_before_the_first_step()
    {
        var network = new TinyDenoiser(maxBatch: 10, seed: 0);
        var parameters = network.Parameters.ToArray();
        var wrong = new TensorDataset(new float[10 * 784], new float[10 * 10], 1, 28, 28, 10);
        var error = Assert.Throws<ArgumentException>(() => new Trainer().Fit(network, new Adam(0.01), wrong));
        Assert.Contains("784", error.Message);
        Assert.Contains("10", error.Message);
        Assert.Equal(parameters, network.Parameters.ToArray());
    }

    [Fact]
    public void Split_is_disjoint_seeded_and_exact()
    {
        var inputs = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var data = new TensorDataset(inputs, inputs.Select(v => -v).ToArray(), 1, 1, 1, 1);
        var (train, test) = data.Split(12, 5, seed: 3);
        Assert.Equal((12, 5), (train.Count, test.Count));
        Assert.Empty(train.Inputs.ToArray().Intersect(test.Inputs.ToArray()));
        Assert.Equal(train.Inputs.ToArray().Select(v => -v), train.Targets.ToArray());
        Assert.Equal(train.Inputs.ToArray(), data.Split(12, 5, seed: 3).Train.Inputs.ToArray());
        Assert.NotEqual(train.Inputs.ToArray(), data.Split(12, 5, seed: 4).Train.Inputs.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(16, 5));
    }
}
