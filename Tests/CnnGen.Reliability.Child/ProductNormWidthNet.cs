using CnnGen;

/// <summary>
/// The products, learnable scales and normalisations of DESIGN §2c as generated code, with partial vectors on every
/// width (99 positions, 19 and 76 channels): Multiply of an image by a (C) gate and of two images, PReLU per channel and
/// shared, Scale, LayerNorm per position and on a vector, GroupNorm, InstanceNorm, StochasticDepth drawn in training,
/// and the per-position Dense.
/// </summary>
[Network(5, 9, 11)]
[Conv2D(19, 3, Padding = 1, Name = "c")]
[PReLU(Channels = 19)]
[LayerNorm]
[Dense(76, Flatten = false)]
[GELU]
[Dense(19, Flatten = false)]
[Scale(InitValue = 0.5)]
[StochasticDepth(0.3)]
[Add("c", Name = "block")]
[GroupNorm(19)]
[InstanceNorm(Affine = true)]
[PReLU(Name = "features")]
[GlobalAvgPool]
[Dense(19)]
[LayerNorm]
[Sigmoid(Name = "gate")]
[Multiply("features", "gate", Name = "se")]
[Multiply("se", "block")]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class ProductNormWidthNet;
