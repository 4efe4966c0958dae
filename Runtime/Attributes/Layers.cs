namespace CnnGen;

/// <summary>
/// 2-D convolution (<c>nn.Conv2d</c>), zero padding; output <c>floor((H + 2P − D(K − 1) − 1) / S) + 1</c> on each axis with
/// that axis's kernel, stride, padding and dilation. Weight [F, C/G, KH, KW]. <c>nn.Conv2d(c, f, (1, 7), padding=(0, 3))</c>
/// is <c>[Conv2D(f, 1, 7, PaddingWidth = 3)]</c>.
/// </summary>
public sealed class Conv2DAttribute(int filters, int kernel) : WeightedLayerAttribute
{
    /// <summary>A rectangular kernel, <c>kernel_size=(kernelHeight, kernelWidth)</c>.</summary>
    /// <param name="filters">Number of output channels.</param>
    /// <param name="kernelHeight">The kernel's height (≥ 1).</param>
    /// <param name="kernelWidth">The kernel's width (≥ 1).</param>
    public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth) : this(filters, kernelHeight) => KernelWidth = kernelWidth;

    /// <summary>Number of output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Kernel height (and width, unless the rectangular constructor gave one).</summary>
    public int Kernel { get; } = kernel;
    /// <summary>The kernel's width (<see cref="Kernel"/> unless the rectangular constructor gave one).</summary>
    public int KernelWidth { get; } = kernel;
    /// <summary>Step between windows (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Zero padding on every side (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>Groups G (default 1): filter group g reads channel group g only; G = channels is a depthwise convolution. Divides the channels and the filters.</summary>
    public int Groups { get; set; } = 1;
    /// <summary>Spacing D between kernel taps (default 1).</summary>
    public int Dilation { get; set; } = 1;
    /// <summary>The vertical step, overriding <see cref="Stride"/> (<c>stride=(h, w)</c>).</summary>
    public int StrideHeight { get => _axes.StrideHeight ?? Stride; set => _axes.StrideHeight = value; }
    /// <summary>The horizontal step, overriding <see cref="Stride"/>.</summary>
    public int StrideWidth { get => _axes.StrideWidth ?? Stride; set => _axes.StrideWidth = value; }
    /// <summary>Zero rows above and below, overriding <see cref="Padding"/> (<c>padding=(h, w)</c>).</summary>
    public int PaddingHeight { get => _axes.PaddingHeight ?? Padding; set => _axes.PaddingHeight = value; }
    /// <summary>Zero columns left and right, overriding <see cref="Padding"/>.</summary>
    public int PaddingWidth { get => _axes.PaddingWidth ?? Padding; set => _axes.PaddingWidth = value; }
    /// <summary>The vertical spacing between kernel taps, overriding <see cref="Dilation"/> (<c>dilation=(h, w)</c>).</summary>
    public int DilationHeight { get => _axes.DilationHeight ?? Dilation; set => _axes.DilationHeight = value; }
    /// <summary>The horizontal spacing between kernel taps, overriding <see cref="Dilation"/>.</summary>
    public int DilationWidth { get => _axes.DilationWidth ?? Dilation; set => _axes.DilationWidth = value; }

    readonly AxisOverrides _axes = new();
}

/// <summary>
/// 2-D transposed convolution (<c>nn.ConvTranspose2d</c>), the adjoint of a convolution: output
/// <c>(H − 1)·S − 2P + K + OutputPadding</c> on each axis with that axis's kernel, stride and padding. Weight [C, F, KH, KW].
/// </summary>
public sealed class ConvTranspose2DAttribute(int filters, int kernel) : WeightedLayerAttribute
{
    /// <summary>A rectangular kernel, <c>kernel_size=(kernelHeight, kernelWidth)</c>.</summary>
    /// <param name="filters">Number of output channels.</param>
    /// <param name="kernelHeight">The kernel's height (≥ 1).</param>
    /// <param name="kernelWidth">The kernel's width (≥ 1).</param>
    public ConvTranspose2DAttribute(int filters, int kernelHeight, int kernelWidth) : this(filters, kernelHeight) => KernelWidth = kernelWidth;

