using CnnGen.Kernels;
using CnnGen.Samples;
using CnnGen.Samples.Zoo;

namespace CnnGen.Benchmarks;

/// <summary>
/// Where a torchvision network at 224×224 spends its time (the <c>real-profile</c> command): each distinct
/// convolution of ResNet-18 (and MobileNetV2's depthwise and pointwise shapes) timed on its own through the kernel the
/// generated code calls, with its GFLOP/s and % of the FMA peak, weighted by how often the network runs it, then the
/// whole network's <c>Forward</c> for comparison. Batch 1 unless told; the thread count is the caller's.
/// </summary>
static class RealScaleProfile
{
    /// <summary>ResNet-18's convolutions at 224×224 with how many times each shape runs.</summary>
    public static readonly (string Name, int Count, ConvGeometry Geometry)[] ResNet18Layers =
    [
        ("conv1 7×7/2 3→64 @224", 1, new ConvGeometry(3, 224, 224, 64, 7, 2, 3)),
        ("layer1 3×3 64→64 @56", 4, new ConvGeometry(64, 56, 56, 64, 3, 1, 1)),
        ("layer2.0.conv1 3×3/2 64→128 @56", 1, new ConvGeometry(64, 56, 56, 128, 3, 2, 1)),
        ("layer2.0.downsample 1×1/2 64→128", 1, new ConvGeometry(64, 56, 56, 128, 1, 2, 0)),
        ("layer2 3×3 128→128 @28", 3, new ConvGeometry(128, 28, 28, 128, 3, 1, 1)),
        ("layer3.0.conv1 3×3/2 128→256 @28", 1, new ConvGeometry(128, 28, 28, 256, 3, 2, 1)),
        ("layer3.0.downsample 1×1/2 128→256", 1, new ConvGeometry(128, 28, 28, 256, 1, 2, 0)),
        ("layer3 3×3 256→256 @14", 3, new ConvGeometry(256, 14, 14, 256, 3, 1, 1)),
        ("layer4.0.conv1 3×3/2 256→512 @14", 1, new ConvGeometry(256, 14, 14, 512, 3, 2, 1)),
        ("layer4.0.downsample 1×1/2 256→512", 1, new ConvGeometry(256, 14, 14, 512, 1, 2, 0)),
        ("layer4 3×3 512→512 @7", 3, new ConvGeometry(512, 7, 7, 512, 3, 1, 1)),
    ];

    /// <summary>Representative MobileNetV2 convolutions at 224×224 (one of each kind and size).</summary>
    public static readonly (string Name, int Count, ConvGeometry Geometry)[] MobileNetV2Layers =
    [
        ("stem 3×3/2 3→32 @224", 1, new ConvGeometry(3, 224, 224, 32, 3, 2, 1)),
        ("dw 3×3 32 @112", 1, new ConvGeometry(32, 112, 112, 32, 3, 1, 1, Groups: 32)),
        ("pw 1×1 32→16 @112", 1, new ConvGeometry(32, 112, 112, 16, 1, 1, 0)),
        ("pw 1×1 16→96 @112", 1, new ConvGeometry(16, 112, 112, 96, 1, 1, 0)),
        ("dw 3×3/2 96 @112", 1, new ConvGeometry(96, 112, 112, 96, 3, 2, 1, Groups: 96)),
        ("pw 1×1 24→144 @56", 2, new ConvGeometry(24, 56, 56, 144, 1, 1, 0)),
        ("dw 3×3 144 @56", 1, new ConvGeometry(144, 56, 56, 144, 3, 1, 1, Groups: 144)),
        ("pw 1×1 144→24 @56", 1, new ConvGeometry(144, 56, 56, 24, 1, 1, 0)),
        ("pw 1×1 384→64 @14", 4, new ConvGeometry(384, 14, 14, 64, 1, 1, 0)),
        ("dw 3×3 960 @7", 2, new ConvGeometry(960, 7, 7, 960, 3, 1, 1, Groups: 960)),
        ("pw 1×1 320→1280 @7", 1, new ConvGeometry(320, 7, 7, 1280, 1, 1, 0)),
    ];

