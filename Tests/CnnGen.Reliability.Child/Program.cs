using CnnGen;
using CnnGen.Samples;

// Usage: CnnGen.Reliability.Child <path> | width <threads> | train <folder> <threads> [paced]
// width: trains a few networks a few steps (WidthRun) and prints the vector width and a hash per network.
// <path>: saves SimpleConvNet (1.7 MB) to <path> over and over, version 1, 2, 3..., each version's parameters a known
// pattern (SavedVersion.Fill), printing "begin v" before and "end v" after each save so the parent knows which
// versions are complete when it kills this process.
// train: trains DeepConvNet (TrainingRun), resuming from <folder>/checkpoint.safetensors when there is one, printing
// "step n" after every step and "done" after writing <folder>/final.safetensors. With "paced" it reads a line from
// standard input after each "step n" before going on, so a parent that kills it can never be outrun by more than a step.
if (args.Length == 2 && args[0] == "width" && int.TryParse(args[1], out var threads) && threads > 0)
{
    WidthRun.Run(threads, Console.Out);
    return 0;
}
if (args.Length is 3 or 4 && args[0] == "train") return TrainingRun.Run(args[1], int.Parse(args[2]), paced: args.Length == 4 && args[3] == "paced");
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: CnnGen.Reliability.Child <path> | width <threads> | train <folder> <threads> [paced]");
    return 2;
}
var network = new SimpleConvNet();
for (var version = 1; ; version++)
{
    SavedVersion.Fill(network.Parameters, version);
    Console.Out.WriteLine($"begin {version}");
    Console.Out.Flush();
    network.Save(args[0]);
    Console.Out.WriteLine($"end {version}");
    Console.Out.Flush();
}

/// <summary>The parameters of saved version <c>v</c> (the parent test recomputes them to recognise a file).</summary>
public static class SavedVersion
{
    /// <summary>Writes version <paramref name="version"/>'s pattern: every value differs between versions.</summary>
    public static void Fill(Span<float> parameters, int version)
    {
        for (var i = 0; i < parameters.Length; i++) parameters[i] = version * 1000 + i % 997;
    }
}

/// <summary>
/// A short DeepConvNet training with every resumable part in play: dropout, augmentation, a per-batch one-cycle
/// schedule, clipping, checkpoints every 2 steps. The parent kills it at random moments and compares final weights.
/// </summary>
public static class TrainingRun
{
    public const int Epochs = 3, Samples = 200, BatchSize = 25;

    public static int Run(string folder, int threads, bool paced)
    {
        var network = new DeepConvNet(maxBatch: BatchSize, seed: 4) { Threads = threads };
        var batches = (Samples + BatchSize - 1) / BatchSize;
        var options = new CnnGen.Training.TrainerOptions
        {
            Epochs = Epochs, BatchSize = BatchSize, Seed = 8, CheckpointPath = Path.Combine(folder, "checkpoint.safetensors"),
            CheckpointEveryBatches = 2, Resume = true, MaxGradientNorm = 2,
            Augmentation = new CnnGen.Data.Augmentations(new CnnGen.Data.RandomAffine(10, 0.9, 1.1), new CnnGen.Data.RandomTranslation(2)),
            Schedule = new OneCycle(0.003, Epochs * batches), ScheduleEveryBatch = true,
            MetricsPath = Path.Combine(folder, "metrics.csv"),
        };
        var progress = new LineProgress(paced);
        var result = new CnnGen.Training.Trainer(options).Fit(network, new Adam(), Blocks(Samples, 1), Blocks(50, 2), progress: progress);
        CnnGen.Weights.SafeTensors.Save(network, Path.Combine(folder, "final.safetensors"));
        Console.Out.WriteLine($"done {result.Steps} {result.ResumedFrom ?? "fresh"}");
        Console.Out.Flush();
        return 0;
    }

    /// <summary>Ten classes of 28 × 28 images: a bright 6 × 6 block at a class-dependent place over seeded noise.</summary>
    static CnnGen.Data.Dataset Blocks(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var images = new float[count * 784];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = labels[i] = i % 10;
            int top = 3 + 5 * (label / 4), left = 3 + 6 * (label % 4);
            for (var p = 0; p < 784; p++)
            {
                int y = p / 28, x = p % 28;
                images[i * 784 + p] = 0.4f * random.NextSingle() + (y >= top && y < top + 6 && x >= left && x < left + 6 ? 0.6f : 0f);
            }
        }
        return new CnnGen.Data.Dataset(images, labels, 1, 28, 28, 10);
    }

    sealed class LineProgress(bool paced) : IProgress<CnnGen.Training.TrainingProgress>
    {
        public void Report(CnnGen.Training.TrainingProgress value)
        {
            if (value.Phase != CnnGen.Training.TrainingPhase.Batch) return;
            Console.Out.WriteLine($"step {value.Step}");
            Console.Out.Flush();
            // Paced: wait for the parent's go (a closed input means go on to the end).
            if (paced) Console.In.ReadLine();
        }
    }
}
