using CnnGen.Samples;

namespace CnnGen.Tests.Networks;

/// <summary>
/// Reusable blocks (<see cref="BlockAttribute"/>, <see cref="UseAttribute"/>): the sample ResNet-20, written with
/// <see cref="BasicBlock"/> and <see cref="DownsampleBlock"/>, is the same network as its flat declaration (same
/// layers, parameters, initial values and outputs), with torchvision's weight keys; a block with arithmetic of its
/// parameters, a use reading another layer and a later layer reading a use's output trains with correct gradients.
/// </summary>
public class BlockTests
{
    [Fact]
    public void ResNet20_with_blocks_equals_its_flat_declaration_value_for_value()
    {
        var blocks = new ResNet20(maxBatch: 2, seed: 5) { Threads = 1 };
        var flat = new FlatResNet20(maxBatch: 2, seed: 5) { Threads = 1 };
        Assert.Equal(FlatResNet20.Sizes.ParameterCount, ResNet20.Sizes.ParameterCount);
        Assert.Equal(flat.Layers.ToArray().Select(l => (l.Kind, Key(l.Name))), blocks.Layers.ToArray().Select(l => (l.Kind, Key(l.Name))));
        Assert.Equal(flat.Tensors.ToArray().Select(t => (Key(t.Name), string.Join(",", t.Shape))), blocks.Tensors.ToArray().Select(t => (Key(t.Name), string.Join(",", t.Shape))));
        Assert.True(flat.Parameters.SequenceEqual(blocks.Parameters), "initial parameters differ");

        var random = new SeededRandom(3);
        var input = new float[2 * ResNet20.Sizes.InputLength];
        for (var i = 0; i < input.Length; i++) input[i] = random.NextSingle();
        int[] labels = [3, 7];
        Assert.Equal(flat.ComputeGradients(input, labels), blocks.ComputeGradients(input, labels));
        Assert.True(flat.Gradients.SequenceEqual(blocks.Gradients), "gradients differ");
        var a = new float[2 * 10];
        var b = new float[2 * 10];
        flat.Forward(input, a);
        blocks.Forward(input, b);
        Assert.Equal(a, b);
    }

    /// <summary>The flat declaration spells torchvision's module paths with '_' for '.'; the block form has the dots.</summary>
    static string Key(string name) => name.Replace('.', '_');

