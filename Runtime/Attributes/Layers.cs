namespace CnnGen;

/// <summary>
/// 2-D convolution (<c>nn.Conv2d</c>), zero padding; output <c>floor((H + 2P − D(K − 1) − 1) / S) + 1</c>. Weight [F, C/G, K, K].
/// </summary>
public sealed class Conv2DAttribute(int filters, int kernel) : WeightedLayerAttribute
{
    /// <summary>Number of output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Kernel height and width.</summary>
    public int Kernel { get; } = kernel;
    /// <summary>Step between windows (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Zero padding on every side (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>Groups G (default 1): filter group g reads channel group g only; G = channels is a depthwise convolution. Divides the channels and the filters.</summary>
    public int Groups { get; set; } = 1;
    /// <summary>Spacing D between kernel taps (default 1).</summary>
    public int Dilation { get; set; } = 1;
}

/// <summary>
/// 2-D transposed convolution (<c>nn.ConvTranspose2d</c>), the adjoint of a convolution: output
/// <c>(H − 1)·S − 2P + K + OutputPadding</c>. Weight [C, F, K, K].
/// </summary>
public sealed class ConvTranspose2DAttribute(int filters, int kernel) : WeightedLayerAttribute
{
    /// <summary>Number of output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Kernel height and width.</summary>
    public int Kernel { get; } = kernel;
    /// <summary>Step between input positions on the output (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Rows and columns removed from each side of the full output (default 0).</summary>
    public int Padding { get; set; }
    /// <summary>Rows and columns added at the bottom and right (default 0; smaller than the stride).</summary>
    public int OutputPadding { get; set; }
}

/// <summary>Fully connected layer (<c>nn.Linear</c>); a 3-D input is flattened in C, H, W order. Weight [Out, In].</summary>
public sealed class DenseAttribute(int units) : WeightedLayerAttribute
{
    /// <summary>Number of outputs.</summary>
    public int Units { get; } = units;
}

/// <summary>Max pooling (<c>nn.MaxPool2d</c>); padding counts as −∞.</summary>
public sealed class MaxPool2DAttribute(int size) : LayerAttribute
{
    /// <summary>Window height and width.</summary>
    public int Size { get; } = size;
    /// <summary>Step between windows (default: the window size).</summary>
    public int Stride { get; set; } = size;
    /// <summary>Padding on every side (default 0).</summary>
    public int Padding { get; set; }
    /// <summary><c>ceil_mode</c>: round the output size up, keeping only windows that start inside the input or its left padding (default false).</summary>
    public bool CeilMode { get; set; }
}

/// <summary>Average pooling (<c>nn.AvgPool2d</c>); the divisor follows PyTorch's <c>avg_pool2d</c>.</summary>
public sealed class AvgPool2DAttribute(int size) : LayerAttribute
{
    /// <summary>Window height and width.</summary>
    public int Size { get; } = size;
    /// <summary>Step between windows (default: the window size).</summary>
    public int Stride { get; set; } = size;
    /// <summary>Zero padding on every side (default 0).</summary>
    public int Padding { get; set; }
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
