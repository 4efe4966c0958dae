using System.Text.Json;
using CnnGen.Kernels;
using CnnGen.Samples;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnGen.Benchmarks;

/// <summary>
/// The side-by-side run behind docs/PERFORMANCE.md: CnnGen, ONNX Runtime, the FMA peak and GEMM shapes measured
/// here; PyTorch, the seed-style numpy network and OpenBLAS read from the JSON that tools/bench/peers.py wrote in
/// the same run. Prints the P1–P9 table (ratios of medians; min shown too).
/// </summary>
static class Compare
{
    const int Batch = 100;

    public static void Run(string peersDirectory, int runs)
    {
        var peers1 = JsonDocument.Parse(File.ReadAllText(Path.Combine(peersDirectory, "peers1.json"))).RootElement;
        var peers2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(peersDirectory, "peers2.json"))).RootElement;
        var onnxPath = Path.Combine(peersDirectory, "simple.onnx");

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; peers: torch {peers1.GetProperty("torch")}, numpy {peers1.GetProperty("numpy")}");
        // One-thread rows run on the core the one-thread peers ran on (compare.sh pins them to the same one); two-thread
        // rows on both cores. Threads inherit the affinity of the thread that starts them, so the worker pool and ONNX
        // Runtime's two-thread pool are only started in the two-core phase.
        var core = int.Parse(Environment.GetEnvironmentVariable("CNNGEN_BENCH_CORE") ?? "1");
        Affinity.Pin(core);
        var peak = FmaPeak.MeasureGflops(runs);
        Console.WriteLine($"FMA peak (core {core}): {peak:F1} GFLOP/s");

        var data = Data(Batch, seed: 5);
        var labels = Enumerable.Range(0, Batch).Select(i => i % 10).ToArray();
        var simple1 = TrainTiming(new SimpleConvNet(Batch, seed: 1) { Threads = 1 }, data, labels, runs);
        var deep1 = TrainTiming(new DeepConvNet(Batch, seed: 1) { Threads = 1 }, data, labels, runs);
        var inference = new SimpleConvNet(Batch, seed: 1) { Threads = 1 };
        var logits = new float[Batch * 10];
        var infer1 = Timing.Measure(() => inference.Forward(data.AsSpan(0, 784), logits.AsSpan(0, 10)), runs * 10);
        var infer100 = Timing.Measure(() => inference.Forward(data, logits), runs);
        var (ort1, ort100) = OrtTiming(onnxPath, data, threads: 1, runs);

        Affinity.PinAll();
        var simple2 = TrainTiming(new SimpleConvNet(Batch, seed: 1) { Threads = 2 }, data, labels, runs);
        var deep2 = TrainTiming(new DeepConvNet(Batch, seed: 1) { Threads = 2 }, data, labels, runs);
        inference.Threads = 2;
        var infer1x2 = Timing.Measure(() => inference.Forward(data.AsSpan(0, 784), logits.AsSpan(0, 10)), runs * 10);
        var infer100x2 = Timing.Measure(() => inference.Forward(data, logits), runs);
        var (ort1x2, ort100x2) = OrtTiming(onnxPath, data, threads: 2, runs);

        var allocated = AllocatedPerStep(data, labels);
        var identical = OneVersusTwoThreads(data, labels);

        Console.WriteLine();
        Console.WriteLine("| what | CnnGen min / median (ms) | peer min / median (ms) | ratio (medians) | ratio (mins) | target (medians) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Row("P1 SimpleConvNet train step, batch 100, 1 thread vs PyTorch", simple1, Peer(peers1, "torch_simple_train"), 3.0);
        Row("P2 same, 2 threads vs PyTorch 2 threads", simple2, Peer(peers2, "torch_simple_train"), 3.0);
        Row("P3 DeepConvNet train step, batch 100, 1 thread vs PyTorch", deep1, Peer(peers1, "torch_deep_train"), 1.6);
        Row("(P3, 2 threads) DeepConvNet vs PyTorch 2 threads", deep2, Peer(peers2, "torch_deep_train"), 1.6);
        Row("P4 SimpleConvNet inference, 1 sample, 1 thread vs ONNX Runtime", infer1, ort1, 2.0);
        Row("(P4, 2 threads) 1 sample vs ONNX Runtime 2 threads", infer1x2, ort1x2, 2.0);
        Row("P5 SimpleConvNet inference, batch 100, 1 thread vs ONNX Runtime", infer100, ort100, 1.0);
        Row("(P5, 2 threads) batch 100 vs ONNX Runtime 2 threads", infer100x2, ort100x2, 1.0);
        Row("P6 SimpleConvNet train step vs seed-style numpy (1 thread)", simple1, Peer(peers1, "numpy_simple_train"), 10.0);
        Row("(info) PyTorch inference, 1 sample / batch 100", infer1, Peer(peers1, "torch_simple_infer1"), double.NaN);
        Console.WriteLine($"| P8 managed bytes per train step after warm-up (all threads, 2 threads) | {allocated} | | | | 0 {(allocated == 0 ? "✓" : "✗")} |");
        Console.WriteLine($"| P9 1 vs 2 threads, 5 train steps: bit-identical weights | {identical} | | | | true {(identical ? "✓" : "✗")} |");

        Console.WriteLine();
        Console.WriteLine("P7 GEMM (CnnGen packed GEMM, NN, 1 thread) vs OpenBLAS sgemm (numpy, 1 thread), GFLOP/s from medians");
        Console.WriteLine("| shape (m×n×k) | CnnGen GFLOP/s | % of FMA peak | OpenBLAS GFLOP/s | % of peak | CnnGen / OpenBLAS |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Affinity.Pin(core);
        var blas = peers1.TryGetProperty("openblas_gemm", out var g) ? g : default;
        foreach (var (name, m, n, k) in GemmShapes.All)
        {
            var ours = GemmGflops(m, n, k, runs);
            var flop = 2.0 * m * n * k;
            var theirs = blas.ValueKind == JsonValueKind.Object && blas.TryGetProperty($"{m}x{n}x{k}", out var t) ? flop / (t.GetProperty("median").GetDouble() / 1e3) / 1e9 : double.NaN;
            Console.WriteLine($"| {name} {m}×{n}×{k} | {ours:F1} | {100 * ours / peak:F0}% | {theirs:F1} | {100 * theirs / peak:F0}% | {ours / theirs:F2}× |");
        }

        Console.WriteLine();
        Console.WriteLine("P7 per layer: the kernel the generated code runs for each of these layers (batch 100, 1 thread) vs OpenBLAS sgemm on the layer's GEMM (im2col not counted), GFLOP/s from medians");
        Console.WriteLine("| layer GEMM | CnnGen kernel | CnnGen GFLOP/s | % of FMA peak | OpenBLAS GFLOP/s | CnnGen / OpenBLAS (medians) | (mins) | target (medians) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        using (Threading.KernelThreads.Use(1))
            foreach (var (name, kernel, flop, run) in LayerKernels.All())
            {
                var (_, m, n, k) = GemmShapes.All.Single(s => s.Name == name);
                var ours = Timing.Measure(run, runs, 5);
                var theirs = blas.ValueKind == JsonValueKind.Object && blas.TryGetProperty($"{m}x{n}x{k}", out _) ? Peer(blas, $"{m}x{n}x{k}") : new Timing(double.NaN, double.NaN, 0);
                // Their time is of one GEMM of the shape, ours of the layer at batch 100: compare rates.
                var perCall = 2.0 * m * n * k;
                double Rate(double flops, double ms) => flops / (ms / 1e3) / 1e9;
                var ratio = Rate(flop, ours.MedianMs) / Rate(perCall, theirs.MedianMs);
                var ratioOfMins = Rate(flop, ours.MinMs) / Rate(perCall, theirs.MinMs);
                Console.WriteLine($"| {name} {m}×{n}×{k} | {kernel} | {Rate(flop, ours.MedianMs):F1} | {100 * Rate(flop, ours.MedianMs) / peak:F0}% | {Rate(perCall, theirs.MedianMs):F1} | {ratio:F2}× | {ratioOfMins:F2}× | ≥ 1.5× {(ratio >= 1.5 ? "✓" : "✗")} |");
            }
    }

    // The verdict is on medians, as the issue asks; the ratio of minimums is shown beside it because on this shared
    // machine a burst of load during one side's runs moves its median, while both minimums stay near the true cost.
    static void Row(string what, Timing ours, Timing peer, double target)
    {
        var ratio = peer.MedianMs / ours.MedianMs;
        var verdict = double.IsNaN(target) ? "" : $"≥ {target:F1}× {(ratio >= target ? "✓" : "✗")}";
        Console.WriteLine($"| {what} | {ours.MinMs:F3} / {ours.MedianMs:F3} | {peer.MinMs:F3} / {peer.MedianMs:F3} | {ratio:F2}× | {peer.MinMs / ours.MinMs:F2}× | {verdict} |");
    }

    static Timing Peer(JsonElement peers, string key)
    {
        var e = peers.GetProperty(key);
        return new Timing(e.GetProperty("min").GetDouble(), e.GetProperty("median").GetDouble(), 0);
    }

    static float[] Data(int count, int seed)
    {
        var random = new Random(seed);
        var data = new float[count * 784];
        for (var i = 0; i < data.Length; i++) data[i] = (float)random.NextDouble();
        return data;
    }

    static Timing TrainTiming(IClassifierNetwork net, float[] data, int[] labels, int runs)
    {
        var optimizer = new Sgd(0.01);
        return Timing.Measure(() => net.TrainStep(data, labels, optimizer), runs);
    }

    static (Timing One, Timing Hundred) OrtTiming(string path, float[] data, int threads, int runs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(path, options);
        var one = new DenseTensor<float>(data.AsMemory(0, 784), [1, 1, 28, 28]);
        var hundred = new DenseTensor<float>(data.AsMemory(), [Batch, 1, 28, 28]);
        var oneInput = new[] { NamedOnnxValue.CreateFromTensor("input", one) };
        var hundredInput = new[] { NamedOnnxValue.CreateFromTensor("input", hundred) };
        var t1 = Timing.Measure(() => { using var r = session.Run(oneInput); }, runs * 10);
        var t100 = Timing.Measure(() => { using var r = session.Run(hundredInput); }, runs);
        return (t1, t100);
    }

    static long AllocatedPerStep(float[] data, int[] labels)
    {
        var net = new SimpleConvNet(Batch, seed: 1) { Threads = 2 };
        var optimizer = new Adam(0.001);
        for (var i = 0; i < 5; i++) net.TrainStep(data, labels, optimizer);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 10; i++) net.TrainStep(data, labels, optimizer);
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / 10;
    }

    static bool OneVersusTwoThreads(float[] data, int[] labels)
    {
        float[] Train(int threads)
        {
            var net = new SimpleConvNet(Batch, seed: 3) { Threads = threads };
            var optimizer = new Sgd(0.05, momentum: 0.9);
            for (var i = 0; i < 5; i++) net.TrainStep(data, labels, optimizer);
            return net.Parameters.ToArray();
        }
        return Train(1).AsSpan().SequenceEqual(Train(2));
    }

    public static double GemmGflops(int m, int n, int k, int runs)
    {
        var random = new Random(7);
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (var i = 0; i < a.Length; i++) a[i] = (float)random.NextDouble();
        for (var i = 0; i < b.Length; i++) b[i] = (float)random.NextDouble();
        using var scope = Threading.KernelThreads.Use(1);
        var repeat = (long)m * n * k > 100_000_000 ? 1 : 10;
        var t = Timing.Measure(() => { for (var r = 0; r < repeat; r++) Gemm.MultiplyNN(m, n, k, a, b, c, accumulate: false); }, runs);
        return 2.0 * m * n * k * repeat / (t.MedianMs / 1e3) / 1e9;
    }
}
