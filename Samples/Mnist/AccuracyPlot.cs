using CnnGen.Training;

namespace CnnGen.Samples.Mnist;

/// <summary>Train and test accuracy per epoch as a PNG (ScottPlot).</summary>
internal static class AccuracyPlot
{
    public static void Save(string path, string title, IReadOnlyList<EpochResult> history)
    {
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        var plot = new ScottPlot.Plot();
        if (history.All(e => e.TrainAccuracy is not null))
        {
            var train = plot.Add.Scatter(epochs, history.Select(e => 100 * e.TrainAccuracy!.Value).ToArray());
            train.LegendText = "train";
            train.LineWidth = 2;
        }
        if (history.All(e => e.TestAccuracy is not null))
        {
            var test = plot.Add.Scatter(epochs, history.Select(e => 100 * e.TestAccuracy!.Value).ToArray());
            test.LegendText = "test";
            test.LineWidth = 2;
        }
        // Whole epochs only: a tick at 1.5 epochs means nothing.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("accuracy (%)");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, 800, 500);
    }
}
