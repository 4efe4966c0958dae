using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>Lowering as a pipeline step: typed ops per kind, equatable so an unchanged plan's program is cached.</summary>
public partial class LoweringTests
{
    const string Net = """[Network(3, 8, 8)] [Conv2D(4, 3, Padding = 1, Name = "c")] [BatchNorm(Name = "bn")] [Dropout(0.25, Name = "drop")] [GlobalAvgPool(Name = "g")] [Dense(2, Bias = false, Name = "d")]""";

    [Fact]
    public void LoweringTheSamePlanTwiceGivesEqualPrograms()
    {
        Assert.Equal(Lowered.Program(Net), Lowered.Program(Net));
        Assert.NotEqual(Lowered.Program(Net), Lowered.Program(Net.Replace("Dense(2,", "Dense(3,")));
    }

    [Fact]
    public void EachKindLowersToItsTypedOp()
    {
        var program = Lowered.Program(Net);
        var conv = Assert.IsType<Conv2DForward>(Assert.Single(program.ForwardOps("c")));
        Assert.Equal(new Conv2DConfig("c", 3, 8, 8, 4, 3, 1, 1, 1, 1), conv.Config);
        Assert.Equal((".NetworkInput", "c.Weight", "c.Bias"), (conv.Input.Id, conv.Weight.Id, conv.Bias.Id));

        var norm = Assert.IsType<BatchNormForward>(Assert.Single(program.ForwardOps("bn")));
        Assert.Equal(new BatchNormConfig("bn", 4, 64, 0.1, 1e-5), norm.Config);
        Assert.Equal(("bn.SavedMean", "bn.RunningVariance"), (norm.SavedMean.Id, norm.RunningVariance.Id));

        var dropout = Assert.IsType<DropoutForward>(Assert.Single(program.ForwardOps("drop")));
        Assert.Equal((0.25, "drop.Mask"), (dropout.Config.Rate, dropout.Mask.Id));
        Assert.Equal(new GlobalAvgPoolConfig(4, 64), Assert.IsType<GlobalAvgPoolForward>(Assert.Single(program.ForwardOps("g"))).Config);

        // No bias: the kernel gets an empty span, and its gradient an empty one too.
        var dense = Assert.IsType<DenseBackward>(Assert.Single(program.BackwardStep("d").Ops));
        Assert.Equal((new DenseConfig(4, 2), ValueRole.Empty), (dense.Config, dense.BiasGradient.Role));
        Assert.Equal(ValueRole.EmptyReadOnly, Assert.IsType<DenseForward>(Assert.Single(program.ForwardOps("d"))).Bias.Role);
    }

    [Fact]
    public void MaxPoolingRecordsWinnersInTheNarrowestType()
    {
        var small = Lowered.Program("""[Network(1, 8, 8)] [MaxPool2D(2, Name = "p")] [Dense(2)]""");
        Assert.Equal(ElementType.UInt8, Assert.IsType<MaxPool2DForward>(Assert.Single(small.ForwardOps("p"))).Argmax.Element);
        var wide = Lowered.Program("""[Network(1, 20, 20)] [MaxPool2D(17, Name = "p")] [Dense(2)]""");
        Assert.Equal(ElementType.UInt16, Assert.IsType<MaxPool2DForward>(Assert.Single(wide.ForwardOps("p"))).Argmax.Element);
    }

    [Fact]
    public void GlobalMaxPoolingKeepsIntIndicesForItsBackward()
    {
        var program = Lowered.Program("""[Network(3, 5, 4)] [GlobalMaxPool(Name = "g")] [Dense(2)]""");
        var forward = Assert.IsType<GlobalMaxPoolForward>(Assert.Single(program.ForwardOps("g")));
        Assert.Equal((new GlobalMaxPoolConfig(3, 20), ElementType.Int32, "g.Argmax"), (forward.Config, forward.Argmax.Element, forward.Argmax.Id));
        var backward = Assert.IsType<GlobalMaxPoolBackward>(Assert.Single(program.BackwardStep("g").Ops));
        Assert.Equal(forward.Argmax, backward.Argmax);
    }

