using System.Diagnostics;
using CnnGen.Training;
using Spectre.Console;

namespace CnnGen.Samples.Mnist;

/// <summary>Trains, shows progress and a per-epoch table, then saves weights and the accuracy plot.</summary>
internal static class TrainCommand
{
    public static int Run(Options options)
    {
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        var (train, test, description) = DataSources.Load(options, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        var network = Models.Create(options, options.Batch);
        var optimizer = new Adam(options.LearningRate);
        var trainer = new Trainer(new TrainerOptions { Epochs = options.EffectiveEpochs, BatchSize = options.Batch, Seed = options.Seed });

        AnsiConsole.MarkupLineInterpolated($"[bold]{options.ModelName}[/] ({network.ParameterCount:N0} parameters) on {description}");
        AnsiConsole.MarkupLineInterpolated($"Adam lr {options.LearningRate}, batch {options.Batch}, {options.EffectiveEpochs} epochs, {network.Threads} threads, seed {options.Seed}");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("epoch", "loss", "train acc", "test acc", "time", "samples/s");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();

        TrainingResult result;
        if (interactive)
        {
            var status = new Markup("");
            var clock = Stopwatch.StartNew();
            result = null!;
            AnsiConsole.Live(new Rows(table, status)).AutoClear(false).Start(context =>
            {
                var progress = new Reporter(p =>
                {
                    if (p.Phase == TrainingPhase.Epoch) AddRow(table, p.Completed!);
                    else if (clock.ElapsedMilliseconds < 100 && p.Batch != p.Batches) return;
                    clock.Restart();
                    status = Status(p);
                    context.UpdateTarget(new Rows(table, status));
                });
                result = trainer.Fit(network, optimizer, train, test, progress: progress);
                context.UpdateTarget(table);
            });
        }
        else
        {
            var progress = new Reporter(p =>
            {
                if (p.Phase != TrainingPhase.Epoch) return;
                var e = p.Completed!;
                Console.WriteLine($"epoch {e.Epoch,3}/{p.Epochs}  loss {e.TrainLoss:F4}  train {Percent(e.TrainAccuracy)}  test {Percent(e.TestAccuracy)}  " +
                                  $"{e.TrainingTime.TotalSeconds:F2}s  {e.SamplesPerSecond:N0} samples/s");
            });
            result = trainer.Fit(network, optimizer, train, test, progress: progress);
        }

        Directory.CreateDirectory(options.Out);
        var weights = Models.WeightsPath(options with { Weights = null });
        CnnGen.Weights.SafeTensors.Save(network, weights);
        var plot = Path.Combine(options.Out, "accuracy.png");
        AccuracyPlot.Save(plot, $"{options.ModelName} on {(options.DatasetName == "fashion" ? "Fashion-MNIST" : "MNIST")}", result.History);

        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLineInterpolated($"{result.Message}");
        AnsiConsole.MarkupLineInterpolated($"final test accuracy: [bold green]{Percent(result.FinalTestAccuracy)}[/]");
        AnsiConsole.MarkupLineInterpolated($"training speed: {result.SamplesPerSecond:N0} samples/s, {result.MeanEpochTime.TotalSeconds:F2} s per epoch (evaluation excluded), total {result.TotalTime.TotalSeconds:F1} s");
        AnsiConsole.MarkupLineInterpolated($"saved {weights} and {plot}");
        return result.Reason == StopReason.Diverged ? 3 : 0;
    }

    static void AddRow(Table table, EpochResult e)
        => table.AddRow(e.Epoch.ToString(), e.TrainLoss.ToString("F4"), Percent(e.TrainAccuracy), Percent(e.TestAccuracy),
            $"{e.TrainingTime.TotalSeconds:F2}s", e.SamplesPerSecond.ToString("N0"));

    static Markup Status(TrainingProgress p)
    {
        const int width = 30;
        var done = (int)Math.Round(width * (double)p.Batch / p.Batches);
        var bar = new string('━', done) + new string('─', width - done);
        return new Markup($"[green]{bar[..done]}[/][grey]{bar[done..]}[/] epoch {p.Epoch}/{p.Epochs}  batch {p.Batch}/{p.Batches}  loss {p.Loss:F4}");
    }

    static string Percent(double? value) => value is { } v ? $"{100 * v:F2}%" : "-";

    /// <summary>Calls back on the training thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
