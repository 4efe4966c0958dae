using CnnGen.Data;
using CnnGen.Samples.Datasets;
using CnnGen.Tests.Data;
using CnnGen.Training;
using Xunit.Abstractions;

namespace CnnGen.Tests.Training;

/// <summary>A small per-pixel classifier: (1, 28, 28) → (16, 14, 14) → upsampled → (11, 28, 28) logits, per-pixel cross-entropy.</summary>
[Network(1, 28, 28)]
[Conv2D(8, 3, Padding = 1)] [ReLU]
[MaxPool2D(2)] [Conv2D(16, 3, Padding = 1)] [ReLU]
[Upsample(2)] [Conv2D(11, 3, Padding = 1)]
[SoftmaxCrossEntropy]
public partial class TinySegmenter;

/// <summary><c>Trainer.Fit</c> on masks: per-pixel classification of real MNIST digits (background or the digit's class).</summary>
public sealed class SegmentationTrainerTests(ITestOutputHelper output)
{
    static SegmentationDataset Digits(int count, int seed)
    {
        var (indices, _) = StratifiedSplit.Indices(RealData.MnistDigits10k.Labels, 10, count, 0, seed);
        return DigitMasks.Of(RealData.MnistDigits10k.Subset(indices));
    }

    static double BackgroundShare(SegmentationDataset data) => (double)data.Masks.ToArray().Count(label => label == 0) / data.Masks.Length;

