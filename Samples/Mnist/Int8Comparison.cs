using System.Diagnostics;
using CnnGen.Data;
using Spectre.Console;

namespace CnnGen.Samples.Mnist;

/// <summary>
/// <c>--int8</c>: quantizes the trained network (post-training, calibrated on training images), then reports the float
/// and int8 test accuracies and inference speeds side by side: the whole test set in batches of MaxBatch, float and
/// int8 passes alternated, the median pass of each.
/// </summary>
internal static class Int8Comparison
{
    /// <summary>Training images the activations are calibrated on.</summary>
    const int CalibrationSamples = 1000;

    const int Rounds = 7;

    const int WarmupRounds = 5;

    delegate void ForwardPass(ReadOnlySpan<float> input, Span<float> output);

    public static void Run(IClassifierNetwork network, Dataset train, Dataset test)
    {
        var calibration = train.Images[..(Math.Min(CalibrationSamples, train.Count) * train.SampleLength)];
        var clock = Stopwatch.StartNew();
        var (int8, summary) = Quantize(network, calibration);
        if (int8 is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{network.GetType().Name} has no int8 form[/] (a layer without an int8 kernel or float fallback; see docs/QUANTIZATION.md)");
            return;
        }
        var quantizeTime = clock.Elapsed;
        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine(summary);
        var floatOutputs = new float[test.Count * network.OutputLength];
        var int8Outputs = new float[floatOutputs.Length];
        ForwardPass float32 = network.Forward;
        var floatTimes = new List<double>();
        var int8Times = new List<double>();
        // Untimed passes first: the float kernels are warm from training, the int8 ones would otherwise be timed while
        // the JIT still tiers them up.
        for (var round = 0; round < WarmupRounds; round++)
        {
            Time(float32, test.Images, floatOutputs);
            Time(int8, test.Images, int8Outputs);
        }
        for (var round = 0; round < Rounds; round++)
        {
            floatTimes.Add(Time(float32, test.Images, floatOutputs));
            int8Times.Add(Time(int8, test.Images, int8Outputs));
        }
        double floatSeconds = Median(floatTimes), int8Seconds = Median(int8Times);
        double floatAccuracy = Accuracy(floatOutputs, test), int8Accuracy = Accuracy(int8Outputs, test);
        var table = new Table().Border(TableBorder.Rounded).Title($"test set, {test.Count} images, batches of {network.MaxBatch}, {network.Threads} thread(s), median of {Rounds} alternated passes")
            .AddColumns("", "test accuracy", "ms per pass", "images/s");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        table.AddRow("float32", $"{100 * floatAccuracy:F2}%", $"{1000 * floatSeconds:F1}", $"{test.Count / floatSeconds:N0}");
        table.AddRow("int8", $"{100 * int8Accuracy:F2}%", $"{1000 * int8Seconds:F1}", $"{test.Count / int8Seconds:N0}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"int8: {100 * (int8Accuracy - floatAccuracy):+0.00;-0.00;0.00} accuracy points, {floatSeconds / int8Seconds:F2}x the float speed; quantized in {quantizeTime.TotalSeconds:F1} s on {calibration.Length / train.SampleLength} training images");
    }

    /// <summary>The network's int8 forward (on the network's thread count) and summary, or null for a network without an int8 form.</summary>
    static (ForwardPass? Forward, string Summary) Quantize(IClassifierNetwork network, ReadOnlySpan<float> calibration)
    {
        switch (network)
        {
            case SimpleConvNet n: { var q = n.Quantize(calibration); q.Threads = n.Threads; return (q.Forward, q.Summary); }
            case DeepConvNet n: { var q = n.Quantize(calibration); q.Threads = n.Threads; return (q.Forward, q.Summary); }
            case DeepConvNetBN n: { var q = n.Quantize(calibration); q.Threads = n.Threads; return (q.Forward, q.Summary); }
            case ResNet20 n: { var q = n.Quantize(calibration); q.Threads = n.Threads; return (q.Forward, q.Summary); }
            case MobileNet n: { var q = n.Quantize(calibration); q.Threads = n.Threads; return (q.Forward, q.Summary); }
            case Inception n: { var q = n.Quantize(calibration); q.Threads = n.Threads; return (q.Forward, q.Summary); }
            default: return (null, "");
        }
    }

    static double Time(ForwardPass forward, ReadOnlySpan<float> images, Span<float> outputs)
    {
        var clock = Stopwatch.StartNew();
        forward(images, outputs);
        return clock.Elapsed.TotalSeconds;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    static double Accuracy(float[] outputs, Dataset test)
    {
        var classes = outputs.Length / test.Count;
        var right = 0;
        for (var n = 0; n < test.Count; n++)
        {
            if (NetworkGuards.ArgMax(outputs.AsSpan(n * classes, classes)) == test.Label(n)) right++;
        }
        return (double)right / test.Count;
    }
}
