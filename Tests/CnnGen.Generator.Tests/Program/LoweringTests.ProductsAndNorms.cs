using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>The typed ops of the products, learnable scales and normalisations of DESIGN §2c.</summary>
public partial class LoweringTests
{
    [Fact]
    public void MultiplyBroadcastsAGateAndSendsASummedGradientThroughTheScratch()
    {
        var program = Lowered.Program("""
            [Network(3, 5, 4)] [Conv2D(4, 3, Padding = 1, Name = "c")] [GlobalAvgPool(Name = "g")] [Dense(4, Name = "gate")]
            [Multiply("gate", "c", Name = "se")] [Multiply("se", "c", Name = "sq")] [Dense(2)]
            """);
        var se = Assert.IsType<MultiplyForward>(Assert.Single(program.ForwardOps("se")));
        Assert.Equal((new MultiplyConfig(true, 4, 20), "c.Activation", "gate.Activation"), (se.Config, se.A.Id, se.B.Id));
        var sq = Assert.IsType<MultiplyForward>(Assert.Single(program.ForwardOps("sq")));
        Assert.False(sq.Config.Broadcast);

        // 'c' is read by g (its gradient's writer), se and sq: sq's backward runs first and overwrites the skip
        // gradient, se's writes the scratch, which is then added to it.
        var seBackward = program.BackwardStep("se").Ops;
        var gate = Assert.IsType<MultiplyBackward>(seBackward[0]);
        Assert.Equal(("gate.Gradient", ".Empty"), (gate.BGradient.Id, gate.AGradient.Id));
        var image = Assert.IsType<MultiplyBackward>(seBackward[1]);
        Assert.Equal(("c.Scratch", ".Empty"), (image.AGradient.Id, image.BGradient.Id));
        var sum = Assert.IsType<AccumulateGradient>(seBackward[2]);
        Assert.Equal(("c.Scratch", "c.SkipGradient"), (sum.Scratch.Id, sum.Target.Id));
        var sqImage = Assert.IsType<MultiplyBackward>(program.BackwardStep("sq").Ops[1]);
        Assert.Equal("c.SkipGradient", sqImage.BGradient.Id);
    }

    [Fact]
    public void PReLUAndScaleRunTheirPerChannelKernelsOnTheirOwnWeights()
    {
        var program = Lowered.Program("""[Network(3, 5, 4)] [PReLU(Channels = 3, Name = "p")] [Scale(Name = "s")] [Flatten] [PReLU(Name = "q")] [Dense(2)]""");
        var prelu = Assert.IsType<PerChannelForward>(Assert.Single(program.ForwardOps("p")));
        Assert.Equal((PerChannelKernel.PReLU, new PerChannelConfig(3, 20), "p.Weight"), (prelu.Kernel, prelu.Config, prelu.Weight.Id));
        var scale = Assert.IsType<PerChannelBackward>(Assert.Single(program.BackwardStep("s").Ops));
        Assert.Equal((PerChannelKernel.Scale, "s.WeightGradient", "p.Gradient"), (scale.Kernel, scale.WeightGradient.Id, scale.InputGradient.Id));
        var onVector = Assert.IsType<PerChannelForward>(Assert.Single(program.ForwardOps("q")));
        Assert.Equal(new PerChannelConfig(60, 1), onVector.Config);
    }

    [Fact]
    public void StochasticDepthKeepsOneMaskFactorPerSample()
    {
        var program = Lowered.Program("""[Network(3, 5, 4)] [Conv2D(2, 3, Name = "c")] [StochasticDepth(0.25, Name = "sd")] [Dense(2)]""");
        var forward = Assert.IsType<StochasticDepthForward>(Assert.Single(program.ForwardOps("sd")));
        Assert.Equal((new StochasticDepthConfig(0.25, 12), "sd.ChannelMask"), (forward.Config, forward.Mask.Id));
        var backward = Assert.IsType<StochasticDepthBackward>(Assert.Single(program.BackwardStep("sd").Ops));
        Assert.Equal(("sd.ChannelMask", "c.Gradient"), (backward.Mask.Id, backward.InputGradient.Id));
    }

    [Fact]
    public void NormalisationsSaveTheirStatisticsAndInstanceNormWithoutAffineHasNoGamma()
    {
        var program = Lowered.Program("""
            [Network(6, 5, 4)] [LayerNorm(Name = "ln")] [GroupNorm(3, Name = "gn")] [InstanceNorm(Name = "in")] [Dense(2)]
            """);
        var layerNorm = Assert.IsType<NormForward>(Assert.Single(program.ForwardOps("ln")));
        Assert.Equal((new NormConfig(NormKernel.LayerNorm, 6, 0, 20, 1e-5), "ln.Weight", "ln.SavedMean"), (layerNorm.Config, layerNorm.Gamma.Id, layerNorm.SavedMean.Id));
        var groupNorm = Assert.IsType<NormForward>(Assert.Single(program.ForwardOps("gn")));
        Assert.Equal(new NormConfig(NormKernel.GroupNorm, 6, 3, 20, 1e-5), groupNorm.Config);
        var instance = Assert.IsType<NormBackward>(Assert.Single(program.BackwardStep("in").Ops));
        Assert.Equal((new NormConfig(NormKernel.GroupNorm, 6, 6, 20, 1e-5), ".EmptyReadOnly", ".Empty", ".Empty"),
            (instance.Config, instance.Gamma.Id, instance.GammaGradient.Id, instance.BetaGradient.Id));
    }
}
