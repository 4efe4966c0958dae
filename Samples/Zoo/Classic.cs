namespace CnnGen.Samples.Zoo;

/// <summary>
/// torchvision's <c>alexnet</c>: <c>features</c> (11×11 stride-4 convolution of 64, 5×5 of 192, three 3×3 of
/// 384/256/256, each with ReLU; 3×3 stride-2 max pooling after the first, second and fifth), then <c>classifier</c>
/// (dropout, 4096, ReLU, dropout, 4096, ReLU, 1000), with torchvision's <c>avgpool</c>
/// (<c>AdaptiveAvgPool2d((6, 6))</c>) between them, so another input size reaches the classifier at 256×6×6 as in
/// torchvision (at 224×224 it is an identity); Dropout is an identity in eval. 61.1 M parameters, 0.71 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 11, Stride = 4, Padding = 2, Name = "features.0")] [ReLU(Name = "features.1")] [MaxPool2D(3, Stride = 2, Name = "features.2")]
[Conv2D(192, 5, Padding = 2, Name = "features.3")] [ReLU(Name = "features.4")] [MaxPool2D(3, Stride = 2, Name = "features.5")]
[Conv2D(384, 3, Padding = 1, Name = "features.6")] [ReLU(Name = "features.7")]
[Conv2D(256, 3, Padding = 1, Name = "features.8")] [ReLU(Name = "features.9")]
[Conv2D(256, 3, Padding = 1, Name = "features.10")] [ReLU(Name = "features.11")] [MaxPool2D(3, Stride = 2, Name = "features.12")]
[AdaptiveAvgPool2D(6, Name = "avgpool")]
[Dropout(0.5, Name = "classifier.0")] [Dense(4096, Name = "classifier.1")] [ReLU(Name = "classifier.2")]
[Dropout(0.5, Name = "classifier.3")] [Dense(4096, Name = "classifier.4")] [ReLU(Name = "classifier.5")]
[Dense(1000, Name = "classifier.6")]
[SoftmaxCrossEntropy]
public partial class AlexNet;

/// <summary>
/// torchvision's <c>vgg11_bn</c>: <c>features</c> (3×3 convolutions with bias, each followed by batch norm and ReLU:
/// 64, pool, 128, pool, 256, 256, pool, 512, 512, pool, 512, 512, pool; 2×2 max pooling), then <c>classifier</c>
/// (4096, ReLU, dropout, 4096, ReLU, dropout, 1000), with torchvision's <c>avgpool</c>
/// (<c>AdaptiveAvgPool2d((7, 7))</c>) between them, so another input size reaches the classifier at 512×7×7 as in
/// torchvision (at 224×224 it is an identity); Dropout is an identity in eval. 132.9 M parameters, 7.6 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 3, Padding = 1, Name = "features.0")] [BatchNorm(Name = "features.1")] [ReLU(Name = "features.2")] [MaxPool2D(2, Name = "features.3")]
[Conv2D(128, 3, Padding = 1, Name = "features.4")] [BatchNorm(Name = "features.5")] [ReLU(Name = "features.6")] [MaxPool2D(2, Name = "features.7")]
[Conv2D(256, 3, Padding = 1, Name = "features.8")] [BatchNorm(Name = "features.9")] [ReLU(Name = "features.10")]
[Conv2D(256, 3, Padding = 1, Name = "features.11")] [BatchNorm(Name = "features.12")] [ReLU(Name = "features.13")] [MaxPool2D(2, Name = "features.14")]
[Conv2D(512, 3, Padding = 1, Name = "features.15")] [BatchNorm(Name = "features.16")] [ReLU(Name = "features.17")]
[Conv2D(512, 3, Padding = 1, Name = "features.18")] [BatchNorm(Name = "features.19")] [ReLU(Name = "features.20")] [MaxPool2D(2, Name = "features.21")]
[Conv2D(512, 3, Padding = 1, Name = "features.22")] [BatchNorm(Name = "features.23")] [ReLU(Name = "features.24")]
[Conv2D(512, 3, Padding = 1, Name = "features.25")] [BatchNorm(Name = "features.26")] [ReLU(Name = "features.27")] [MaxPool2D(2, Name = "features.28")]
[AdaptiveAvgPool2D(7, Name = "avgpool")]
[Dense(4096, Name = "classifier.0")] [ReLU(Name = "classifier.1")] [Dropout(0.5, Name = "classifier.2")]
[Dense(4096, Name = "classifier.3")] [ReLU(Name = "classifier.4")] [Dropout(0.5, Name = "classifier.5")]
[Dense(1000, Name = "classifier.6")]
[SoftmaxCrossEntropy]
public partial class Vgg11Bn;
