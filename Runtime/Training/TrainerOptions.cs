using CnnGen.Data;

namespace CnnGen.Training;

/// <summary>How <see cref="Trainer"/> trains: epochs, batch size, schedule, regularisation, augmentation, early stopping, checkpoints.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per optimizer step (the last batch of an epoch may be smaller: see <see cref="DropLast"/>).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>
    /// What happens to an epoch's last batch when the training set is not a multiple of <see cref="BatchSize"/>
    /// (PyTorch's <c>DataLoader(drop_last=…)</c>). The default, <see cref="Training.DropLast.WhenTooSmall"/>, keeps it
    /// unless it is smaller than the network's minimum training batch (2 when a batch norm normalises one value per
    /// channel per sample, i.e. on vectors or 1×1 maps; else 1), and drops it then, as a PyTorch user sets
    /// <c>drop_last=True</c> for a batch-norm network. Dropped samples differ per epoch (the order is reshuffled).
    /// </summary>
    public DropLast DropLast { get; init; } = DropLast.WhenTooSmall;

    /// <summary>Seeds the batch order and the network's training-time random stream (dropout): same seed, same run.</summary>
    public int Seed { get; init; }

    /// <summary>Learning rate for each epoch (0-based), set on the optimizer before the epoch starts (<see cref="StepDecay"/>, <see cref="ExponentialDecay"/>, <see cref="InverseTimeDecay"/>); null keeps the optimizer's own.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>Step <see cref="Schedule"/> before every batch (at the global step count, like torch's <c>OneCycleLR</c> usage) instead of before every epoch.</summary>
    public bool ScheduleEveryBatch { get; init; }

    /// <summary>Clip the gradients to this global L2 norm before every step (<see cref="GradientClipping.ClipGradNorm"/>, <c>clip_grad_norm_</c>); 0 = off.</summary>
    public double MaxGradientNorm { get; init; }

    /// <summary>Transforms every training sample of every batch (seeded by <see cref="Seed"/>); null = none. Evaluation sees the data unchanged.</summary>
    public IAugmentation? Augmentation { get; init; }

    /// <summary>
    /// Where <c>Trainer.Fit</c> writes a checkpoint after every epoch (and every <see cref="CheckpointEveryBatches"/>
    /// steps): weights, optimizer state, schedule position, random streams, epoch, step and history. Null = none.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Also checkpoint every this many optimizer steps within an epoch; 0 = at epoch ends only.</summary>
    public int CheckpointEveryBatches { get; init; }

    /// <summary>
    /// Continue from the checkpoint at <see cref="CheckpointPath"/> (or the previous one, when the newest is damaged)
    /// when one exists; the resumed run ends with the same bits as one never interrupted. Without a checkpoint, training starts afresh.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>A CSV file rewritten after every epoch with the history so far (<see cref="MetricsLog"/>); null = none.</summary>
    public string? MetricsPath { get; init; }

    /// <summary>L2 penalty λ: every step adds λ·w to each parameter's gradient (like <c>weight_decay</c> in <c>torch.optim</c>); 0 = off.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Stop after this many epochs without a lower validation loss, then restore the best epoch's parameters; 0 = off.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>With early stopping and no validation set given, this stratified share of the training set is held out for validation.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Samples per <see cref="INetwork.Forward"/> call when evaluating (bounds the output buffer).</summary>
    public int EvaluationChunk { get; init; } = 1000;

    /// <summary>Whether to measure accuracy on the whole training set after each epoch (inference mode).</summary>
    public bool MeasureTrainAccuracy { get; init; } = true;

    /// <summary>Report a <see cref="TrainingPhase.Batch"/> progress every this many batches (and always on the last one).</summary>
    public int ReportEveryBatches { get; init; } = 1;

    internal void Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Expected at least one epoch.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Expected a positive batch size.");
        if (!Enum.IsDefined(DropLast)) throw new ArgumentOutOfRangeException(nameof(DropLast), DropLast, "Expected WhenTooSmall, Always or Never.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Expected a finite weight decay ≥ 0.");
        if (EarlyStoppingPatience < 0) throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "Expected a patience ≥ 0.");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Expected a fraction in (0, 1).");
        if (EvaluationChunk <= 0) throw new ArgumentOutOfRangeException(nameof(EvaluationChunk), EvaluationChunk, "Expected a positive chunk size.");
        if (!(MaxGradientNorm >= 0) || double.IsInfinity(MaxGradientNorm)) throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), MaxGradientNorm, "Expected a finite maximum norm ≥ 0 (0 = off).");
        if (CheckpointEveryBatches < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEveryBatches), CheckpointEveryBatches, "Expected an interval ≥ 0 (0 = epoch ends only).");
        if ((Resume || CheckpointEveryBatches > 0) && CheckpointPath is null) throw new ArgumentException("Resume and CheckpointEveryBatches need a CheckpointPath.", nameof(CheckpointPath));
        if (ReportEveryBatches <= 0) throw new ArgumentOutOfRangeException(nameof(ReportEveryBatches), ReportEveryBatches, "Expected a positive interval.");
    }
}

/// <summary>Whether <see cref="Trainer"/> drops an epoch's last, partial batch (PyTorch's <c>drop_last</c>).</summary>
public enum DropLast
{
    /// <summary>Drop it only when it is smaller than the network's minimum training batch (else train on it).</summary>
    WhenTooSmall,
    /// <summary>Always drop a partial last batch (<c>drop_last=True</c>): every step sees exactly <see cref="TrainerOptions.BatchSize"/> samples.</summary>
    Always,
    /// <summary>Never drop it (<c>drop_last=False</c>); <c>Trainer.Fit</c> refuses, before the first step, a run whose last batch the network cannot train on.</summary>
    Never,
}
