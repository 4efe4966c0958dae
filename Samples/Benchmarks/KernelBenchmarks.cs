using BenchmarkDotNet.Attributes;
using CnnGen.Kernels;
using CnnGen.Samples;

namespace CnnGen.Benchmarks;

/// <summary>BenchmarkDotNet: the GEMM on 1024³ and the dense shape, and whole SimpleConvNet / DeepConvNet train steps.</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    readonly float[] _a = new float[1024 * 1024], _b = new float[1024 * 1024], _c = new float[1024 * 1024];
    readonly float[] _x = new float[100 * 4320], _w = new float[100 * 4320], _y = new float[100 * 100];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        foreach (var array in new[] { _a, _b, _x, _w }) RandomData.Fill(array, random);
    }

    /// <summary>1024³ NN product.</summary>
    [Benchmark]
    public void Gemm1024() => Gemm.MultiplyNN(1024, 1024, 1024, _a, _b, _c, accumulate: false);

    /// <summary>SimpleConvNet dense1 forward at batch 100.</summary>
    [Benchmark]
    public void Dense1Forward() => Dense.Forward(_x, _w, [], _y, 4320, 100, 100);
}

/// <summary>BenchmarkDotNet: one training step at batch 100 on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class TrainStepBenchmarks
{
    readonly float[] _data = new float[100 * 784];
    readonly int[] _labels = Enumerable.Range(0, 100).Select(i => i % 10).ToArray();
    SimpleConvNet _simple = null!;
    DeepConvNet _deep = null!;
    readonly Sgd _simpleOptimizer = new(0.01), _deepOptimizer = new(0.01);

    /// <summary>Worker threads the networks use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RandomData.Fill(_data, new Random(1));
        _simple = new SimpleConvNet(100, seed: 1) { Threads = Threads };
        _deep = new DeepConvNet(100, seed: 1) { Threads = Threads };
    }

    /// <summary>SimpleConvNet train step.</summary>
    [Benchmark]
    public float SimpleConvNetStep() => _simple.TrainStep(_data, _labels, _simpleOptimizer);

    /// <summary>DeepConvNet train step.</summary>
    [Benchmark]
    public float DeepConvNetStep() => _deep.TrainStep(_data, _labels, _deepOptimizer);
}
