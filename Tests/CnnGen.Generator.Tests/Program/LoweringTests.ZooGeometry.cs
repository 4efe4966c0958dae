using CnnGen.Generator.Program;

namespace CnnGen.Generator.Tests.Program;

// The zoo's geometry layers (DESIGN §2c).
public partial class LoweringTests
{
    [Fact]
    public void RectangularWindowsCarryTheirWidthValuesOnlyWhereTheyDiffer()
    {
        var program = Lowered.Program("""
            [Network(3, 10, 8)] [Conv2D(4, 1, 7, PaddingWidth = 3, DilationHeight = 2, Name = "c")] [MaxPool2D(3, 2, PaddingHeight = 1, Name = "p")]
            [ConvTranspose2D(2, 2, 3, StrideWidth = 2, Name = "t")] [Conv2D(2, 3, Padding = 1, Name = "square")] [Dense(2)]
            """);
        var conv = Assert.IsType<Conv2DForward>(Assert.Single(program.ForwardOps("c")));
        Assert.Equal(new Conv2DConfig("c", 3, 10, 8, 4, 1, 1, 0, 1, 2) { KernelWidth = 7, PaddingWidth = 3, DilationWidth = 1 }, conv.Config);
        var pool = Assert.IsType<MaxPool2DForward>(Assert.Single(program.ForwardOps("p")));
        Assert.Equal(new Pool2DConfig("p", 4, 10, 8, 3, 3, 1, false, true) { SizeWidth = 2, StrideWidth = 2, PaddingWidth = 0 }, pool.Config);
        var transposed = Assert.IsType<ConvTranspose2DForward>(Assert.Single(program.ForwardOps("t")));
        Assert.Equal(new ConvTranspose2DConfig("t", 4, 4, 4, 2, 2, 1, 0, 0) { KernelWidth = 3, StrideWidth = 2 }, transposed.Config);
        var square = Assert.IsType<Conv2DForward>(Assert.Single(program.ForwardOps("square")));
        Assert.Equal(new Conv2DConfig("square", 2, 5, 9, 2, 3, 1, 1, 1, 1), square.Config);
    }

    [Fact]
    public void ZeroPaddingLowersToItsPadGeometry()
    {
        var program = Lowered.Program("""[Network(3, 5, 4)] [ZeroPad2D(1, 2, 0, 3, Name = "z")] [Dense(2)]""");
        var forward = Assert.IsType<ZeroPad2DForward>(Assert.Single(program.ForwardOps("z")));
        Assert.Equal(new PadConfig("z", 3, 5, 4, 1, 2, 0, 3), forward.Config);
        var backward = Assert.IsType<ZeroPad2DBackward>(Assert.Single(program.BackwardStep("z").Ops));
        Assert.Equal((forward.Config, "z.Gradient"), (backward.Config, backward.OutputGradient.Id));
    }

    [Fact]
    public void AdaptiveMaxPoolingKeepsIntIndicesForItsBackward()
    {
        var program = Lowered.Program("""[Network(3, 7, 5)] [AdaptiveMaxPool2D(3, 2, Name = "m")] [AdaptiveAvgPool2D(1, Name = "a")] [Dense(2)]""");
        var max = Assert.IsType<AdaptiveMaxPool2DForward>(Assert.Single(program.ForwardOps("m")));
        Assert.Equal((new AdaptivePoolConfig("m", 3, 7, 5, 3, 2), ElementType.Int32, "m.Argmax"), (max.Config, max.Argmax.Element, max.Argmax.Id));
        Assert.Equal(max.Argmax, Assert.IsType<AdaptiveMaxPool2DBackward>(Assert.Single(program.BackwardStep("m").Ops)).Argmax);
        var average = Assert.IsType<AdaptiveAvgPool2DForward>(Assert.Single(program.ForwardOps("a")));
        Assert.Equal(new AdaptivePoolConfig("a", 3, 3, 2, 1, 1), average.Config);
    }

    [Fact]
    public void NarrowAndChannelShuffleLowerToTheirChannelOps()
    {
        var program = Lowered.Program("""[Network(6, 3, 2)] [Narrow(2, 4, Name = "n")] [ChannelShuffle(2, Name = "s")] [Dense(5, Name = "d")] [Narrow(1, 3, Name = "v")]""");
        Assert.Equal(new NarrowConfig(6, 2, 4, 6), Assert.IsType<NarrowForward>(Assert.Single(program.ForwardOps("n"))).Config);
        Assert.Equal(new ChannelShuffleConfig(4, 2, 6), Assert.IsType<ChannelShuffleForward>(Assert.Single(program.ForwardOps("s"))).Config);
        Assert.Equal(new NarrowConfig(5, 1, 3, 1), Assert.IsType<NarrowForward>(Assert.Single(program.ForwardOps("v"))).Config);
        Assert.IsType<ChannelShuffleBackward>(Assert.Single(program.BackwardStep("s").Ops));
    }
}
