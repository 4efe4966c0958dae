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
        var pixelLabels = new int[batch * 144];
        for (var i = 0; i < pixelLabels.Length; i++) pixelLabels[i] = i % 4;
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
            Losses.SoftmaxCrossEntropy(y, pixelLabels, mask, 4, batch, spatial: 144);
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

    [Fact]
    public void The_zoo_kernels_allocate_nothing_after_a_warm_call()
    {
        const int batch = 3, channels = 4, height = 7, width = 9, spatial = height * width, units = 5;
        var x = KernelAssert.Random(batch * channels * spatial, 11);
        var dy = KernelAssert.Random(x.Length, 12);
        var y = new float[x.Length];
        var dx = new float[x.Length];
        var perChannel = KernelAssert.Random(channels, 13);
        var perChannelGradient = new float[channels];
        var beta = new float[channels];
        var betaGradient = new float[channels];
        var statistics = new float[2 * batch * spatial];
        var scales = KernelAssert.Random(batch * channels, 14);
        var scaleGradient = new float[scales.Length];
        var adaptive = new AdaptivePoolGeometry(channels, height, width, 3, 2);
        var pooled = new float[batch * adaptive.OutputLength];
        var argmax = new int[pooled.Length];
        var pad = new PadGeometry(channels, height, width, 1, 0, 2, 1);
        var padded = new float[batch * pad.OutputLength];
        var mask = new float[batch];
        var random = new SeededRandom(5);
        var weight = KernelAssert.Random(units * channels, 15);
        var bias = new float[units];
        var weightGradient = new float[weight.Length];
        var dense = new float[batch * units * spatial];
        var rectangular = new ConvGeometry(channels, height, width, units, 1, 1, 0) { KernelWidth = 3, PaddingWidth = 1 };
        var rectangularWeight = KernelAssert.Random(rectangular.WeightLength, 16);
        var rectangularWeightGradient = new float[rectangularWeight.Length];
        var window = new PoolGeometry(channels, height, width, 3, 2, 1) { SizeWidth = 2, StrideWidth = 1, PaddingWidth = 0 };
        var windowOutput = new float[batch * window.OutputLength];
        var windowArgmax = new byte[windowOutput.Length];

        void Everything()
        {
            Activations.Hardsigmoid(x, y);
            Activations.HardsigmoidBackward(x, dy, dx);
            Activations.Mish(x, y);
            Activations.MishBackward(x, dy, dx);
            PReLU.Forward(x, perChannel, y, channels, spatial, batch);
            PReLU.Backward(x, perChannel, dy, perChannelGradient, dx, channels, spatial, batch);
            AdaptiveAvgPool2D.Forward(x, pooled, adaptive, batch);
            AdaptiveAvgPool2D.Backward(pooled, dx, adaptive, batch);
            AdaptiveMaxPool2D.Forward(x, pooled, argmax, adaptive, batch);
            AdaptiveMaxPool2D.Backward(pooled, argmax, dx, adaptive, batch);
            GlobalMaxPool.Forward(x, pooled, argmax, channels, spatial, batch);
            GlobalMaxPool.Backward(pooled, argmax, dx, channels, spatial, batch);
            Multiply.Forward(x, dy, y);
            Multiply.Backward(x, dy, dy, dx, y);
            Multiply.ForwardChannels(x, scales, y, channels, spatial, batch);
            Multiply.BackwardChannels(x, scales, dy, dx, scaleGradient, channels, spatial, batch);
            Scale.Forward(x, perChannel, y, channels, spatial, batch);
            Scale.Backward(x, perChannel, dy, perChannelGradient, dx, channels, spatial, batch);
            Narrow.Forward(x, y, channels, 1, 2, spatial, batch);
            Narrow.Backward(y, dx, channels, 1, 2, spatial, batch, accumulate: true);
            ChannelShuffle.Forward(x, y, channels, 2, spatial, batch);
            ChannelShuffle.Backward(dy, dx, channels, 2, spatial, batch);
            ZeroPad2D.Forward(x, padded, pad, batch);
            ZeroPad2D.Backward(padded, dx, pad, batch);
            LayerNorm.Forward(x, y, perChannel, beta, statistics.AsSpan(0, batch * spatial), statistics.AsSpan(batch * spatial), channels, spatial, batch, 1e-6f);
            LayerNorm.Backward(x, dy, perChannel, statistics.AsSpan(0, batch * spatial), statistics.AsSpan(batch * spatial), perChannelGradient, betaGradient, dx, channels, spatial, batch);
            GroupNorm.Forward(x, y, perChannel, beta, statistics.AsSpan(0, batch * 2), statistics.AsSpan(batch * 2), channels, 2, spatial, batch, 1e-5f);
            GroupNorm.Backward(x, dy, perChannel, statistics.AsSpan(0, batch * 2), statistics.AsSpan(batch * 2), perChannelGradient, betaGradient, dx, channels, 2, spatial, batch);
            StochasticDepth.Forward(x, y, mask, 0.2f, random, channels * spatial, batch);
            StochasticDepth.Backward(mask, dy, dx, channels * spatial, batch);
            Dense.ForwardPositions(x, weight, bias, dense, channels, units, spatial, batch);
            Dense.BackwardPositions(x, weight, dense, weightGradient, bias, dx, channels, units, spatial, batch);
            Conv2D.Forward(x, rectangularWeight, bias, dense, rectangular, batch);
            Conv2D.Backward(x, rectangularWeight, dense, rectangularWeightGradient, bias, dx, rectangular, batch);
            MaxPool2D.Forward(x, windowOutput, windowArgmax, window, batch);
            MaxPool2D.Backward(windowOutput, windowArgmax, dx, window, batch);
            AvgPool2D.Forward(x, windowOutput, window, batch);
            AvgPool2D.Backward(windowOutput, dx, window, batch);
        }

        Everything();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Everything();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
