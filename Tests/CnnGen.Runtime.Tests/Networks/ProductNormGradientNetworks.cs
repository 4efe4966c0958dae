namespace CnnGen.Tests.Networks;

/// <summary>StochasticDepth in training mode on a residual branch (the per-sample masks are held fixed by Reseed).</summary>
[Network(3, 5, 5)]
[Conv2D(4, 3, Padding = 1, Name = "stem")]
[Conv2D(4, 3, Padding = 1)]
[Tanh]
[StochasticDepth(0.5)]
[Add("stem")]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class StochasticDepthGradientNet;

/// <summary>The normalisations of DESIGN §2c between convolutions, and Multiply gating an image by its own LayerNorm'd channel means.</summary>
[Network(4, 5, 5)]
[Conv2D(6, 3, Padding = 1, Name = "c")]
[LayerNorm]
[GroupNorm(2)]
[Tanh]
[InstanceNorm(Affine = true)]
[InstanceNorm(Name = "plain")]
[GlobalAvgPool(Input = "c")]
[LayerNorm]
[Sigmoid(Name = "gate")]
[Multiply("plain", "gate")]
[Flatten]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class NormGradientNet;
