namespace CnnGen.Samples.Zoo;

// torchvision's Inception-v3 modules (inception.py): every convolution is a BasicConv2d (convolution without bias, batch
// norm with ε = 0.001, ReLU) under torchvision's names (`Mixed_6b.branch7x7_2.conv.weight`); the 1×7 / 7×1 and 1×3 / 3×1
// kernels are rectangular Conv2D layers with one-axis padding. The pooling branches have no weights.

/// <summary>torchvision's <c>InceptionA</c> (35×35): 1×1; 1×1 then 5×5; 1×1 then two 3×3; 3×3 average pooling then 1×1 to <c>PoolFeatures</c>; joined along channels (224 + <c>PoolFeatures</c>).</summary>
[Block]
[Conv2D(64, 1, Bias = false, Input = "input", Name = "branch1x1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch1x1.bn")] [ReLU(Name = "branch1x1.relu")]
[Conv2D(48, 1, Bias = false, Input = "input", Name = "branch5x5_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch5x5_1.bn")] [ReLU(Name = "branch5x5_1.relu")]
[Conv2D(64, 5, Padding = 2, Bias = false, Name = "branch5x5_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch5x5_2.bn")] [ReLU(Name = "branch5x5_2.relu")]
[Conv2D(64, 1, Bias = false, Input = "input", Name = "branch3x3dbl_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_1.bn")] [ReLU(Name = "branch3x3dbl_1.relu")]
[Conv2D(96, 3, Padding = 1, Bias = false, Name = "branch3x3dbl_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_2.bn")] [ReLU(Name = "branch3x3dbl_2.relu")]
[Conv2D(96, 3, Padding = 1, Bias = false, Name = "branch3x3dbl_3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_3.bn")] [ReLU(Name = "branch3x3dbl_3.relu")]
[AvgPool2D(3, Stride = 1, Padding = 1, Input = "input", Name = "avg_pool")]
[Conv2D(PoolFeatures, 1, Bias = false, Name = "branch_pool.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch_pool.bn")] [ReLU(Name = "branch_pool.relu")]
[Concat("branch1x1.relu", "branch5x5_2.relu", "branch3x3dbl_3.relu", "branch_pool.relu", Name = "cat")]
public static class InceptionA
{
    /// <summary>Channels of the pooling branch.</summary>
    public const int PoolFeatures = 32;
}

/// <summary>torchvision's <c>InceptionB</c> (35×35 → 17×17): a 3×3 stride-2 convolution to 384; 1×1, 3×3, 3×3 stride 2 to 96; 3×3 stride-2 max pooling; joined along channels.</summary>
[Block]
[Conv2D(384, 3, Stride = 2, Bias = false, Input = "input", Name = "branch3x3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3.bn")] [ReLU(Name = "branch3x3.relu")]
[Conv2D(64, 1, Bias = false, Input = "input", Name = "branch3x3dbl_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_1.bn")] [ReLU(Name = "branch3x3dbl_1.relu")]
[Conv2D(96, 3, Padding = 1, Bias = false, Name = "branch3x3dbl_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_2.bn")] [ReLU(Name = "branch3x3dbl_2.relu")]
[Conv2D(96, 3, Stride = 2, Bias = false, Name = "branch3x3dbl_3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_3.bn")] [ReLU(Name = "branch3x3dbl_3.relu")]
[MaxPool2D(3, Stride = 2, Input = "input", Name = "max_pool")]
[Concat("branch3x3.relu", "branch3x3dbl_3.relu", "max_pool", Name = "cat")]
public static class InceptionB;