    public static void Run(int batch, int runs, int threads)
    {
        var peak = FmaPeak.MeasureGflops(Simd.Native, 5);
        Console.WriteLine($"Per-layer profile at 224×224, batch {batch}, {threads} thread(s), {Simd.Native}-bit kernels, FMA peak of one core {peak:F0} GFLOP/s ({runs} runs each, medians; {(threads == 1 ? "thread CPU time" : "wall time")})");
        using (Threading.KernelThreads.Use(threads))
        {
            Profile("ResNet-18 convolutions (forward)", ResNet18Layers, batch, runs, peak * threads, backward: false);
            Profile("MobileNetV2 convolutions (forward)", MobileNetV2Layers, batch, runs, peak * threads, backward: false);
        }
        using (Threading.KernelThreads.Use(threads)) OtherKernels(batch, runs);
        var input = RandomData.Uniform(batch * 3 * 224 * 224, new Random(1));
        var logits = new float[batch * 1000];
        var resnet = new ResNet18(batch, seed: 1) { Threads = threads };
        Console.WriteLine($"  ResNet-18 Forward, whole network: {Timing.Measure(() => resnet.Forward(input, logits), runs, 10)}");
        var mobile = new MobileNetV2(batch, seed: 1) { Threads = threads };
        Console.WriteLine($"  MobileNetV2 Forward, whole network: {Timing.Measure(() => mobile.Forward(input, logits), runs, 10)}");
    }

    /// <summary>
    /// One thread: the calling thread's CPU time (this host is shared, and a descheduled kernel's wall time says
    /// nothing about the kernel); more threads: wall time.
    /// </summary>
    static Timing Measure(Action action, int runs) =>
        Timing.Of(Threading.KernelThreads.Current == 1 && OperatingSystem.IsLinux() ? ThreadCpuTime.Sample(action, runs, 3) : Timing.Sample(action, runs, 3));

    /// <summary>ResNet-18's kernels other than convolutions, timed on their own, weighted by how often the network runs them.</summary>
    static void OtherKernels(int batch, int runs)
    {
        var random = new Random(2);
        float[] Fill(long n) => RandomData.Uniform(n, random, -1f, 1f);
        var rows = new List<(string Name, double Ms)>();
        void Add(string name, int count, Action action) => rows.Add(($"{name} ×{count}", count * Measure(action, runs).MedianMs));
        foreach (var (channels, size, count) in new[] { (64, 112, 1), (64, 56, 5), (128, 28, 5), (256, 14, 5), (512, 7, 5) })
        {
            var spatial = size * size;
            var x = Fill((long)batch * channels * spatial);
            var y = new float[x.Length];
            var (gamma, beta, mean, variance) = (Fill(channels), Fill(channels), Fill(channels), RandomData.Uniform(channels, random, 0.5f, 1f));
            Add($"BatchNorm inference {channels}×{size}²", count, () => BatchNorm.ForwardInference(x, y, gamma, beta, mean, variance, channels, spatial, batch, 1e-5f));
            Add($"ReLU {channels}×{size}²", count - 1, () => Activations.ReLU(x, y));
            Add($"Add {channels}×{size}²", count / 2, () => Elementwise.Add(x, x, y));
        }
        var pool = new PoolGeometry(Channels: 64, Height: 112, Width: 112, Size: 3, Stride: 2, Padding: 1);
        var poolIn = Fill((long)batch * pool.InputLength);
        var (poolOut, argmax) = (new float[batch * pool.OutputLength], new byte[batch * pool.OutputLength]);
        Add("MaxPool 3×3/2 64×112² (after ReLU)", 1, () => MaxPool2D.ForwardAfterReLU<byte>(poolIn, poolOut, argmax, pool, batch));
        var (fcIn, fcW, fcB, fcOut) = (Fill(batch * 512), Fill(512 * 1000), Fill(1000), new float[batch * 1000]);
        Add("Dense 512→1000", 1, () => Dense.Forward(fcIn, fcW, fcB, fcOut, 512, 1000, batch));
        var total = rows.Sum(r => r.Ms);
        Console.WriteLine($"ResNet-18 other kernels: sum {total:F2} ms");
        foreach (var (name, ms) in rows) Console.WriteLine($"  {name,-44} {ms,8:F3} ms {100 * ms / total,5:F1}%");
    }

