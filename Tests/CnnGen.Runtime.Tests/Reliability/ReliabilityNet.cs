namespace CnnGen.Tests.Reliability;

/// <summary>
/// A tiny generated network with every kind of stored tensor (conv weight and bias, batch-norm gamma/beta and running
/// statistics, dense weight and bias) and a dropout layer: its weight file is about 1 KB, so the fuzzer can load
/// hundreds of thousands of mutants in seconds.
/// </summary>
[Network(1, 5, 5)]
[Conv2D(2, 3)]
[BatchNorm]
[ReLU]
[Dropout(0.25)]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class ReliabilityNet;

/// <summary>Another architecture with the same tensor names as <see cref="ReliabilityNet"/> but other shapes.</summary>
[Network(1, 6, 6)]
[Conv2D(4, 3)]
[BatchNorm]
[ReLU]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class ReliabilityWideNet;