    /// <summary>Number of output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Kernel height (and width, unless the rectangular constructor gave one).</summary>
    public int Kernel { get; } = kernel;
    /// <summary>The kernel's width (<see cref="Kernel"/> unless the rectangular constructor gave one).</summary>
    public int KernelWidth { get; } = kernel;
    /// <summary>Step between input positions on the output (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Rows and columns removed from each side of the full output (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>Rows and columns added at the bottom and right (default 0; smaller than each stride).</summary>
    public int OutputPadding { get; set; }
    /// <summary>The vertical step, overriding <see cref="Stride"/> (<c>stride=(h, w)</c>).</summary>
    public int StrideHeight { get => _axes.StrideHeight ?? Stride; set => _axes.StrideHeight = value; }
    /// <summary>The horizontal step, overriding <see cref="Stride"/>.</summary>
    public int StrideWidth { get => _axes.StrideWidth ?? Stride; set => _axes.StrideWidth = value; }
    /// <summary>Rows removed from the top and bottom, overriding <see cref="Padding"/> (<c>padding=(h, w)</c>).</summary>
    public int PaddingHeight { get => _axes.PaddingHeight ?? Padding; set => _axes.PaddingHeight = value; }
    /// <summary>Columns removed from the left and right, overriding <see cref="Padding"/>.</summary>
    public int PaddingWidth { get => _axes.PaddingWidth ?? Padding; set => _axes.PaddingWidth = value; }

    readonly AxisOverrides _axes = new();
}

/// <summary>
/// Fully connected layer (<c>nn.Linear</c>); a 3-D input is flattened in C, H, W order. Weight [Out, In]. With
/// <c>Flatten = false</c> a (C, H, W) input keeps its positions: the same [Out, C] weight applies at each one (<c>nn.Linear</c>
/// after a channels-last permute, as ConvNeXt writes it), output (Out, H, W).
/// </summary>
public sealed class DenseAttribute(int units) : WeightedLayerAttribute
{
    /// <summary>Number of outputs.</summary>
    public int Units { get; } = units;
    /// <summary>Whether a (C, H, W) input is flattened first (default true); false applies the layer at each position.</summary>
    public bool Flatten { get; set; } = true;
}

/// <summary>Max pooling (<c>nn.MaxPool2d</c>); padding counts as −∞.</summary>
public sealed class MaxPool2DAttribute(int size) : LayerAttribute
{
    /// <summary>A rectangular window, <c>kernel_size=(kernelHeight, kernelWidth)</c>; the stride defaults to the window on each axis.</summary>
    /// <param name="kernelHeight">The window's height (≥ 1).</param>
    /// <param name="kernelWidth">The window's width (≥ 1).</param>
    public MaxPool2DAttribute(int kernelHeight, int kernelWidth) : this(kernelHeight) => SizeWidth = kernelWidth;

    /// <summary>Window height (and width, unless the rectangular constructor gave one).</summary>
    public int Size { get; } = size;
    /// <summary>The window's width (<see cref="Size"/> unless the rectangular constructor gave one).</summary>
    public int SizeWidth { get; } = size;
    /// <summary>Step between windows (default: the window size).</summary>
    public int Stride { get; set; } = size;
    /// <summary>Padding on every side (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>The vertical step, overriding <see cref="Stride"/> (<c>stride=(h, w)</c>; default: the window's height).</summary>
    public int StrideHeight { get => _axes.StrideHeight ?? Stride; set => _axes.StrideHeight = value; }
    /// <summary>The horizontal step, overriding <see cref="Stride"/> (default: the window's width).</summary>
    public int StrideWidth { get => _axes.StrideWidth ?? Stride; set => _axes.StrideWidth = value; }
    /// <summary>Padding above and below, overriding <see cref="Padding"/> (<c>padding=(h, w)</c>).</summary>
    public int PaddingHeight { get => _axes.PaddingHeight ?? Padding; set => _axes.PaddingHeight = value; }
    /// <summary>Padding left and right, overriding <see cref="Padding"/>.</summary>
    public int PaddingWidth { get => _axes.PaddingWidth ?? Padding; set => _axes.PaddingWidth = value; }

