using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CnnGen.Kernels;
using CnnGen.Quantization;

namespace CnnGen.Benchmarks;

/// <summary>
/// The int8 kernels' multiply-add rate against the float kernels on the same layer shapes, on one thread: each shape's
/// float kernel and its int8 kernel on every <see cref="Int8Path"/> this CPU runs, timed in alternated rounds (so a
/// noisy neighbour slows both alike), and the instruction ceilings (12 independent chains of float FMA, VPDPBUSD,
/// VPMADDWD + add) they are measured against.
/// </summary>
static class Int8Benchmark
{
    public static void Run(int rounds)
    {
        Console.WriteLine($"CPU: {CpuName()}; vector width {Simd.Native}; native int8 path {Int8Paths.Native}; 1 thread");
        Console.WriteLine($"ceilings (G multiply-adds/s): float FMA 512-bit {FmaPeak.MeasureGflops(512) / 2:F0}, 256-bit {FmaPeak.MeasureGflops(256) / 2:F0}; "
            + $"VPDPBUSD 256-bit {Ceiling(Vnni256):F0}; VPMADDWD 512-bit {Ceiling(Madd512):F0}, 256-bit {Ceiling(Madd256):F0}");
        var paths = Enum.GetValues<Int8Path>().Where(p => p != Int8Path.Scalar && Int8Paths.IsSupported(p)).ToArray();
        Console.WriteLine($"{"layer",-34} {"G MAC",7} {"float",14} " + string.Join(" ", paths.Select(p => $"{p,20}")));
        foreach (var (name, macs, floatRun, int8Run) in Shapes())
        {
            var samples = new List<double>[paths.Length + 1];
            for (var i = 0; i < samples.Length; i++) samples[i] = [];
            for (var round = 0; round < rounds; round++)
            {
                samples[0].AddRange(Timing.Sample(floatRun, runs: 3, warmup: round == 0 ? 3 : 1));
                for (var p = 0; p < paths.Length; p++)
                {
                    Int8Paths.Override = (int)paths[p];
                    samples[p + 1].AddRange(Timing.Sample(int8Run, runs: 3, warmup: round == 0 ? 3 : 1));
                    Int8Paths.Override = 0;
                }
            }
            var medians = samples.Select(s => Timing.Of(s).MedianMs).ToArray();
            string Rate(double ms) => $"{macs / ms / 1e6,6:F1} G/s";
            Console.WriteLine($"{name,-34} {macs / 1e9,7:F3} {Rate(medians[0]),14} "
                + string.Join(" ", medians.Skip(1).Select(ms => $"{Rate(ms)} ({medians[0] / ms,4:F1}x)")));
        }
    }

    /// <summary>Name, multiply-adds per call, the float kernel's call and the int8 kernel's call on the same shape.</summary>
    static IEnumerable<(string, double, Action, Action)> Shapes()
    {
        yield return Convolution("SimpleConvNet conv1, batch 100", new ConvGeometry(1, 28, 28, 30, 5, 1, 0), 100);
        yield return Dense("SimpleConvNet dense1, batch 100", 4320, 100, 100);
        yield return Dense("SimpleConvNet dense1, batch 1", 4320, 100, 1);
        yield return Convolution("DeepConvNet conv2, batch 100", new ConvGeometry(16, 28, 28, 16, 3, 1, 1), 100);
        yield return Convolution("3x3 64->64 at 56x56, batch 1", new ConvGeometry(64, 56, 56, 64, 3, 1, 1), 1);
        yield return Convolution("3x3 256->256 at 14x14, batch 1", new ConvGeometry(256, 14, 14, 256, 3, 1, 1), 1);
        yield return Convolution("1x1 128->128 at 28x28, batch 1", new ConvGeometry(128, 28, 28, 128, 1, 1, 0), 1);
        yield return Convolution("depthwise 3x3 128 at 28x28, batch 1", new ConvGeometry(128, 28, 28, 128, 3, 1, 1, Groups: 128), 1);
    }

    static (string, double, Action, Action) Convolution(string name, ConvGeometry g, int batch)
    {
        var random = new Random(1);
        var x = RandomData.Uniform(batch * g.InputLength, random);
        var w = RandomData.Uniform(g.WeightLength, random);
        var b = new float[g.Filters];
        var y = new float[batch * g.OutputLength];
        var qx = new byte[x.Length];
        random.NextBytes(qx);
        var packed = PackedInt8Weights.Create(Weights(g.WeightLength, random), [], g.Filters, g.ColumnRows);
        var multiplier = Enumerable.Repeat(1e-4f, g.Filters).ToArray();
        var qy = new byte[y.Length];
        return (name, (double)batch * g.Filters * g.ColumnRows * g.ColumnCols,
            () => Conv2D.Forward(x, w, b, y, g, batch),
            () => QuantizedConv2D.Forward(qx, 3, packed, multiplier, qy, new Int8Output(0, 0, 255), g, batch));
    }

    static (string, double, Action, Action) Dense(string name, int inputs, int outputs, int batch)
    {
        var random = new Random(2);
        var x = RandomData.Uniform(batch * inputs, random);
        var w = RandomData.Uniform(outputs * inputs, random);
        var b = new float[outputs];
        var y = new float[batch * outputs];
        var qx = new byte[x.Length];
        random.NextBytes(qx);
        var packed = PackedInt8Weights.Create(Weights(w.Length, random), [], outputs, inputs);
        var scale = Enumerable.Repeat(1e-4f, outputs).ToArray();
        return (name, (double)batch * inputs * outputs,
            () => CnnGen.Kernels.Dense.Forward(x, w, b, y, inputs, outputs, batch),
            () => QuantizedDense.ForwardToFloat(qx, 3, packed, scale, y, batch));
    }

