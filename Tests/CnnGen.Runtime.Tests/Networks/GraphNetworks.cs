namespace CnnGen.Tests.Networks;

/// <summary>
/// The DESIGN §2b example at full width: a projection shortcut reading the network input, an Add of two named layers,
/// a ReLU read by two branches, and a Concat. The determinism and allocation contracts run on it.
/// </summary>
[Network(16, 8, 8)]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "c1")] [BatchNorm] [ReLU]
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm(Name = "main")]
[Conv2D(32, 1, Stride = 2, Bias = false, Input = "input", Name = "proj")] [BatchNorm(Name = "projbn")]
[Add("main", "projbn")] [ReLU(Name = "block")]
[Conv2D(8, 1, Input = "block", Name = "b1")]
[MaxPool2D(3, Stride = 1, Padding = 1, Input = "block")] [Conv2D(8, 1, Name = "b2")]
[Concat("b1", "b2")]
[GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
public partial class Tiny;
