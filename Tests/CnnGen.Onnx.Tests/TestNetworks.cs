namespace CnnGen.Onnx.Tests;

/// <summary>Batch norm (2-D and 1-D, non-default epsilon), a residual Add, padded average pooling, a strided conv without bias, global pooling, dropout.</summary>
[Network(3, 9, 9)]
[Conv2D(8, 3, Padding = 1)]
[BatchNorm]
[ReLU(Name = "stem")]
[Conv2D(8, 3, Padding = 1)]
[BatchNorm(Epsilon = 1e-3)]
[Add("stem")]
[ReLU]
[AvgPool2D(3, Stride = 2, Padding = 1)]
[Conv2D(6, 3, Stride = 2, Padding = 1, Bias = false)]
[BatchNorm]
[LeakyReLU(0.1)]
[GlobalAvgPool]
[Dense(8)]
[BatchNorm]
[Tanh]
[Dropout(0.25)]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class ResidualBatchNormNet;

/// <summary>Padded max pooling, an even kernel, sigmoid, an explicit Flatten before Dense, a regression head.</summary>
[Network(2, 9, 9)]
[MaxPool2D(3, Stride = 2, Padding = 1)]
[Conv2D(4, 2)]
[Sigmoid]
[Flatten]
[Dense(5)]
[MeanSquaredError]
public partial class PoolingNet;

/// <summary>An inference-only vector network (no loss head) ending in Softmax; a dense layer without bias.</summary>
[Network(10)]
[Dense(12, Bias = false)]
[Sigmoid]
[Dense(8)]
[LeakyReLU]
[Dense(6)]
[Softmax]
public partial class VectorSoftmaxNet;

/// <summary>Reshape: a Dense output viewed as an image for a convolution, then an image viewed as another image.</summary>
[Network(6)]
[Dense(18)]
[Reshape(2, 3, 3)]
[Conv2D(4, 2)]
[ReLU]
[Reshape(1, 4, 4)]
[AvgPool2D(2)]
[Flatten]
[Dense(3)]
public partial class ReshapeNet;

/// <summary>The activations of graph networks (ReLU6, ELU, GELU, SiLU, Hardswish) on images and vectors, and channel dropout.</summary>
[Network(3, 9, 9)]
[Conv2D(6, 3, Padding = 1)]
[ReLU6]
[Conv2D(6, 3, Padding = 1)]
[ELU(0.7)]
[Dropout2D(0.3)]
[Conv2D(6, 3, Stride = 2, Padding = 1)]
[Hardswish]
[GlobalAvgPool]
[Dense(8)]
[GELU]
[Dense(6)]
[SiLU]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class ActivationsNet;

/// <summary>The zoo's activations (DESIGN §2c): Hardsigmoid and Mish on images and on vectors.</summary>
[Network(3, 9, 9)]
[Conv2D(6, 3, Padding = 1)]
[Mish]
[Conv2D(6, 3, Stride = 2, Padding = 1)]
[Hardsigmoid]
[Flatten]
[Dense(8)]
[Mish]
[Dense(6)]
[Hardsigmoid]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class ZooActivationsNet;

/// <summary>Global max pooling (DESIGN §2c) beside global average pooling, concatenated.</summary>
[Network(3, 8, 7)]
[Conv2D(5, 3, Padding = 1, Name = "c")]
[GlobalMaxPool(Name = "gmax")]
[GlobalAvgPool(Input = "c", Name = "gavg")]
[Concat("gmax", "gavg")]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class GlobalMaxPoolNet;

/// <summary>
/// Ceil-mode max and average pooling: last windows running past the input and past the padded input (a smaller
/// divisor), a last window that would start in the right padding (dropped), and padding left out of an average.
/// </summary>
[Network(3, 12, 12)]
[MaxPool2D(3, Stride = 2, CeilMode = true)]
[Conv2D(4, 3, Padding = 1)]
[AvgPool2D(3, Stride = 2, Padding = 1, CeilMode = true)]
[AvgPool2D(2, Stride = 1, Padding = 1, CountIncludePad = false)]
[MaxPool2D(3, Stride = 3, Padding = 1, CeilMode = true)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class CeilPoolingNet;

/// <summary>
/// Ceil-mode windows larger than their input (PyTorch allows them while they start inside the input or its left
/// padding): a last average window past the padded input, a 3×3 max over 2×2, a padded 3×3 average over 1×1.
/// </summary>
[Network(2, 5, 5)]
[AvgPool2D(4, Stride = 4, Padding = 1, CeilMode = true)]
[MaxPool2D(3, CeilMode = true)]
[Conv2D(4, 1)]
[AvgPool2D(3, Padding = 1, CeilMode = true)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class CeilWindowNet;

/// <summary>Nearest and bilinear upsampling (scales 2 and 3) between convolutions, as in a decoder.</summary>
[Network(2, 5, 4)]
[Conv2D(3, 3, Padding = 1)]
[Upsample(2)]
[Conv2D(3, 3, Padding = 1)]
[Upsample(3, Bilinear = true)]
[Conv2D(2, 3, Stride = 3)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class UpsampleNet;

/// <summary>MobileNet-style depthwise-separable blocks (depthwise with a multiplier, ReLU6) and grouped, dilated convolutions.</summary>
[Network(4, 11, 11)]
[Conv2D(8, 3, Padding = 1, Groups = 4)]
[ReLU6]
[Conv2D(8, 3, Stride = 2, Padding = 1, Groups = 8, Bias = false)]
[Conv2D(6, 1)]
[ReLU]
[Conv2D(6, 3, Padding = 2, Dilation = 2, Groups = 3)]
[Conv2D(4, 3, Dilation = 2)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class GroupedConvNet;

/// <summary>A small U-Net-like decoder: strided transposed convolutions with output padding, padding and no bias.</summary>
[Network(3, 5, 4)]
[Conv2D(4, 3, Padding = 1)]
[ConvTranspose2D(6, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[ReLU]
[ConvTranspose2D(3, 4, Stride = 2, Padding = 1, Bias = false)]
[ConvTranspose2D(2, 3)]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class TransposedConvNet;

/// <summary>
/// A graph: a projection shortcut from the input, an Add of three, two branches joined by Concat, a one-name Concat,
/// a Flatten read by two Dense layers and a Concat of vectors (ONNX Concat, chained Add, values read out of order).
/// </summary>
[Network(3, 8, 8)]
[Conv2D(8, 3, Stride = 2, Padding = 1, Bias = false, Name = "c1")] [BatchNorm] [ReLU]
[Conv2D(8, 3, Padding = 1, Bias = false)] [BatchNorm(Name = "main")]
[Conv2D(8, 1, Stride = 2, Bias = false, Input = "input", Name = "proj")] [BatchNorm(Name = "projbn")]
[Add("main", "projbn", "c1")] [ReLU(Name = "block")]
[Conv2D(4, 1, Input = "block", Name = "b1")]
[MaxPool2D(3, Stride = 1, Padding = 1, Input = "block")] [Conv2D(4, 1, Name = "b2")]
[Concat("b1", "b2")] [Concat("block")]
[Flatten(Name = "f")] [Dense(4, Name = "d1")] [Dense(3, Input = "f", Name = "d2")] [Concat("d1", "d2")]
[Dense(5)]
[SoftmaxCrossEntropy]
public partial class GraphNet;
