using CnnGen.Data;

namespace CnnGen.Training;

/// <summary>What one epoch measured after training: accuracies for classifiers (of pixels for segmentation), losses in inference mode.</summary>
internal readonly record struct EpochMeasures(double? TrainAccuracy, double? TestAccuracy, double? TestLoss, double? ValidationAccuracy, double? ValidationLoss)
{
    /// <summary>The test set's mean intersection over union (per-pixel classification).</summary>
    public double? TestMeanIoU { get; init; }
}

/// <summary>What <see cref="Trainer"/>'s loop trains against: how a batch gives gradients and what an epoch measures.</summary>
internal abstract class Objective
{
    /// <summary>Training-mode forward and backward pass over <paramref name="batch"/>; the mean loss.</summary>
    public abstract float ComputeGradients(Batch batch);

    /// <summary>The evaluations after an epoch (inference mode).</summary>
    public abstract EpochMeasures Measure();
}

/// <summary>A classifier on class labels: accuracies and cross-entropy.</summary>
internal sealed class Classification(
    IClassifierNetwork network, Evaluator evaluator, Dataset train, Dataset? test, Dataset? validation, bool measureTrainAccuracy) : Objective
{
    public override float ComputeGradients(Batch batch) => network.ComputeGradients(batch.Inputs, batch.Labels);

    public override EpochMeasures Measure()
    {
        double? trainAccuracy = measureTrainAccuracy ? evaluator.Accuracy(train) : null;
        (double Accuracy, double Loss)? testResult = test is null ? null : evaluator.Evaluate(test);
        (double Accuracy, double Loss)? validationResult = validation is null ? null : evaluator.Evaluate(validation);
        return new(trainAccuracy, testResult?.Accuracy, testResult?.Loss, validationResult?.Accuracy, validationResult?.Loss);
    }
}

/// <summary>Any loss head on float targets: the head's mean loss.</summary>
internal sealed class Regression(ITrainableNetwork network, Evaluator evaluator, TensorDataset? test, TensorDataset? validation) : Objective
{
    public override float ComputeGradients(Batch batch) => network.ComputeGradients(batch.Inputs, batch.Targets);

    public override EpochMeasures Measure()
        => new(null, null, test is null ? null : evaluator.Loss(test), null, validation is null ? null : evaluator.Loss(validation));
}

/// <summary>Per-pixel classification on masks: pixel accuracies, per-pixel cross-entropy, the test set's mean IoU.</summary>
internal sealed class PixelClassification(
    IClassifierNetwork network, Evaluator evaluator, SegmentationDataset train, SegmentationDataset? test, SegmentationDataset? validation, bool measureTrainAccuracy) : Objective
{
    public override float ComputeGradients(Batch batch) => network.ComputeGradients(batch.Inputs, batch.Labels);

    public override EpochMeasures Measure()
    {
        double? trainAccuracy = measureTrainAccuracy ? evaluator.Evaluate(train).PixelAccuracy : null;
        var testResult = test is null ? null : evaluator.Evaluate(test);
        var validationResult = validation is null ? null : evaluator.Evaluate(validation);
        return new(trainAccuracy, testResult?.PixelAccuracy, testResult?.Loss, validationResult?.PixelAccuracy, validationResult?.Loss)
            { TestMeanIoU = testResult?.MeanIoU };
    }
}
