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
