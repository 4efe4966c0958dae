using CnnGen.Samples.Mnist;
using CnnGen.Training;
using Xunit.Abstractions;

namespace CnnGen.Tests.Training;

/// <summary>
/// The first steps of every training documented in docs/RESULTS.md, from the sample's own definitions (options,
/// data split, network, augmentation, schedule: <see cref="Recipe.TrainerOptions"/>), pinned to the bit. Training is
/// deterministic, so a change that moves a documented table moves these losses: it fails here and must rerun the
/// table (or record in RESULTS.md the commit it was measured at) in the same commit.
/// </summary>
public sealed class RecipeFirstStepsTests(ITestOutputHelper output)
{
    const int Steps = 3;

    /// <summary>Each documented command (RESULTS.md) and the float bits of the losses of its first three steps.</summary>
    public static TheoryData<string, uint[]> Recipes() => new()
    {
        { "", [0x402636A6, 0x401D0C1C, 0x4010145D] },
        { "--net deep", [0x40590D54, 0x403A5734, 0x403ED7F1] },
        { "--net deep --plain", [0x4061AAEF, 0x40220DD4, 0x4019A10F] },
        { "--net deep --bn --dataset fashion", [0x40651A3E, 0x406F648D, 0x4052D3CE] },
        { "--net deep --bn --dataset fashion --plain", [0x40664CDE, 0x406C197B, 0x40388B6B] },
        { "train --net resnet20 --dataset fashion --epochs 30 --warmup 1 --lr 0.002 --augment --schedule cosine", [0x403ADD28, 0x404553D4, 0x40457E79] },
    };

    [Theory]
    [MemberData(nameof(Recipes))]
    public void The_first_steps_of_a_documented_recipe_give_the_pinned_losses(string command, uint[] expected)
    {
        var folder = Directory.CreateTempSubdirectory("cnngen-recipe-");
        try
        {
            string[] args = [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--out", folder.FullName, "--threads", "1"];
            var options = Options.Parse(args);
            var (train, test, _) = DataSources.Load(options, _ => { });
            var network = Models.Create(options, options.Batch);
            var losses = new List<float>();
            using var stop = new CancellationTokenSource();
            var progress = new Reporter(p =>
            {
                if (p.Phase != TrainingPhase.Batch) return;
                losses.Add(p.Loss);
                if (losses.Count == Steps) stop.Cancel();
            });
            var trainerOptions = Recipe.TrainerOptions(options, train.Count) with { ReportEveryBatches = 1 };
            var result = new Trainer(trainerOptions).Fit(network, new Adam(options.LearningRate), train, test, progress: progress, cancellationToken: stop.Token);

            var bits = losses.Select(BitConverter.SingleToUInt32Bits).ToArray();
            output.WriteLine($"{command}: {string.Join(", ", losses.Select(l => l.ToString("R")))} = [{string.Join(", ", bits.Select(b => $"0x{b:X8}"))}]");
            Assert.Equal(StopReason.Cancelled, result.Reason);
            Assert.Equal(expected, bits);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Calls back on the training thread, in order.</summary>
    sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