    /// <summary>Times each layer's forward (and with <paramref name="backward"/> its backward) kernel; prints ms, GFLOP/s, % of peak and the share of the sum.</summary>
    public static void Profile(string title, (string Name, int Count, ConvGeometry Geometry)[] layers, int batch, int runs, double peak, bool backward)
    {
        var random = new Random(1);
        float[] Fill(long n) => RandomData.Uniform(n, random, -1f, 1f);
        var rows = new List<(string Name, double Ms, double Gflop)>();
        var best = new List<double>();
        var winograd = new List<(string Name, double Ms, double Gflop, double DirectMs)>();
        foreach (var (name, count, g) in layers)
        {
            var input = Fill((long)batch * g.InputLength);
            var weight = Fill(g.WeightLength);
            var output = new float[(long)batch * g.OutputLength];
            var gflop = 2.0 * g.Filters * g.ColumnRows * g.ColumnCols * batch / 1e9;
            var forward = Measure(() => Conv2D.ForwardWithReLU(input, weight, [], output, g, batch), runs);
            rows.Add(($"{name} ×{count} fwd", count * forward.MedianMs, count * gflop));
            best.Add(count * forward.MinMs);
            if (!backward && g.Groups == 1 && WinogradConv.Handles(g))
            {
                // The filters are transformed once, outside the timing, as the generated Forward derives them.
                var transformed = new float[WinogradConv.TransformedLength(g)];
                WinogradConv.TransformFilters(weight, transformed, g);
                var fast = Measure(() => WinogradConv.ForwardWithReLU(input, transformed, [], output, g, batch), runs);
                var m = WinogradConv.TileSize(g);
                winograd.Add(($"{name} ×{count} Winograd F({m}×{m},3×3)", count * fast.MedianMs, count * gflop, count * forward.MedianMs));
            }
            if (!backward) continue;
            var gradient = Fill((long)batch * g.OutputLength);
            var weightGradient = new float[weight.Length];
            var inputGradient = new float[input.Length];
            var back = Measure(() => Conv2D.Backward(input, weight, gradient, weightGradient, [], inputGradient, g, batch), runs);
            rows.Add(($"{name} ×{count} bwd", count * back.MedianMs, 2 * count * gflop));
            best.Add(count * back.MinMs);
        }
        var total = rows.Sum(r => r.Ms);
        Console.WriteLine($"{title}: sum {total:F2} ms, {rows.Sum(r => r.Gflop) / (total / 1e3):F1} GFLOP/s");
        Console.WriteLine($"  {"layer",-44} {"median",8}    {"share",5}  {"GFLOP/s",6}  of peak  (best run: GFLOP/s, of peak)");
        for (var i = 0; i < rows.Count; i++)
        {
            var (name, ms, gflop) = rows[i];
            double rate = gflop / (ms / 1e3), bestRate = gflop / (best[i] / 1e3);
            Console.WriteLine($"  {name,-44} {ms,8:F3} ms {100 * ms / total,5:F1}%  {rate,6:F1} {100 * rate / peak,5:F1}%  ({bestRate,6:F1} {100 * bestRate / peak,5:F1}%)");
        }
        if (winograd.Count == 0) return;
        // Effective rate: the direct convolution's FLOPs over the Winograd time (it does fewer multiplies).
        Console.WriteLine($"  {"Winograd forward (same layers)",-44} {"median",8}    {"speed-up",8}  effective GFLOP/s, of peak");
        foreach (var (name, ms, gflop, directMs) in winograd)
        {
            var rate = gflop / (ms / 1e3);
            Console.WriteLine($"  {name,-44} {ms,8:F3} ms {directMs / ms,7:F2}×  {rate,6:F1} {100 * rate / peak,5:F1}%");
        }
    }
}
