using System.Text.Json;
using CnnGen.Kernels;
using CnnGen.Samples;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnGen.Benchmarks;

/// <summary>
/// The side-by-side run behind docs/PERFORMANCE.md. tools/bench/compare.sh alternates rounds: in each, the peers
/// (PyTorch, the seed-style numpy network and OpenBLAS, from tools/bench/peers.py) and CnnGen (<see cref="MeasureRound"/>:
/// ONNX Runtime, the FMA peak, the GEMM shapes and the layer kernels too) each take their share of the runs, so that
/// both sides sample the same stretches of this shared host's load. <see cref="Report"/> pools every round's samples
/// and prints the P1–P9 table (ratios of medians, and of minimums beside them).
/// </summary>
static class Compare
{
    const int Batch = 100;

    /// <summary>One round of CnnGen's measurements (<paramref name="runs"/> samples each), saved as cnngen-<paramref name="round"/>.json.</summary>
    public static void MeasureRound(string directory, int round, int runs)
    {
        var onnxPath = Path.Combine(directory, "simple.onnx");
        var times = new Dictionary<string, double[]>();
        // One-thread rows run on the core the one-thread peers ran on (compare.sh pins them to the same one); two-thread
        // rows on both cores. Threads inherit the affinity of the thread that starts them, so the worker pool and ONNX
        // Runtime's two-thread pool are only started in the two-core phase.
        var core = int.Parse(Environment.GetEnvironmentVariable("CNNGEN_BENCH_CORE") ?? "1");
        Affinity.Pin(core);
        var peak256 = FmaPeak.MeasureGflops(256, runs);
        var peak512 = FmaPeak.MeasureGflops(512, runs);

        var data = RandomData.Uniform(Batch * 784, new Random(5));
        var labels = Enumerable.Range(0, Batch).Select(i => i % 10).ToArray();
        times["simple_train_1"] = TrainSamples(new SimpleConvNet(Batch, seed: 1) { Threads = 1 }, data, labels, runs);
        times["deep_train_1"] = TrainSamples(new DeepConvNet(Batch, seed: 1) { Threads = 1 }, data, labels, runs);
        var inference = new SimpleConvNet(Batch, seed: 1) { Threads = 1 };
        var logits = new float[Batch * 10];
        times["infer1_1"] = Timing.Sample(() => inference.Forward(data.AsSpan(0, 784), logits.AsSpan(0, 10)), runs * 10);
        times["infer100_1"] = Timing.Sample(() => inference.Forward(data, logits), runs);
        (times["ort1_1"], times["ort100_1"]) = OrtSamples(onnxPath, data, threads: 1, runs);

        Affinity.PinAll();
        times["simple_train_2"] = TrainSamples(new SimpleConvNet(Batch, seed: 1) { Threads = 2 }, data, labels, runs);
        times["deep_train_2"] = TrainSamples(new DeepConvNet(Batch, seed: 1) { Threads = 2 }, data, labels, runs);
        inference.Threads = 2;
        times["infer1_2"] = Timing.Sample(() => inference.Forward(data.AsSpan(0, 784), logits.AsSpan(0, 10)), runs * 10);
        times["infer100_2"] = Timing.Sample(() => inference.Forward(data, logits), runs);
        (times["ort1_2"], times["ort100_2"]) = OrtSamples(onnxPath, data, threads: 2, runs);
        var allocated = AllocatedPerStep(data, labels);
        var identical = OneVersusTwoThreads(data, labels);

        Affinity.Pin(core);
        using (Threading.KernelThreads.Use(1))
        {
            foreach (var (_, m, n, k) in GemmShapes.All) times[$"gemm {m}x{n}x{k}"] = GemmSamples(m, n, k, runs);
            foreach (var (name, _, _, prepare) in LayerKernels.All()) times[$"layer {name}"] = Timing.Sample(prepare(), runs, 5);
        }

        var result = new RoundResult(peak256, peak512, CnnGen.Kernels.Simd.Native, allocated, identical, times);
        File.WriteAllText(Path.Combine(directory, $"cnngen-{round}.json"), JsonSerializer.Serialize(result));
    }

