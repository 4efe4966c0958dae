namespace CnnGen.Samples.Zoo;

/// <summary>
/// torchvision's GoogLeNet <c>Inception</c> module: four branches read the module's input and are joined along
/// channels: <c>branch1</c> (1×1 to <c>Ch1</c>), <c>branch2</c> (1×1 to <c>Red3</c>, 3×3 to <c>Ch3</c>),
/// <c>branch3</c> (1×1 to <c>Red5</c>, then a 3×3, not 5×5, convolution to <c>Ch5</c>, as torchvision has it) and
/// <c>branch4</c> (3×3 stride-1 max pooling, 1×1 to <c>Pool</c>). Each convolution is a <c>BasicConv2d</c>:
/// convolution without bias, batch norm (ε = 0.001), ReLU.
/// </summary>
[Block]
[Conv2D(Ch1, 1, Bias = false, Input = "input", Name = "branch1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch1.bn")] [ReLU(Name = "branch1.relu")]
[Conv2D(Red3, 1, Bias = false, Input = "input", Name = "branch2.0.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch2.0.bn")] [ReLU(Name = "branch2.0.relu")]
[Conv2D(Ch3, 3, Padding = 1, Bias = false, Name = "branch2.1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch2.1.bn")] [ReLU(Name = "branch2.1.relu")]
[Conv2D(Red5, 1, Bias = false, Input = "input", Name = "branch3.0.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3.0.bn")] [ReLU(Name = "branch3.0.relu")]
[Conv2D(Ch5, 3, Padding = 1, Bias = false, Name = "branch3.1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3.1.bn")] [ReLU(Name = "branch3.1.relu")]
[MaxPool2D(3, Stride = 1, Padding = 1, CeilMode = true, Input = "input", Name = "branch4.0")]
[Conv2D(Pool, 1, Bias = false, Name = "branch4.1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch4.1.bn")] [ReLU(Name = "branch4.1.relu")]
[Concat("branch1.relu", "branch2.1.relu", "branch3.1.relu", "branch4.1.relu", Name = "cat")]
public static class InceptionModule
{
    /// <summary>Channels of the 1×1 branch.</summary>
    public const int Ch1 = 64;

    /// <summary>Channels of the 3×3 branch's 1×1 reduction.</summary>
    public const int Red3 = 96;

    /// <summary>Channels of the 3×3 branch.</summary>
    public const int Ch3 = 128;

    /// <summary>Channels of the "5×5" branch's 1×1 reduction.</summary>
    public const int Red5 = 16;

    /// <summary>Channels of the "5×5" branch (a 3×3 convolution in torchvision).</summary>
    public const int Ch5 = 32;

    /// <summary>Channels of the pooling branch's 1×1 projection.</summary>
    public const int Pool = 32;
}

/// <summary>
/// torchvision's <c>googlenet</c> as <c>googlenet(aux_logits=False, transform_input=False)</c>: the stem
/// (<c>conv1</c> 7×7 stride 2, <c>conv2</c> 1×1, <c>conv3</c> 3×3, each <c>BasicConv2d</c>; ceil-mode max pooling),
/// nine <see cref="InceptionModule"/>s (<c>inception3a</c>–<c>inception5b</c>, 28, 14 and 7 px), global average
/// pooling, dropout 0.2 (an identity in eval), <c>fc</c> (1000). The auxiliary classifiers only run in training and
/// torchvision drops them (and their keys) from its pretrained model, so they are not declared: a state_dict saved
/// with <c>aux_logits=True</c> loads after deleting its <c>aux1.*</c> and <c>aux2.*</c> keys. torchvision's pretrained
/// weights expect <c>transform_input=True</c>, which maps an ImageNet-normalised image to the (x − 0.5) / 0.5
/// normalisation the weights were trained with; feed such weights images normalised with mean and standard deviation
/// 0.5 instead. 6.6 M parameters, 1.5 G multiply-adds per 224×224 image.
/// </summary>
[Network(3, 224, 224)]
[Conv2D(64, 7, Stride = 2, Padding = 3, Bias = false, Name = "conv1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "conv1.bn")] [ReLU(Name = "conv1.relu")]
[MaxPool2D(3, Stride = 2, CeilMode = true, Name = "maxpool1")]
[Conv2D(64, 1, Bias = false, Name = "conv2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "conv2.bn")] [ReLU(Name = "conv2.relu")]
[Conv2D(192, 3, Padding = 1, Bias = false, Name = "conv3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "conv3.bn")] [ReLU(Name = "conv3.relu")]
[MaxPool2D(3, Stride = 2, CeilMode = true, Name = "maxpool2")]
[Use(typeof(InceptionModule), 64, 96, 128, 16, 32, 32, Name = "inception3a")]
[Use(typeof(InceptionModule), 128, 128, 192, 32, 96, 64, Name = "inception3b")]
[MaxPool2D(3, Stride = 2, CeilMode = true, Name = "maxpool3")]
[Use(typeof(InceptionModule), 192, 96, 208, 16, 48, 64, Name = "inception4a")]
[Use(typeof(InceptionModule), 160, 112, 224, 24, 64, 64, Name = "inception4b")]
[Use(typeof(InceptionModule), 128, 128, 256, 24, 64, 64, Name = "inception4c")]
[Use(typeof(InceptionModule), 112, 144, 288, 32, 64, 64, Name = "inception4d")]
[Use(typeof(InceptionModule), 256, 160, 320, 32, 128, 128, Name = "inception4e")]
[MaxPool2D(2, Stride = 2, CeilMode = true, Name = "maxpool4")]
[Use(typeof(InceptionModule), 256, 160, 320, 32, 128, 128, Name = "inception5a")]
[Use(typeof(InceptionModule), 384, 192, 384, 48, 128, 128, Name = "inception5b")]
[GlobalAvgPool(Name = "avgpool")] [Dropout(0.2, Name = "dropout")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class GoogLeNet;
