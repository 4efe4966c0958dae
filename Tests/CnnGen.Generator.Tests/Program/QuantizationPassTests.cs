using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>The quantization pass: what runs in int8, what is folded or fused, what runs in float, and which networks it refuses.</summary>
public class QuantizationPassTests
{
    static QuantizedProgram Quantize(string attributes) => CnnGen.Generator.Passes.Quantization.Quantize(Lowered.Program(attributes), CancellationToken.None);

    static Int8Step Step(QuantizedProgram q, string layer) => q.Steps.Single(s => s.Layer.Name == layer);

    [Fact]
    public void BatchNormIsFoldedIntoTheConvolutionAndTheReLUBecomesItsClamp()
    {
        var q = Quantize("""[Network(1, 8, 8)] [Conv2D(4, 3, Bias = false, Name = "c")] [BatchNorm(Name = "bn")] [ReLU(Name = "r")] [Dense(2, Name = "d")]""");
        Assert.Null(q.Refusal);
        var conv = Assert.IsType<Int8Conv2D>(Assert.Single(Step(q, "c").Ops));
        Assert.Equal("bn", conv.Folded?.Config.Layer);
        Assert.Equal(Int8Rectifier.ReLU, conv.Clamp);
        // The clamped output is the ReLU's tensor, observed on the ReLU's float output.
        Assert.Equal(("r", "r.Activation"), (conv.Output?.Name, conv.Output?.Observed?.Id));
        Assert.Equal((Int8Mode.FoldedInto, "c"), (Step(q, "bn").Mode, Step(q, "bn").Into));
        Assert.Equal((Int8Mode.ClampOf, "c"), (Step(q, "r").Mode, Step(q, "r").Into));
        // The last layer writes the float output itself: no output tensor, nothing to dequantize.
        var dense = Assert.IsType<Int8Dense>(Assert.Single(Step(q, "d").Ops));
        Assert.Null(dense.Output);
        Assert.Same(conv.Output, dense.Input);
        Assert.Empty(q.Epilogue);
        Assert.IsType<QuantizeInput>(Assert.Single(q.Prologue));
    }

    [Fact]
    public void AReLUTheFloatProgramFoldedIntoAPoolingIsObservedOnTheConvolutionRectified()
    {
        var q = Quantize("""[Network(1, 8, 8)] [Conv2D(4, 3, Name = "c")] [ReLU(Name = "r")] [MaxPool2D(2, Name = "p")] [Dense(2)]""");
        var conv = Assert.IsType<Int8Conv2D>(Assert.Single(Step(q, "c").Ops));
        Assert.Equal((Int8Rectifier.ReLU, "c.Activation", Int8Rectifier.ReLU), (conv.Clamp, conv.Output?.Observed?.Id, conv.Output?.Rectifier));
        // Max pooling keeps its input's scale and zero point: its output is not calibrated.
        var pool = Assert.IsType<Int8MaxPool>(Assert.Single(Step(q, "p").Ops));
        Assert.Equal(("p", "r"), (pool.Output.Name, pool.Output.Parameters));
        Assert.False(pool.Output.IsCalibrated);
    }

    [Fact]
    public void AReLUReadByTwoLayersIsNotFusedAndAnAddTakesTheReLUAfterIt()
    {
        var q = Quantize("""
            [Network(2, 6, 6)] [Conv2D(2, 3, Padding = 1, Name = "a")] [Conv2D(2, 3, Padding = 1, Name = "b")]
            [Add("a", "b", Name = "s")] [ReLU(Name = "r")] [Dense(3)]
            """);
        var add = Assert.IsType<Int8Add>(Assert.Single(Step(q, "s").Ops));
        Assert.Equal(("a", "b", "r", Int8Rectifier.ReLU), (add.A.Name, add.B.Name, add.Output.Name, add.Clamp));
        // a is read by b and by the Add: it keeps its own tensor, unclamped.
        Assert.Equal(Int8Rectifier.None, Assert.IsType<Int8Conv2D>(Assert.Single(Step(q, "a").Ops)).Clamp);
        Assert.Equal(Int8Mode.ClampOf, Step(q, "r").Mode);
    }

    [Fact]
    public void ViewsAndDropoutReadTheSameBytesAndActivationsWithoutAnInt8KernelRunInFloat()
    {
        var q = Quantize("""[Network(1, 6, 6)] [Conv2D(2, 3, Name = "c")] [Sigmoid(Name = "s")] [Flatten(Name = "f")] [Dropout(0.5, Name = "d")] [Dense(3, Name = "o")] [ReLU(Name = "r")]""");
        var sigmoid = Assert.IsType<FloatBetween>(Assert.Single(Step(q, "s").Ops));
        Assert.Equal(("c", "s"), (sigmoid.Input.Name, sigmoid.Output?.Name));
        Assert.Equal(Int8Mode.Float, Step(q, "s").Mode);
        Assert.Equal([Int8Mode.SameBytes, Int8Mode.SameBytes], new[] { Step(q, "f").Mode, Step(q, "d").Mode });
        Assert.Same(sigmoid.Output, Assert.IsType<Int8Dense>(Assert.Single(Step(q, "o").Ops)).Input);
        // A clamped last layer is quantized, then dequantized into the output.
        Assert.Equal("r", Assert.IsType<DequantizeOutput>(Assert.Single(q.Epilogue)).Input.Name);
    }

    [Fact]
    public void AnotherLayerKindOrABatchNormThatCannotBeFoldedRefusesTheNetwork()
    {
        Assert.Contains("up", Quantize("""[Network(1, 4, 4)] [Conv2D(2, 3, Padding = 1)] [Upsample(2, Name = "up")] [Dense(2)]""").Refusal);
        // The batch norm reads the input, not a convolution.
        var refused = Quantize("""[Network(2, 4, 4)] [BatchNorm(Name = "bn")] [Conv2D(2, 3)] [Dense(2)]""");
        Assert.Contains("bn", refused.Refusal);
        Assert.Empty(refused.Steps);
    }

    [Fact]
    public void EqualProgramsGiveEqualInt8Programs()
    {
        const string net = """[Network(1, 8, 8)] [Conv2D(4, 3)] [BatchNorm] [ReLU] [MaxPool2D(2)] [Dense(2)]""";
        Assert.Equal(Quantize(net), Quantize(net));
    }
}
