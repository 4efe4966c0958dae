using CnnGen.Data;

namespace CnnGen.Samples.Mnist;

/// <summary>The augmentation and learning-rate schedule the options ask for.</summary>
internal static class Recipe
{
    /// <summary>
    /// Digits: rotation ±10°, scale 0.9–1.1 (bilinear), then a shift of up to 2 px: handwriting varies in slant, size
    /// and position, never in handedness. Fashion-MNIST: a 28×28 crop of the image padded by 2 px, and a mirror image
    /// half the time (garments are left-right symmetric in kind).
    /// </summary>
    public static IAugmentation? Augmentation(Options options)
    {
        if (!options.EffectiveAugment) return null;
        return options.DatasetName == "fashion"
            ? new Augmentations(new RandomCrop(padding: 2), new RandomHorizontalFlip())
            : new Augmentations(new RandomAffine(degrees: 10, minScale: 0.9, maxScale: 1.1), new RandomTranslation(maxShift: 2));
    }

    /// <summary>The schedule and whether it is stepped every batch (one-cycle) rather than every epoch.</summary>
    public static (ILearningRateSchedule? Schedule, bool EveryBatch) Schedule(Options options, int batchesPerEpoch)
    {
        var lr = options.LearningRate;
        var epochs = options.EffectiveEpochs;
        return options.EffectiveSchedule switch
        {
            "cosine" => (new WarmupCosine(lr, options.EffectiveWarmup * batchesPerEpoch, epochs * batchesPerEpoch, minimum: 0, startFactor: 0.1), true),
            "onecycle" => (new OneCycle(lr, epochs * batchesPerEpoch), true),
            "step" => (new MultiStepDecay(lr, [Math.Max(1, epochs / 3), Math.Max(1, 2 * epochs / 3)], 0.1), false),
            "plateau" => (new ReduceOnPlateau(lr, factor: 0.1, patience: 2), false),
            _ => (null, false),
        };
    }

    /// <summary>
    /// Everything the trainer is given for these options: epochs, batch, seed, augmentation, the schedule (counted in
    /// batches of <paramref name="trainCount"/> samples), clipping, and the checkpoint and metrics files in the output
    /// folder. The results in docs/RESULTS.md come from these settings; <c>RecipeFirstStepsTests</c> pins their first steps.
    /// </summary>
    public static Training.TrainerOptions TrainerOptions(Options options, int trainCount)
    {
        var (schedule, everyBatch) = Schedule(options, (trainCount + options.Batch - 1) / options.Batch);
        return new Training.TrainerOptions
        {
            Epochs = options.EffectiveEpochs, BatchSize = options.Batch, Seed = options.Seed,
            Augmentation = Augmentation(options), Schedule = schedule, ScheduleEveryBatch = everyBatch, MaxGradientNorm = options.Clip ?? 0,
            CheckpointPath = Path.Combine(options.Out, "checkpoint.safetensors"), CheckpointEveryBatches = options.CheckpointEvery, Resume = options.Resume,
            MetricsPath = Path.Combine(options.Out, "metrics.csv"),
        };
    }

    /// <summary>One line naming the recipe, for the console.</summary>
    public static string Describe(IAugmentation? augmentation, ILearningRateSchedule? schedule, Options options)
        => $"augmentation: {augmentation?.ToString() ?? "none"}; schedule: {schedule?.ToString() ?? "none"}" +
           (options.Clip is { } clip ? $"; gradients clipped to norm {clip}" : "");
}
