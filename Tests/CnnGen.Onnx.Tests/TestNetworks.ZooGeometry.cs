namespace CnnGen.Onnx.Tests;

/// <summary>
/// Rectangular geometry (DESIGN §2c): 1x7 and 7x1 convolutions with (0, 3) and (3, 0) padding, a 2x3 ceil-mode max pooling
/// whose last column window runs past the input, a 2x3 transposed convolution, a height-dilated 3x2 convolution and a
/// ceil-mode 2x3 average pooling with width padding counted in its divisor (exported through an explicit Pad).
/// </summary>
[Network(3, 11, 10)]
[Conv2D(4, 1, 7, PaddingWidth = 3)]
[ReLU]
[Conv2D(4, 7, 1, PaddingHeight = 3, StrideHeight = 2)]
[MaxPool2D(2, 3, CeilMode = true)]
[ConvTranspose2D(3, 2, 3, StrideHeight = 2, PaddingWidth = 1)]
[Conv2D(4, 3, 2, DilationHeight = 2, Padding = 1)]
[AvgPool2D(2, 3, PaddingWidth = 1, CeilMode = true)]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class RectangularNet;

/// <summary>ZeroPad2D (DESIGN §2c): asymmetric and uniform zero padding around convolutions.</summary>
[Network(3, 8, 8)]
[ZeroPad2D(0, 1, 0, 1)]
[Conv2D(4, 3, Stride = 2)]
[ZeroPad2D(1)]
[Conv2D(4, 3)]
[ZeroPad2D(2, 0, 1, 0)]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class ZeroPadNet;

/// <summary>
/// Adaptive pooling (DESIGN §2c): squeeze-and-excitation's AdaptiveAvgPool2D(1) into 1x1 convolutions, and adaptive max and
/// average pooling to 3x2 over a 7x5 map (overlapping windows of unequal size), exported as slices and reductions.
/// </summary>
[Network(3, 7, 5)]
[Conv2D(4, 3, Padding = 1, Name = "c")]
[AdaptiveAvgPool2D(1)]
[Conv2D(2, 1)]
[ReLU]
[Conv2D(4, 1)]
[Dense(3, Name = "excite")]
[AdaptiveMaxPool2D(3, 2, Input = "c", Name = "max")]
[AdaptiveAvgPool2D(3, 2, Input = "c", Name = "average")]
[Concat("max", "average")]
[Dense(3, Name = "pooled")]
[Add("excite", "pooled")]
[SoftmaxCrossEntropy]
public partial class AdaptivePoolNet;

/// <summary>Narrow and ChannelShuffle (DESIGN §2c): a ShuffleNetV2 unit, and a Narrow of a vector.</summary>
[Network(8, 6, 5)]
[Conv2D(8, 1, Name = "c")]
[Narrow(0, 4, Name = "x1")]
[Narrow(4, 4, Input = "c")]
[Conv2D(4, 3, Padding = 1, Groups = 4)]
[ReLU(Name = "b")]
[Concat("x1", "b")]
[ChannelShuffle(4)]
[Dense(6)]
[Narrow(2, 3)]
[SoftmaxCrossEntropy]
public partial class ShuffleUnitNet;
