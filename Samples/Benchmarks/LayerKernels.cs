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

    /// <summary>
    /// Name (as in <see cref="GemmShapes.All"/>), the kernel's description, its FLOP count, and <c>Prepare</c>, which
    /// allocates the layer's operands and returns the call to time (the report lists the rows without preparing them).
    /// </summary>
    public static IEnumerable<(string Name, string Kernel, double Flop, Func<Action> Prepare)> All()
    {
        var simpleConv1 = new ConvGeometry(1, 28, 28, 30, 5, 1, 0);
        yield return Convolution("simple conv1 fwd (per sample)", "direct convolution", simpleConv1);
        yield return ("simple conv1 dW (per sample)", "direct weight gradient", Flop(simpleConv1), () => WeightGradient(simpleConv1));
        yield return Dense("simple dense1 fwd", 4320, 100);
        yield return ("simple dense1 dW", "packed GEMM (TN)", 2.0 * 100 * 4320 * Batch, () =>
        {
            var (dy, x, dw) = (Fill(Batch * 100), Fill(Batch * 4320), new float[100 * 4320]);
            return () => Gemm.MultiplyTN(100, 4320, Batch, dy, x, dw, accumulate: false);
        });
        yield return ("simple dense1 dX", "packed GEMM (NN)", 2.0 * 100 * 4320 * Batch, () =>
        {
            var (dy, w, dx) = (Fill(Batch * 100), Fill(100 * 4320), new float[Batch * 4320]);
            return () => Gemm.MultiplyNN(Batch, 4320, 100, dy, w, dx, accumulate: false);
        });
        yield return Convolution("deep conv1 fwd", "direct convolution", new ConvGeometry(1, 28, 28, 16, 3, 1, 1));
        yield return Convolution("deep conv2 fwd", "direct convolution", new ConvGeometry(16, 28, 28, 16, 3, 1, 1));
        yield return Convolution("deep conv3 fwd", "direct convolution", new ConvGeometry(16, 14, 14, 32, 3, 1, 1));
        yield return Convolution("deep conv4 fwd", "direct convolution", new ConvGeometry(32, 14, 14, 32, 3, 1, 2));
        yield return Convolution("deep conv5 fwd", "direct convolution", new ConvGeometry(32, 8, 8, 64, 3, 1, 1));
        yield return Convolution("deep conv6 fwd", "direct convolution", new ConvGeometry(64, 8, 8, 64, 3, 1, 1));
        // conv6's input gradient is a direct convolution of the padded output gradient with the flipped weights:
        // the same kernel and FLOPs as this forward pass (64 → 64 channels, 8×8, padding 1).
        yield return Convolution("deep conv6 dX", "direct convolution (flipped weights)", new ConvGeometry(64, 8, 8, 64, 3, 1, 1));
        yield return Dense("deep dense1 fwd", 1024, 50);
    }

    static double Flop(in ConvGeometry g) => 2.0 * g.Filters * g.ColumnRows * g.ColumnCols * Batch;

    static (string, string, double, Func<Action>) Convolution(string name, string kernel, ConvGeometry g) => (name, kernel, Flop(g), () =>
    {
        var (input, weight, bias, output) = (Fill(Batch * g.InputLength), Fill(g.Filters * g.ColumnRows), Fill(g.Filters), new float[Batch * g.OutputLength]);
        return () => Conv2D.Forward(input, weight, bias, output, g, Batch);
    });

    static Action WeightGradient(ConvGeometry g)
    {
        var (input, weight, gradient) = (Fill(Batch * g.InputLength), Fill(g.Filters * g.ColumnRows), Fill(Batch * g.OutputLength));
        var weightGradient = new float[weight.Length];
        return () => Conv2D.Backward(input, weight, gradient, weightGradient, [], [], g, Batch);
    }

    static (string, string, double, Func<Action>) Dense(string name, int inputs, int outputs) => (name, "blocked dot products", 2.0 * inputs * outputs * Batch, () =>
    {
        var (x, w, b, y) = (Fill(Batch * inputs), Fill(outputs * inputs), Fill(outputs), new float[Batch * outputs]);
        return () => Kernels.Dense.Forward(x, w, b, y, inputs, outputs, Batch);
    });

    static float[] Fill(int count) => RandomData.Uniform(count, new Random(count), -1f, 1f);
}
