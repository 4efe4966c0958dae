using CnnGen.Data;
using CnnGen.Samples;
using CnnGen.Tests.Data;
using CnnGen.Training;

namespace CnnGen.Tests.Training;

/// <summary>The generated SimpleConvNet trained by the trainer on real digits: the end-to-end path of the MNIST sample, small.</summary>
public sealed class RealNetworkTrainingTests
{
    [Fact]
    public void SimpleConvNet_learns_a_thousand_real_digits_in_a_few_epochs()
    {
        var (trainIndices, testIndices) = StratifiedSplit.Indices(RealData.MnistDigits10k.Labels, 10, 1000, 300, seed: 11);
        var train = RealData.MnistDigits10k.Subset(trainIndices);
        var test = RealData.MnistDigits10k.Subset(testIndices);
        var network = new SimpleConvNet(maxBatch: 50, seed: 0);

        var result = new Trainer(new TrainerOptions { Epochs = 4, BatchSize = 50, MeasureTrainAccuracy = false })
            .Fit(network, new Adam(0.001), train, test);

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.True(result.History[^1].TrainLoss < 0.5 * result.History[0].TrainLoss, $"loss {result.History[0].TrainLoss} → {result.History[^1].TrainLoss}");
        Assert.True(result.FinalTestAccuracy > 0.85, $"test accuracy {result.FinalTestAccuracy:P1} after {result.Steps} steps");
    }
}
