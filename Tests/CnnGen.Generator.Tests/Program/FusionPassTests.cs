using CnnGen.Generator.Passes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>The fusion pass: which neighbours run as one kernel, and what the program then holds for each.</summary>
public class FusionPassTests
{
    static FusionDecision[] Decisions(string attributes)
    {
        var plan = Lowered.Plan(attributes);
        return new Fusion(plan, new GradientSums(plan)).Decisions().ToArray();
    }

    [Fact]
    public void ConvolutionThenReLUIsOneKernelWithAReLUEpilogue()
    {
        const string net = """[Network(1, 8, 8)] [Conv2D(4, 3, Name = "c")] [ReLU(Name = "r")] [Dense(2, Name = "d")]""";
        Assert.Equal([new FusionDecision(FusionKind.ConvolutionReLU, 0, 1)], Decisions(net));

        var program = Lowered.Program(net);
        var conv = Assert.IsType<Conv2DForward>(Assert.Single(program.ForwardOps("c")));
        Assert.Equal("r", conv.ReLU);
        Assert.Equal("r.Activation", conv.Output.Id);
        Assert.Equal(new Fused(FusedNote.AppliedByConvolution, "c"), Assert.Single(program.ForwardOps("r")));
        // The raw map is never written, so it has no buffer.
        Assert.DoesNotContain("c.Activation", program.BufferIds());
    }

    [Fact]
    public void ReLUBeforeMaxPoolingIsFoldedIntoThePooling()
    {
        const string net = """[Network(1, 8, 8)] [Conv2D(4, 3, Name = "c")] [ReLU(Name = "r")] [MaxPool2D(2, Name = "p")] [Dense(2)]""";
        Assert.Equal([new FusionDecision(FusionKind.ReLUIntoMaxPool, 1, 2)], Decisions(net));

        var program = Lowered.Program(net);
        var pool = Assert.IsType<MaxPool2DForward>(Assert.Single(program.ForwardOps("p")));
        Assert.Equal(("r", "c.Activation"), (pool.AfterReLU, pool.Input.Id));
        var backward = Assert.IsType<MaxPool2DBackward>(Assert.Single(program.BackwardStep("p").Ops));
        Assert.Equal(("r", "c.Gradient"), (backward.AfterReLU, backward.InputGradient.Id));
        Assert.Equal(new Fused(FusedNote.BackwardDoneBy, "p"), Assert.Single(program.BackwardStep("r").Ops));
        Assert.DoesNotContain(program.BufferIds(), id => id.StartsWith("r.", StringComparison.Ordinal));
    }

    [Fact]
    public void ReLUBeforeConvolutionHasItsBackwardDoneByTheConvolution()
    {
        const string net = """[Network(1, 8, 8)] [Conv2D(4, 3, Name = "a")] [ReLU(Name = "r")] [Conv2D(4, 3, Name = "b")] [Dense(2)]""";
        Assert.Equal([new FusionDecision(FusionKind.ConvolutionReLU, 0, 1), new FusionDecision(FusionKind.ReLUBackwardIntoConvolution, 1, 2)], Decisions(net));

        var program = Lowered.Program(net);
        var backward = Assert.IsType<Conv2DBackward>(Assert.Single(program.BackwardStep("b").Ops));
        Assert.Equal(("r", "a.Gradient"), (backward.ThroughReLU, backward.InputGradient.Id));
        Assert.DoesNotContain("r.Gradient", program.BufferIds());
    }

    [Fact]
    public void AReLUReadByASecondLayerKeepsItsBackward()
    {
        // r is read by b and by the Add: the convolution's backward cannot stand in for r's.
        const string net = """[Network(4, 6, 6)] [Conv2D(4, 3, Padding = 1, Name = "a")] [ReLU(Name = "r")] [Conv2D(4, 3, Padding = 1, Name = "b")] [Add("r")] [Dense(2)]""";
        Assert.Equal([new FusionDecision(FusionKind.ConvolutionReLU, 0, 1)], Decisions(net));

        var program = Lowered.Program(net);
        Assert.Null(Assert.IsType<Conv2DBackward>(program.BackwardStep("b").Ops[0]).ThroughReLU);
        Assert.IsType<ActivationBackward>(program.BackwardStep("r").Ops[0]);
    }
}
