using CnnGen.Kernels;

namespace CnnGen.Benchmarks;

/// <summary>
/// Times the forward and backward kernel of each DeepConvNet convolution (batch 100) on its own, with GFLOP/s,
/// so that docs/PERFORMANCE.md can say which layers and which direction hold a DeepConvNet step back.
/// </summary>
static class ConvProfile
{
    static readonly (string Name, ConvGeometry Geometry)[] DeepConvNetLayers =
    [
        ("conv1", new ConvGeometry(Channels: 1, Height: 28, Width: 28, Filters: 16, Kernel: 3, Stride: 1, Padding: 1)),
        ("conv2", new ConvGeometry(Channels: 16, Height: 28, Width: 28, Filters: 16, Kernel: 3, Stride: 1, Padding: 1)),
        ("conv3", new ConvGeometry(Channels: 16, Height: 14, Width: 14, Filters: 32, Kernel: 3, Stride: 1, Padding: 1)),
        ("conv4", new ConvGeometry(Channels: 32, Height: 14, Width: 14, Filters: 32, Kernel: 3, Stride: 1, Padding: 2)),
        ("conv5", new ConvGeometry(Channels: 32, Height: 8, Width: 8, Filters: 64, Kernel: 3, Stride: 1, Padding: 1)),
        ("conv6", new ConvGeometry(Channels: 64, Height: 8, Width: 8, Filters: 64, Kernel: 3, Stride: 1, Padding: 1)),
    ];

    public static void Run(int batch, int runs)
    {
        var random = new Random(1);
        float[] Fill(long n) => RandomData.Uniform(n, random, -1f, 1f);
        Console.WriteLine($"Per-layer profile, DeepConvNet convolutions, batch {batch}, {CnnGen.Threading.KernelThreads.Current} thread(s) ({runs} runs each)");
        double total = 0;
        for (var i = 0; i < DeepConvNetLayers.Length; i++)
        {
            var (name, g) = DeepConvNetLayers[i];
            var input = Fill((long)batch * g.InputLength);
            var weight = Fill(g.Filters * g.ColumnRows);
            var bias = Fill(g.Filters);
            var output = new float[(long)batch * g.OutputLength];
            var gradient = Fill((long)batch * g.OutputLength);
            var weightGradient = new float[weight.Length];
            var biasGradient = new float[g.Filters];
            var inputGradient = i == 0 ? [] : new float[input.Length];
            var gflop = 2.0 * g.Filters * g.ColumnRows * g.ColumnCols * batch / 1e9;
            var forward = Timing.Measure(() => Conv2D.Forward(input, weight, bias, output, g, batch), runs, 5);
            var backward = Timing.Measure(() => Conv2D.Backward(input, weight, gradient, weightGradient, biasGradient, inputGradient, g, batch), runs, 5);
            var weightOnly = Timing.Measure(() => Conv2D.Backward(input, weight, gradient, weightGradient, biasGradient, [], g, batch), runs, 5);
            var backwardGflop = gflop * (i == 0 ? 1 : 2);
            total += forward.MedianMs + backward.MedianMs;
            Console.WriteLine($"  {name} dW+db    {weightOnly}  {gflop / (weightOnly.MedianMs / 1e3),6:F1} GFLOP/s");
            Console.WriteLine($"  {name} forward  {forward}  {gflop / (forward.MedianMs / 1e3),6:F1} GFLOP/s");
            Console.WriteLine($"  {name} backward {backward}  {backwardGflop / (backward.MedianMs / 1e3),6:F1} GFLOP/s");
        }
        Console.WriteLine($"  sum of medians {total,8:F3} ms");
    }
}
