using CnnGen.Generator.Passes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>
/// The inference passes: which batch norms Forward folds into the layer before them, which ReLUs the layer before applies,
/// what Forward's steps and derived weights then hold, and that the training program is untouched.
/// </summary>
public class InferenceFusionPassTests
{
    static InferenceFusionDecision[] Decisions(string attributes)
    {
        var plan = Lowered.Plan(attributes);
        var sums = new GradientSums(plan);
        return new InferenceFusion(plan, sums, new Fusion(plan, sums)).Decisions().ToArray();
    }

    static IEnumerable<Op> InferenceOps(NetworkProgram program, string layer) => program.Inference.Single(s => s.Layer.Name == layer).Ops;

    [Fact]
    public void BatchNormAfterAConvolutionIsFoldedAndTheReLUAfterItBecomesTheEpilogue()
    {
        const string net = """[Network(2, 8, 8)] [Conv2D(4, 3, Bias = false, Name = "c")] [BatchNorm(Name = "bn", Epsilon = 0.001)] [ReLU(Name = "r")] [Dense(2)]""";
        Assert.Equal([new InferenceFusionDecision(InferenceFusionKind.BatchNormIntoProduct, 0, 1), new InferenceFusionDecision(InferenceFusionKind.ReLUAfterFoldedBatchNorm, 0, 2)],
            Decisions(net));

        var program = Lowered.Program(net);
        var conv = Assert.IsType<Conv2DForward>(Assert.Single(InferenceOps(program, "c")));
        Assert.Equal(("bn", "r", "c.FoldedWeight", "c.FoldedBias", "r.Activation"), (conv.FoldedBatchNorm, conv.ReLU, conv.Weight.Id, conv.Bias.Id, conv.Output.Id));
        Assert.Equal(new Fused(FusedNote.FoldedIntoProduct, "c"), Assert.Single(InferenceOps(program, "bn")));
        Assert.Equal(new Fused(FusedNote.AppliedByConvolution, "c"), Assert.Single(InferenceOps(program, "r")));

        // One derivation, from the convolution's weight (no bias) and the batch norm's parameters and statistics.
        var fold = Assert.IsType<FoldBatchNorm>(Assert.Single(program.Derived.Ops));
        Assert.Equal(("bn", 0.001, "c.Weight", ValueRole.EmptyReadOnly, "bn.Weight", "bn.Bias", "bn.RunningMean", "bn.RunningVariance"),
            (fold.Norm.Layer, fold.Norm.Epsilon, fold.Weight.Id, fold.Bias.Role, fold.Gamma.Id, fold.Beta.Id, fold.RunningMean.Id, fold.RunningVariance.Id));
        Assert.Equal([("c.FoldedWeight", 72), ("c.FoldedBias", 4)], program.Derived.Values.Select(v => (v.Id, v.Shape.Length)));

        // Training is untouched: the convolution writes its own map, the batch norm runs.
        Assert.Null(Assert.IsType<Conv2DForward>(Assert.Single(program.ForwardOps("c"))).FoldedBatchNorm);
        Assert.IsType<BatchNormForward>(Assert.Single(program.ForwardOps("bn")));
        // An inference-only instance never writes the raw map nor the normalised one.
        var shared = program.Memory.Inference.SelectMany(b => b.Values).Select(v => v.Id).ToArray();
        Assert.DoesNotContain("c.Activation", shared);
        Assert.DoesNotContain("bn.Activation", shared);
        Assert.Contains("r.Activation", shared);
    }

    [Fact]
    public void BatchNormAfterADenseLayerIsFoldedWithoutAnEpilogue()
    {
        const string net = """[Network(6)] [Dense(4, Name = "d")] [BatchNorm(Name = "bn")] [ReLU(Name = "r")] [Dense(2)]""";
        Assert.Equal([new InferenceFusionDecision(InferenceFusionKind.BatchNormIntoProduct, 0, 1)], Decisions(net));

        var program = Lowered.Program(net);
        var dense = Assert.IsType<DenseForward>(Assert.Single(InferenceOps(program, "d")));
        Assert.Equal(("bn", "d.FoldedWeight", "d.Bias", "bn.Activation"), (dense.FoldedBatchNorm, dense.Weight.Id, ((FoldBatchNorm)program.Derived.Ops[0]).Bias.Id, dense.Output.Id));
        Assert.IsType<ActivationForward>(Assert.Single(InferenceOps(program, "r")));
    }

    [Fact]
    public void AConvolutionReadByAnotherLayerKeepsItsBatchNorm()
    {
        // c feeds the batch norm and the Add: its raw map is needed, so nothing folds, and Forward runs the training steps in inference mode.
        const string net = """[Network(4, 6, 6)] [Conv2D(4, 3, Padding = 1, Name = "c")] [BatchNorm(Name = "bn")] [Add("c")] [Dense(2)]""";
        Assert.Empty(Decisions(net));
        var program = Lowered.Program(net);
        Assert.False(program.HasOwnInference);
        Assert.True(program.Derived.IsEmpty);
    }

    [Fact]
    public void AReLUAfterATwoOperandAddIsAppliedByTheAdd()
    {
        const string net = """[Network(4, 6, 6)] [Conv2D(4, 3, Padding = 1, Name = "a")] [Conv2D(4, 3, Padding = 1, Name = "b")] [Add("a", Name = "sum")] [ReLU(Name = "r")] [Dense(2)]""";
        Assert.Equal([new InferenceFusionDecision(InferenceFusionKind.AddReLU, 2, 3)], Decisions(net));

        var program = Lowered.Program(net);
        var add = Assert.IsType<Add>(Assert.Single(InferenceOps(program, "sum")));
        Assert.Equal(("r", "b.Activation", "a.Activation", "r.Activation"), (add.ReLU, add.A.Id, add.B.Id, add.Output.Id));
        Assert.Equal(new Fused(FusedNote.AppliedByAdd, "sum"), Assert.Single(InferenceOps(program, "r")));
        Assert.True(program.Derived.IsEmpty);
        Assert.Null(Assert.IsType<Add>(Assert.Single(program.ForwardOps("sum"))).ReLU);
    }

    [Fact]
    public void AReLUFoldedIntoTheMaxPoolingAfterItStaysThere()
    {
        const string net = """[Network(2, 8, 8)] [Conv2D(4, 3, Name = "c")] [BatchNorm(Name = "bn")] [ReLU(Name = "r")] [MaxPool2D(2, Name = "p")] [Dense(2)]""";
        Assert.Equal([new InferenceFusionDecision(InferenceFusionKind.BatchNormIntoProduct, 0, 1)], Decisions(net));

        var program = Lowered.Program(net);
        var conv = Assert.IsType<Conv2DForward>(Assert.Single(InferenceOps(program, "c")));
        Assert.Equal(("bn.Activation", null), (conv.Output.Id, conv.ReLU));
        var pool = Assert.IsType<MaxPool2DForward>(Assert.Single(InferenceOps(program, "p")));
        Assert.Equal(("r", "bn.Activation"), (pool.AfterReLU, pool.Input.Id));
    }

    [Fact]
    public void AThreeOperandAddKeepsItsReLU()
    {
        const string net = """[Network(4, 6, 6)] [Conv2D(4, 3, Padding = 1, Name = "a")] [Conv2D(4, 3, Padding = 1, Name = "b")] [Add("a", "b", "input", Name = "sum")] [ReLU(Name = "r")] [Dense(2)]""";
        Assert.Empty(Decisions(net));
    }
}