    [Fact]
    public void Block_layers_take_torchvision_module_paths_as_weight_keys()
    {
        var keys = new ResNet20(maxBatch: 1).Tensors.ToArray().ToDictionary(t => t.Name, t => string.Join(",", t.Shape));
        Assert.Equal("16,1,3,3", keys["conv1.weight"]);
        Assert.Equal("16,16,3,3", keys["layer1.0.conv1.weight"]);
        Assert.Equal("16", keys["layer1.2.bn2.running_var"]);
        Assert.Equal("32,16,3,3", keys["layer2.0.conv1.weight"]);
        Assert.Equal("32,16,1,1", keys["layer2.0.downsample.0.weight"]);
        Assert.Equal("32", keys["layer2.0.downsample.1.bias"]);
        Assert.Equal("64,64,3,3", keys["layer3.2.conv2.weight"]);
        Assert.Equal("10,64", keys["fc.weight"]);
        Assert.DoesNotContain(keys.Keys, k => k[..k.LastIndexOf('.')].Contains('_'));
        // 1 stem + 9 blocks × 2 convolutions + 2 projections = 21 convolutions, each with one batch norm.
        Assert.Equal(21, keys.Keys.Count(k => k.EndsWith(".weight", StringComparison.Ordinal) && keys[k].Split(',').Length == 4));
        Assert.Equal(21, keys.Keys.Count(k => k.EndsWith(".running_mean", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_use_reads_its_input_and_later_layers_read_a_use_by_its_name()
    {
        var layers = new BlockGradientNet(maxBatch: 1).Layers.ToArray();
        var names = layers.Select(l => l.Name).ToArray();
        Assert.Equal(
            ["stem", "a.expand", "a.act", "a.reduce", "a.add", "b.expand", "b.act", "b.reduce", "b.add",
             "c.expand", "c.act", "c.reduce", "c.add", "concat1", "pool", "dense1", "loss1"],
            names);
        // Planes * 2 with the default Planes = 3 (a) and Planes = 2 (c, on the 2-channel network input); padding (Stride + 1) / 2.
        Assert.Equal([6, 6, 6], layers.Single(l => l.Name == "a.expand").OutputShape);
        Assert.Equal([4, 6, 6], layers.Single(l => l.Name == "c.expand").OutputShape);
        Assert.Equal([2, 6, 6], layers.Single(l => l.Name == "c.add").OutputShape);
        Assert.Equal(1, layers.Single(l => l.Name == "c.reduce").Padding);
        Assert.Equal([3, 6, 6], layers.Single(l => l.Name == "b.expand").InputShape);
        Assert.Equal([8, 6, 6], layers.Single(l => l.Name == "concat1").OutputShape);
    }
}

/// <summary>An inverted-residual unit with parameters and arithmetic of them (width Planes × 2, stride Stride).</summary>
[Block]
[Conv2D(Planes * 2, 1, Name = "expand")] [Tanh(Name = "act")]
[Conv2D(Planes, 3, Stride = Stride, Padding = (Stride + 1) / 2, Name = "reduce")]
[Add("reduce", "input", Name = "add")]
public static class WideUnit
{
    /// <summary>Channels in and out.</summary>
    public const int Planes = 3;

    /// <summary>Stride of the 3×3 convolution (1: the sum keeps the size).</summary>
    public const int Stride = 1;
}

/// <summary>Three uses of one block, the second reading the stem and the third the network input by Input, then a Concat naming the uses.</summary>
[Network(2, 6, 6)]
[Conv2D(3, 3, Padding = 1, Name = "stem")]
[Use(typeof(WideUnit), Name = "a")]
[Use(typeof(WideUnit), 3, 1, Name = "b", Input = "stem")]
[Use(typeof(WideUnit), 2, Name = "c", Input = "input")]
[Concat("a", "b", "c")]
[AvgPool2D(2, Name = "pool")]
[Dense(3)]
[SoftmaxCrossEntropy]
public partial class BlockGradientNet;

/// <summary>ResNet-20 written flat, as before blocks existed: names are torchvision's module paths with '_' for '.'.</summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU(Name = "relu")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_0_conv1")] [BatchNorm(Name = "layer1_0_bn1")] [ReLU(Name = "layer1_0_relu")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_0_conv2")] [BatchNorm(Name = "layer1_0_bn2")]
[Add("relu", Name = "layer1_0_add")] [ReLU(Name = "layer1_0_relu2")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_1_conv1")] [BatchNorm(Name = "layer1_1_bn1")] [ReLU(Name = "layer1_1_relu")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_1_conv2")] [BatchNorm(Name = "layer1_1_bn2")]
[Add("layer1_0_relu2", Name = "layer1_1_add")] [ReLU(Name = "layer1_1_relu2")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_2_conv1")] [BatchNorm(Name = "layer1_2_bn1")] [ReLU(Name = "layer1_2_relu")]
[Conv2D(16, 3, Padding = 1, Bias = false, Name = "layer1_2_conv2")] [BatchNorm(Name = "layer1_2_bn2")]
[Add("layer1_1_relu2", Name = "layer1_2_add")] [ReLU(Name = "layer1_2_relu2")]
[Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "layer2_0_conv1")] [BatchNorm(Name = "layer2_0_bn1")] [ReLU(Name = "layer2_0_relu")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_0_conv2")] [BatchNorm(Name = "layer2_0_bn2")]
[Conv2D(32, 1, Stride = 2, Bias = false, Input = "layer1_2_relu2", Name = "layer2_0_downsample_0")] [BatchNorm(Name = "layer2_0_downsample_1")]
[Add("layer2_0_bn2", "layer2_0_downsample_1", Name = "layer2_0_add")] [ReLU(Name = "layer2_0_relu2")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_1_conv1")] [BatchNorm(Name = "layer2_1_bn1")] [ReLU(Name = "layer2_1_relu")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_1_conv2")] [BatchNorm(Name = "layer2_1_bn2")]
[Add("layer2_0_relu2", Name = "layer2_1_add")] [ReLU(Name = "layer2_1_relu2")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_2_conv1")] [BatchNorm(Name = "layer2_2_bn1")] [ReLU(Name = "layer2_2_relu")]
[Conv2D(32, 3, Padding = 1, Bias = false, Name = "layer2_2_conv2")] [BatchNorm(Name = "layer2_2_bn2")]
[Add("layer2_1_relu2", Name = "layer2_2_add")] [ReLU(Name = "layer2_2_relu2")]
[Conv2D(64, 3, Stride = 2, Padding = 1, Bias = false, Name = "layer3_0_conv1")] [BatchNorm(Name = "layer3_0_bn1")] [ReLU(Name = "layer3_0_relu")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_0_conv2")] [BatchNorm(Name = "layer3_0_bn2")]
[Conv2D(64, 1, Stride = 2, Bias = false, Input = "layer2_2_relu2", Name = "layer3_0_downsample_0")] [BatchNorm(Name = "layer3_0_downsample_1")]
[Add("layer3_0_bn2", "layer3_0_downsample_1", Name = "layer3_0_add")] [ReLU(Name = "layer3_0_relu2")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_1_conv1")] [BatchNorm(Name = "layer3_1_bn1")] [ReLU(Name = "layer3_1_relu")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_1_conv2")] [BatchNorm(Name = "layer3_1_bn2")]
[Add("layer3_0_relu2", Name = "layer3_1_add")] [ReLU(Name = "layer3_1_relu2")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_2_conv1")] [BatchNorm(Name = "layer3_2_bn1")] [ReLU(Name = "layer3_2_relu")]
[Conv2D(64, 3, Padding = 1, Bias = false, Name = "layer3_2_conv2")] [BatchNorm(Name = "layer3_2_bn2")]
[Add("layer3_1_relu2", Name = "layer3_2_add")] [ReLU(Name = "layer3_2_relu2")]
[GlobalAvgPool(Name = "avgpool")] [Dense(10, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class FlatResNet20;
