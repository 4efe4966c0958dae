namespace CnnGen.Onnx.Tests;

/// <summary>Batch norm (2-D and 1-D, non-default epsilon), a residual Add, padded average pooling, a strided conv without bias, global pooling, dropout.</summary>
[Network(3, 9, 9)]
[Conv2D(8, 3, Padding = 1)]
[BatchNorm]
[ReLU(Name = "stem")]
[Conv2D(8, 3, Padding = 1)]
[BatchNorm(Epsilon = 1e-3)]
[Add("stem")]
[ReLU]
[AvgPool2D(3, Stride = 2, Padding = 1)]
[Conv2D(6, 3, Stride = 2, Padding = 1, Bias = false)]
[BatchNorm]
[LeakyReLU(0.1)]
[GlobalAvgPool]
[Dense(8)]
[BatchNorm]
[Tanh]
[Dropout(0.25)]
[Dense(4)]
[SoftmaxCrossEntropy]
public partial class ResidualBatchNormNet;

/// <summary>Padded max pooling, an even kernel, sigmoid, an explicit Flatten before Dense, a regression head.</summary>
[Network(2, 9, 9)]
[MaxPool2D(3, Stride = 2, Padding = 1)]
[Conv2D(4, 2)]
[Sigmoid]
[Flatten]
[Dense(5)]
[MeanSquaredError]
public partial class PoolingNet;

/// <summary>An inference-only vector network (no loss head) ending in Softmax; a dense layer without bias.</summary>
[Network(10)]
[Dense(12, Bias = false)]
[Sigmoid]
[Dense(8)]
[LeakyReLU]
[Dense(6)]
[Softmax]
public partial class VectorSoftmaxNet;

/// <summary>Reshape: a Dense output viewed as an image for a convolution, then an image viewed as another image.</summary>
[Network(6)]
[Dense(18)]
[Reshape(2, 3, 3)]
[Conv2D(4, 2)]
[ReLU]
[Reshape(1, 4, 4)]
[AvgPool2D(2)]
[Flatten]
[Dense(3)]
public partial class ReshapeNet;
