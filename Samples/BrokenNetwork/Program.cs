using CnnGen;

// A LeNet-style network typed in a hurry: the input was meant to be 28x28 but 12x12 was typed, the second block
// asks for "hidden" twice, and a Softmax sits before the loss. The build shows each mistake on its attribute.
Console.WriteLine("This sample never runs: its build fails on purpose (see docs/diagnostics/EXAMPLE.md).");

[Network(1, 12, 12)]
[Conv2D(32, 5)]
[ReLU]
[MaxPool2D(2)]
[Conv2D(64, 5)]
[ReLU]
[MaxPool2D(2, Stride = 3)]
[Dense(128, Name = "hidden")]
[Dropout(1.0)]
[Dense(10, Name = "hidden")]
[Softmax]
[SoftmaxCrossEntropy]
public partial class LeNet;

[Network(784)]
[Dense(100)]
[ReLU]
[Dense(10)]
[SoftmaxCrossEntropy]
public class Mlp;
