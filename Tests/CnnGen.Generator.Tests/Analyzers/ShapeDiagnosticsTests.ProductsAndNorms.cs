using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>The range and shape errors of the products, learnable scales and normalisations of DESIGN §2c.</summary>
public partial class ShapeDiagnosticsTests
{
    [Fact]
    public Task MultiplyOfAGateWithOtherChannelsShowsTheCounts() => Analyzer("""
        [Network(3, 6, 6)]
        [Conv2D(8, 3, Padding = 1, Name = "c")]
        [GlobalAvgPool]
        [Dense(6, Name = "gate")]
        [Multiply("c", {|#0:"gate"|})]
        [GlobalAvgPool]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("multiply1 (Multiply of c, gate)", "from",
            "two outputs of one shape, or an image (C, H, W) and one factor per channel ((C) or (C, 1, 1), the same C)",
            "'c' (8, 6, 6), 'gate' (6) (6 factors for 8 channels)"));

    [Fact]
    public Task MultiplyOfThreeOperandsIsReportedOnTheThird() => Analyzer("""
        [Network(4)]
        [Dense(4, Name = "a")]
        [Dense(4, Name = "b")]
        [Multiply("a", "b", {|#0:"input"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("multiply1 (Multiply of a, b, input)", "from",
            "one name (the previous output times it) or two names (a product of two operands)", "3 names"));

    [Fact]
    public Task PReLUWithNeitherOneNorEverySlopeShowsTheChannels() => Analyzer("""
        [Network(3, 6, 6)]
        [Conv2D(8, 3)]
        [PReLU({|#0:Channels = 3|})]
        [GlobalAvgPool]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("prelu1 (PReLU, 3 slopes)", "Channels", "1 or the input's channels (8 for input (8, 4, 4))", "3"));

    [Fact]
    public Task PReLUWithNoSlopeIsANonPositiveSize() => Analyzer("""
        [Network(4)]
        [PReLU({|#0:Channels = 0|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("prelu1 (PReLU, 0 slopes)", "Channels", "0"));

    [Fact]
    public Task StochasticDepthRateOfOneIsReportedOnP() => Analyzer("""
        [Network(4)]
        [Dense(4)]
        [StochasticDepth({|#0:1.0|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0103").WithLocation(0).WithArguments("stochasticdepth1 (StochasticDepth 1)", "1"));

    [Fact]
    public Task GroupNormWithGroupsThatDoNotDivideTheChannelsShowsTheRemainder() => Analyzer("""
        [Network(3, 6, 6)]
        [Conv2D(6, 3)]
        [GroupNorm({|#0:4|})]
        [GlobalAvgPool]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("groupnorm1 (GroupNorm 4 groups, eps 1E-05)", "groups",
            "a divisor of the input's 6 channels (input (6, 4, 4): 6 mod 4 = 2)", "4"));

    [Fact]
    public Task GroupNormWithNoGroupIsANonPositiveSize() => Analyzer("""
        [Network(4)]
        [GroupNorm({|#0:0|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("groupnorm1 (GroupNorm 0 groups, eps 1E-05)", "groups", "0"));

    [Fact]
    public Task LayerNormWithAZeroEpsilonIsReportedOnIt() => Analyzer("""
        [Network(4)]
        [LayerNorm({|#0:Epsilon = 0|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("layernorm1 (LayerNorm, eps 0)", "Epsilon", "positive and finite", "0"));

    [Fact]
    public Task InstanceNormOnAVectorNeedsAnImage() => Analyzer("""
        [Network(3, 4, 4)]
        [Flatten]
        [{|#0:InstanceNorm|}]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("instancenorm1 (InstanceNorm, eps 1E-05)", "(48)",
            "it normalises each channel over height and width; move it before the layer that flattened the image"));
}
