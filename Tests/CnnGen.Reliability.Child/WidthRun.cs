using System.Security.Cryptography;
using System.Runtime.InteropServices;
using CnnGen;
using CnnGen.Samples;

/// <summary>
/// A few training steps of networks that between them run every kernel family (direct and strided convolution, the
/// real-scale paths at batch 1 (a 7×7 stride-2 stem, strided and pointwise convolutions over phases, filters split
/// across threads, 3×3 stride-2 padded max pooling),
/// max and average pooling, batch norm 2-D and 1-D, dense, dropout, ReLU/tanh, SGD with momentum, Adam, RMSprop),
/// from fixed seeds, then a hash of their Parameters and State. The parent runs this under several vector-width
/// settings and thread counts and requires the same hashes; then the output hash of an inference-only ResNet-20's Forward (batch norms folded
/// into their convolutions, Add + ReLU in one pass),
/// the zoo's kernels, a few training steps of the DESIGN §2c products and norms as generated code (ProductNormWidthNet),
/// the Winograd convolution's outputs,
/// the int8 kernels' hashes, the output hash of a quantized ResNet-20, a few steps of a per-pixel SoftmaxCrossEntropy head,
/// a few fine-tuning steps (frozen batch-norm statistics, frozen layers the gradient crosses), and of MobileNet-style
/// depthwise and pointwise convolutions.
/// </summary>
public static class WidthRun
{
    public static void Run(int threads, TextWriter output)
    {
        output.WriteLine($"width {CnnGen.Kernels.Simd.Native}");
        output.WriteLine($"SimpleConvNet {Train(new SimpleConvNet(maxBatch: 10, seed: 1), threads, 10, new Sgd(0.05, momentum: 0.9))}");
        output.WriteLine($"DeepConvNet {Train(new DeepConvNet(maxBatch: 5, seed: 2), threads, 5, new RmsProp(0.001))}");
        output.WriteLine($"WidthNet {Train(new WidthNet(maxBatch: 9, seed: 3), threads, 9, new Adam(0.01))}");
        output.WriteLine($"LayerWidthNet {Train(new LayerWidthNet(maxBatch: 7, seed: 4), threads, 7, new Sgd(0.02, momentum: 0.9))}");
        output.WriteLine($"CeilWindowWidthNet {Train(new CeilWindowWidthNet(maxBatch: 6, seed: 5), threads, 6, new Adam(0.01))}");
        // One sample at a time: fewer samples than threads, so each convolution's filters are split across them.
        output.WriteLine($"RealScaleWidthNet {Train(new RealScaleWidthNet(maxBatch: 1, seed: 5), threads, 1, new Sgd(0.02, momentum: 0.9))}");
        output.WriteLine($"InferenceOnlyResNet20 {Infer(new ResNet20(maxBatch: 3, seed: 5, training: false), threads, 7)}");
        output.WriteLine($"ZooKernels {ZooKernelRun.Run(threads)}");
        output.WriteLine($"ProductNormWidthNet {Train(new ProductNormWidthNet(maxBatch: 5, seed: 6), threads, 5, new Adam(0.01))}");
        output.WriteLine($"WinogradConv {WinogradRun.Run(threads)}");
        using (CnnGen.Threading.KernelThreads.Use(threads)) Int8Run.Run(output);
        output.WriteLine($"QuantizedResNet20 {Quantized(threads, 7)}");
        output.WriteLine($"PerPixelWidthNet {Train(new PerPixelWidthNet(maxBatch: 3, seed: 7), threads, 3, new Adam(0.01))}");
        output.WriteLine($"FrozenWidthNet {Train(new FrozenWidthNet(maxBatch: 5, seed: 8), threads, 5, new Adam(0.01))}");
        // One sample at a time: the depthwise and pointwise kernels split their channels and filters across threads.
        output.WriteLine($"MobileWidthNet {Train(new MobileWidthNet(maxBatch: 1, seed: 8), threads, 1, new Sgd(0.02, momentum: 0.9))}");
    }

    /// <summary>
    /// A ResNet-20 quantized on <paramref name="samples"/> random samples (batch norms folded, residual Adds, global
    /// average pooling, the logits dequantized), then its int8 Forward of them in chunks of MaxBatch; a hash of the output.
    /// </summary>
    static string Quantized(int threads, int samples)
    {
        var network = new ResNet20(maxBatch: 3, seed: 6) { Threads = threads };
        var random = new Random(samples);
        var input = new float[samples * ResNet20.Sizes.InputLength];
        for (var i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        var quantized = network.Quantize(input);
        var outputs = new float[samples * ResNet20.Sizes.OutputLength];
        quantized.Forward(input, outputs);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)outputs));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Forward of <paramref name="samples"/> random samples (in chunks of MaxBatch) through an inference-only instance, whose activations share buffers; a hash of the output.</summary>
    static string Infer<T>(T network, int threads, int samples) where T : IClassifierNetwork
    {
        network.Threads = threads;
        var random = new Random(samples);
        var input = new float[samples * network.InputLength];
        for (var i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
        var outputs = new float[samples * network.OutputLength];
        network.Forward(input, outputs);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)outputs));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    static string Train<T>(T network, int threads, int batch, IOptimizer optimizer) where T : IClassifierNetwork
    {
        network.Threads = threads;
        var random = new Random(batch);
        var input = new float[batch * network.InputLength];
        // A (C, H, W) head classifies each pixel over the C channels: a mask of labels per sample.
        var shape = network.Layers[^1].InputShape;
        var (classes, pixels) = shape.Length == 3 ? (shape[0], shape[1] * shape[2]) : (network.OutputLength, 1);
        var labels = new int[batch * pixels];
        for (var step = 0; step < 3; step++)
        {
            for (var i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();
            for (var i = 0; i < labels.Length; i++) labels[i] = random.Next(classes);
            network.TrainStep(input, labels, optimizer);
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)network.Parameters));
        hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)network.State));
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

