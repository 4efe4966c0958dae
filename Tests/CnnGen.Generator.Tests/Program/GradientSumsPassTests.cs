using CnnGen.Generator.Passes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>The gradient-sums pass: the primary read writes a gradient, the others sum into its skip gradient in a fixed order.</summary>
public class GradientSumsPassTests
{
    [Fact]
    public void TheEarliestReaderWritesTheGradientAndTheOthersTheSkipGradient()
    {
        const string net = """[Network(4, 6, 6)] [Conv2D(4, 3, Padding = 1, Name = "a")] [ReLU(Name = "r")] [Conv2D(4, 3, Padding = 1, Name = "b")] [Add("r", Name = "sum")] [Dense(2)]""";
        var plan = Lowered.Plan(net);
        var sums = new GradientSums(plan);
        int r = plan.Index("r"), b = plan.Index("b"), sum = plan.Index("sum");

        Assert.Equal(new GradientSums.Target(r, IntoSkip: false, Accumulate: false), sums.TargetOf(b, 0));
        Assert.Equal(new GradientSums.Target(r, IntoSkip: true, Accumulate: false), sums.TargetOf(sum, 1));
        Assert.Equal([r], sums.SkipsCollectedAfter(b));

        // The program adds the skip gradient right after b's backward, the last of r's readers to run.
        var program = Lowering.Lower(plan, CancellationToken.None);
        var collect = Assert.IsType<CollectSkipGradient>(program.BackwardStep("b").Ops[^1]);
        Assert.Equal(("r.SkipGradient", "r.Gradient", true), (collect.Skip.Id, collect.Target.Id, collect.OnlyAnAdd));
        Assert.Contains("r.SkipGradient", program.BufferIds());
    }

    [Fact]
    public void SecondaryReadsRunInBackwardOrderTheFirstOverwritesTheRestAdd()
    {
        // a is read by b, c and the Add: b writes a's gradient; the Add (later, so its backward runs first) overwrites
        // the skip gradient and c adds to it, whatever the thread count.
        const string net = """
            [Network(2, 4, 4)] [Conv2D(2, 1, Name = "a")] [Conv2D(2, 1, Name = "b")] [Conv2D(2, 1, Input = "a", Name = "c")]
            [Add("b", "c", "a", Name = "sum")] [Dense(2)]
            """;
        var plan = Lowered.Plan(net);
        var sums = new GradientSums(plan);
        int a = plan.Index("a");

        Assert.Equal(new GradientSums.Target(a, IntoSkip: false, Accumulate: false), sums.TargetOf(plan.Index("b"), 0));
        Assert.Equal(new GradientSums.Target(a, IntoSkip: true, Accumulate: false), sums.TargetOf(plan.Index("sum"), 2));
        Assert.Equal(new GradientSums.Target(a, IntoSkip: true, Accumulate: true), sums.TargetOf(plan.Index("c"), 0));

        // c's kernel overwrites, so it writes the scratch, which is then added to the skip gradient.
        var program = Lowering.Lower(plan, CancellationToken.None);
        var ops = program.BackwardStep("c").Ops;
        Assert.Equal("a.Scratch", Assert.IsType<Conv2DBackward>(ops[0]).InputGradient.Id);
        var accumulate = Assert.IsType<AccumulateGradient>(ops[1]);
        Assert.Equal(("a.Scratch", "a.SkipGradient"), (accumulate.Scratch.Id, accumulate.Target.Id));
        Assert.True(program.Memory.ScratchLength > 0);
    }

    [Fact]
    public void AParameterFreeStemRunsOnlyWhenTheInputGradientIsWanted()
    {
        const string net = """[Network(2, 8, 8)] [AvgPool2D(2, Name = "p")] [Conv2D(2, 1, Name = "c")] [Dense(2, Name = "d")]""";
        var plan = Lowered.Plan(net);
        var sums = new GradientSums(plan);
        Assert.True(sums.ServesOnlyInput(plan.Index("p")));
        Assert.False(sums.ServesOnlyInput(plan.Index("c")));

        var program = Lowering.Lower(plan, CancellationToken.None);
        Assert.Equal(["d", "c", "p"], program.Backward.Select(s => s.Layer.Name));
        var stem = program.BackwardStep("p");
        Assert.Equal((BackwardGuard.ReturnBefore, "c"), (stem.Guard, stem.FirstTrainable));
        // c's backward runs in every pass: it writes p's gradient only when the caller wants the input gradient.
        var conv = Assert.IsType<Conv2DBackward>(Assert.Single(program.BackwardStep("c").Ops));
        Assert.True(conv.InputGradient.OnlyWhenInputGradientWanted);
        Assert.Equal("p.Gradient", conv.InputGradient.Id);
    }
}
