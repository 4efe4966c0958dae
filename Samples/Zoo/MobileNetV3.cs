namespace CnnGen.Samples.Zoo;

// torchvision's MobileNetV3 (mobilenetv3.py): InvertedResidual blocks whose layers are Conv2dNormActivation triples
// (`block.k.0` convolution, `block.k.1` batch norm with ε = 0.001, `block.k.2` ReLU or Hardswish) and, in some,
// a SqueezeExcitation (`block.k.fc1`, ReLU, `block.k.fc2`, Hardsigmoid, channel-wise product with the depthwise output).
// One block class per combination of expansion, squeeze-and-excitation, activation and shortcut that the two networks use.

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> of stride <c>Stride</c> (<c>block.0</c>, ReLU), squeeze-and-excitation to <c>Squeeze</c> and back (<c>block.1</c>), a linear 1×1 projection to <c>Out</c> (<c>block.2</c>).</summary>
[Block]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [ReLU(Name = "block.0.2")]
[AdaptiveAvgPool2D(1, Name = "block.1.avgpool")] [Conv2D(Squeeze, 1, Name = "block.1.fc1")] [ReLU(Name = "block.1.activation")]
[Conv2D(Hidden, 1, Name = "block.1.fc2")] [Hardsigmoid(Name = "block.1.scale_activation")] [Multiply("block.0.2", "block.1.scale_activation", Name = "block.1.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.2.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.2.1")]
public static class V3DepthwiseSeReLU
{
    /// <summary>Channels of the depthwise convolution (the block's input).</summary>
    public const int Hidden = 16;

    /// <summary>Squeeze-and-excitation channels (a quarter of Hidden, rounded to a multiple of 8).</summary>
    public const int Squeeze = 8;

