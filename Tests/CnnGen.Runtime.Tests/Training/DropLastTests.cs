using CnnGen.Data;
using CnnGen.Training;

namespace CnnGen.Tests.Training;

/// <summary>The network: batch norm on vectors needs at least 2 samples per training batch.</summary>
[Network(1, 4, 4)]
[Flatten]
[Dense(8)]
[BatchNorm]
[ReLU]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class VectorBatchNormNet;

/// <summary>Batch norm on 2×2 maps: four values per channel per sample, so one sample is a valid training batch.</summary>
[Network(1, 4, 4)]
[Conv2D(2, 3)]
[BatchNorm]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class MapBatchNormNet;

public sealed class DropLastTests
{
    static Dataset Samples(int count)
    {
        var random = new Random(5);
        var images = new float[count * 16];
        for (var i = 0; i < images.Length; i++) images[i] = (float)random.NextDouble();
        var labels = Enumerable.Range(0, count).Select(i => i % 3).ToArray();
        return new Dataset(images, labels, 1, 4, 4, 3);
    }

    static TrainerOptions Options(DropLast dropLast, int epochs = 2) =>
        new() { Epochs = epochs, BatchSize = 5, Seed = 1, DropLast = dropLast, MeasureTrainAccuracy = false };

    [Fact]
    public void The_minimum_training_batch_follows_the_batch_norms_values_per_channel()
    {
        Assert.Equal(2, new VectorBatchNormNet().MinimumTrainingBatch);
        Assert.Equal(1, new MapBatchNormNet().MinimumTrainingBatch);
        // The generated network agrees: it refuses one sample in training mode, and takes two.
        var network = new VectorBatchNormNet(maxBatch: 2);
        Assert.Throws<ArgumentException>(() => network.ComputeGradients(new float[16], [0]));
        network.ComputeGradients(new float[32], [0, 1]);
    }

    [Fact]
    public void By_default_a_one_sample_last_batch_is_dropped_for_batch_norm_on_vectors()
    {
        // 11 samples in batches of 5: 5 + 5 + 1. The 1-sample batch cannot be trained on, so each epoch takes 2 steps.
        var network = new VectorBatchNormNet(maxBatch: 5);
        var result = new Trainer(Options(DropLast.WhenTooSmall)).Fit(network, new Sgd(0.1), Samples(11));
        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal(4, result.Steps);
        Assert.True(float.IsFinite((float)result.History[^1].TrainLoss));
    }

    [Fact]
    public void By_default_a_last_batch_the_network_can_train_on_is_kept()
    {
        var network = new MapBatchNormNet(maxBatch: 5);
        var result = new Trainer(Options(DropLast.WhenTooSmall)).Fit(network, new Sgd(0.1), Samples(11));
        Assert.Equal(6, result.Steps);
        // 12 samples in batches of 5 on the vector network: a last batch of 2 is kept too.
        result = new Trainer(Options(DropLast.WhenTooSmall)).Fit(new VectorBatchNormNet(maxBatch: 5), new Sgd(0.1), Samples(12));
        Assert.Equal(6, result.Steps);
    }

    [Fact]
    public void Always_drops_every_partial_batch()
    {
        var result = new Trainer(Options(DropLast.Always)).Fit(new MapBatchNormNet(maxBatch: 5), new Sgd(0.1), Samples(12));
        Assert.Equal(4, result.Steps);
    }

    [Fact]
    public void Never_refuses_before_the_first_step_a_last_batch_the_network_cannot_train_on()
    {
        var network = new VectorBatchNormNet(maxBatch: 5);
        var before = network.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() => new Trainer(Options(DropLast.Never)).Fit(network, new Sgd(0.1), Samples(11)));
        Assert.Contains("holds 1 sample", error.Message);
        Assert.Contains("11 = 2 × 5 + 1", error.Message);
        Assert.Contains("minimum training batch of 2", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void A_batch_size_below_the_minimum_is_refused_before_the_first_step()
    {
        var network = new VectorBatchNormNet(maxBatch: 5);
        var before = network.Parameters.ToArray();
        var options = Options(DropLast.WhenTooSmall) with { BatchSize = 1 };
        var error = Assert.Throws<ArgumentException>(() => new Trainer(options).Fit(network, new Sgd(0.1), Samples(11)));
        Assert.Contains("Batches of 1 sample", error.Message);
        // A one-sample training set makes a one-sample batch too.
        error = Assert.Throws<ArgumentException>(() => new Trainer(Options(DropLast.WhenTooSmall)).Fit(network, new Sgd(0.1), Samples(1)));
        Assert.Contains("Batches of 1 sample", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void A_schedule_that_turns_invalid_in_a_later_epoch_is_refused_before_the_first_step()
    {
        var network = new MapBatchNormNet(maxBatch: 5);
        var before = network.Parameters.ToArray();
        var options = Options(DropLast.WhenTooSmall, epochs: 4) with { Schedule = new ListSchedule([0.1, 0.1, double.NaN, 0.1]) };
        var error = Assert.Throws<ArgumentException>(() => new Trainer(options).Fit(network, new Sgd(0.1), Samples(11)));
        Assert.Contains("epoch 3", error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void Early_stopping_that_would_hold_out_every_sample_is_refused_before_the_first_step()
    {
        var options = Options(DropLast.WhenTooSmall) with { EarlyStoppingPatience = 1, ValidationFraction = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => new Trainer(options).Fit(new MapBatchNormNet(maxBatch: 5), new Sgd(0.1), Samples(1)));
        Assert.Contains("leaving none to train on", error.Message);
    }

    [Fact]
    public void Mini_batches_with_drop_last_leave_out_the_partial_batch()
    {
        var batches = new MiniBatches(Samples(11), 5, seed: 0, dropLast: true);
        Assert.Equal(2, batches.BatchCount);
        Assert.Equal(10, batches.SampleCount);
        batches.Shuffle();
        Assert.Equal(5, batches.Fill(1).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => batches.Fill(2));
        var kept = new MiniBatches(Samples(11), 5, seed: 0);
        Assert.Equal(3, kept.BatchCount);
        Assert.Equal(11, kept.SampleCount);
    }

    sealed class ListSchedule(double[] rates) : ILearningRateSchedule
    {
        public double LearningRateAt(int epoch) => rates[epoch];
    }
}
