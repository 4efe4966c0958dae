using System.Diagnostics;

namespace CnnGen.Benchmarks;

/// <summary>Min and median of repeated runs after warm-up: the statistics the comparison table reports.</summary>
readonly record struct Timing(double MinMs, double MedianMs, int Runs)
{
    public static Timing Measure(Action action, int runs = 20, int warmup = 40) => Of(Sample(action, runs, warmup));

    /// <summary>The times (ms) of <paramref name="runs"/> calls after <paramref name="warmup"/> untimed ones.</summary>
    public static double[] Sample(Action action, int runs = 20, int warmup = 40)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return samples;
    }

    /// <summary>Min and median of samples, possibly pooled from several rounds.</summary>
    public static Timing Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? new Timing(double.NaN, double.NaN, 0) : new Timing(sorted[0], sorted[sorted.Length / 2], sorted.Length);
    }

    public override string ToString() => $"min {MinMs,8:F3} ms  median {MedianMs,8:F3} ms";
}
