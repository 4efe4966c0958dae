using CnnGen.Data;
using CnnGen.Training;

namespace CnnGen.Samples.Mnist;

/// <summary>The PNGs the training command writes (ScottPlot).</summary>
internal static class Plots
{
    /// <summary>Train and test accuracy per epoch (left axis) and the mean training loss (right axis).</summary>
    public static void Accuracy(string path, string title, IReadOnlyList<EpochResult> history)
    {
        var epochs = history.Select(e => (double)e.Epoch).ToArray();
        var plot = new ScottPlot.Plot();
        if (history.All(e => e.TrainAccuracy is not null))
        {
            var train = plot.Add.Scatter(epochs, history.Select(e => 100 * e.TrainAccuracy!.Value).ToArray());
            train.LegendText = "train accuracy";
            train.LineWidth = 2;
        }
        if (history.All(e => e.TestAccuracy is not null))
        {
            var test = plot.Add.Scatter(epochs, history.Select(e => 100 * e.TestAccuracy!.Value).ToArray());
            test.LegendText = "test accuracy";
            test.LineWidth = 2;
        }
        var loss = plot.Add.Scatter(epochs, history.Select(e => e.TrainLoss).ToArray());
        loss.LegendText = "training loss (right)";
        loss.LineWidth = 2;
        loss.LinePattern = ScottPlot.LinePattern.Dashed;
        loss.Axes.YAxis = plot.Axes.Right;
        // Whole epochs only: a tick at 1.5 epochs means nothing.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("accuracy (%)");
        plot.Axes.Right.Label.Text = "training loss";
        plot.ShowLegend(ScottPlot.Alignment.MiddleRight);
        plot.SavePng(path, 800, 500);
    }

    /// <summary>The confusion matrix as a heat map with the count in every cell (rows: true class, columns: predicted).</summary>
    public static void Confusion(string path, string title, int[,] counts, IReadOnlyList<string> names)
    {
        var classes = counts.GetLength(0);
        var values = new double[classes, classes];
        for (var t = 0; t < classes; t++)
        for (var p = 0; p < classes; p++) values[t, p] = counts[t, p] == 0 ? double.NaN : Math.Log10(counts[t, p]);
        var plot = new ScottPlot.Plot();
        var map = plot.Add.Heatmap(values);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        // The heat map draws data row 0 at the top: true class t sits at y = classes − 1 − t.
        map.Rectangle = new ScottPlot.CoordinateRect(-0.5, classes - 0.5, -0.5, classes - 0.5);
        for (var t = 0; t < classes; t++)
        for (var p = 0; p < classes; p++)
        {
            if (counts[t, p] == 0) continue;
            var text = plot.Add.Text(counts[t, p].ToString(), p, classes - 1 - t);
            text.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
            text.LabelFontColor = t == p ? ScottPlot.Colors.Black : ScottPlot.Colors.White;
            text.LabelFontSize = 14;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, classes).Select(i => new ScottPlot.Tick(i, names[i])).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, classes).Select(i => new ScottPlot.Tick(classes - 1 - i, names[i])).ToArray());
        plot.Axes.SetLimits(-0.5, classes - 0.5, -0.5, classes - 0.5);
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.SavePng(path, 760, 700);
    }

    /// <summary>
    /// A grid of training images: each row one sample, the original first, then <paramref name="variants"/> augmented
    /// versions drawn with <paramref name="augmentation"/> from a stream seeded by <paramref name="seed"/>.
    /// </summary>
    public static void Augmented(string path, string title, Dataset data, IAugmentation augmentation, int samples, int variants, int seed)
    {
        int h = data.Height, w = data.Width, gap = 2;
        var columns = variants + 1;
        var grid = new double[samples * (h + gap), columns * (w + gap)];
        var random = new SeededRandom(seed);
        var image = new float[data.SampleLength];
        var scratch = new float[data.SampleLength];
        for (var s = 0; s < samples; s++)
        {
            var index = (int)((long)s * data.Count / samples);
            for (var v = 0; v < columns; v++)
            {
                data.Image(index).CopyTo(image);
                if (v > 0) augmentation.Apply(image, data.Channels, h, w, random, scratch);
                for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++) grid[s * (h + gap) + y, v * (w + gap) + x] = image[y * w + x];
            }
        }
        var plot = new ScottPlot.Plot();
        var map = plot.Add.Heatmap(grid);
        map.Colormap = new ScottPlot.Colormaps.Grayscale();
        map.Rectangle = new ScottPlot.CoordinateRect(0, grid.GetLength(1), 0, grid.GetLength(0));
        plot.Axes.SetLimits(0, grid.GetLength(1), 0, grid.GetLength(0));
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Title(title);
        plot.SavePng(path, 60 * columns, 60 * samples + 40);
    }
}
