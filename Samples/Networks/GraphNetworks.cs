namespace CnnGen.Samples;

/// <summary>
/// ResNet-20 (He et al. 2016, the CIFAR topology) on a 1×28×28 image: a 3×3 stem of 16, three stages of three basic
/// blocks at 16/32/64 channels (28×28, 14×14, 7×7), each block conv-BN-ReLU-conv-BN plus the block's input, then
/// ReLU; the first block of stages 2 and 3 downsamples with a 3×3 stride-2 padding-1 convolution and a projection
/// shortcut (1×1 stride-2 convolution + batch norm, torchvision's <c>downsample</c>); global average pooling, Dense(10).
/// 0.27 M parameters. Layer names follow torchvision's module paths with '_' for '.'.
/// </summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_0_conv1")] [BatchNorm(Name = "layer1_0_bn1")] [ReLU(Name = "layer1_0_relu1")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_0_conv2")] [BatchNorm(Name = "layer1_0_bn2")]
[Add("relu", Name = "layer1_0_add")] [ReLU(Name = "layer1_0_relu2")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_1_conv1")] [BatchNorm(Name = "layer1_1_bn1")] [ReLU(Name = "layer1_1_relu1")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_1_conv2")] [BatchNorm(Name = "layer1_1_bn2")]
[Add("layer1_0_relu2", Name = "layer1_1_add")] [ReLU(Name = "layer1_1_relu2")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_2_conv1")] [BatchNorm(Name = "layer1_2_bn1")] [ReLU(Name = "layer1_2_relu1")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_2_conv2")] [BatchNorm(Name = "layer1_2_bn2")]
[Add("layer1_1_relu2", Name = "layer1_2_add")] [ReLU(Name = "layer1_2_relu2")]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "layer2_0_conv1")] [BatchNorm(Name = "layer2_0_bn1")] [ReLU(Name = "layer2_0_relu1")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_0_conv2")] [BatchNorm(Name = "layer2_0_bn2")]
[Conv2D(32, 1, Stride = 2, Bias = false, Input = "layer1_2_relu2", Name = "layer2_0_downsample_0")] [BatchNorm(Name = "layer2_0_downsample_1")]
[Add("layer2_0_bn2", "layer2_0_downsample_1", Name = "layer2_0_add")] [ReLU(Name = "layer2_0_relu2")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_1_conv1")] [BatchNorm(Name = "layer2_1_bn1")] [ReLU(Name = "layer2_1_relu1")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_1_conv2")] [BatchNorm(Name = "layer2_1_bn2")]
[Add("layer2_0_relu2", Name = "layer2_1_add")] [ReLU(Name = "layer2_1_relu2")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_2_conv1")] [BatchNorm(Name = "layer2_2_bn1")] [ReLU(Name = "layer2_2_relu1")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_2_conv2")] [BatchNorm(Name = "layer2_2_bn2")]
[Add("layer2_1_relu2", Name = "layer2_2_add")] [ReLU(Name = "layer2_2_relu2")]
[Conv2D(64, 3, Stride = 2, Padding = 1, Bias = false, Name = "layer3_0_conv1")] [BatchNorm(Name = "layer3_0_bn1")] [ReLU(Name = "layer3_0_relu1")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_0_conv2")] [BatchNorm(Name = "layer3_0_bn2")]
[Conv2D(64, 1, Stride = 2, Bias = false, Input = "layer2_2_relu2", Name = "layer3_0_downsample_0")] [BatchNorm(Name = "layer3_0_downsample_1")]
[Add("layer3_0_bn2", "layer3_0_downsample_1", Name = "layer3_0_add")] [ReLU(Name = "layer3_0_relu2")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_1_conv1")] [BatchNorm(Name = "layer3_1_bn1")] [ReLU(Name = "layer3_1_relu1")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_1_conv2")] [BatchNorm(Name = "layer3_1_bn2")]
[Add("layer3_0_relu2", Name = "layer3_1_add")] [ReLU(Name = "layer3_1_relu2")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_2_conv1")] [BatchNorm(Name = "layer3_2_bn1")] [ReLU(Name = "layer3_2_relu1")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_2_conv2")] [BatchNorm(Name = "layer3_2_bn2")]
[Add("layer3_1_relu2", Name = "layer3_2_add")] [ReLU(Name = "layer3_2_relu2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(10, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class ResNet20;

/// <summary>
/// A MobileNet-style network (Howard et al. 2017): a 3×3 stem, then depthwise-separable blocks, each a 3×3 depthwise
/// convolution (<c>Groups</c> = channels) and a 1×1 pointwise convolution, both followed by batch norm and ReLU6;
/// stride-2 depthwise convolutions halve 28×28 to 14×14 and 7×7; global average pooling, Dense(10).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(32, 3, Padding = 1, Groups = 32, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(64, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(64, 3, Stride = 2, Padding = 1, Groups = 64, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(128, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(128, 3, Padding = 1, Groups = 128, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(128, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(128, 3, Stride = 2, Padding = 1, Groups = 128, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(256, 1, Bias = false)] [BatchNorm] [ReLU6]
[Conv2D(256, 3, Padding = 1, Groups = 256, Bias = false)] [BatchNorm] [ReLU6] [Conv2D(256, 1, Bias = false)] [BatchNorm] [ReLU6]
[GlobalAvgPool] [Dense(10)]
[SoftmaxCrossEntropy]
public partial class MobileNet;

/// <summary>
/// An Inception-style network (Szegedy et al. 2015): a 3×3 stem and 2×2 pooling to 14×14, then two Inception modules,
/// each four parallel branches read from the same input (1×1; 1×1 then 3×3; 1×1 then 5×5; 3×3 max pooling then 1×1)
/// joined along channels by Concat, with 2×2 pooling between them (7×7); global average pooling, Dense(10).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU] [MaxPool2D(2, Name = "stem")]
[Conv2D(16, 1, Input = "stem")] [ReLU(Name = "a_b1")]
[Conv2D(16, 1, Input = "stem")] [ReLU] [Conv2D(24, 3, Padding = 1)] [ReLU(Name = "a_b2")]
[Conv2D(4, 1, Input = "stem")] [ReLU] [Conv2D(8, 5, Padding = 2)] [ReLU(Name = "a_b3")]
[MaxPool2D(3, Stride = 1, Padding = 1, Input = "stem")] [Conv2D(8, 1)] [ReLU(Name = "a_b4")]
[Concat("a_b1", "a_b2", "a_b3", "a_b4", Name = "a")]                  // (56, 14, 14)
[MaxPool2D(2, Name = "a_pool")]
[Conv2D(32, 1, Input = "a_pool")] [ReLU(Name = "b_b1")]
[Conv2D(24, 1, Input = "a_pool")] [ReLU] [Conv2D(48, 3, Padding = 1)] [ReLU(Name = "b_b2")]
[Conv2D(8, 1, Input = "a_pool")] [ReLU] [Conv2D(16, 5, Padding = 2)] [ReLU(Name = "b_b3")]
[MaxPool2D(3, Stride = 1, Padding = 1, Input = "a_pool")] [Conv2D(16, 1)] [ReLU(Name = "b_b4")]
[Concat("b_b1", "b_b2", "b_b3", "b_b4", Name = "b")]                  // (112, 7, 7)
[GlobalAvgPool] [Dense(10)]
[SoftmaxCrossEntropy]
public partial class Inception;

/// <summary>
/// A small U-Net (Ronneberger et al. 2015) used as a classifier: an encoder (28×28 → 14×14 → 7×7), a decoder that
/// upsamples with a 2×2 stride-2 transposed convolution (7 → 14) and bilinear Upsample (14 → 28), each followed by a
/// Concat skip connection with the encoder features of the same size; the decoder's 16×28×28 map (where a
/// segmentation U-Net would put its 1×1 per-pixel head) is reduced by global average pooling and Dense(10).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU(Name = "enc1")]                // (16, 28, 28)
[MaxPool2D(2)] [Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU(Name = "enc2")] // (32, 14, 14)
[MaxPool2D(2)] [Conv2D(64, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]                // (64, 7, 7)
[ConvTranspose2D(32, 2, Stride = 2)] [Concat("enc2")]                                        // (64, 14, 14)
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[Upsample(2, Bilinear = true)] [Conv2D(16, 1)] [Concat("enc1")]                              // (32, 28, 28)
[Conv2D(16, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[GlobalAvgPool] [Dense(10)]
[SoftmaxCrossEntropy]
public partial class UNet;
