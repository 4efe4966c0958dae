using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

/// <summary>The Winograd choice: which convolutions Forward runs by Winograd, over which derived filters; training keeps the direct kernel.</summary>
public class WinogradPassTests
{
    static IEnumerable<Op> InferenceOps(NetworkProgram program, string layer) => program.Inference.Single(s => s.Layer.Name == layer).Ops;

    [Fact]
    public void An_eligible_convolution_runs_by_Winograd_in_Forward_over_derived_filters()
    {
        const string net = """[Network(64, 14, 14)] [Conv2D(96, 3, Padding = 1, Name = "c")] [ReLU(Name = "r")] [Dense(2)]""";
        var program = Lowered.Program(net);
        var winograd = Assert.IsType<WinogradConv2DForward>(Assert.Single(InferenceOps(program, "c")));
        Assert.Equal(("r", "c.WinogradFilters", "r.Activation"), (winograd.ReLU, winograd.Transformed.Id, winograd.Output.Id));
        var derivation = Assert.IsType<WinogradFilters>(Assert.Single(program.Derived.Ops));
        Assert.Equal(("c.Weight", "c.WinogradFilters"), (derivation.Weight.Id, derivation.Transformed.Id));
        // (4 + 2)² coordinates × 64 channels × 96 filters (a multiple of 32).
        Assert.Equal(36 * 64 * 96, Assert.Single(program.Derived.Values).Shape.Length);
        // Training keeps the direct kernel.
        Assert.IsType<Conv2DForward>(Assert.Single(program.ForwardOps("c")));
    }

    [Fact]
    public void A_folded_batch_norm_is_folded_before_the_filters_are_transformed()
    {
        const string net = """[Network(64, 14, 14)] [Conv2D(64, 3, Padding = 1, Bias = false, Name = "c")] [BatchNorm(Name = "bn")] [ReLU(Name = "r")] [Dense(2)]""";
        var program = Lowered.Program(net);
        var winograd = Assert.IsType<WinogradConv2DForward>(Assert.Single(InferenceOps(program, "c")));
        Assert.Equal(("bn", "r", "c.FoldedBias"), (winograd.FoldedBatchNorm, winograd.ReLU, winograd.Bias.Id));
        Assert.Collection(program.Derived.Ops,
            fold => Assert.Equal("c.FoldedWeight", Assert.IsType<FoldBatchNorm>(fold).FoldedWeight.Id),
            transform => Assert.Equal(("c.FoldedWeight", "c.WinogradFilters"), (Assert.IsType<WinogradFilters>(transform).Weight.Id, ((WinogradFilters)transform).Transformed.Id)));
    }

    [Theory]
    [InlineData("[Network(32, 14, 14)] [Conv2D(64, 3, Padding = 1, Name = \"c\")] [Dense(2)]")]               // too few channels
    [InlineData("[Network(64, 14, 14)] [Conv2D(32, 3, Padding = 1, Name = \"c\")] [Dense(2)]")]               // too few filters
    [InlineData("[Network(64, 8, 8)] [Conv2D(64, 3, Padding = 1, Name = \"c\")] [Dense(2)]")]                 // an 8×8 output
    [InlineData("[Network(64, 14, 14)] [Conv2D(64, 3, Stride = 2, Padding = 1, Name = \"c\")] [Dense(2)]")]   // strided
    [InlineData("[Network(64, 14, 14)] [Conv2D(64, 3, Padding = 2, Dilation = 2, Name = \"c\")] [Dense(2)]")] // dilated
    [InlineData("[Network(64, 14, 14)] [Conv2D(64, 3, Padding = 1, Groups = 2, Name = \"c\")] [Dense(2)]")]   // grouped
    [InlineData("[Network(64, 14, 14)] [Conv2D(64, 5, Padding = 2, Name = \"c\")] [Dense(2)]")]               // 5×5
    public void Other_convolutions_keep_the_direct_kernel_and_derive_nothing(string net)
    {
        var program = Lowered.Program(net);
        Assert.IsType<Conv2DForward>(Assert.Single(InferenceOps(program, "c")));
        Assert.True(program.Derived.IsEmpty);
        Assert.False(program.HasOwnInference);
    }
}