/// <summary>torchvision's <c>InceptionC</c> (17×17): 1×1; 1×1, 1×7, 7×1; 1×1, 7×1, 1×7, 7×1, 1×7; 3×3 average pooling then 1×1; every branch ends at 192 channels (768 in all), the factorised 7×7 branches run at <c>Channels7x7</c>.</summary>
[Block]
[Conv2D(192, 1, Bias = false, Input = "input", Name = "branch1x1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch1x1.bn")] [ReLU(Name = "branch1x1.relu")]
[Conv2D(Channels7x7, 1, Bias = false, Input = "input", Name = "branch7x7_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7_1.bn")] [ReLU(Name = "branch7x7_1.relu")]
[Conv2D(Channels7x7, 1, 7, PaddingWidth = 3, Bias = false, Name = "branch7x7_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7_2.bn")] [ReLU(Name = "branch7x7_2.relu")]
[Conv2D(192, 7, 1, PaddingHeight = 3, Bias = false, Name = "branch7x7_3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7_3.bn")] [ReLU(Name = "branch7x7_3.relu")]
[Conv2D(Channels7x7, 1, Bias = false, Input = "input", Name = "branch7x7dbl_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7dbl_1.bn")] [ReLU(Name = "branch7x7dbl_1.relu")]
[Conv2D(Channels7x7, 7, 1, PaddingHeight = 3, Bias = false, Name = "branch7x7dbl_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7dbl_2.bn")] [ReLU(Name = "branch7x7dbl_2.relu")]
[Conv2D(Channels7x7, 1, 7, PaddingWidth = 3, Bias = false, Name = "branch7x7dbl_3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7dbl_3.bn")] [ReLU(Name = "branch7x7dbl_3.relu")]
[Conv2D(Channels7x7, 7, 1, PaddingHeight = 3, Bias = false, Name = "branch7x7dbl_4.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7dbl_4.bn")] [ReLU(Name = "branch7x7dbl_4.relu")]
[Conv2D(192, 1, 7, PaddingWidth = 3, Bias = false, Name = "branch7x7dbl_5.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7dbl_5.bn")] [ReLU(Name = "branch7x7dbl_5.relu")]
[AvgPool2D(3, Stride = 1, Padding = 1, Input = "input", Name = "avg_pool")]
[Conv2D(192, 1, Bias = false, Name = "branch_pool.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch_pool.bn")] [ReLU(Name = "branch_pool.relu")]
[Concat("branch1x1.relu", "branch7x7_3.relu", "branch7x7dbl_5.relu", "branch_pool.relu", Name = "cat")]
public static class InceptionC
{
    /// <summary>Channels inside the factorised 7×7 branches.</summary>
    public const int Channels7x7 = 128;
}

/// <summary>torchvision's <c>InceptionD</c> (17×17 → 8×8): 1×1 then 3×3 stride 2 to 320; 1×1, 1×7, 7×1, 3×3 stride 2 to 192; 3×3 stride-2 max pooling; joined along channels.</summary>
[Block]
[Conv2D(192, 1, Bias = false, Input = "input", Name = "branch3x3_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3_1.bn")] [ReLU(Name = "branch3x3_1.relu")]
[Conv2D(320, 3, Stride = 2, Bias = false, Name = "branch3x3_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3_2.bn")] [ReLU(Name = "branch3x3_2.relu")]
[Conv2D(192, 1, Bias = false, Input = "input", Name = "branch7x7x3_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7x3_1.bn")] [ReLU(Name = "branch7x7x3_1.relu")]
[Conv2D(192, 1, 7, PaddingWidth = 3, Bias = false, Name = "branch7x7x3_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7x3_2.bn")] [ReLU(Name = "branch7x7x3_2.relu")]
[Conv2D(192, 7, 1, PaddingHeight = 3, Bias = false, Name = "branch7x7x3_3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7x3_3.bn")] [ReLU(Name = "branch7x7x3_3.relu")]
[Conv2D(192, 3, Stride = 2, Bias = false, Name = "branch7x7x3_4.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch7x7x3_4.bn")] [ReLU(Name = "branch7x7x3_4.relu")]
[MaxPool2D(3, Stride = 2, Input = "input", Name = "max_pool")]
[Concat("branch3x3_2.relu", "branch7x7x3_4.relu", "max_pool", Name = "cat")]
public static class InceptionD;

/// <summary>torchvision's <c>InceptionE</c> (8×8): 1×1 to 320; 1×1 to 384 then 1×3 and 3×1 side by side; 1×1 to 448, 3×3 to 384, then 1×3 and 3×1 side by side; 3×3 average pooling then 1×1 to 192; 2048 channels in all.</summary>
[Block]
[Conv2D(320, 1, Bias = false, Input = "input", Name = "branch1x1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch1x1.bn")] [ReLU(Name = "branch1x1.relu")]
[Conv2D(384, 1, Bias = false, Input = "input", Name = "branch3x3_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3_1.bn")] [ReLU(Name = "branch3x3_1.relu")]
[Conv2D(384, 1, 3, PaddingWidth = 1, Bias = false, Name = "branch3x3_2a.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3_2a.bn")] [ReLU(Name = "branch3x3_2a.relu")]
[Conv2D(384, 3, 1, PaddingHeight = 1, Bias = false, Input = "branch3x3_1.relu", Name = "branch3x3_2b.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3_2b.bn")] [ReLU(Name = "branch3x3_2b.relu")]
[Conv2D(448, 1, Bias = false, Input = "input", Name = "branch3x3dbl_1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_1.bn")] [ReLU(Name = "branch3x3dbl_1.relu")]
[Conv2D(384, 3, Padding = 1, Bias = false, Name = "branch3x3dbl_2.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_2.bn")] [ReLU(Name = "branch3x3dbl_2.relu")]
[Conv2D(384, 1, 3, PaddingWidth = 1, Bias = false, Name = "branch3x3dbl_3a.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_3a.bn")] [ReLU(Name = "branch3x3dbl_3a.relu")]
[Conv2D(384, 3, 1, PaddingHeight = 1, Bias = false, Input = "branch3x3dbl_2.relu", Name = "branch3x3dbl_3b.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch3x3dbl_3b.bn")] [ReLU(Name = "branch3x3dbl_3b.relu")]
[AvgPool2D(3, Stride = 1, Padding = 1, Input = "input", Name = "avg_pool")]
[Conv2D(192, 1, Bias = false, Name = "branch_pool.conv")] [BatchNorm(Epsilon = 1e-3, Name = "branch_pool.bn")] [ReLU(Name = "branch_pool.relu")]
[Concat("branch1x1.relu", "branch3x3_2a.relu", "branch3x3_2b.relu", "branch3x3dbl_3a.relu", "branch3x3dbl_3b.relu", "branch_pool.relu", Name = "cat")]
public static class InceptionE;

