namespace CnnGen;

/// <summary>The kinds of layer a network declaration can hold (one per layer attribute).</summary>
public enum LayerKind
{
    /// <summary><see cref="Conv2DAttribute"/>.</summary>
    Conv2D,
    /// <summary><see cref="DenseAttribute"/>.</summary>
    Dense,
    /// <summary><see cref="MaxPool2DAttribute"/>.</summary>
    MaxPool2D,
    /// <summary><see cref="AvgPool2DAttribute"/>.</summary>
    AvgPool2D,
    /// <summary><see cref="GlobalAvgPoolAttribute"/>.</summary>
    GlobalAvgPool,
    /// <summary><see cref="FlattenAttribute"/>.</summary>
    Flatten,
    /// <summary><see cref="ReLUAttribute"/>.</summary>
    ReLU,
    /// <summary><see cref="LeakyReLUAttribute"/>.</summary>
    LeakyReLU,
    /// <summary><see cref="SigmoidAttribute"/>.</summary>
    Sigmoid,
    /// <summary><see cref="TanhAttribute"/>.</summary>
    Tanh,
    /// <summary><see cref="SoftmaxAttribute"/>.</summary>
    Softmax,
    /// <summary><see cref="DropoutAttribute"/>.</summary>
    Dropout,
    /// <summary><see cref="BatchNormAttribute"/>.</summary>
    BatchNorm,
    /// <summary><see cref="AddAttribute"/>.</summary>
    Add,
    /// <summary><see cref="ConcatAttribute"/>.</summary>
    Concat,
    /// <summary><see cref="ReshapeAttribute"/>.</summary>
    Reshape,
    /// <summary><see cref="ReLU6Attribute"/>.</summary>
    ReLU6,
    /// <summary><see cref="ELUAttribute"/>.</summary>
    ELU,
    /// <summary><see cref="GELUAttribute"/>.</summary>
    GELU,
    /// <summary><see cref="SiLUAttribute"/>.</summary>
    SiLU,
    /// <summary><see cref="HardswishAttribute"/>.</summary>
    Hardswish,
    /// <summary><see cref="Dropout2DAttribute"/>.</summary>
    Dropout2D,
    /// <summary><see cref="UpsampleAttribute"/>.</summary>
    Upsample,
    /// <summary><see cref="ConvTranspose2DAttribute"/>.</summary>
    ConvTranspose2D,
    /// <summary><see cref="HardsigmoidAttribute"/>.</summary>
    Hardsigmoid,
    /// <summary><see cref="MishAttribute"/>.</summary>
    Mish,
    /// <summary><see cref="GlobalMaxPoolAttribute"/>.</summary>
    GlobalMaxPool,
    /// <summary><see cref="MultiplyAttribute"/>.</summary>
    Multiply,
    /// <summary><see cref="PReLUAttribute"/>.</summary>
    PReLU,
    /// <summary><see cref="ScaleAttribute"/>.</summary>
    Scale,
    /// <summary><see cref="StochasticDepthAttribute"/>.</summary>
    StochasticDepth,
    /// <summary><see cref="LayerNormAttribute"/>.</summary>
    LayerNorm,
    /// <summary><see cref="GroupNormAttribute"/>.</summary>
    GroupNorm,
    /// <summary><see cref="InstanceNormAttribute"/>.</summary>
    InstanceNorm,
    /// <summary><see cref="SoftmaxCrossEntropyAttribute"/>.</summary>
    SoftmaxCrossEntropy,
    /// <summary><see cref="BinaryCrossEntropyAttribute"/>.</summary>
    BinaryCrossEntropy,
    /// <summary><see cref="MeanSquaredErrorAttribute"/>.</summary>
    MeanSquaredError,
    /// <summary><see cref="L1LossAttribute"/>.</summary>
    L1Loss,
    /// <summary><see cref="SmoothL1LossAttribute"/>.</summary>
    SmoothL1Loss,
}

/// <summary>
/// One layer of a generated network as the generator resolved it: what exporters (ONNX) and tools read.
/// Shapes are per sample: (features) or (channels, height, width).
/// </summary>
/// <param name="Name">The layer's name (weight keys are <c>{Name}.weight</c>, <c>{Name}.bias</c>, ...).</param>
/// <param name="Kind">The layer kind.</param>
/// <param name="InputShape">Shape of one input sample.</param>
/// <param name="OutputShape">Shape of one output sample.</param>
public sealed partial record LayerInfo(string Name, LayerKind Kind, int[] InputShape, int[] OutputShape)
{
    /// <summary>Kernel (Conv2D) or window (pooling) size, its height when rectangular (<see cref="KernelWidth"/>); 0 otherwise.</summary>
    public int Kernel { get; init; }
    /// <summary>Stride of Conv2D and pooling, the vertical one when the axes differ (<see cref="StrideWidth"/>); 0 otherwise.</summary>
    public int Stride { get; init; }
    /// <summary>Padding of Conv2D and pooling, the vertical one when the axes differ (<see cref="PaddingWidth"/>); 0 otherwise.</summary>
    public int Padding { get; init; }
    /// <summary>Conv2D groups (1 unless declared otherwise).</summary>
    public int Groups { get; init; } = 1;
    /// <summary>Conv2D dilation (1 unless declared otherwise).</summary>
    public int Dilation { get; init; } = 1;
    /// <summary>ConvTranspose2D output padding; 0 otherwise.</summary>
    public int OutputPadding { get; init; }
    /// <summary>Pooling <c>ceil_mode</c>.</summary>
    public bool CeilMode { get; init; }
    /// <summary>AvgPool2D <c>count_include_pad</c> (true unless declared otherwise).</summary>
    public bool CountIncludePad { get; init; } = true;
    /// <summary>Upsample scale factor; 0 otherwise.</summary>
    public int Scale { get; init; }
    /// <summary>Whether an Upsample layer interpolates bilinearly (else nearest).</summary>
    public bool Bilinear { get; init; }
    /// <summary>Whether a Conv2D or Dense layer has a bias.</summary>
    public bool HasBias { get; init; }
    /// <summary>Dropout or Dropout2D rate, LeakyReLU slope, ELU alpha, SmoothL1 beta or SoftmaxCrossEntropy label smoothing; 0 otherwise.</summary>
    public double Alpha { get; init; }
    /// <summary>BatchNorm momentum; 0 otherwise.</summary>
    public double Momentum { get; init; }
    /// <summary>BatchNorm epsilon; 0 otherwise.</summary>
    public double Epsilon { get; init; }
    /// <summary>For <see cref="LayerKind.Add"/>: the name of the layer whose output is added; the first operand is the previous layer's output.</summary>
    public string? AddFrom { get; init; }
    /// <summary>
    /// The layers this one reads, in operand order, by name (<c>"input"</c> for the network input), when that is not
    /// simply the previous layer (a layer with <c>Input</c>, a <see cref="LayerKind.Concat"/>, an <see cref="LayerKind.Add"/>
    /// of named operands); null otherwise (the previous layer's output, and for a one-name Add also <see cref="AddFrom"/>).
    /// </summary>
    public string[]? Inputs { get; init; }
    /// <summary>Whether this is a loss head (not part of the inference graph).</summary>
    public bool IsLoss => Kind >= LayerKind.SoftmaxCrossEntropy;
}