    sealed class Progress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }

    [Fact]
    public void A_per_pixel_classifier_trains_on_digit_masks_with_loss_going_down()
    {
        var train = Digits(400, seed: 1);
        var test = Digits(100, seed: 2);
        var network = new TinySegmenter(seed: 0);
        var before = new Evaluator(network).Evaluate(test);
        var (batches, epochs) = (0, new List<EpochResult>());
        var progress = new Progress(p => { if (p.Phase == TrainingPhase.Batch) batches++; else epochs.Add(p.Completed!); });

        var result = new Trainer(new TrainerOptions { Epochs = 3, BatchSize = 20, Seed = 3 }).Fit(network, new Adam(0.01), train, test, progress: progress);

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(3 * 20, batches);
        Assert.Equal(result.History, epochs);
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss, $"train loss {result.History[0].TrainLoss} → {result.History[^1].TrainLoss}");
        var after = new Evaluator(network).Evaluate(test);
        var last = result.Last!;
        Assert.Equal(after.PixelAccuracy, last.TestAccuracy);
        Assert.Equal(after.Loss, last.TestLoss);
        Assert.Equal(after.MeanIoU, last.TestMeanIoU);
        Assert.Equal(new Evaluator(network).Evaluate(train).PixelAccuracy, last.TrainAccuracy);
        output.WriteLine($"test loss {before.Loss:F4} → {after.Loss:F4}, pixel accuracy {before.PixelAccuracy:P2} → {after.PixelAccuracy:P2} " +
                         $"(all background {BackgroundShare(test):P2}), mean IoU {before.MeanIoU:F4} → {after.MeanIoU:F4}");
        Assert.True(after.Loss < 0.5 * before.Loss, $"test loss {after.Loss} vs {before.Loss} untrained");
        Assert.True(after.PixelAccuracy > BackgroundShare(test), $"pixel accuracy {after.PixelAccuracy} vs all-background {BackgroundShare(test)}");
        Assert.True(after.MeanIoU > before.MeanIoU, $"mean IoU {after.MeanIoU} vs {before.MeanIoU} untrained");
    }

    [Fact]
    public void Segmentation_training_gives_the_same_bits_on_any_thread_count()
    {
        var train = Digits(120, seed: 4);
        var test = Digits(30, seed: 5);
        (float[] Parameters, IReadOnlyList<EpochResult> History) Run(int threads)
        {
            var network = new TinySegmenter(seed: 6) { Threads = threads };
            var result = new Trainer(new TrainerOptions { Epochs = 2, BatchSize = 24, Seed = 7 }).Fit(network, new Adam(0.01), train, test);
            return (network.Parameters.ToArray(), result.History);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Parameters, two.Parameters);
        Assert.Equal(one.History.Select(e => (e.TrainLoss, e.TestLoss, e.TestAccuracy, e.TestMeanIoU)), two.History.Select(e => (e.TrainLoss, e.TestLoss, e.TestAccuracy, e.TestMeanIoU)));
        Assert.NotEqual(new TinySegmenter(seed: 6).Parameters.ToArray(), one.Parameters);
    }

    [Fact]
    public void A_resumed_segmentation_run_ends_with_the_bits_of_an_uninterrupted_one()
    {
        var train = Digits(60, seed: 8);
        var test = Digits(20, seed: 9);
        var folder = Directory.CreateTempSubdirectory("cnngen-segmentation-resume-").FullName;
        try
        {
            var options = new TrainerOptions { Epochs = 3, BatchSize = 20, Seed = 10, CheckpointPath = Path.Combine(folder, "straight.ckpt"), MetricsPath = Path.Combine(folder, "metrics.csv") };
            var straight = new TinySegmenter(seed: 1);
            var straightResult = new Trainer(options).Fit(straight, new Adam(0.01), train, test);

            var interrupted = options with { CheckpointPath = Path.Combine(folder, "resumed.ckpt"), CheckpointEveryBatches = 2 };
            new Trainer(interrupted with { Epochs = 2 }).Fit(new TinySegmenter(seed: 1), new Adam(0.01), train, test);
            var resumed = new TinySegmenter(seed: 1);
            var resumedResult = new Trainer(interrupted with { Resume = true }).Fit(resumed, new Adam(0.01), train, test);

            Assert.NotNull(resumedResult.ResumedFrom);
            Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
            Assert.Equal(straightResult.History.Select(e => (e.TrainLoss, e.TestLoss, e.TestAccuracy, e.TestMeanIoU)), resumedResult.History.Select(e => (e.TrainLoss, e.TestLoss, e.TestAccuracy, e.TestMeanIoU)));
            var lines = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
            var column = Array.IndexOf(MetricsLog.Header.Split(','), "test_mean_iou");
            Assert.True(column >= 0);
            Assert.All(lines[1..], line => Assert.NotEmpty(line.Split(',')[column]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_mask_of_the_wrong_length_is_refused_naming_the_expected_size()
    {
        var error = Assert.Throws<ArgumentException>(() => new SegmentationDataset(new float[2 * 784], new int[2 * 783], 1, 28, 28, 11));
        Assert.Contains("28×28 mask per sample (2 × 784 = 1568 labels), got 1566", error.Message);
    }

    [Fact]
    public void A_mask_label_out_of_range_is_refused_naming_its_sample_row_and_column()
    {
        var masks = new int[2 * 784];
        masks[784 + 2 * 28 + 3] = 11;
        var error = Assert.Throws<ArgumentException>(() => new SegmentationDataset(new float[2 * 784], masks, 1, 28, 28, 11));
        Assert.Contains("[0, 11), got 11 at sample 1, pixel (row 2, column 3)", error.Message);
        masks[784 + 2 * 28 + 3] = -1;
        Assert.Throws<ArgumentException>(() => new SegmentationDataset(new float[2 * 784], masks, 1, 28, 28, 11));
    }

    [Fact]
    public void Fit_refuses_masks_that_do_not_fit_the_network_before_any_step()
    {
        var network = new TinySegmenter(seed: 2);
        var initial = network.Parameters.ToArray();
        var trainer = new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 2 });
        var good = Digits(20, seed: 3);

        var smallMasks = new SegmentationDataset(new float[2 * 784], new int[2 * 14 * 14], 1, 28, 28, 11, 14, 14);
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(network, new Adam(0.01), smallMasks));
        Assert.Contains("11×28×28 logits per sample, the train set's masks are 14×14", error.Message);

        var tooManyClasses = new SegmentationDataset(new float[2 * 784], new int[2 * 784], 1, 28, 28, 12);
        error = Assert.Throws<ArgumentException>(() => trainer.Fit(network, new Adam(0.01), good, tooManyClasses));
        Assert.Contains("test set has 12 classes, the network only 11 output channels", error.Message);

        var wrongInput = new SegmentationDataset(new float[2 * 3 * 784], new int[2 * 784], 3, 28, 28, 11);
        error = Assert.Throws<ArgumentException>(() => trainer.Fit(network, new Adam(0.01), good, validation: wrongInput));
        Assert.Contains("takes 784 values per sample, the validation set has 2352", error.Message);

        var augmented = new Trainer(new TrainerOptions { Epochs = 1, BatchSize = 2, Augmentation = new RandomTranslation(2) });
        error = Assert.Throws<ArgumentException>(() => augmented.Fit(network, new Adam(0.01), good));
        Assert.Contains("move a segmentation input's pixels away from their mask's labels", error.Message);

        Assert.Equal(initial, network.Parameters.ToArray());
    }

    [Fact]
    public void Fit_refuses_a_network_without_a_per_pixel_head()
    {
        var classifier = new CnnGen.Tests.Weights.WeightsTwinNet(seed: 0);
        var data = new SegmentationDataset(new float[2 * 36], new int[2 * 36], 1, 6, 6, 3);
        var error = Assert.Throws<ArgumentException>(() => new Trainer().Fit(classifier, new Adam(0.01), data));
        Assert.Contains("not a (C, H, W) map", error.Message);
    }

    [Fact]
    public void Mean_iou_averages_the_classes_labelled_or_predicted()
    {
        // Rows: label; columns: predicted channel (one more channel than classes: predictions of a channel no label has).
        long[,] counts = { { 5, 1, 0, 0 }, { 2, 3, 0, 1 }, { 0, 0, 0, 0 } };
        var metrics = SegmentationMetrics.FromCounts(counts, loss: 0.25);
        Assert.Equal(8.0 / 12, metrics.PixelAccuracy, 12);
        Assert.Equal(5.0 / (6 + 7 - 5), metrics.ClassIoU[0], 12);
        Assert.Equal(3.0 / (6 + 4 - 3), metrics.ClassIoU[1], 12);
        Assert.True(double.IsNaN(metrics.ClassIoU[2]));
        Assert.Equal((5.0 / 8 + 3.0 / 7) / 2, metrics.MeanIoU, 12);
        Assert.Equal(0.25, metrics.Loss);
    }
}
