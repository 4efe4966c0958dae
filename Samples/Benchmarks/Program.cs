using CnnGen.Benchmarks;

var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "profile":
        LayerProfile.Run(batch: args.Length > 2 ? int.Parse(args[2]) : 100, runs: args.Length > 1 ? int.Parse(args[1]) : 20);
        break;
    case "conv-profile":
        using (CnnGen.Threading.KernelThreads.Use(args.Length > 2 ? int.Parse(args[2]) : 1))
            ConvProfile.Run(batch: 100, runs: args.Length > 1 ? int.Parse(args[1]) : 10);
        break;
    case "real-profile":
        RealScaleProfile.Run(batch: args.Length > 3 ? int.Parse(args[3]) : 1, runs: args.Length > 1 ? int.Parse(args[1]) : 10, threads: args.Length > 2 ? int.Parse(args[2]) : 1);
        break;
    case "real-round":
        RealScaleCompare.MeasureRound(args[1], round: int.Parse(args[2]), runs: int.Parse(args[3]));
        break;
    case "real-report":
        RealScaleCompare.Report(args[1]);
        break;
    case "peak-memory":
        RealScaleCompare.PeakMemory(args[1], args.Length > 2 ? args[2] : null);
        break;
    case "compare-round":
        Compare.MeasureRound(args[1], round: int.Parse(args[2]), runs: int.Parse(args[3]));
        break;
    case "compare-report":
        Compare.Report(args[1]);
        break;
    case "steps":
        foreach (var threads in new[] { 1, 2 })
        {
            var data = new float[100 * 784];
            if (args.Length > 1 && args[1] == "random") RandomData.Fill(data, new Random(1));
            var labels = Enumerable.Range(0, 100).Select(i => i % 10).ToArray();
            CnnGen.IClassifierNetwork[] nets = [new CnnGen.Samples.SimpleConvNet(100) { Threads = threads }, new CnnGen.Samples.DeepConvNet(100) { Threads = threads }];
            foreach (var net in nets)
            {
                var optimizer = new CnnGen.Sgd(0.01);
                Console.WriteLine($"{net.GetType().Name}, {threads} thread(s): train step {Timing.Measure(() => net.TrainStep(data, labels, optimizer), 10, 5)}");
                var logits = new float[100 * 10];
                Console.WriteLine($"{net.GetType().Name}, {threads} thread(s): forward only {Timing.Measure(() => net.Forward(data, logits), 10, 5)}");
            }
        }
        break;
    case "infer1":
        {
            // One-sample inference in a loop, for a sampling profiler (see docs/PERFORMANCE.md).
            var net = new CnnGen.Samples.SimpleConvNet(100) { Threads = 1 };
            var sample = RandomData.Uniform(784, new Random(1));
            var logits = new float[10];
            Console.WriteLine($"SimpleConvNet, 1 sample, 1 thread: forward {Timing.Measure(() => net.Forward(sample, logits), args.Length > 1 ? int.Parse(args[1]) : 2000, 200)}");
        }
        break;
    case "gemm":
        foreach (var (name, m, n, k) in GemmShapes.All)
            Console.WriteLine($"{name} {m}x{n}x{k} median {Compare.GemmGflops(m, n, k, args.Length > 1 ? int.Parse(args[1]) : 20):F1} GFLOP/s");
        break;
    case "fma-peak":
        Console.WriteLine($"CnnGen vector width: {CnnGen.Kernels.Simd.Native} bits; FMA peak, 1 core: 256-bit {FmaPeak.MeasureGflops(256):F1} GFLOP/s, 512-bit {FmaPeak.MeasureGflops(512):F1} GFLOP/s");
        break;
    case "int8":
        Int8Benchmark.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 5);
        break;
    case "gemm-shapes":
        Console.WriteLine(GemmShapes.Json);
        break;
    case "bdn":
        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Timing).Assembly).Run(args[1..]);
        break;
    default:
        Console.WriteLine("usage: dotnet run -c Release --project Samples/Benchmarks -- profile|conv-profile|real-profile [runs] [threads] [batch]|steps|infer1|gemm|fma-peak|int8 [rounds]|bdn [BenchmarkDotNet args] (compare-round/compare-report: see tools/bench/compare.sh)");
        break;
}
