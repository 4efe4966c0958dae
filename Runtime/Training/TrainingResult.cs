namespace CnnGen.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,
    /// <summary>The validation loss stopped improving; the best epoch's parameters were restored.</summary>
    EarlyStopped,
    /// <summary>A loss became NaN or infinite; the parameters of the last step with a finite loss were restored.</summary>
    Diverged,
    /// <summary>The cancellation token fired.</summary>
    Cancelled,
}

/// <summary>
/// One epoch's measurements. Accuracies are fractions in [0, 1] (of samples for classifiers, of pixels for per-pixel
/// classification); null when not measured.
/// </summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean loss over the epoch's trained samples (batch losses weighted by batch size; training mode, before each step).</param>
/// <param name="TrainAccuracy">Accuracy on the training set after the epoch (inference mode).</param>
/// <param name="TestAccuracy">Accuracy on the test set after the epoch.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation set (early stopping).</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation set.</param>
/// <param name="LearningRate">Learning rate used in the epoch.</param>
/// <param name="TrainingTime">Time spent in training steps (without evaluation).</param>
/// <param name="EvaluationTime">Time spent evaluating after the epoch.</param>
/// <param name="SamplesPerSecond">Training samples per second of <paramref name="TrainingTime"/>.</param>
public sealed record EpochResult(
    int Epoch, double TrainLoss, double? TrainAccuracy, double? TestAccuracy, double? ValidationAccuracy, double? ValidationLoss,
    double LearningRate, TimeSpan TrainingTime, TimeSpan EvaluationTime, double SamplesPerSecond)
{
    /// <summary>Mean loss on the test set after the epoch (inference mode): cross-entropy for classifiers, the head's loss on float targets; null without a test set.</summary>
    public double? TestLoss { get; init; }

    /// <summary>Mean intersection over union on the test set after the epoch, per-pixel classification only (see <see cref="SegmentationMetrics.MeanIoU"/>); null otherwise.</summary>
    public double? TestMeanIoU { get; init; }
}

/// <summary>The outcome of <c>Trainer.Fit</c>.</summary>
/// <param name="History">Every completed epoch, in order.</param>
/// <param name="Reason">Why training ended.</param>
/// <param name="Steps">Optimizer steps taken (with a finite loss).</param>
/// <param name="DivergedAtStep">The 1-based step whose loss was NaN or infinite, when <paramref name="Reason"/> is <see cref="StopReason.Diverged"/>.</param>
/// <param name="Message">A sentence saying how training ended.</param>
/// <param name="TotalTime">Wall time of the whole run, evaluation included.</param>
public sealed record TrainingResult(
    IReadOnlyList<EpochResult> History, StopReason Reason, long Steps, long? DivergedAtStep, string Message, TimeSpan TotalTime)
{
    /// <summary>The checkpoint this run resumed from and its position (null when it started afresh).</summary>
    public string? ResumedFrom { get; init; }

    /// <summary>The last epoch's result, or null when none completed.</summary>
    public EpochResult? Last => History.Count == 0 ? null : History[^1];

    /// <summary>The last epoch's test accuracy.</summary>
    public double? FinalTestAccuracy => Last?.TestAccuracy;

    /// <summary>Training samples per second over all epochs (training steps only).</summary>
    public double SamplesPerSecond
    {
        get
        {
            double samples = 0, seconds = 0;
            foreach (var epoch in History)
            {
                samples += epoch.SamplesPerSecond * epoch.TrainingTime.TotalSeconds;
                seconds += epoch.TrainingTime.TotalSeconds;
            }
            return seconds > 0 ? samples / seconds : 0;
        }
    }

    /// <summary>Mean training time per epoch (evaluation excluded).</summary>
    public TimeSpan MeanEpochTime =>
        History.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)History.Average(e => e.TrainingTime.Ticks));
}
