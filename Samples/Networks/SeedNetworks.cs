namespace CnnGen.Samples;

/// <summary>The seed's simple ConvNet: one convolution, one pooling, two dense layers (95.5% on 5000 MNIST digits).</summary>
[Network(1, 28, 28)]
[Conv2D(30, 5)]
[ReLU]
[MaxPool2D(2)]
[Dense(100)]
[ReLU]
[Dense(10)]
[SoftmaxCrossEntropy]
public partial class SimpleConvNet;

/// <summary>The seed's deep ConvNet: six 3×3 convolutions in three blocks, dropout, He init (over 99% on MNIST).</summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1)]
[ReLU]
[Conv2D(16, 3, Padding = 1)]
[ReLU]
[MaxPool2D(2)]
[Conv2D(32, 3, Padding = 1)]
[ReLU]
[Conv2D(32, 3, Padding = 2)]
[ReLU]
[MaxPool2D(2)]
[Conv2D(64, 3, Padding = 1)]
[ReLU]
[Conv2D(64, 3, Padding = 1)]
[ReLU]
[MaxPool2D(2)]
[Dense(50)]
[ReLU]
[Dropout(0.5)]
[Dense(10)]
[Dropout(0.5)]
[SoftmaxCrossEntropy]
public partial class DeepConvNet;
