using CnnGen.Kernels;

namespace CnnGen.Benchmarks;

/// <summary>
/// For each network GEMM shape of <see cref="GemmShapes"/>, the kernel the generated code actually runs for that
/// layer at batch 100 (a direct convolution, blocked dot products or the packed GEMM), so that P7 can compare what a
/// step really spends against OpenBLAS sgemm on the same shape (im2col not counted for OpenBLAS).
/// </summary>
static class LayerKernels
{
    const int Batch = 100;

    /// <summary>Name (as in <see cref="GemmShapes.All"/>), the kernel's description, its FLOP count and a runnable call.</summary>
    public static IEnumerable<(string Name, string Kernel, double Flop, Action Run)> All()
    {
        var simpleConv1 = new ConvGeometry(1, 28, 28, 30, 5, 1, 0);
        yield return Convolution("simple conv1 fwd (per sample)", simpleConv1);
        yield return ("simple conv1 dW (per sample)", "direct weight gradient", Flop(simpleConv1), WeightGradient(simpleConv1));
        yield return Dense("simple dense1 fwd", 4320, 100);
        var dy = Fill(Batch * 100); var x = Fill(Batch * 4320); var w = Fill(100 * 4320); var result = new float[Batch * 4320];
        yield return ("simple dense1 dW", "packed GEMM (TN)", 2.0 * 100 * 4320 * Batch, () => Gemm.MultiplyTN(100, 4320, Batch, dy, x, result, accumulate: false));
        yield return ("simple dense1 dX", "packed GEMM (NN)", 2.0 * 100 * 4320 * Batch, () => Gemm.MultiplyNN(Batch, 4320, 100, dy, w, result, accumulate: false));
        yield return Convolution("deep conv1 fwd", new ConvGeometry(1, 28, 28, 16, 3, 1, 1));
        yield return Convolution("deep conv2 fwd", new ConvGeometry(16, 28, 28, 16, 3, 1, 1));
        yield return Convolution("deep conv3 fwd", new ConvGeometry(16, 14, 14, 32, 3, 1, 1));
        yield return Convolution("deep conv4 fwd", new ConvGeometry(32, 14, 14, 32, 3, 1, 2));
        yield return Convolution("deep conv5 fwd", new ConvGeometry(32, 8, 8, 64, 3, 1, 1));
        yield return Convolution("deep conv6 fwd", new ConvGeometry(64, 8, 8, 64, 3, 1, 1));
        // conv6's input gradient is a direct convolution of the padded output gradient with the flipped weights:
        // the same kernel and FLOPs as this forward pass (64 → 64 channels, 8×8, padding 1).
        var (_, _, flop, run) = Convolution("deep conv6 dX", new ConvGeometry(64, 8, 8, 64, 3, 1, 1));
        yield return ("deep conv6 dX", "direct convolution (flipped weights)", flop, run);
        yield return Dense("deep dense1 fwd", 1024, 50);
    }

    static double Flop(in ConvGeometry g) => 2.0 * g.Filters * g.ColumnRows * g.ColumnCols * Batch;

    static (string, string, double, Action) Convolution(string name, ConvGeometry g)
    {
        var input = Fill(Batch * g.InputLength); var weight = Fill(g.Filters * g.ColumnRows); var bias = Fill(g.Filters);
        var output = new float[Batch * g.OutputLength];
        return (name, "direct convolution", Flop(g), () => Conv2D.Forward(input, weight, bias, output, g, Batch));
    }

    static Action WeightGradient(ConvGeometry g)
    {
        var input = Fill(Batch * g.InputLength); var weight = Fill(g.Filters * g.ColumnRows); var gradient = Fill(Batch * g.OutputLength);
        var weightGradient = new float[weight.Length];
        return () => Conv2D.Backward(input, weight, gradient, weightGradient, [], [], g, Batch);
    }

    static (string, string, double, Action) Dense(string name, int inputs, int outputs)
    {
        var x = Fill(Batch * inputs); var w = Fill(outputs * inputs); var b = Fill(outputs); var y = new float[Batch * outputs];
        return (name, "blocked dot products", 2.0 * inputs * outputs * Batch, () => Kernels.Dense.Forward(x, w, b, y, inputs, outputs, Batch));
    }

    static float[] Fill(int n)
    {
        var random = new Random(n);
        var a = new float[n];
        for (var i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        return a;
    }
}