    readonly AxisOverrides _axes = new();
    /// <summary><c>ceil_mode</c>: round the output size up, keeping only windows that start inside the input or its left padding (default false).</summary>
    public bool CeilMode { get; set; }
}

/// <summary>Average pooling (<c>nn.AvgPool2d</c>); the divisor follows PyTorch's <c>avg_pool2d</c>.</summary>
public sealed class AvgPool2DAttribute(int size) : LayerAttribute
{
    /// <summary>A rectangular window, <c>kernel_size=(kernelHeight, kernelWidth)</c>; the stride defaults to the window on each axis.</summary>
    /// <param name="kernelHeight">The window's height (≥ 1).</param>
    /// <param name="kernelWidth">The window's width (≥ 1).</param>
    public AvgPool2DAttribute(int kernelHeight, int kernelWidth) : this(kernelHeight) => SizeWidth = kernelWidth;

    /// <summary>Window height (and width, unless the rectangular constructor gave one).</summary>
    public int Size { get; } = size;
    /// <summary>The window's width (<see cref="Size"/> unless the rectangular constructor gave one).</summary>
    public int SizeWidth { get; } = size;
    /// <summary>Step between windows (default: the window size).</summary>
    public int Stride { get; set; } = size;
    /// <summary>Zero padding on every side (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>The vertical step, overriding <see cref="Stride"/> (<c>stride=(h, w)</c>; default: the window's height).</summary>
    public int StrideHeight { get => _axes.StrideHeight ?? Stride; set => _axes.StrideHeight = value; }
    /// <summary>The horizontal step, overriding <see cref="Stride"/> (default: the window's width).</summary>
    public int StrideWidth { get => _axes.StrideWidth ?? Stride; set => _axes.StrideWidth = value; }
    /// <summary>Padding above and below, overriding <see cref="Padding"/> (<c>padding=(h, w)</c>).</summary>
    public int PaddingHeight { get => _axes.PaddingHeight ?? Padding; set => _axes.PaddingHeight = value; }
    /// <summary>Padding left and right, overriding <see cref="Padding"/>.</summary>
    public int PaddingWidth { get => _axes.PaddingWidth ?? Padding; set => _axes.PaddingWidth = value; }

    readonly AxisOverrides _axes = new();
    /// <summary><c>ceil_mode</c>: round the output size up, keeping only windows that start inside the input or its left padding (default false).</summary>
    public bool CeilMode { get; set; }
    /// <summary><c>count_include_pad</c>: padded positions count in the divisor (default true, as in PyTorch).</summary>
    public bool CountIncludePad { get; set; } = true;
}

/// <summary>
/// Upsampling by an integer factor (<c>nn.Upsample(scale_factor=scale)</c>): (C, H, W) → (C, H·scale, W·scale), nearest
/// neighbour by default.
/// </summary>
public sealed class UpsampleAttribute(int scale) : LayerAttribute
{
    /// <summary>The integer scale factor for height and width.</summary>
    public int Scale { get; } = scale;
    /// <summary><c>mode="bilinear", align_corners=False</c> instead of <c>mode="nearest"</c> (default false).</summary>
    public bool Bilinear { get; set; }
}

/// <summary>Mean over height and width: (C, H, W) → (C).</summary>
public sealed class GlobalAvgPoolAttribute : LayerAttribute;

/// <summary>Flattens (C, H, W) to (C·H·W) (<c>nn.Flatten</c>).</summary>
public sealed class FlattenAttribute : LayerAttribute;

/// <summary>
/// Sees its input's C·H·W values as (C, H, W), so a Dense output can feed a convolution (<c>nn.Unflatten(1, (C, H, W))</c>,
/// or <c>x.view(-1, C, H, W)</c>); NCHW order, no copy. The product must equal the input length (CNN0206).
/// </summary>
/// <param name="channels">Output channels C (≥ 1).</param>
/// <param name="height">Output height H (≥ 1).</param>
/// <param name="width">Output width W (≥ 1).</param>
public sealed class ReshapeAttribute(int channels, int height, int width) : LayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Channels { get; } = channels;

    /// <summary>Output height.</summary>
    public int Height { get; } = height;

    /// <summary>Output width.</summary>
    public int Width { get; } = width;
}