    static sbyte[] Weights(int length, Random random)
    {
        var values = new sbyte[length];
        for (var i = 0; i < length; i++) values[i] = (sbyte)random.Next(-127, 128);
        return values;
    }

    static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>G multiply-adds/s of a 12-chain loop returning (multiply-adds per iteration, elapsed seconds); best of several runs; NaN where unsupported.</summary>
    static double Ceiling(Func<int, (double, double)?> loop)
    {
        var best = 0.0;
        for (var r = 0; r < 13; r++)
        {
            if (loop(2_000_000) is not var (macs, seconds)) return double.NaN;
            if (r >= 3) best = Math.Max(best, macs / seconds / 1e9);
        }
        return best;
    }

    static (double, double)? Vnni256(int iterations)
    {
        if (!AvxVnni.IsSupported) return null;
        var a = Vector256.Create((byte)3);
        var b = Vector256.Create((sbyte)-2);
        Vector256<int> c0 = default, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            c0 = AvxVnni.MultiplyWideningAndAdd(c0, a, b); c1 = AvxVnni.MultiplyWideningAndAdd(c1, a, b); c2 = AvxVnni.MultiplyWideningAndAdd(c2, a, b);
            c3 = AvxVnni.MultiplyWideningAndAdd(c3, a, b); c4 = AvxVnni.MultiplyWideningAndAdd(c4, a, b); c5 = AvxVnni.MultiplyWideningAndAdd(c5, a, b);
            c6 = AvxVnni.MultiplyWideningAndAdd(c6, a, b); c7 = AvxVnni.MultiplyWideningAndAdd(c7, a, b); c8 = AvxVnni.MultiplyWideningAndAdd(c8, a, b);
            c9 = AvxVnni.MultiplyWideningAndAdd(c9, a, b); c10 = AvxVnni.MultiplyWideningAndAdd(c10, a, b); c11 = AvxVnni.MultiplyWideningAndAdd(c11, a, b);
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11));
        return (12.0 * 32 * iterations, seconds);
    }

    static (double, double)? Madd512(int iterations)
    {
        if (!Avx512BW.IsSupported || !Vector512.IsHardwareAccelerated) return null;
        // A different multiplier per chain and a loop-carried multiplicand: no product can be shared or hoisted.
        var a = Vector512.Create((short)3);
        Vector512<short> b0 = Vector512.Create((short)-1), b1 = b0 - Vector512<short>.One, b2 = b1 - Vector512<short>.One, b3 = b2 - Vector512<short>.One,
            b4 = b3 - Vector512<short>.One, b5 = b4 - Vector512<short>.One, b6 = b5 - Vector512<short>.One, b7 = b6 - Vector512<short>.One,
            b8 = b7 - Vector512<short>.One, b9 = b8 - Vector512<short>.One, b10 = b9 - Vector512<short>.One, b11 = b10 - Vector512<short>.One;
        Vector512<int> c0 = default, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            c0 += Avx512BW.MultiplyAddAdjacent(a, b0); c1 += Avx512BW.MultiplyAddAdjacent(a, b1); c2 += Avx512BW.MultiplyAddAdjacent(a, b2);
            c3 += Avx512BW.MultiplyAddAdjacent(a, b3); c4 += Avx512BW.MultiplyAddAdjacent(a, b4); c5 += Avx512BW.MultiplyAddAdjacent(a, b5);
            c6 += Avx512BW.MultiplyAddAdjacent(a, b6); c7 += Avx512BW.MultiplyAddAdjacent(a, b7); c8 += Avx512BW.MultiplyAddAdjacent(a, b8);
            c9 += Avx512BW.MultiplyAddAdjacent(a, b9); c10 += Avx512BW.MultiplyAddAdjacent(a, b10); c11 += Avx512BW.MultiplyAddAdjacent(a, b11);
            a += Vector512<short>.One;
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11));
        return (12.0 * 32 * iterations, seconds);
    }

    static (double, double)? Madd256(int iterations)
    {
        if (!Avx2.IsSupported) return null;
        // Six chains with their own multipliers: 256-bit code has 16 registers.
        var a = Vector256.Create((short)3);
        Vector256<short> b0 = Vector256.Create((short)-1), b1 = b0 - Vector256<short>.One, b2 = b1 - Vector256<short>.One,
            b3 = b2 - Vector256<short>.One, b4 = b3 - Vector256<short>.One, b5 = b4 - Vector256<short>.One;
        Vector256<int> c0 = default, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            c0 += Avx2.MultiplyAddAdjacent(a, b0); c1 += Avx2.MultiplyAddAdjacent(a, b1); c2 += Avx2.MultiplyAddAdjacent(a, b2);
            c3 += Avx2.MultiplyAddAdjacent(a, b3); c4 += Avx2.MultiplyAddAdjacent(a, b4); c5 += Avx2.MultiplyAddAdjacent(a, b5);
            a += Vector256<short>.One;
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5));
        return (6.0 * 16 * iterations, seconds);
    }
}
