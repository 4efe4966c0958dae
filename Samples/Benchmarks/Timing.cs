using System.Diagnostics;

namespace CnnGen.Benchmarks;

/// <summary>Min and median of repeated runs after warm-up: the statistics the comparison table reports.</summary>
readonly record struct Timing(double MinMs, double MedianMs, int Runs)
{
    public static Timing Measure(Action action, int runs = 20, int warmup = 40)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return new Timing(samples[0], samples[runs / 2], runs);
    }

    public override string ToString() => $"min {MinMs,8:F3} ms  median {MedianMs,8:F3} ms";
}
