using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>The memory plan: which buffers exist, who owns them, and the values views alias.</summary>
public class MemoryPlanPassTests
{
    [Fact]
    public void FlattenIsAViewOfItsSourcesBuffers()
    {
        const string net = """[Network(1, 6, 6)] [Conv2D(2, 3, Name = "c")] [Flatten(Name = "f")] [Dense(3, Name = "d")] [SoftmaxCrossEntropy]""";
        var program = Lowered.Program(net);

        Assert.Equal(new ViewOf(Flatten: true), Assert.Single(program.ForwardOps("f")));
        var dense = Assert.IsType<DenseForward>(Assert.Single(program.ForwardOps("d")));
        Assert.Equal("c.Activation", dense.Input.Id);
        // Dense writes the gradient of c's output straight through the view, which has no backward step.
        Assert.Equal("c.Gradient", Assert.IsType<DenseBackward>(Assert.Single(program.BackwardStep("d").Ops)).InputGradient.Id);
        Assert.DoesNotContain(program.Backward, s => s.Layer.Name == "f");
        Assert.Equal(["c.Activation", "d.Activation", "c.Gradient", "d.Gradient"], program.BufferIds());
    }

    [Fact]
    public void SimpleConvNetKeepsOneBufferPerValueItWritesAndNoneForFusedValues()
    {
        const string net = """
            [Network(1, 28, 28)] [Conv2D(30, 5, Name = "c")] [ReLU(Name = "r")] [MaxPool2D(2, Name = "p")]
            [Dense(100, Name = "d1")] [ReLU(Name = "r2")] [Dense(10, Name = "d2")] [SoftmaxCrossEntropy]
            """;
        var program = Lowered.Program(net);

        // r is folded into p; Dense has no ReLU epilogue, so d1 and r2 both keep their outputs.
        Assert.Equal(
            ["c.Activation", "p.Activation", "d1.Activation", "r2.Activation", "d2.Activation",
             "c.Gradient", "p.Gradient", "d1.Gradient", "r2.Gradient", "d2.Gradient"],
            program.BufferIds());
        Assert.Equal(0, program.Memory.ScratchLength);
        Assert.False(program.Memory.HasInputSkip);
        Assert.Equal(("d2.Activation", "d2.Gradient"), (program.Output.Id, program.OutputGradient?.Id));
    }

    [Fact]
    public void ANetworkOfViewsOnlyHasTheInputAsItsOutput()
    {
        var program = Lowered.Program("""[Network(2, 3, 3)] [Flatten]""");
        Assert.Equal(ValueRole.NetworkInput, program.Output.Role);
        Assert.Null(program.OutputGradient);
        Assert.Empty(program.Memory.Buffers);
    }

    [Fact]
    public void AnInferenceOnlyInstanceSharesABufferBetweenActivationsWhoseLifetimesDoNotOverlap()
    {
        const string net = """
            [Network(1, 28, 28)] [Conv2D(30, 5, Name = "c")] [ReLU(Name = "r")] [MaxPool2D(2, Name = "p")]
            [Dense(100, Name = "d1")] [ReLU(Name = "r2")] [Dense(10, Name = "d2")] [SoftmaxCrossEntropy]
            """;
        var shared = Lowered.Program(net).Memory.Inference;

        // c dies when p has read it, so d1 and then d2 reuse its buffer; p's serves r2 once d1 has read it.
        Assert.Equal([(17280, new[] { "c.Activation", "d1.Activation", "d2.Activation" }), (4320, new[] { "p.Activation", "r2.Activation" })],
            shared.Select(b => (b.Length, b.Values.Select(v => v.Id).ToArray())));
    }

    [Fact]
    public void ActivationsOneStepTouchesNeverShareAndASkipConnectionLivesUntilItsLastReader()
    {
        // r (written by a's ReLU epilogue) is read by b and by the Add two steps later: it keeps its buffer until then,
        // and the Add's operands and output are three buffers; d, born after them all, reuses the first.
        const string net = """[Network(4, 6, 6)] [Conv2D(4, 3, Padding = 1, Name = "a")] [ReLU(Name = "r")] [Conv2D(4, 3, Padding = 1, Name = "b")] [Add("r", Name = "sum")] [Dense(2, Name = "d")]""";
        var shared = Lowered.Program(net).Memory.Inference;

        Assert.Equal([new[] { "r.Activation", "d.Activation" }, ["b.Activation"], ["sum.Activation"]], shared.Select(b => b.Values.Select(v => v.Id).ToArray()));
        Assert.All(shared, b => Assert.Equal(144, b.Length));
    }
}
