namespace CnnGen.Training;

/// <summary>What a <see cref="TrainingProgress"/> report is about.</summary>
public enum TrainingPhase
{
    /// <summary>A mini-batch step finished.</summary>
    Batch,
    /// <summary>An epoch finished and was evaluated; <see cref="TrainingProgress.Completed"/> holds its result.</summary>
    Epoch,
    /// <summary>
    /// Training continues from a checkpoint, before its first step: <see cref="TrainingProgress.ResumedFrom"/> names it,
    /// <see cref="TrainingProgress.Epoch"/>, <see cref="TrainingProgress.Batch"/> and <see cref="TrainingProgress.Step"/>
    /// say where training resumes (Batch and Step count what is done; Loss is NaN).
    /// </summary>
    Resumed,
}

/// <summary>A progress report from <c>Trainer.Fit</c> (a struct: per-batch reports allocate nothing).</summary>
/// <param name="Phase">Batch, epoch or resume report.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Batch">1-based batch within the epoch (the last batch for epoch reports).</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Step">1-based optimizer step since the start of training.</param>
/// <param name="Loss">The batch's loss (batch reports) or the epoch's mean training loss (epoch reports).</param>
/// <param name="LearningRate">The optimizer's learning rate.</param>
/// <param name="Completed">The finished epoch's result (epoch reports only).</param>
public readonly record struct TrainingProgress(
    TrainingPhase Phase, int Epoch, int Epochs, int Batch, int Batches, long Step, float Loss, double LearningRate, EpochResult? Completed)
{
    /// <summary>The checkpoint training continues from (<see cref="TrainingPhase.Resumed"/> reports only), as <see cref="TrainingResult.ResumedFrom"/> names it.</summary>
    public string? ResumedFrom { get; init; }
}
