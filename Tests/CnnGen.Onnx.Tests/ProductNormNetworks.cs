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