/// <summary>Tails on every width (21-wide rows, 20 and 24 filters), a strided convolution (im2col + GEMM), both poolings, batch norm 2-D and 1-D, dropout.</summary>
[Network(3, 19, 21)]
[Conv2D(20, 3, Padding = 1)]
[BatchNorm]
[ReLU]
[Conv2D(24, 3, Stride = 2)]
[BatchNorm]
[ReLU]
[AvgPool2D(2)]
[Conv2D(16, 3, Padding = 1)]
[ReLU]
[MaxPool2D(2)]
[Dense(40)]
[BatchNorm]
[Tanh]
[Dropout(0.3)]
[Dense(5)]
[SoftmaxCrossEntropy]
public partial class WidthNet;

/// <summary>The graph issue's layers: grouped, dilated and transposed convolutions, upsampling, the smooth and clamped activations, channel dropout.</summary>
[Network(4, 11, 13)]
[Conv2D(8, 3, Padding = 1, Groups = 2)]
[GELU]
[Conv2D(8, 3, Padding = 2, Dilation = 2, Groups = 8)]
[SiLU]
[ConvTranspose2D(6, 3, Stride = 2, Padding = 1)]
[Hardswish]
[Dropout2D(0.25)]
[Upsample(2, Bilinear = true)]
[Conv2D(5, 3, Stride = 2)]
[ELU(0.7)]
[MaxPool2D(3, Stride = 2, CeilMode = true)]
[Flatten]
[Dense(12)]
[ReLU6]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class LayerWidthNet;

/// <summary>Ceil-mode windows larger than their input: an average past the padded input, a max (after ReLU) of 3×3 over 2×2, a padded average over 1×1.</summary>
[Network(3, 5, 5)]
[Conv2D(6, 3, Padding = 1)]
[AvgPool2D(4, Stride = 4, Padding = 1, CeilMode = true)]
[ReLU]
[MaxPool2D(3, CeilMode = true)]
[Conv2D(4, 1)]
[AvgPool2D(3, Padding = 1, CeilMode = true)]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class CeilWindowWidthNet;

/// <summary>
/// ResNet's real-scale paths on a small image, trained one sample at a time: a 7×7 stride-2 padded stem, 3×3 stride-2
/// padded max pooling, a 3×3 stride-2 and a 1×1 stride-2 convolution (the direct kernel over the image's phases), and
/// filter counts that leave partial tiles on every width.
/// </summary>
[Network(3, 37, 41)]
[Conv2D(26, 7, Stride = 2, Padding = 3, Bias = false)]
[BatchNorm]
[ReLU]
[MaxPool2D(3, Stride = 2, Padding = 1)]
[Conv2D(20, 3, Stride = 2, Padding = 1)]
[ReLU]
[Conv2D(30, 1, Stride = 2)]
[GlobalAvgPool]
[Dense(5)]
[SoftmaxCrossEntropy]
public partial class RealScaleWidthNet;

/// <summary>Per-pixel SoftmaxCrossEntropy: the loss over 4 channels at each of the 9×11 pixels, with a label mask.</summary>
[Network(3, 9, 11)]
[Conv2D(5, 3, Padding = 1)]
[ReLU]
[Conv2D(4, 1)]
[SoftmaxCrossEntropy]
public partial class PerPixelWidthNet;

/// <summary>
/// Fine-tuning kernels: batch norms with frozen statistics (BackwardInference, with and without gamma and beta
/// gradients), and frozen convolutions (strided, depthwise, stride-1 direct) and a frozen dense layer that the gradient
/// crosses, whose backward computes only the input gradient.
/// </summary>
[Network(3, 12, 12)]
[Conv2D(8, 3, Padding = 1)]
[BatchNorm(Frozen = true)]
[ReLU]
[Conv2D(8, 3, Stride = 2, Padding = 1, Trainable = false)]
[BatchNorm(Frozen = true, Trainable = false)]
[ReLU]
[Conv2D(8, 3, Padding = 1, Groups = 8, Trainable = false)]
[ReLU]
[Conv2D(6, 3, Padding = 1, Trainable = false)]
[GlobalAvgPool]
[Dense(6, Trainable = false)]
[BatchNorm(Frozen = true)]
[ReLU]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class FrozenWidthNet;

/// <summary>
/// MobileNet's kernels trained one sample at a time: a 1×1 expansion (the pointwise GEMM, ReLU fused), depthwise
/// 3×3 stride 1 on 30-wide rows, 5×5 stride 2, a 1×1 projection from 320 channels over 225 positions (two position
/// blocks), 3×3 stride 2 to 8-wide rows (flat on 512 bits) and 5×5 stride 1 on them.
/// </summary>
[Network(8, 30, 30)]
[Conv2D(320, 1)]
[ReLU]
[Conv2D(320, 3, Padding = 1, Groups = 320)]
[ReLU]
[Conv2D(320, 5, Stride = 2, Padding = 2, Groups = 320)]
[Conv2D(24, 1)]
[Conv2D(24, 3, Stride = 2, Padding = 1, Groups = 24)]
[Conv2D(24, 5, Padding = 2, Groups = 24)]
[GlobalAvgPool]
[Dense(5)]
[SoftmaxCrossEntropy]
public partial class MobileWidthNet;