    [Fact]
    public void FrozenLayersBelowEveryTrainableOneOnlyServeTheInputGradient()
    {
        var program = Lowered.Program("""[Network(3, 8, 8)] [Conv2D(4, 3, Name = "c", Trainable = false)] [BatchNorm(Name = "bn", Trainable = false)] [ReLU(Name = "r")] [Dense(2, Name = "d")]""");
        // The head trains; the frozen stem's backward runs only for a caller who asks for the input gradient.
        Assert.Equal(BackwardGuard.Always, program.BackwardStep("d").Guard);
        var steps = program.Backward.Select(s => s.Layer.Name).ToList();
        var returnBefore = program.Backward.Single(s => s.Guard == BackwardGuard.ReturnBefore);
        Assert.Equal("d", returnBefore.FirstTrainable);
        Assert.All(new[] { "c", "bn" }, name => Assert.True(steps.IndexOf(name) >= steps.IndexOf(returnBefore.Layer.Name), $"{name} runs after the early return"));
        var conv = Assert.IsType<Conv2DBackward>(Assert.Single(program.BackwardStep("c").Ops));
        Assert.Equal((ValueRole.Empty, ValueRole.Empty), (conv.WeightGradient.Role, conv.BiasGradient.Role));
    }

    [Fact]
    public void AFrozenLayerBetweenTrainableOnesPassesTheGradientAndComputesNoneOfItsOwn()
    {
        var program = Lowered.Program("""[Network(6)] [Dense(5, Name = "a")] [Dense(4, Name = "f", Trainable = false)] [Dense(2, Name = "b")]""");
        var step = program.BackwardStep("f");
        Assert.Equal(BackwardGuard.Always, step.Guard);
        // The kernel gets empty parameter gradients: it computes only the input gradient, and Gradients keeps its zeros.
        var dense = Assert.IsType<DenseBackward>(Assert.Single(step.Ops));
        Assert.Equal((ValueRole.Empty, ValueRole.Empty, ValueRole.Gradient), (dense.WeightGradient.Role, dense.BiasGradient.Role, dense.InputGradient.Role));
        Assert.DoesNotContain(program.Backward.SelectMany(s => s.Ops).SelectMany(op => op.Values()), v => v.Owner == "f" && v.Role is ValueRole.WeightGradient or ValueRole.BiasGradient);
        var trainable = Assert.IsType<DenseBackward>(Assert.Single(program.BackwardStep("a").Ops));
        Assert.Equal((ValueRole.WeightGradient, ValueRole.BiasGradient), (trainable.WeightGradient.Role, trainable.BiasGradient.Role));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFrozenBatchNormNormalisesWithItsRunningStatisticsAndBackPropagatesThroughThem(bool trainable)
    {
        var program = Lowered.Program($$"""[Network(3, 4, 4)] [Conv2D(2, 3, Padding = 1, Name = "c")] [BatchNorm(Name = "bn", Frozen = true, Trainable = {{(trainable ? "true" : "false")}})] [Dense(2)]""");
        var forward = Assert.IsType<BatchNormForward>(Assert.Single(program.ForwardOps("bn")));
        Assert.Equal(new BatchNormConfig("bn", 2, 16, 0.1, 1e-5, FrozenStatistics: true), forward.Config);
        var norm = Assert.IsType<BatchNormInferenceBackward>(Assert.Single(program.BackwardStep("bn").Ops));
        // Gamma and beta gradients only when the layer also trains.
        var gradient = trainable ? (ValueRole.WeightGradient, ValueRole.BiasGradient) : (ValueRole.Empty, ValueRole.Empty);
        Assert.Equal(("bn.RunningMean", "bn.RunningVariance", gradient), (norm.RunningMean.Id, norm.RunningVariance.Id, (norm.GammaGradient.Role, norm.BetaGradient.Role)));
        Assert.Equal(ValueRole.Gradient, norm.InputGradient.Role);
    }
}