    /// <summary>Channels out.</summary>
    public const int Out = 16;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, ReLU), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> of stride <c>Stride</c> (<c>block.1</c>, ReLU), a linear 1×1 projection to <c>Out</c> (<c>block.2</c>).</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [ReLU(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [ReLU(Name = "block.1.2")]
[Conv2D(Out, 1, Bias = false, Name = "block.2.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.2.1")]
public static class V3ExpandReLU
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 72;

    /// <summary>Channels out.</summary>
    public const int Out = 24;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, ReLU), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> (<c>block.1</c>, ReLU), a linear 1×1 projection to <c>Out</c> (<c>block.2</c>), plus the block's input.</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [ReLU(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [ReLU(Name = "block.1.2")]
[Conv2D(Out, 1, Bias = false, Name = "block.2.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.2.1")]
[Add("input", Name = "add")]
public static class V3ExpandReLUResidual
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 88;

    /// <summary>Channels out (and in).</summary>
    public const int Out = 24;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, Hardswish), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> of stride <c>Stride</c> (<c>block.1</c>, Hardswish), squeeze-and-excitation to <c>Squeeze</c> and back (<c>block.2</c>), a linear 1×1 projection to <c>Out</c> (<c>block.3</c>).</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [Hardswish(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [Hardswish(Name = "block.1.2")]
[AdaptiveAvgPool2D(1, Name = "block.2.avgpool")] [Conv2D(Squeeze, 1, Name = "block.2.fc1")] [ReLU(Name = "block.2.activation")]
[Conv2D(Hidden, 1, Name = "block.2.fc2")] [Hardsigmoid(Name = "block.2.scale_activation")] [Multiply("block.1.2", "block.2.scale_activation", Name = "block.2.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.3.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.3.1")]
public static class V3ExpandSeHardswish
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 96;

    /// <summary>Squeeze-and-excitation channels (a quarter of Hidden, rounded to a multiple of 8).</summary>
    public const int Squeeze = 24;

    /// <summary>Channels out.</summary>
    public const int Out = 40;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 5;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, Hardswish), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> (<c>block.1</c>, Hardswish), squeeze-and-excitation to <c>Squeeze</c> and back (<c>block.2</c>), a linear 1×1 projection to <c>Out</c> (<c>block.3</c>), plus the block's input.</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [Hardswish(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [Hardswish(Name = "block.1.2")]
[AdaptiveAvgPool2D(1, Name = "block.2.avgpool")] [Conv2D(Squeeze, 1, Name = "block.2.fc1")] [ReLU(Name = "block.2.activation")]
[Conv2D(Hidden, 1, Name = "block.2.fc2")] [Hardsigmoid(Name = "block.2.scale_activation")] [Multiply("block.1.2", "block.2.scale_activation", Name = "block.2.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.3.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.3.1")]
[Add("input", Name = "add")]
public static class V3ExpandSeHardswishResidual
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 240;

    /// <summary>Squeeze-and-excitation channels (a quarter of Hidden, rounded to a multiple of 8).</summary>
    public const int Squeeze = 64;

    /// <summary>Channels out (and in).</summary>
    public const int Out = 40;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 5;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> (<c>block.0</c>, ReLU), a linear 1×1 projection to <c>Out</c> (<c>block.1</c>), plus the block's input.</summary>
[Block]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [ReLU(Name = "block.0.2")]
[Conv2D(Out, 1, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")]
[Add("input", Name = "add")]
public static class V3DepthwiseReLUResidual
{
    /// <summary>Channels of the depthwise convolution (the block's input).</summary>
    public const int Hidden = 16;

    /// <summary>Channels out (and in).</summary>
    public const int Out = 16;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, ReLU), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> of stride <c>Stride</c> (<c>block.1</c>, ReLU), squeeze-and-excitation to <c>Squeeze</c> and back (<c>block.2</c>), a linear 1×1 projection to <c>Out</c> (<c>block.3</c>).</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [ReLU(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [ReLU(Name = "block.1.2")]
[AdaptiveAvgPool2D(1, Name = "block.2.avgpool")] [Conv2D(Squeeze, 1, Name = "block.2.fc1")] [ReLU(Name = "block.2.activation")]
[Conv2D(Hidden, 1, Name = "block.2.fc2")] [Hardsigmoid(Name = "block.2.scale_activation")] [Multiply("block.1.2", "block.2.scale_activation", Name = "block.2.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.3.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.3.1")]
public static class V3ExpandSeReLU
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 72;

    /// <summary>Squeeze-and-excitation channels (a quarter of Hidden, rounded to a multiple of 8).</summary>
    public const int Squeeze = 24;

    /// <summary>Channels out.</summary>
    public const int Out = 40;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 5;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, ReLU), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> (<c>block.1</c>, ReLU), squeeze-and-excitation to <c>Squeeze</c> and back (<c>block.2</c>), a linear 1×1 projection to <c>Out</c> (<c>block.3</c>), plus the block's input.</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [ReLU(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [ReLU(Name = "block.1.2")]
[AdaptiveAvgPool2D(1, Name = "block.2.avgpool")] [Conv2D(Squeeze, 1, Name = "block.2.fc1")] [ReLU(Name = "block.2.activation")]
[Conv2D(Hidden, 1, Name = "block.2.fc2")] [Hardsigmoid(Name = "block.2.scale_activation")] [Multiply("block.1.2", "block.2.scale_activation", Name = "block.2.scale")]
[Conv2D(Out, 1, Bias = false, Name = "block.3.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.3.1")]
[Add("input", Name = "add")]
public static class V3ExpandSeReLUResidual
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 120;

    /// <summary>Squeeze-and-excitation channels (a quarter of Hidden, rounded to a multiple of 8).</summary>
    public const int Squeeze = 32;

    /// <summary>Channels out (and in).</summary>
    public const int Out = 40;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 5;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, Hardswish), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> of stride <c>Stride</c> (<c>block.1</c>, Hardswish), a linear 1×1 projection to <c>Out</c> (<c>block.2</c>).</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [Hardswish(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Stride = Stride, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [Hardswish(Name = "block.1.2")]
[Conv2D(Out, 1, Bias = false, Name = "block.2.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.2.1")]
public static class V3ExpandHardswish
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 240;

    /// <summary>Channels out.</summary>
    public const int Out = 80;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;

    /// <summary>Stride of the depthwise convolution.</summary>
    public const int Stride = 2;
}

/// <summary>MobileNetV3's <c>InvertedResidual</c>: a 1×1 expansion to <c>Hidden</c> (<c>block.0</c>, Hardswish), a <c>Kernel</c>×<c>Kernel</c> depthwise convolution over <c>Hidden</c> (<c>block.1</c>, Hardswish), a linear 1×1 projection to <c>Out</c> (<c>block.2</c>), plus the block's input.</summary>
[Block]
[Conv2D(Hidden, 1, Bias = false, Name = "block.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.0.1")] [Hardswish(Name = "block.0.2")]
[Conv2D(Hidden, Kernel, Padding = Kernel / 2, Groups = Hidden, Bias = false, Name = "block.1.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.1.1")] [Hardswish(Name = "block.1.2")]
[Conv2D(Out, 1, Bias = false, Name = "block.2.0")] [BatchNorm(Epsilon = 1e-3, Name = "block.2.1")]
[Add("input", Name = "add")]
public static class V3ExpandHardswishResidual
{
    /// <summary>Channels of the depthwise convolution (the expansion's output).</summary>
    public const int Hidden = 200;

    /// <summary>Channels out (and in).</summary>
    public const int Out = 80;

    /// <summary>Depthwise kernel (3 or 5; padding Kernel / 2).</summary>
    public const int Kernel = 3;
}

/// <summary>
/// torchvision's <c>mobilenet_v3_small</c>: a 3×3 stride-2 stem of 16 (<c>features.0</c>, Hardswish), 11 inverted residual blocks (<c>features.1</c>–<c>features.11</c>), a 1×1 convolution to 576 (<c>features.12</c>, Hardswish), global average pooling,
/// <c>classifier.0</c> (1024, Hardswish), dropout 0.2 (an identity in eval) and <c>classifier.3</c> (1000).
/// </summary>
[Network(3, 224, 224)]
[Conv2D(16, 3, Stride = 2, Padding = 1, Bias = false, Name = "features.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "features.0.1")] [Hardswish(Name = "features.0.2")]
[Use(typeof(V3DepthwiseSeReLU), 16, 8, 16, 3, 2, Name = "features.1")]
[Use(typeof(V3ExpandReLU), 72, 24, 3, 2, Name = "features.2")]
[Use(typeof(V3ExpandReLUResidual), 88, 24, 3, Name = "features.3")]
[Use(typeof(V3ExpandSeHardswish), 96, 24, 40, 5, 2, Name = "features.4")]
[Use(typeof(V3ExpandSeHardswishResidual), 240, 64, 40, 5, Name = "features.5")]
[Use(typeof(V3ExpandSeHardswishResidual), 240, 64, 40, 5, Name = "features.6")]
[Use(typeof(V3ExpandSeHardswish), 120, 32, 48, 5, 1, Name = "features.7")]
[Use(typeof(V3ExpandSeHardswishResidual), 144, 40, 48, 5, Name = "features.8")]
[Use(typeof(V3ExpandSeHardswish), 288, 72, 96, 5, 2, Name = "features.9")]
[Use(typeof(V3ExpandSeHardswishResidual), 576, 144, 96, 5, Name = "features.10")]
[Use(typeof(V3ExpandSeHardswishResidual), 576, 144, 96, 5, Name = "features.11")]
[Conv2D(576, 1, Bias = false, Name = "features.12.0")] [BatchNorm(Epsilon = 1e-3, Name = "features.12.1")] [Hardswish(Name = "features.12.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1024, Name = "classifier.0")] [Hardswish(Name = "classifier.1")] [Dropout(0.2, Name = "classifier.2")] [Dense(1000, Name = "classifier.3")]
[SoftmaxCrossEntropy]
public partial class MobileNetV3Small;

/// <summary>
/// torchvision's <c>mobilenet_v3_large</c>: a 3×3 stride-2 stem of 16 (<c>features.0</c>, Hardswish), 15 inverted residual blocks (<c>features.1</c>–<c>features.15</c>), a 1×1 convolution to 960 (<c>features.16</c>, Hardswish), global average pooling,
/// <c>classifier.0</c> (1280, Hardswish), dropout 0.2 (an identity in eval) and <c>classifier.3</c> (1000).
/// </summary>
[Network(3, 224, 224)]
[Conv2D(16, 3, Stride = 2, Padding = 1, Bias = false, Name = "features.0.0")] [BatchNorm(Epsilon = 1e-3, Name = "features.0.1")] [Hardswish(Name = "features.0.2")]
[Use(typeof(V3DepthwiseReLUResidual), 16, 16, 3, Name = "features.1")]
[Use(typeof(V3ExpandReLU), 64, 24, 3, 2, Name = "features.2")]
[Use(typeof(V3ExpandReLUResidual), 72, 24, 3, Name = "features.3")]
[Use(typeof(V3ExpandSeReLU), 72, 24, 40, 5, 2, Name = "features.4")]
[Use(typeof(V3ExpandSeReLUResidual), 120, 32, 40, 5, Name = "features.5")]
[Use(typeof(V3ExpandSeReLUResidual), 120, 32, 40, 5, Name = "features.6")]
[Use(typeof(V3ExpandHardswish), 240, 80, 3, 2, Name = "features.7")]
[Use(typeof(V3ExpandHardswishResidual), 200, 80, 3, Name = "features.8")]
[Use(typeof(V3ExpandHardswishResidual), 184, 80, 3, Name = "features.9")]
[Use(typeof(V3ExpandHardswishResidual), 184, 80, 3, Name = "features.10")]
[Use(typeof(V3ExpandSeHardswish), 480, 120, 112, 3, 1, Name = "features.11")]
[Use(typeof(V3ExpandSeHardswishResidual), 672, 168, 112, 3, Name = "features.12")]
[Use(typeof(V3ExpandSeHardswish), 672, 168, 160, 5, 2, Name = "features.13")]
[Use(typeof(V3ExpandSeHardswishResidual), 960, 240, 160, 5, Name = "features.14")]
[Use(typeof(V3ExpandSeHardswishResidual), 960, 240, 160, 5, Name = "features.15")]
[Conv2D(960, 1, Bias = false, Name = "features.16.0")] [BatchNorm(Epsilon = 1e-3, Name = "features.16.1")] [Hardswish(Name = "features.16.2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(1280, Name = "classifier.0")] [Hardswish(Name = "classifier.1")] [Dropout(0.2, Name = "classifier.2")] [Dense(1000, Name = "classifier.3")]
[SoftmaxCrossEntropy]
public partial class MobileNetV3Large;
