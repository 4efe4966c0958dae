using System.Diagnostics;
using CnnGen.Training;
using Spectre.Console;

namespace CnnGen.Samples.Mnist;

/// <summary>
/// Trains, shows progress and a per-epoch table, checkpoints after every epoch (so that <c>--resume</c> continues a
/// killed run to the same bits), then saves the weights, metrics.csv, the confusion matrix and the plots.
/// </summary>
internal static class TrainCommand
{
    public static int Run(Options options)
    {
        var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        var (train, test, description) = DataSources.Load(options, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        var network = Models.Create(options, options.Batch);
        var optimizer = new Adam(options.LearningRate);
        Directory.CreateDirectory(options.Out);
        var trainerOptions = Recipe.TrainerOptions(options, train.Count);
        var augmentation = trainerOptions.Augmentation;
        var schedule = trainerOptions.Schedule;
        var checkpoint = trainerOptions.CheckpointPath!;
        var trainer = new Trainer(trainerOptions);

        AnsiConsole.MarkupLineInterpolated($"[bold]{options.ModelName}[/] ({network.ParameterCount:N0} parameters) on {description}");
        AnsiConsole.MarkupLineInterpolated($"Adam lr {options.LearningRate}, batch {options.Batch}, {Count(options.EffectiveEpochs, "epoch")}, {Count(network.Threads, "thread")}, seed {options.Seed}");
        AnsiConsole.MarkupLineInterpolated($"{Recipe.Describe(augmentation, schedule, options)}");
        if (augmentation is not null)
        {
            var grid = Path.Combine(options.Out, "augmented.png");
            Plots.Augmented(grid, $"{augmentation}", train, augmentation, samples: 8, variants: 8, seed: options.Seed);
        }

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
                    if (p.Phase == TrainingPhase.Resumed)
                    {
                        table.Title(Markup.Escape($"resumed from {p.ResumedFrom}"));
                        return;
                    }
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
                if (p.Phase == TrainingPhase.Resumed) Console.WriteLine($"resumed from {p.ResumedFrom}");
                if (p.Phase != TrainingPhase.Epoch) return;
                var e = p.Completed!;
                Console.WriteLine($"epoch {e.Epoch,3}/{p.Epochs}  loss {e.TrainLoss:F4}  train {Percent(e.TrainAccuracy)}  test {Percent(e.TestAccuracy)}  " +
                                  $"{e.TrainingTime.TotalSeconds:F2}s  {e.SamplesPerSecond:N0} samples/s");
            });
            result = trainer.Fit(network, optimizer, train, test, progress: progress);
        }

        var weights = Models.WeightsPath(options with { Weights = null });
        CnnGen.Weights.SafeTensors.Save(network, weights);
        var datasetName = options.DatasetName == "fashion" ? "Fashion-MNIST" : "MNIST";
        var plot = Path.Combine(options.Out, "accuracy.png");
        Plots.Accuracy(plot, $"{options.ModelName} on {datasetName}", result.History);
        var names = options.DatasetName == "fashion" ? Datasets.FashionMnist.ClassNames : Enumerable.Range(0, test.Classes).Select(i => i.ToString()).ToArray();
        var confusion = new Evaluator(network).ConfusionMatrix(test);
        var confusionPlot = Path.Combine(options.Out, "confusion.png");
        Plots.Confusion(confusionPlot, $"{options.ModelName} on {datasetName}: test confusion matrix", confusion, names);

        AnsiConsole.WriteLine();
        AnsiConsole.Write(ConfusionTable(confusion, names));
        AnsiConsole.MarkupLineInterpolated($"{result.Message}");
        AnsiConsole.MarkupLineInterpolated($"final test accuracy: [bold green]{Percent(result.FinalTestAccuracy)}[/]");
        AnsiConsole.MarkupLineInterpolated($"training speed: {result.SamplesPerSecond:N0} samples/s, {result.MeanEpochTime.TotalSeconds:F2} s per epoch (evaluation excluded), total {result.TotalTime.TotalSeconds:F1} s");
        AnsiConsole.MarkupLineInterpolated($"saved {weights}, {plot}, {confusionPlot}, {Path.Combine(options.Out, "metrics.csv")} and {checkpoint}");
        if (options.Int8) Int8Comparison.Run(network, train, test);
        return result.Reason == StopReason.Diverged ? 3 : 0;
    }

    /// <summary>Rows: true class; columns: predicted class; the diagonal (right answers) in green.</summary>
    static Table ConfusionTable(int[,] counts, IReadOnlyList<string> names)
    {
        var classes = counts.GetLength(0);
        var table = new Table().Border(TableBorder.Simple).Title("test confusion matrix (rows: true, columns: predicted)");
        table.AddColumn(new TableColumn("").NoWrap());
        for (var p = 0; p < classes; p++) table.AddColumn(new TableColumn(Markup.Escape(Short(names[p]))).RightAligned().NoWrap());
        for (var t = 0; t < classes; t++)
        {
            var cells = new List<string> { Markup.Escape(Short(names[t])) };
            for (var p = 0; p < classes; p++)
                cells.Add(counts[t, p] == 0 ? "[grey].[/]" : t == p ? $"[green]{counts[t, p]}[/]" : $"[red]{counts[t, p]}[/]");
            table.AddRow(cells.ToArray());
        }
        return table;
    }

    static string Short(string name) => name.Length <= 5 ? name : name[..5];

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

    /// <summary>"1 epoch", "20 epochs".</summary>
    static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    static string Percent(double? value) => value is { } v ? $"{100 * v:F2}%" : "-";

    /// <summary>Calls back on the training thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