/// <summary>max(0, x).</summary>
public sealed class ReLUAttribute : LayerAttribute;

/// <summary>1 / (1 + e^−x).</summary>
public sealed class SigmoidAttribute : LayerAttribute;

/// <summary>tanh(x).</summary>
public sealed class TanhAttribute : LayerAttribute;

/// <summary>x for x ≥ 0, slope·x otherwise (<c>nn.LeakyReLU</c>).</summary>
public sealed class LeakyReLUAttribute(double slope = 0.01) : LayerAttribute
{
    /// <summary>Slope for negative inputs (default 0.01).</summary>
    public double Slope { get; } = slope;
}

/// <summary>Softmax over the features of each sample: an inference output activation.</summary>
public sealed class SoftmaxAttribute : LayerAttribute;

/// <summary>Inverted dropout (<c>nn.Dropout</c>): zeroes with probability <c>rate</c> and scales by 1/(1 − rate) when training; identity at inference.</summary>
public sealed class DropoutAttribute(double rate) : LayerAttribute
{
    /// <summary>Probability of zeroing an element, in [0, 1).</summary>
    public double Rate { get; } = rate;
}

/// <summary>
/// Channel dropout (<c>nn.Dropout2d</c>) on a (C, H, W) input: zeroes whole channels with probability <c>rate</c> and scales the
/// others by 1/(1 − rate) when training; identity at inference.
/// </summary>
public sealed class Dropout2DAttribute(double rate) : LayerAttribute
{
    /// <summary>Probability of zeroing a channel, in [0, 1).</summary>
    public double Rate { get; } = rate;
}

/// <summary>Batch normalisation: <c>nn.BatchNorm2d</c> on (C, H, W), <c>nn.BatchNorm1d</c> on (features).</summary>
public sealed class BatchNormAttribute : ParameterLayerAttribute
{
    /// <summary>Running-statistics momentum, PyTorch convention (default 0.1).</summary>
    public double Momentum { get; set; } = 0.1;
    /// <summary>Added to the variance (default 1e-5).</summary>
    public double Epsilon { get; set; } = 1e-5;

    /// <summary>
    /// Whether the running statistics are frozen (default false): true normalises with running_mean and running_var in
    /// training too and never updates them, and the backward treats them as constants — PyTorch's batch norm module put in
    /// <c>.eval()</c> inside a model in <c>.train()</c>, as when fine-tuning on small batches. Independent of
    /// <c>Trainable</c>: gamma and beta still train unless <c>Trainable = false</c> too. Inference is unchanged.
    /// </summary>
    public bool Frozen { get; set; }
}

/// <summary>
/// Element-wise sum (residual connection). With one name, the previous layer's output (or <c>Input</c>) plus the output of
/// the layer named <c>from</c>; with two or more, exactly the named outputs in order. Shapes must be equal. <c>"input"</c>
/// names the network input.
/// </summary>
public sealed class AddAttribute(params string[] from) : LayerAttribute
{
    /// <summary>Names of earlier layers (or <c>"input"</c>) whose outputs are added.</summary>
    public string[] From { get; } = from;
}

/// <summary>
/// Concatenation along channels (<c>torch.cat(dim=1)</c>), or along features for vectors. With one name, the previous
/// layer's output (or <c>Input</c>) then the output of the layer named <c>from</c>; with two or more, exactly the named
/// outputs in order. Images must have equal height and width. <c>"input"</c> names the network input.
/// </summary>
public sealed class ConcatAttribute(params string[] from) : LayerAttribute
{
    /// <summary>Names of earlier layers (or <c>"input"</c>) whose outputs are joined, in order.</summary>
    public string[] From { get; } = from;
}

/// <summary>
/// Maximum over height and width, (C, H, W) → (C) (<c>nn.AdaptiveMaxPool2d(1)</c> then <c>torch.flatten(x, 1)</c>); the
/// gradient goes to each plane's first maximum (or its last NaN), as PyTorch's indices say.
/// </summary>
public sealed class GlobalMaxPoolAttribute : LayerAttribute;