    sealed record RoundResult(double FmaPeak256, double FmaPeak512, int Width, long Allocated, bool Identical, Dictionary<string, double[]> Times);

    /// <summary>The CPU's model name and family from /proc/cpuinfo (Linux), else the processor count.</summary>
    internal static string CpuModel()
    {
        const string file = "/proc/cpuinfo";
        if (!File.Exists(file)) return $"{Environment.ProcessorCount} cores";
        string Field(string name) => File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var flags = Field("flags").Split(' ');
        var isa = flags.Contains("avx512f") ? "AVX-512F" : flags.Contains("avx2") ? "AVX2" : "SSE";
        return $"{Field("vendor_id")} {Field("model name")} (family {Field("cpu family")}, model {Field("model")}), {Environment.ProcessorCount} cores, widest ISA {isa}";
    }

    /// <summary>Pools the rounds' samples (peers1-*.json, peers2-*.json, cnngen-*.json) and prints the tables.</summary>
    public static void Report(string directory)
    {
        JsonElement[] Load(string pattern) => Directory.GetFiles(directory, pattern).Order().Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToArray();
        var peers1 = Load("peers1-*.json");
        var peers2 = Load("peers2-*.json");
        var ours = Directory.GetFiles(directory, "cnngen-*.json").Order().Select(f => JsonSerializer.Deserialize<RoundResult>(File.ReadAllText(f))!).ToArray();
        if (peers1.Length == 0 || peers2.Length == 0 || ours.Length == 0)
            throw new InvalidOperationException($"Expected peers1-*.json, peers2-*.json and cnngen-*.json in {directory} (tools/bench/compare.sh writes them).");

        Timing Ours(string key) => Timing.Of(ours.SelectMany(r => r.Times[key]));
        Timing Peer(JsonElement[] rounds, params string[] path) => Timing.Of(rounds.SelectMany(r =>
        {
            var e = path.Aggregate(r, (element, name) => element.GetProperty(name));
            return e.GetProperty("samples").EnumerateArray().Select(s => s.GetDouble());
        }));

        var peak256 = ours.Max(r => r.FmaPeak256);
        var peak512 = ours.Max(r => double.IsNaN(r.FmaPeak512) ? 0 : r.FmaPeak512);
        var width = ours[0].Width;
        // The widest FMA peak the machine has: the yardstick of P7.
        var peak = Math.Max(peak256, peak512);
        var allocated = ours.Max(r => r.Allocated);
        var identical = ours.All(r => r.Identical);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; peers: torch {peers1[0].GetProperty("torch")}, numpy {peers1[0].GetProperty("numpy")}");
        Console.WriteLine($"{ours.Length} alternated rounds, {ours.Sum(r => r.Times["simple_train_1"].Length)} samples per CnnGen train-step row");
        Console.WriteLine($"CPU: {CpuModel()}");
        Console.WriteLine($"CnnGen vector width that ran: {width} bits (Vector512 accelerated: {width == 512})");
        Console.WriteLine($"FMA peak (core {Environment.GetEnvironmentVariable("CNNGEN_BENCH_CORE") ?? "1"}): 256-bit {peak256:F1} GFLOP/s, 512-bit {(peak512 > 0 ? $"{peak512:F1} GFLOP/s" : "none")}");
        Console.WriteLine();
        Console.WriteLine("| what | CnnGen min / median (ms) | peer min / median (ms) | ratio (medians) | ratio (mins) | target (medians) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        Row("P1 SimpleConvNet train step, batch 100, 1 thread vs PyTorch", Ours("simple_train_1"), Peer(peers1, "torch_simple_train"), 3.0);
        Row("P2 same, 2 threads vs PyTorch 2 threads", Ours("simple_train_2"), Peer(peers2, "torch_simple_train"), 3.0);
        Row("P3 DeepConvNet train step, batch 100, 1 thread vs PyTorch", Ours("deep_train_1"), Peer(peers1, "torch_deep_train"), 1.6);
        Row("(P3, 2 threads) DeepConvNet vs PyTorch 2 threads", Ours("deep_train_2"), Peer(peers2, "torch_deep_train"), 1.6);
        Row("P4 SimpleConvNet inference, 1 sample, 1 thread vs ONNX Runtime", Ours("infer1_1"), Ours("ort1_1"), 1.5);
        Row("(P4, 2 threads) 1 sample vs ONNX Runtime 2 threads", Ours("infer1_2"), Ours("ort1_2"), 1.5);
        Row("P5 SimpleConvNet inference, batch 100, 1 thread vs ONNX Runtime", Ours("infer100_1"), Ours("ort100_1"), 1.3);
        Row("(P5, 2 threads) batch 100 vs ONNX Runtime 2 threads", Ours("infer100_2"), Ours("ort100_2"), 1.3);
        Row("P6 SimpleConvNet train step vs seed-style numpy (1 thread)", Ours("simple_train_1"), Peer(peers1, "numpy_simple_train"), 10.0);
        Row("(info) PyTorch inference, 1 sample / batch 100", Ours("infer1_1"), Peer(peers1, "torch_simple_infer1"), double.NaN);
        var big = Ours("gemm 1024x1024x1024");
        var bigRate = 2.0 * 1024 * 1024 * 1024 * GemmRepeat(1024, 1024, 1024) / (big.MedianMs / 1e3) / 1e9;
        var bigBest = 2.0 * 1024 * 1024 * 1024 * GemmRepeat(1024, 1024, 1024) / (big.MinMs / 1e3) / 1e9;
        Console.WriteLine($"| P7 GEMM 1024³, 1 thread, % of the widest FMA peak ({peak:F0} GFLOP/s) | {bigBest:F1} / {bigRate:F1} GFLOP/s (best / median) | | {100 * bigRate / peak:F0}% | {100 * bigBest / peak:F0}% | ≥ 85% {(bigRate >= 0.85 * peak ? "✓" : "✗")} |");
        Console.WriteLine($"| P8 managed bytes per train step after warm-up (all threads, 2 threads) | {allocated} | | | | 0 {(allocated == 0 ? "✓" : "✗")} |");
        Console.WriteLine($"| P9 1 vs 2 threads, 5 train steps: bit-identical weights | {identical} | | | | true {(identical ? "✓" : "✗")} |");

        double Rate(double flop, double ms) => flop / (ms / 1e3) / 1e9;
        Console.WriteLine();
        Console.WriteLine("P7 GEMM (CnnGen packed GEMM, NN, 1 thread) vs OpenBLAS sgemm (numpy, 1 thread), GFLOP/s from medians");
        Console.WriteLine("| shape (m×n×k) | CnnGen GFLOP/s | % of FMA peak | OpenBLAS GFLOP/s | % of peak | CnnGen / OpenBLAS |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (name, m, n, k) in GemmShapes.All)
        {
            var flop = 2.0 * m * n * k * GemmRepeat(m, n, k);
            var mine = Rate(flop, Ours($"gemm {m}x{n}x{k}").MedianMs);
            var theirs = Rate(2.0 * m * n * k, Peer(peers1, "openblas_gemm", $"{m}x{n}x{k}").MedianMs);
            Console.WriteLine($"| {name} {m}×{n}×{k} | {mine:F1} | {100 * mine / peak:F0}% | {theirs:F1} | {100 * theirs / peak:F0}% | {mine / theirs:F2}× |");
        }

        Console.WriteLine();
        Console.WriteLine("P7 per layer: the kernel the generated code runs for each of these layers (batch 100, 1 thread) vs OpenBLAS sgemm on the layer's GEMM (im2col not counted), GFLOP/s from medians");
        Console.WriteLine("| layer GEMM | CnnGen kernel | CnnGen GFLOP/s | % of FMA peak | OpenBLAS GFLOP/s | CnnGen / OpenBLAS (medians) | (mins) | target (medians) |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, kernel, flop, _) in LayerKernels.All())
        {
            var (_, m, n, k) = GemmShapes.All.Single(s => s.Name == name);
            var mine = Ours($"layer {name}");
            var theirs = Peer(peers1, "openblas_gemm", $"{m}x{n}x{k}");
            // Their time is of one GEMM of the shape, ours of the layer at batch 100: compare rates.
            var perCall = 2.0 * m * n * k;
            var ratio = Rate(flop, mine.MedianMs) / Rate(perCall, theirs.MedianMs);
            var ratioOfMins = Rate(flop, mine.MinMs) / Rate(perCall, theirs.MinMs);
            Console.WriteLine($"| {name} {m}×{n}×{k} | {kernel} | {Rate(flop, mine.MedianMs):F1} | {100 * Rate(flop, mine.MedianMs) / peak:F0}% | {Rate(perCall, theirs.MedianMs):F1} | {ratio:F2}× | {ratioOfMins:F2}× | ≥ 1.5× {(ratio >= 1.5 ? "✓" : "✗")} |");
        }
    }

    // The verdict is on medians; the ratio of minimums is shown beside it because on this shared machine a burst of
    // load during one side's runs moves its median, while both minimums stay near the true cost.
    static void Row(string what, Timing ours, Timing peer, double target)
    {
        var ratio = peer.MedianMs / ours.MedianMs;
        var verdict = double.IsNaN(target) ? "" : $"≥ {target:F1}× {(ratio >= target ? "✓" : "✗")}";
        Console.WriteLine($"| {what} | {ours.MinMs:F3} / {ours.MedianMs:F3} | {peer.MinMs:F3} / {peer.MedianMs:F3} | {ratio:F2}× | {peer.MinMs / ours.MinMs:F2}× | {verdict} |");
    }

    static double[] TrainSamples(IClassifierNetwork net, float[] data, int[] labels, int runs)
    {
        var optimizer = new Sgd(0.01);
        return Timing.Sample(() => net.TrainStep(data, labels, optimizer), runs);
    }

    static (double[] One, double[] Hundred) OrtSamples(string path, float[] data, int threads, int runs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(path, options);
        var one = new DenseTensor<float>(data.AsMemory(0, 784), [1, 1, 28, 28]);
        var hundred = new DenseTensor<float>(data.AsMemory(), [Batch, 1, 28, 28]);
        var oneInput = new[] { NamedOnnxValue.CreateFromTensor("input", one) };
        var hundredInput = new[] { NamedOnnxValue.CreateFromTensor("input", hundred) };
        var t1 = Timing.Sample(() => { using var r = session.Run(oneInput); }, runs * 10);
        var t100 = Timing.Sample(() => { using var r = session.Run(hundredInput); }, runs);
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

    /// <summary>Products per timed sample: small shapes are repeated so that one sample is well above the timer's resolution.</summary>
    static int GemmRepeat(int m, int n, int k) => (long)m * n * k > 100_000_000 ? 1 : 10;

    static double[] GemmSamples(int m, int n, int k, int runs)
    {
        var random = new Random(7);
        var a = RandomData.Uniform(m * k, random);
        var b = RandomData.Uniform(k * n, random);
        var c = new float[m * n];
        var repeat = GemmRepeat(m, n, k);
        return Timing.Sample(() => { for (var r = 0; r < repeat; r++) Gemm.MultiplyNN(m, n, k, a, b, c, accumulate: false); }, runs);
    }

    /// <summary>Median GFLOP/s of the packed GEMM on one shape (the <c>gemm</c> command).</summary>
    public static double GemmGflops(int m, int n, int k, int runs)
    {
        using var scope = Threading.KernelThreads.Use(1);
        return 2.0 * m * n * k * GemmRepeat(m, n, k) / (Timing.Of(GemmSamples(m, n, k, runs)).MedianMs / 1e3) / 1e9;
    }
}
