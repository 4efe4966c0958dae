using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Benchmarks;

/// <summary>The machine's single-core FMA peak: ten independent 8-lane FMA chains (enough to cover latency × throughput).</summary>
static class FmaPeak
{
    public static double MeasureGflops(int runs = 20)
    {
        if (!Fma.IsSupported) return double.NaN;
        const int iterations = 2_000_000;
        var best = 0.0;
        for (var r = 0; r < runs + 3; r++)
        {
            var start = Stopwatch.GetTimestamp();
            var sink = Chains(iterations);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (sink == 42f) Console.Write("");   // keep the result alive
            if (r >= 3) best = Math.Max(best, 10.0 * 8 * 2 * iterations / seconds / 1e9);
        }
        return best;
    }

    static float Chains(int iterations)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-7f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
        for (var i = 0; i < iterations; i++)
        {
            c0 = Fma.MultiplyAdd(c0, m, a); c1 = Fma.MultiplyAdd(c1, m, a); c2 = Fma.MultiplyAdd(c2, m, a);
            c3 = Fma.MultiplyAdd(c3, m, a); c4 = Fma.MultiplyAdd(c4, m, a); c5 = Fma.MultiplyAdd(c5, m, a);
            c6 = Fma.MultiplyAdd(c6, m, a); c7 = Fma.MultiplyAdd(c7, m, a); c8 = Fma.MultiplyAdd(c8, m, a);
            c9 = Fma.MultiplyAdd(c9, m, a);
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9);
    }
}
