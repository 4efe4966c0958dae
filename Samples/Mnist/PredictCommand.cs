using System.Text;
using CnnGen.Data;
using CnnGen.Training;
using CnnGen.Weights;
using Spectre.Console;

namespace CnnGen.Samples.Mnist;

/// <summary>Loads saved weights, reports test accuracy and draws a few test images with their predicted and true labels.</summary>
internal static class PredictCommand
{
    const string Shades = " .:-=+*#%@";

    public static int Run(Options options)
    {
        var path = Models.WeightsPath(options);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No weights at {path}: train first (same --net/--bn/--out) or pass --weights FILE.");
        var (_, test, description) = DataSources.Load(options, message => AnsiConsole.MarkupLineInterpolated($"[grey]{message}[/]"));
        var network = Models.Create(options, maxBatch: 100);
        SafeTensors.Load(network, path);

        var accuracy = new Evaluator(network).Accuracy(test);
        AnsiConsole.MarkupLineInterpolated($"{options.ModelName} from {path}: test accuracy [bold green]{100 * accuracy:F2}%[/] on {description}");
        var names = options.DatasetName == "fashion" ? FashionMnist.ClassNames : null;
        var random = new SeededRandom(options.Seed);
        for (var k = 0; k < Math.Min(options.Count, test.Count); k++)
        {
            var index = random.NextInt(test.Count);
            var predicted = network.Predict(test.Image(index));
            var truth = test.Label(index);
            AnsiConsole.WriteLine(Draw(test, index));
            var verdict = predicted == truth ? "[green]right[/]" : "[red]wrong[/]";
            AnsiConsole.MarkupLine($"test image {index}: predicted {Markup.Escape(Name(predicted, names))}, true {Markup.Escape(Name(truth, names))} ({verdict})");
            AnsiConsole.WriteLine();
        }
        return 0;
    }

    static string Name(int label, IReadOnlyList<string>? names) => names is null ? label.ToString() : $"{label} ({names[label]})";

    /// <summary>One character per pixel, two per column so the digit keeps its aspect ratio.</summary>
    static string Draw(Dataset data, int index)
    {
        var image = data.Image(index);
        var text = new StringBuilder();
        for (var y = 0; y < data.Height; y++)
        {
            for (var x = 0; x < data.Width; x++)
            {
                var shade = Shades[Math.Min(Shades.Length - 1, (int)(image[y * data.Width + x] * Shades.Length))];
                text.Append(shade).Append(shade);
            }
            if (y + 1 < data.Height) text.Append('\n');
        }
        return text.ToString();
    }
}
