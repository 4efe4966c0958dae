using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class DenseTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 3, 5)]
    [InlineData(33, 17, 9)]
    [InlineData(300, 10, 4)]
    public void Forward_and_backward_match_the_definition(int inputs, int outputs, int batch)
    {
        var x = KernelAssert.Random(batch * inputs, 1);
        var w = KernelAssert.Random(outputs * inputs, 2);
        var b = KernelAssert.Random(outputs, 3);
        var dy = KernelAssert.Random(batch * outputs, 4);

        var expected = new double[batch * outputs];
        var dx = new double[batch * inputs];
        var dw = new double[outputs * inputs];
        var db = new double[outputs];
        for (var n = 0; n < batch; n++)
            for (var o = 0; o < outputs; o++)
            {
                double sum = b[o];
                for (var i = 0; i < inputs; i++)
                {
                    sum += (double)w[o * inputs + i] * x[n * inputs + i];
                    dx[n * inputs + i] += (double)dy[n * outputs + o] * w[o * inputs + i];
                    dw[o * inputs + i] += (double)dy[n * outputs + o] * x[n * inputs + i];
                }
                expected[n * outputs + o] = sum;
                db[o] += dy[n * outputs + o];
            }

        var y = KernelAssert.Poisoned(batch * outputs);
        Dense.Forward(x, w, b, y, inputs, outputs, batch);
        KernelAssert.Close(expected, y, 1e-5, 1e-5, "output");

        var weightGradient = KernelAssert.Poisoned(w.Length);
        var biasGradient = KernelAssert.Poisoned(outputs);
        var inputGradient = KernelAssert.Poisoned(x.Length);
        for (var call = 0; call < 2; call++)
        {
            Dense.Backward(x, w, dy, weightGradient, biasGradient, inputGradient, inputs, outputs, batch);
            KernelAssert.Close(dw, weightGradient, 1e-5, 1e-5, "weight gradient");
            KernelAssert.Close(db, biasGradient, 1e-5, 1e-5, "bias gradient");
            KernelAssert.Close(dx, inputGradient, 1e-5, 1e-5, "input gradient");
        }

        Dense.Forward(x, w, [], y, inputs, outputs, batch);
        for (var n = 0; n < batch; n++)
            for (var o = 0; o < outputs; o++) expected[n * outputs + o] -= b[o];
        KernelAssert.Close(expected, y, 1e-5, 1e-5, "output without bias");
    }

    [Fact]
    public void Backward_agrees_with_central_differences()
    {
        const int inputs = 11, outputs = 6, batch = 3;
        var x = KernelAssert.Random(batch * inputs, 6);
        var w = KernelAssert.Random(outputs * inputs, 7);
        var b = KernelAssert.Random(outputs, 8);
        var r = KernelAssert.Random(batch * outputs, 9);
        var y = new float[r.Length];
        double Loss()
        {
            Dense.Forward(x, w, b, y, inputs, outputs, batch);
            return KernelAssert.Dot(r, y);
        }

        var dw = new float[w.Length];
        var db = new float[b.Length];
        var dx = new float[x.Length];
        Dense.Backward(x, w, r, dw, db, dx, inputs, outputs, batch);
        KernelAssert.FiniteDifferences(w, dw, Loss, "dL/dW");
        KernelAssert.FiniteDifferences(b, db, Loss, "dL/db");
        KernelAssert.FiniteDifferences(x, dx, Loss, "dL/dx");
    }
}
