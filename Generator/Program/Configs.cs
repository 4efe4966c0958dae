using CnnGen.Generator.Model;

namespace CnnGen.Generator.Program;

// Typed per-op configurations: every number a kernel call needs besides its spans. A geometry names the layer whose
// static geometry constant (Conv1Geometry) the generated code passes.

/// <summary><c>Kernels.ConvGeometry</c> of a Conv2D layer; a width value is null where it equals the height's.</summary>
internal sealed record Conv2DConfig(string Layer, int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int Groups, int Dilation)
{
    public int? KernelWidth { get; init; }
    public int? StrideWidth { get; init; }
    public int? PaddingWidth { get; init; }
    public int? DilationWidth { get; init; }
}

/// <summary><c>Kernels.ConvTransposeGeometry</c> of a ConvTranspose2D layer; a width value is null where it equals the height's.</summary>
internal sealed record ConvTranspose2DConfig(string Layer, int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int OutputPadding)
{
    public int? KernelWidth { get; init; }
    public int? StrideWidth { get; init; }
    public int? PaddingWidth { get; init; }
}

/// <summary><c>Kernels.PoolGeometry</c> of a MaxPool2D or AvgPool2D layer; a width value is null where it equals the height's.</summary>
internal sealed record Pool2DConfig(string Layer, int Channels, int Height, int Width, int Size, int Stride, int Padding, bool CeilMode, bool CountIncludePad)
{
    public int? SizeWidth { get; init; }
    public int? StrideWidth { get; init; }
    public int? PaddingWidth { get; init; }
}

/// <summary><c>Kernels.UpsampleGeometry</c> of an Upsample layer, and its mode.</summary>
internal sealed record UpsampleConfig(string Layer, int Channels, int Height, int Width, int Scale, bool Bilinear);

/// <summary>A Dense layer's input and output features.</summary>
internal sealed record DenseConfig(int Inputs, int Outputs);

/// <summary>
/// A batch norm's channel count (named by its <c>{Layer}Channels</c> constant), values per channel per sample, momentum
/// and ε; <paramref name="FrozenStatistics"/>: <c>Frozen = true</c>, its running statistics normalise in training too.
/// </summary>
internal sealed record BatchNormConfig(string Layer, int Channels, int Spatial, double Momentum, double Epsilon, bool FrozenStatistics = false);

/// <summary>
/// An element-wise activation: the kernel pair <c>Activations.{Function}</c> and <c>{Function}Backward</c>, whether its
/// backward reads the output (ReLU, Sigmoid, Tanh) rather than the input, and its one scalar argument, if any (<c>slope</c>, <c>alpha</c>).
/// </summary>
internal sealed record ActivationConfig(LayerKind Function, bool BackwardReadsOutput, string? ParameterName = null, double Parameter = 0);

/// <summary>Dropout's rate.</summary>
internal sealed record DropoutConfig(double Rate);

/// <summary>Channel dropout's rate and the (channels, H·W) it zeroes planes of.</summary>
internal sealed record Dropout2DConfig(double Rate, int Channels, int Spatial);

/// <summary>Global average pooling over (channels, H·W).</summary>
internal sealed record GlobalAvgPoolConfig(int Channels, int Spatial);

internal sealed record GlobalMaxPoolConfig(int Channels, int Spatial);

/// <summary>Softmax over <paramref name="Features"/> values per sample.</summary>
internal sealed record SoftmaxConfig(int Features);

/// <summary>One operand's block of a Concat: its values per sample and where they start in each output sample of <paramref name="Layer"/>.</summary>
internal sealed record ConcatBlock(string Layer, int BlockLength, int Offset);
