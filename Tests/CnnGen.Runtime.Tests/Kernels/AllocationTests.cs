using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>The steady state of training allocates nothing: every kernel, after a warm-up call, allocates zero bytes.</summary>
public class AllocationTests
{
    [Fact]
    public void Kernels_allocate_nothing_after_a_warm_call()
    {
        var conv = new ConvGeometry(2, 12, 12, 4, 3, 1, 1);
        var pool = new PoolGeometry(4, 12, 12, 2, 2, 0);
        const int batch = 3, classes = 10;
        var x = KernelAssert.Random(batch * conv.InputLength, 1);
        var w = KernelAssert.Random(conv.Filters * conv.ColumnRows, 2);
        var b = new float[conv.Filters];
        var y = new float[batch * conv.OutputLength];
        var dy = KernelAssert.Random(y.Length, 3);
        var dw = new float[w.Length];
        var db = new float[b.Length];
        var dx = new float[x.Length];
        var pooled = new float[batch * pool.OutputLength];
        var argmax = new byte[pooled.Length];
        var dpool = new float[y.Length];
        var dense = new float[batch * classes];
        var denseWeight = KernelAssert.Random(classes * pool.OutputLength, 4);
        var denseBias = new float[classes];
        var denseWeightGradient = new float[denseWeight.Length];
        var denseInputGradient = new float[pooled.Length];
        var gradient = new float[dense.Length];
        int[] labels = [1, 5, 9];
        var mask = new float[y.Length];
        var random = new SeededRandom(3);
        var channels = new float[8 * conv.Filters];  // gamma, beta, running mean and variance, saved statistics, gradients
        var big = KernelAssert.Random(60 * 300, 5);
        var product = new float[60 * 60];

        void Everything()
        {
            Gemm.MultiplyNT(60, 60, 300, big, big, product, accumulate: false);
            Conv2D.Forward(x, w, b, y, conv, batch);
            Activations.ReLU(y, y);
            Activations.ReLUBackward(y, dy, dy);
            Activations.Sigmoid(y, mask);
            Activations.Tanh(y, mask);
            Activations.Softmax(y, mask, conv.OutputLength, batch);
            Activations.SoftmaxBackward(mask, dy, dpool, conv.OutputLength, batch);
            BatchNorm.ForwardTraining(y, mask, channels.AsSpan(0, 4), channels.AsSpan(4, 4), channels.AsSpan(8, 4), channels.AsSpan(12, 4), channels.AsSpan(16, 4), channels.AsSpan(20, 4), 4, 144, batch, 0.1f, 1e-5f);
            BatchNorm.Backward(y, dy, channels.AsSpan(0, 4), channels.AsSpan(16, 4), channels.AsSpan(20, 4), channels.AsSpan(24, 4), channels.AsSpan(28, 4), dpool, 4, 144, batch);
            Dropout.Forward(y, dpool, mask, 0.5f, random);
            Dropout.Backward(mask, dy, dpool);
            MaxPool2D.Forward(y, pooled, argmax, pool, batch);
            AvgPool2D.Forward(y, pooled, pool, batch);
            AvgPool2D.Backward(pooled, dpool, pool, batch);
            GlobalAvgPool.Forward(y, pooled, 4, 144, batch);
            Dense.Forward(pooled, denseWeight, denseBias, dense, pool.OutputLength, classes, batch);
            Losses.SoftmaxCrossEntropy(dense, labels, gradient, classes, batch);
            Losses.MeanSquaredError(dense, gradient, gradient);
            Dense.Backward(pooled, denseWeight, gradient, denseWeightGradient, denseBias, denseInputGradient, pool.OutputLength, classes, batch);
            MaxPool2D.Backward(denseInputGradient, argmax, dpool, pool, batch);
            Conv2D.Backward(x, w, dpool, dw, db, dx, conv, batch);
            Elementwise.AddInPlace(dx, x);
            Initializers.Fill(w, Init.HeNormal, 0, 18, 36, random);
        }

        Everything();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Everything();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
