using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class ActivationTests
{
    // 37 values: odd, so the vector loops have a scalar tail.
    static float[] Input(int seed) => KernelAssert.Random(37, seed, 4f);

    [Fact]
    public void ReLU_and_its_backward()
    {
        var x = Input(1);
        x[3] = 0f;
        var y = KernelAssert.Poisoned(x.Length);
        Activations.ReLU(x, y);
        KernelAssert.Close(x.Select(v => Math.Max(0.0, v)).ToArray(), y, 0, 0, "relu");

        var dy = KernelAssert.Random(x.Length, 2);
        var dx = KernelAssert.Poisoned(x.Length);
        Activations.ReLUBackward(y, dy, dx);
        KernelAssert.Close(x.Select((v, i) => v > 0 ? (double)dy[i] : 0.0).ToArray(), dx, 0, 0, "relu backward");

        float[] nan = [float.NaN];
        Activations.ReLU(nan, nan);
        Assert.True(float.IsNaN(nan[0]), "ReLU propagates NaN like PyTorch");
    }

    [Fact]
    public void LeakyReLU_and_its_backward()
    {
        var x = Input(3);
        var y = KernelAssert.Poisoned(x.Length);
        Activations.LeakyReLU(x, y, 0.1f);
        KernelAssert.Close(x.Select(v => v > 0 ? v : 0.1 * v).ToArray(), y, 1e-7, 1e-6, "leaky relu");
        var dy = KernelAssert.Random(x.Length, 4);
        var dx = KernelAssert.Poisoned(x.Length);
        Activations.LeakyReLUBackward(x, dy, dx, 0.1f);
        KernelAssert.Close(x.Select((v, i) => v > 0 ? dy[i] : 0.1 * dy[i]).ToArray(), dx, 1e-7, 1e-6, "leaky relu backward");
    }

    [Fact]
    public void Sigmoid_and_tanh_with_central_differences()
    {
        var x = Input(5);
        var y = KernelAssert.Poisoned(x.Length);
        Activations.Sigmoid(x, y);
        KernelAssert.Close(x.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), y, 1e-6, 1e-5, "sigmoid");
        CheckBackward(x, Activations.Sigmoid, (output, dy, dx) => Activations.SigmoidBackward(output, dy, dx), "sigmoid");

        Activations.Tanh(x, y);
        KernelAssert.Close(x.Select(v => Math.Tanh(v)).ToArray(), y, 1e-6, 1e-5, "tanh");
        CheckBackward(x, Activations.Tanh, (output, dy, dx) => Activations.TanhBackward(output, dy, dx), "tanh");
    }

    [Fact]
    public void Softmax_rows_and_backward()
    {
        const int features = 9, batch = 4;
        var x = KernelAssert.Random(features * batch, 6, 30f);
        var y = KernelAssert.Poisoned(x.Length);
        Activations.Softmax(x, y, features, batch);
        var expected = new double[x.Length];
        for (var n = 0; n < batch; n++)
        {
            var row = x.Skip(n * features).Take(features).Select(v => (double)v).ToArray();
            var max = row.Max();
            var sum = row.Sum(v => Math.Exp(v - max));
            for (var i = 0; i < features; i++) expected[n * features + i] = Math.Exp(row[i] - max) / sum;
        }
        KernelAssert.Close(expected, y, 1e-7, 1e-5, "softmax");

        var r = KernelAssert.Random(x.Length, 7);
        var dx = KernelAssert.Poisoned(x.Length);
        Activations.SoftmaxBackward(y, r, dx, features, batch);
        var scratch = new float[x.Length];
        var moderate = KernelAssert.Random(features * batch, 8, 2f);
        Activations.Softmax(moderate, y, features, batch);
        Activations.SoftmaxBackward(y, r, dx, features, batch);
        KernelAssert.FiniteDifferences(moderate, dx, () =>
        {
            Activations.Softmax(moderate, scratch, features, batch);
            return KernelAssert.Dot(r, scratch);
        }, "softmax dL/dx", step: 1e-2f, tolerance: 2e-2);
    }

    static void CheckBackward(float[] x, Action<ReadOnlySpan<float>, Span<float>> forward, Action<float[], float[], float[]> backward, string what)
    {
        var y = new float[x.Length];
        var r = KernelAssert.Random(x.Length, 9);
        forward(x, y);
        var dx = KernelAssert.Poisoned(x.Length);
        backward(y, r, dx);
        var scratch = new float[x.Length];
        KernelAssert.FiniteDifferences(x, dx, () =>
        {
            forward(x, scratch);
            return KernelAssert.Dot(r, scratch);
        }, what, step: 1e-2f, tolerance: 2e-2, samples: x.Length);
    }
}
