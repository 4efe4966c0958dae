using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CnnGen;
using CnnGen.Kernels;
using CnnGen.Threading;

/// <summary>
/// The kernels of the zoo's layers (DESIGN §2c) called directly, forward and backward, on fixed data whose sizes leave a
/// partial vector at every width: Hardsigmoid, Mish, PReLU, adaptive average and max pooling, global max pooling, the
/// products (same shape, channel broadcast, Scale), Narrow, ChannelShuffle, ZeroPad2D, LayerNorm on vectors and per
/// position, GroupNorm, InstanceNorm, StochasticDepth, the per-position Dense and a rectangular (1×7) convolution and rectangular pooling; one hash of every result. The parent
/// requires the same hash under every vector-width setting and thread count.
/// </summary>
public static class ZooKernelRun
{
    public static string Run(int threads)
    {
        using var scope = KernelThreads.Use(threads);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(ReadOnlySpan<float> values) => hash.AppendData(MemoryMarshal.AsBytes(values));
        const int batch = 3, channels = 6, height = 7, width = 9, spatial = height * width;
        var x = Data(batch * channels * spatial, 1, 6f);
        var dy = Data(x.Length, 2, 1f);
        var y = new float[x.Length];
        var dx = new float[x.Length];

        Activations.Hardsigmoid(x, y); Activations.HardsigmoidBackward(x, dy, dx); Add(y); Add(dx);
        Activations.Mish(x, y); Activations.MishBackward(x, dy, dx); Add(y); Add(dx);

        var slopes = Data(channels, 3, 0.5f);
        var slopeGradient = new float[channels];
        PReLU.Forward(x, slopes, y, channels, spatial, batch);
        PReLU.Backward(x, slopes, dy, slopeGradient, dx, channels, spatial, batch);
        Add(y); Add(dx); Add(slopeGradient);

        var adaptive = new AdaptivePoolGeometry(channels, height, width, 3, 4);
        var pooled = new float[batch * adaptive.OutputLength];
        var pooledGradient = Data(pooled.Length, 4, 1f);
        var argmax = new int[pooled.Length];
        AdaptiveAvgPool2D.Forward(x, pooled, adaptive, batch); AdaptiveAvgPool2D.Backward(pooledGradient, dx, adaptive, batch); Add(pooled); Add(dx);
        AdaptiveMaxPool2D.Forward(x, pooled, argmax, adaptive, batch); AdaptiveMaxPool2D.Backward(pooledGradient, argmax, dx, adaptive, batch); Add(pooled); Add(dx);
        var global = new float[batch * channels];
        GlobalMaxPool.Forward(x, global, argmax, channels, spatial, batch); GlobalMaxPool.Backward(pooledGradient, argmax, dx, channels, spatial, batch); Add(global); Add(dx);

        var other = Data(x.Length, 5, 2f);
        var otherGradient = new float[x.Length];
        Multiply.Forward(x, other, y); Multiply.Backward(x, other, dy, dx, otherGradient); Add(y); Add(dx); Add(otherGradient);
        var gates = Data(batch * channels, 6, 1f);
        var gateGradient = new float[gates.Length];
        Multiply.ForwardChannels(x, gates, y, channels, spatial, batch); Multiply.BackwardChannels(x, gates, dy, dx, gateGradient, channels, spatial, batch);
        Add(y); Add(dx); Add(gateGradient);
        Scale.Forward(x, slopes, y, channels, spatial, batch); Scale.Backward(x, slopes, dy, slopeGradient, dx, channels, spatial, batch);
        Add(y); Add(dx); Add(slopeGradient);

        Narrow.Forward(x, y, channels, 2, 3, spatial, batch); Narrow.Backward(dy, dx, channels, 2, 3, spatial, batch, accumulate: false); Add(y.AsSpan(0, batch * 3 * spatial)); Add(dx);
        ChannelShuffle.Forward(x, y, channels, 3, spatial, batch); ChannelShuffle.Backward(dy, dx, channels, 3, spatial, batch); Add(y); Add(dx);
        var pad = new PadGeometry(channels, height, width, 1, 2, 3, 0);
        var padded = new float[batch * pad.OutputLength];
        ZeroPad2D.Forward(x, padded, pad, batch); ZeroPad2D.Backward(Data(padded.Length, 7, 1f), dx, pad, batch); Add(padded); Add(dx);

        var gamma = Data(channels, 8, 1f);
        var beta = Data(channels, 9, 1f);
        float[] gammaGradient = new float[channels], betaGradient = new float[channels], mean = new float[batch * spatial], inverseStd = new float[batch * spatial];
        LayerNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, spatial, batch, 1e-6f);
        LayerNorm.Backward(x, dy, gamma, mean, inverseStd, gammaGradient, betaGradient, dx, channels, spatial, batch);
        Add(y); Add(dx); Add(gammaGradient); Add(betaGradient);
        LayerNorm.Forward(x, y, [], [], mean, inverseStd, channels * spatial, 1, batch, 1e-5f);
        LayerNorm.Backward(x, dy, [], mean, inverseStd, [], [], dx, channels * spatial, 1, batch);
        Add(y); Add(dx);
        GroupNorm.Forward(x, y, gamma, beta, mean, inverseStd, channels, 3, spatial, batch, 1e-5f);
        GroupNorm.Backward(x, dy, gamma, mean, inverseStd, gammaGradient, betaGradient, dx, channels, 3, spatial, batch);
        Add(y); Add(dx); Add(gammaGradient); Add(betaGradient);
        GroupNorm.Forward(x, y, [], [], mean, inverseStd, channels, channels, spatial, batch, 1e-5f);
        GroupNorm.Backward(x, dy, [], mean, inverseStd, [], [], dx, channels, channels, spatial, batch);
        Add(y); Add(dx);

