using CnnGen.Samples.Zoo;
using Xunit.Abstractions;

namespace CnnGen.Zoo.Tests;

/// <summary>
/// Each torchvision family of Samples/Zoo, inference-only at its standard size with a batch of two: torchvision's
/// state_dict keys load strictly and eval <c>Forward</c> equals PyTorch's (tools/golden/make_zoo_model_golden.py).
/// One class so the families run one after another (VGG alone holds 0.5 GB of weights).
/// </summary>
public sealed class ZooTests(ITestOutputHelper log)
{
    [Fact] public void AlexNet_matches_torchvision() => ZooAssert.MatchesTorchvision(new AlexNet(2, 0, training: false), "alexnet", log);

    [Fact] public void Vgg11Bn_matches_torchvision() => ZooAssert.MatchesTorchvision(new Vgg11Bn(2, 0, training: false), "vgg11_bn", log);

    [Fact] public void ResNet18_matches_torchvision() => ZooAssert.MatchesTorchvision(new ResNet18(2, 0, training: false), "resnet18", log);

    [Fact] public void ResNet50_matches_torchvision() => ZooAssert.MatchesTorchvision(new ResNet50(2, 0, training: false), "resnet50", log);

    [Fact] public void ResNeXt50_32x4d_matches_torchvision() => ZooAssert.MatchesTorchvision(new ResNeXt50_32x4d(2, 0, training: false), "resnext50_32x4d", log);

    [Fact] public void WideResNet50_2_matches_torchvision() => ZooAssert.MatchesTorchvision(new WideResNet50_2(2, 0, training: false), "wide_resnet50_2", log);

    [Fact] public void DenseNet121_matches_torchvision() => ZooAssert.MatchesTorchvision(new DenseNet121(2, 0, training: false), "densenet121", log);

    [Fact] public void GoogLeNet_matches_torchvision() => ZooAssert.MatchesTorchvision(new GoogLeNet(2, 0, training: false), "googlenet", log);

    [Fact] public void InceptionV3_matches_torchvision() => ZooAssert.MatchesTorchvision(new InceptionV3(2, 0, training: false), "inception_v3", log);

    [Fact] public void SqueezeNet1_1_matches_torchvision() => ZooAssert.MatchesTorchvision(new SqueezeNet1_1(2, 0, training: false), "squeezenet1_1", log);

    [Fact] public void EfficientNetB0_matches_torchvision() => ZooAssert.MatchesTorchvision(new EfficientNetB0(2, 0, training: false), "efficientnet_b0", log);

    [Fact] public void MobileNetV2_matches_torchvision() => ZooAssert.MatchesTorchvision(new MobileNetV2(2, 0, training: false), "mobilenet_v2", log);

    [Fact] public void MobileNetV3Small_matches_torchvision() => ZooAssert.MatchesTorchvision(new MobileNetV3Small(2, 0, training: false), "mobilenet_v3_small", log);

    [Fact] public void MobileNetV3Large_matches_torchvision() => ZooAssert.MatchesTorchvision(new MobileNetV3Large(2, 0, training: false), "mobilenet_v3_large", log);

    [Fact] public void ShuffleNetV2_x1_0_matches_torchvision() => ZooAssert.MatchesTorchvision(new ShuffleNetV2_x1_0(2, 0, training: false), "shufflenet_v2_x1_0", log);

    [Fact] public void RegNetX_400MF_matches_torchvision() => ZooAssert.MatchesTorchvision(new RegNetX_400MF(2, 0, training: false), "regnet_x_400mf", log);

    [Fact] public void RegNetY_400MF_matches_torchvision() => ZooAssert.MatchesTorchvision(new RegNetY_400MF(2, 0, training: false), "regnet_y_400mf", log);

    [Fact] public void ConvNeXtTiny_matches_torchvision() => ZooAssert.MatchesTorchvision(new ConvNeXtTiny(2, 0, training: false), "convnext_tiny", log);

    [Fact] public void MnasNet1_0_matches_torchvision() => ZooAssert.MatchesTorchvision(new MnasNet1_0(2, 0, training: false), "mnasnet1_0", log);

    [Fact] public void ResNet18_training_step_matches_torchvision_at_112() => ZooAssert.TrainingStepMatches(new ResNet18At112(2, 0), "resnet18", log);

    [Fact] public void ConvNeXtTiny_training_step_matches_torchvision_at_64() => ZooAssert.TrainingStepMatches(new ConvNeXtTinyAt64(2, 0), "convnext_tiny", log);

    [Fact] public void EfficientNetB0_training_step_matches_torchvision_at_64() => ZooAssert.TrainingStepMatches(new EfficientNetB0At64(2, 0), "efficientnet_b0", log);
}
