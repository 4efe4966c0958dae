namespace CnnGen.Tests.Weights;

/// <summary>The C# twin of <c>Twin</c> in tools/golden/make_safetensors_fixture.py (keep the two in step).</summary>
[Network(1, 6, 6)]
[Conv2D(3, 3, Padding = 1)]
[BatchNorm]
[ReLU]
[MaxPool2D(2)]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class WeightsTwinNet;
