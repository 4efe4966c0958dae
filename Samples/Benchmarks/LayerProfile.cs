using CnnGen.Kernels;

namespace CnnGen.Benchmarks;

/// <summary>
/// Times each kernel call of one SimpleConvNet training step (batch 100) on its own, in the order the generated
/// code runs them, so that docs/PERFORMANCE.md can say what dominates a step.
/// </summary>
static class LayerProfile
{
    public static void Run(int batch, int runs)
    {
        var random = new Random(1);
        float[] Fill(int n) => RandomData.Uniform(n, random, -1f, 1f);
        var conv = new ConvGeometry(Channels: 1, Height: 28, Width: 28, Filters: 30, Kernel: 5, Stride: 1, Padding: 0);
        var pool = new PoolGeometry(Channels: 30, Height: 24, Width: 24, Size: 2, Stride: 2, Padding: 0);
        var input = Fill(batch * 784);
        var convW = Fill(750); var convB = Fill(30);
        var d1W = Fill(432000); var d1B = Fill(100);
        var d2W = Fill(1000); var d2B = Fill(10);
        var parameters = Fill(433890); var gradients = Fill(433890); var sgd = new Sgd(1e-9);
        var convOut = new float[batch * 17280];
        var poolOut = new float[batch * 4320]; var argmax = new byte[batch * 4320];
        var d1Out = new float[batch * 100]; var r2Out = new float[batch * 100]; var d2Out = new float[batch * 10];
        var gConv = new float[batch * 17280]; var gPool = new float[batch * 4320];
        var gD1 = new float[batch * 100]; var gR2 = new float[batch * 100]; var gD2 = Fill(batch * 10);
        var gConvW = new float[750]; var gConvB = new float[30]; var gD1W = new float[432000]; var gD1B = new float[100];
        var gD2W = new float[1000]; var gD2B = new float[10];
        var labels = new int[batch];

        var steps = new (string Name, double Gflop, Action Run)[]
        {
            ("conv1 forward (direct, bias fused)", 2.0 * 30 * 25 * 576 * batch / 1e9, () => Conv2D.Forward(input, convW, convB, convOut, conv, batch)),
            ("relu1 + pool1 forward (fused)", 0, () => MaxPool2D.ForwardAfterReLU(convOut, poolOut, argmax, pool, batch)),
            ("dense1 forward", 2.0 * 100 * 4320 * batch / 1e9, () => Dense.Forward(poolOut, d1W, d1B, d1Out, 4320, 100, batch)),
            ("relu2 forward", 0, () => Activations.ReLU(d1Out, r2Out)),
            ("dense2 forward", 2.0 * 10 * 100 * batch / 1e9, () => Dense.Forward(r2Out, d2W, d2B, d2Out, 100, 10, batch)),
            ("loss", 0, () => Losses.SoftmaxCrossEntropy(d2Out, labels, gD2, 10, batch)),
            ("dense2 backward", 4.0 * 10 * 100 * batch / 1e9, () => Dense.Backward(r2Out, d2W, gD2, gD2W, gD2B, gR2, 100, 10, batch)),
            ("relu2 backward", 0, () => Activations.ReLUBackward(r2Out, gR2, gD1)),
            ("dense1 backward (dW + dX)", 4.0 * 100 * 4320 * batch / 1e9, () => Dense.Backward(poolOut, d1W, gD1, gD1W, gD1B, gPool, 4320, 100, batch)),
            ("pool1 + relu1 backward (fused)", 0, () => MaxPool2D.BackwardAfterReLU(gPool, poolOut, argmax, gConv, pool, batch)),
            ("conv1 backward (dW+db, direct)", 2.0 * 30 * 25 * 576 * batch / 1e9, () => Conv2D.Backward(input, convW, gConv, gConvW, gConvB, Span<float>.Empty, conv, batch)),
            ("SGD update (433,890 parameters)", 0, () => sgd.Step(parameters, gradients)),
        };
        // Each kernel is timed where it runs in the step (the previous kernel's output in cache as in a real step),
        // once per pass over the whole sequence.
        var samples = new double[steps.Length][];
        for (var i = 0; i < steps.Length; i++) samples[i] = new double[runs];
        for (var run = -5; run < runs; run++)
            for (var i = 0; i < steps.Length; i++)
            {
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                steps[i].Run();
                if (run >= 0) samples[i][run] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        double total = 0;
        Console.WriteLine($"Per-layer profile, SimpleConvNet train step, batch {batch}, 1 thread ({runs} passes over the step)");
        for (var i = 0; i < steps.Length; i++)
        {
            Array.Sort(samples[i]);
            var t = new Timing(samples[i][0], samples[i][runs / 2], runs);
            total += t.MedianMs;
            var rate = steps[i].Gflop > 0 ? $"{steps[i].Gflop / (t.MedianMs / 1e3),6:F1} GFLOP/s" : "";
            Console.WriteLine($"  {steps[i].Name,-36} {t}  {rate}");
        }
        Console.WriteLine($"  {"sum of medians",-36} {total,8:F3} ms");
    }
}
