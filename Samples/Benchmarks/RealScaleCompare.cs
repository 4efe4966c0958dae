using System.Text.Json;
using CnnGen.Samples;
using CnnGen.Samples.Zoo;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnGen.Benchmarks;

/// <summary>
/// The real-scale rows of <c>tools/bench/compare.sh --real-scale</c>: torchvision's ResNet-18, MobileNetV2, ResNet-50
/// and EfficientNet-B0 at 224×224, batch 1 (CnnGen and ONNX Runtime on the ONNX that torch exported, in this process), the
/// ResNet-20 train step at batch 100 and ResNet-18's at 112×112, batch 8, against PyTorch (tools/bench/real_scale.py,
/// alternated rounds as the seed table), and the peak memory of an inference-only ResNet-18 process against ONNX
/// Runtime's (<see cref="PeakMemory"/>, one process each). Each row gives GFLOP/s and % of the FMA peak.
/// </summary>
static class RealScaleCompare
{
    /// <summary>One round of CnnGen's and ONNX Runtime's samples, saved as real-cnngen-<paramref name="round"/>.json.</summary>
    public static void MeasureRound(string directory, int round, int runs)
    {
        var times = new Dictionary<string, double[]>();
        var core = int.Parse(Environment.GetEnvironmentVariable("CNNGEN_BENCH_CORE") ?? "1");
        Affinity.Pin(core);
        var peak = FmaPeak.MeasureGflops(Kernels.Simd.Native, 5);
        var image = RandomData.Uniform(3 * 224 * 224, new Random(5));
        var logits = new float[1000];
        var resnet18 = new ResNet18(1, seed: 1) { Threads = 1 };
        var mobile = new MobileNetV2(1, seed: 1) { Threads = 1 };
        times["resnet18_1"] = Timing.Sample(() => resnet18.Forward(image, logits), runs, 3);
        times["mobilenet_v2_1"] = Timing.Sample(() => mobile.Forward(image, logits), runs, 3);
        {
            var resnet50 = new ResNet50(1, seed: 1) { Threads = 1 };
            times["resnet50_1"] = Timing.Sample(() => resnet50.Forward(image, logits), runs, 2);
            var efficientnet = new EfficientNetB0(1, seed: 1) { Threads = 1 };
            times["efficientnet_b0_1"] = Timing.Sample(() => efficientnet.Forward(image, logits), runs, 3);
        }
        foreach (var name in new[] { "resnet18", "mobilenet_v2", "resnet50", "efficientnet_b0" })
            times[$"ort_{name}_1"] = OrtSamples(Path.Combine(directory, $"{name}.onnx"), image, threads: 1, runs);
        var (data20, labels20) = (RandomData.Uniform(100 * 784, new Random(6)), Enumerable.Range(0, 100).Select(i => i % 10).ToArray());
        times["resnet20_train_1"] = TrainSamples(new ResNet20(100, seed: 1) { Threads = 1 }, data20, labels20, runs);
        var (data112, labels112) = (RandomData.Uniform(8 * 3 * 112 * 112, new Random(7)), Enumerable.Range(0, 8).Select(i => i * 37 % 1000).ToArray());
        times["resnet18_112_train_1"] = TrainSamples(new ResNet18At112(8, seed: 1) { Threads = 1 }, data112, labels112, runs);

        Affinity.PinAll();
        resnet18.Threads = 2;
        mobile.Threads = 2;
        times["resnet18_2"] = Timing.Sample(() => resnet18.Forward(image, logits), runs, 3);
        times["mobilenet_v2_2"] = Timing.Sample(() => mobile.Forward(image, logits), runs, 3);
        foreach (var name in new[] { "resnet18", "mobilenet_v2" })
            times[$"ort_{name}_2"] = OrtSamples(Path.Combine(directory, $"{name}.onnx"), image, threads: 2, runs);
        times["resnet20_train_2"] = TrainSamples(new ResNet20(100, seed: 1) { Threads = 2 }, data20, labels20, runs);
        File.WriteAllText(Path.Combine(directory, $"real-cnngen-{round}.json"), JsonSerializer.Serialize(new RoundResult(peak, Kernels.Simd.Native, times)));
    }

    sealed record RoundResult(double FmaPeak, int Width, Dictionary<string, double[]> Times);