        var mask = new float[batch];
        StochasticDepth.Forward(x, y, mask, 0.4f, new SeededRandom(10), channels * spatial, batch);
        StochasticDepth.Backward(mask, dy, dx, channels * spatial, batch);
        Add(y); Add(dx);

        const int units = 11;
        var weight = Data(units * channels, 11, 0.5f);
        var bias = Data(units, 12, 0.5f);
        var dense = new float[batch * units * spatial];
        float[] weightGradient = new float[weight.Length], biasGradient = new float[units];
        Dense.ForwardPositions(x, weight, bias, dense, channels, units, spatial, batch);
        Dense.BackwardPositions(x, weight, Data(dense.Length, 13, 1f), weightGradient, biasGradient, dx, channels, units, spatial, batch);
        Add(dense); Add(dx); Add(weightGradient); Add(biasGradient);

        // Inception-v3's 1×7 with (0, 3) padding.
        var rectangular = new ConvGeometry(channels, height, width, 5, 1, 1, 0) { KernelWidth = 7, PaddingWidth = 3 };
        var convWeight = Data(rectangular.WeightLength, 14, 0.5f);
        var convOutput = new float[batch * rectangular.OutputLength];
        float[] convWeightGradient = new float[convWeight.Length], convBiasGradient = new float[5];
        Conv2D.Forward(x, convWeight, bias.AsSpan(0, 5), convOutput, rectangular, batch);
        Conv2D.Backward(x, convWeight, Data(convOutput.Length, 15, 1f), convWeightGradient, convBiasGradient, dx, rectangular, batch);
        Add(convOutput); Add(dx); Add(convWeightGradient); Add(convBiasGradient);

        var window = new PoolGeometry(channels, height, width, 3, 2, 1, CeilMode: true) { SizeWidth = 2, StrideWidth = 1, PaddingWidth = 0 };
        var windowOutput = new float[batch * window.OutputLength];
        var windowGradient = Data(windowOutput.Length, 16, 1f);
        var positions = new byte[windowOutput.Length];
        MaxPool2D.Forward<byte>(x, windowOutput, positions, window, batch); MaxPool2D.Backward<byte>(windowGradient, positions, dx, window, batch); Add(windowOutput); Add(dx);
        AvgPool2D.Forward(x, windowOutput, window, batch); AvgPool2D.Backward(windowGradient, dx, window, batch); Add(windowOutput); Add(dx);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Uniform values in [−scale, scale) from a fixed seed.</summary>
    internal static float[] Data(int length, int seed, float scale)
    {
        var random = new SeededRandom(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (random.NextSingle() * 2 - 1) * scale;
        return values;
    }
}
