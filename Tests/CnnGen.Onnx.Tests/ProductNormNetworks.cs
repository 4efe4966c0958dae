namespace CnnGen.Onnx.Tests;

/// <summary>
/// Multiply (DESIGN §2c): an image times a (C) gate (reshaped to [N, C, 1, 1] for ONNX), a (C, 1, 1) gate times an
/// image, and two images.
/// </summary>
[Network(3, 6, 5)]
[Conv2D(4, 3, Padding = 1, Name = "c")]
[GlobalAvgPool(Name = "g")]
[Dense(4, Name = "fc")]
[Hardsigmoid(Name = "gate")]
[Multiply("c", "gate", Name = "se")]
[Reshape(4, 1, 1, Input = "gate", Name = "gate3")]
[Multiply("gate3", "se", Name = "se2")]
[Multiply("se2", "c", Name = "sq")]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class MultiplyNet;

/// <summary>PReLU with a slope per channel, shared, and per feature; Scale (an initializer named by the layer) on an image and on a vector.</summary>
[Network(3, 6, 5)]
[Conv2D(4, 3, Padding = 1)]
[PReLU(Channels = 4)]
[Scale(Name = "layer_scale")]
[Conv2D(3, 3)]
[PReLU]
[GlobalAvgPool]
[Dense(5)]
[PReLU(Channels = 5)]
[Scale]
[SoftmaxCrossEntropy]
public partial class PReLUScaleNet;

/// <summary>StochasticDepth (an Identity at inference) on a residual branch.</summary>
[Network(3, 5, 5)]
[Conv2D(4, 3, Padding = 1, Name = "stem")]
[Conv2D(4, 3, Padding = 1)]
[StochasticDepth(0.3)]
[Add("stem")]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class StochasticDepthNet;

/// <summary>
/// LayerNorm per position and on a vector (ReduceMean, Sub, Mul, Sqrt, Div in opset 13), GroupNorm and InstanceNorm
/// (InstanceNormalization over the grouped input) with and without the affine.
/// </summary>
[Network(4, 5, 5)]
[Conv2D(6, 3, Padding = 1)]
[LayerNorm]
[GroupNorm(3, Epsilon = 1e-3)]
[InstanceNorm(Affine = true)]
[Conv2D(4, 3)]
[InstanceNorm]
[Tanh]
[GlobalAvgPool]
[Dense(6)]
[LayerNorm(Epsilon = 1e-4)]
[GroupNorm(2)]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class NormNet;