    static double[] TrainSamples(IClassifierNetwork net, float[] data, int[] labels, int runs)
    {
        var optimizer = new Sgd(0.01);
        return Timing.Sample(() => net.TrainStep(data, labels, optimizer), runs, 3);
    }

    static double[] OrtSamples(string path, float[] image, int threads, int runs)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(path, options);
        var input = new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(image.AsMemory(), [1, 3, 224, 224])) };
        return Timing.Sample(() => { using var r = session.Run(input); }, runs, 3);
    }

    /// <summary>
    /// The <c>peak-memory</c> command: in a fresh process, runs <c>cnngen</c> (a ResNet-18 constructed for batch 1 and
    /// used only for Forward) or <c>ort</c> (an ONNX Runtime session on the given ONNX, 1 thread) ten times and prints
    /// the process's peak resident set (VmHWM, MB) as JSON.
    /// </summary>
    public static void PeakMemory(string which, string? onnx)
    {
        var image = RandomData.Uniform(3 * 224 * 224, new Random(5));
        var logits = new float[1000];
        if (which == "cnngen")
        {
            var net = new ResNet18(1, seed: 1) { Threads = 1 };
            for (var i = 0; i < 10; i++) net.Forward(image, logits);
        }
        else
        {
            using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
            using var session = new InferenceSession(onnx ?? throw new ArgumentException("peak-memory ort needs the ONNX file"), options);
            var input = new[] { NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(image.AsMemory(), [1, 3, 224, 224])) };
            for (var i = 0; i < 10; i++) { using var r = session.Run(input); }
        }
        Console.WriteLine(JsonSerializer.Serialize(new { which, peakMegabytes = PeakResidentMegabytes() }));
    }

    /// <summary>VmHWM of /proc/self/status in MB (NaN off Linux).</summary>
    static double PeakResidentMegabytes()
    {
        const string file = "/proc/self/status";
        if (!File.Exists(file)) return double.NaN;
        var line = File.ReadLines(file).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Pools the rounds (real-peers1-*.json, real-peers2-*.json, real-cnngen-*.json, memory-*.json) and prints the R1–R5 table.</summary>
    public static void Report(string directory)
    {
        JsonElement[] Load(string pattern) => Directory.GetFiles(directory, pattern).Order().Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToArray();
        var peers1 = Load("real-peers1-*.json");
        var peers2 = Load("real-peers2-*.json");
        var ours = Directory.GetFiles(directory, "real-cnngen-*.json").Order().Select(f => JsonSerializer.Deserialize<RoundResult>(File.ReadAllText(f))!).ToArray();
        if (peers1.Length == 0 || peers2.Length == 0 || ours.Length == 0)
            throw new InvalidOperationException($"Expected real-peers1-*.json, real-peers2-*.json and real-cnngen-*.json in {directory} (tools/bench/compare.sh --real-scale writes them).");
        Timing Ours(string key) => Timing.Of(ours.SelectMany(r => r.Times[key]));
        Timing Peer(JsonElement[] rounds, string key) => Timing.Of(rounds.SelectMany(r => r.GetProperty(key).GetProperty("samples").EnumerateArray().Select(s => s.GetDouble())));
        double MultiplyAdds(string model) => peers1.Select(p => p.TryGetProperty($"{model}_multiply_adds", out var v) ? v.GetDouble() : double.NaN).First(v => !double.IsNaN(v));

        var peak = ours.Max(r => r.FmaPeak);
        Console.WriteLine($"CPU: {Compare.CpuModel()}");
        Console.WriteLine($"CnnGen vector width that ran: {ours[0].Width} bits; FMA peak of one core at that width {peak:F0} GFLOP/s (two cores: {2 * peak:F0})");
        Console.WriteLine($"peers: torch {peers1[0].GetProperty("torch")}, torchvision {peers1[0].GetProperty("torchvision")}, ONNX Runtime {typeof(InferenceSession).Assembly.GetName().Version} (torch's ONNX export, opset 13); {ours.Length} alternated rounds, {ours.Sum(r => r.Times["resnet18_1"].Length)} samples per row");
        Console.WriteLine("GFLOP/s count 2 FLOP per multiply-add of the convolutions and linear layers (from the PyTorch modules); a train step counts 3 forward passes' worth.");
        Console.WriteLine();
        Console.WriteLine("| what | CnnGen median ms (GFLOP/s, % of peak) | peer | peer median ms (GFLOP/s, % of peak) | ratio (medians) | ratio (mins) | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        void Row(string what, Timing mine, string peerName, Timing theirs, double gflop, int threads, double target)
        {
            string Rate(Timing t) => $"{t.MedianMs:F2} ({gflop / (t.MedianMs / 1e3):F0}, {100 * gflop / (t.MedianMs / 1e3) / (threads * peak):F0}%)";
            var ratio = theirs.MedianMs / mine.MedianMs;
            Console.WriteLine($"| {what} | {Rate(mine)} | {peerName} | {Rate(theirs)} | {ratio:F2}× | {theirs.MinMs / mine.MinMs:F2}× | ≥ {target:F1}× {(ratio >= target ? "✓" : "✗")} |");
        }
        double Forward(string model) => 2 * MultiplyAdds(model) / 1e9;
        Row("R1 ResNet-18 224, batch 1, 1 thread", Ours("resnet18_1"), "ONNX Runtime", Ours("ort_resnet18_1"), Forward("resnet18"), 1, 1.0);
        Row("R1 same, 2 threads", Ours("resnet18_2"), "ONNX Runtime", Ours("ort_resnet18_2"), Forward("resnet18"), 2, 1.0);
        Row("R1 ResNet-18 224, batch 1, 1 thread", Ours("resnet18_1"), "PyTorch", Peer(peers1, "torch_resnet18_infer1"), Forward("resnet18"), 1, 1.3);
        Row("(R1, 2 threads) vs PyTorch", Ours("resnet18_2"), "PyTorch", Peer(peers2, "torch_resnet18_infer1"), Forward("resnet18"), 2, 1.3);
        Row("R2 MobileNetV2 224, batch 1, 1 thread", Ours("mobilenet_v2_1"), "ONNX Runtime", Ours("ort_mobilenet_v2_1"), Forward("mobilenet_v2"), 1, 1.2);
        Row("R2 same, 2 threads", Ours("mobilenet_v2_2"), "ONNX Runtime", Ours("ort_mobilenet_v2_2"), Forward("mobilenet_v2"), 2, 1.2);
        Row("(info) ResNet-50 224, batch 1, 1 thread", Ours("resnet50_1"), "ONNX Runtime", Ours("ort_resnet50_1"), Forward("resnet50"), 1, 1.0);
        Row("(info) ResNet-50 224, batch 1, 1 thread", Ours("resnet50_1"), "PyTorch", Peer(peers1, "torch_resnet50_infer1"), Forward("resnet50"), 1, 1.0);
        Row("(info) EfficientNet-B0 224, batch 1, 1 thread", Ours("efficientnet_b0_1"), "ONNX Runtime", Ours("ort_efficientnet_b0_1"), Forward("efficientnet_b0"), 1, 1.0);
        Row("(info) EfficientNet-B0 224, batch 1, 1 thread", Ours("efficientnet_b0_1"), "PyTorch", Peer(peers1, "torch_efficientnet_b0_infer1"), Forward("efficientnet_b0"), 1, 1.0);
        var train20 = 3 * 100 * Forward("resnet20");
        Row("R3 ResNet-20 train step, batch 100, 1 thread", Ours("resnet20_train_1"), "PyTorch", Peer(peers1, "torch_resnet20_train"), train20, 1, 1.5);
        Row("R3 same, 2 threads", Ours("resnet20_train_2"), "PyTorch", Peer(peers2, "torch_resnet20_train"), train20, 2, 1.5);
        Row("R4 ResNet-18 112 train step, batch 8, 1 thread", Ours("resnet18_112_train_1"), "PyTorch", Peer(peers1, "torch_resnet18_112_train"), 3 * 8 * Forward("resnet18_112"), 1, 1.3);

        var memory = Load("memory-*.json").ToDictionary(m => m.GetProperty("which").GetString()!, m => m.GetProperty("peakMegabytes").GetDouble());
        if (memory.TryGetValue("cnngen", out var mine) && memory.TryGetValue("ort", out var theirs))
            Console.WriteLine($"| R5 peak RSS of a process running ResNet-18 inference (batch 1), MB | {mine:F0} | ONNX Runtime | {theirs:F0} | {theirs / mine:F2}× | | ≥ 1.0× {(mine <= theirs ? "✓" : "✗")} |");
    }
}