/// <summary>
/// torchvision's <c>inception_v3</c> as <c>inception_v3(aux_logits=False, transform_input=False)</c> on 299×299 images:
/// the stem (<c>Conv2d_1a_3x3</c> stride 2, <c>Conv2d_2a_3x3</c>, <c>Conv2d_2b_3x3</c>, 3×3 stride-2 max pooling,
/// <c>Conv2d_3b_1x1</c>, <c>Conv2d_4a_3x3</c>, max pooling; 147, 73 and 35 px), <see cref="InceptionA"/> ×3 (35 px),
/// <see cref="InceptionB"/>, <see cref="InceptionC"/> ×4 (17 px), <see cref="InceptionD"/>, <see cref="InceptionE"/> ×2
/// (8 px, 2048 channels), global average pooling (torchvision's <c>AdaptiveAvgPool2d((1, 1))</c>), dropout 0.5 (an
/// identity in eval), <c>fc</c> (1000). The auxiliary classifier (<c>AuxLogits</c>) only runs in training and is not
/// declared: torchvision's pretrained state_dict keeps its <c>AuxLogits.*</c> keys, so delete them (or build the model
/// with <c>aux_logits=False</c> after loading) before saving. Its pretrained weights expect <c>transform_input=True</c>,
/// which maps an ImageNet-normalised image to the (x − 0.5) / 0.5 normalisation they were trained with: feed such
/// weights images normalised with mean and standard deviation 0.5 instead. 23.8 M parameters, 5.7 G multiply-adds per
/// 299×299 image.
/// </summary>
[Network(3, 299, 299)]
[Conv2D(32, 3, Stride = 2, Bias = false, Name = "Conv2d_1a_3x3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "Conv2d_1a_3x3.bn")] [ReLU(Name = "Conv2d_1a_3x3.relu")]
[Conv2D(32, 3, Bias = false, Name = "Conv2d_2a_3x3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "Conv2d_2a_3x3.bn")] [ReLU(Name = "Conv2d_2a_3x3.relu")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "Conv2d_2b_3x3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "Conv2d_2b_3x3.bn")] [ReLU(Name = "Conv2d_2b_3x3.relu")]
[MaxPool2D(3, Stride = 2, Name = "maxpool1")]
[Conv2D(80, 1, Bias = false, Name = "Conv2d_3b_1x1.conv")] [BatchNorm(Epsilon = 1e-3, Name = "Conv2d_3b_1x1.bn")] [ReLU(Name = "Conv2d_3b_1x1.relu")]
[Conv2D(192, 3, Bias = false, Name = "Conv2d_4a_3x3.conv")] [BatchNorm(Epsilon = 1e-3, Name = "Conv2d_4a_3x3.bn")] [ReLU(Name = "Conv2d_4a_3x3.relu")]
[MaxPool2D(3, Stride = 2, Name = "maxpool2")]
[Use(typeof(InceptionA), 32, Name = "Mixed_5b")] [Use(typeof(InceptionA), 64, Name = "Mixed_5c")] [Use(typeof(InceptionA), 64, Name = "Mixed_5d")]
[Use(typeof(InceptionB), Name = "Mixed_6a")]
[Use(typeof(InceptionC), 128, Name = "Mixed_6b")] [Use(typeof(InceptionC), 160, Name = "Mixed_6c")]
[Use(typeof(InceptionC), 160, Name = "Mixed_6d")] [Use(typeof(InceptionC), 192, Name = "Mixed_6e")]
[Use(typeof(InceptionD), Name = "Mixed_7a")] [Use(typeof(InceptionE), Name = "Mixed_7b")] [Use(typeof(InceptionE), Name = "Mixed_7c")]
[GlobalAvgPool(Name = "avgpool")] [Dropout(0.5, Name = "dropout")] [Dense(1000, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class InceptionV3;
