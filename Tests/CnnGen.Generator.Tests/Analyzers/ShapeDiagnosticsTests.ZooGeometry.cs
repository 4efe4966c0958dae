using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

// The zoo's geometry layers (DESIGN §2c): each range error names the argument that set the value, with the axis's arithmetic.
public partial class ShapeDiagnosticsTests
{
    [Fact]
    public Task ARectangularKernelTallerThanThePaddedInputShowsTheHeightArithmetic() => Analyzer("""
        [Network(1, 4, 12)]
        [{|#0:Conv2D(8, 7, 1, PaddingWidth = 1)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("conv1 (Conv2D 8@7x1, stride 1, padding (0, 1))", "1x4x12", "4 + 2*0 - 7 < 0"));

    [Fact]
    public Task ADilatedWidthWiderThanTheInputShowsTheWidthArithmetic() => Analyzer("""
        [Network(1, 8, 5)]
        [{|#0:Conv2D(8, 3, DilationWidth = 3)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("conv1 (Conv2D 8@3x3, stride 1, padding 0, dilation (1, 3))", "1x8x5", "5 + 2*0 - 3*(3 - 1) - 1 < 0"));

    [Fact]
    public Task ARectangularTransposedConvolutionWithNoOutputShowsTheWidthArithmetic() => Analyzer("""
        [Network(1, 4, 1)]
        [{|#0:ConvTranspose2D(2, 3, 1, PaddingWidth = 1)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("convtranspose1 (ConvTranspose2D 2@3x1, stride 1, padding (0, 1))", "1x4x1",
            "(1 - 1)*1 - 2*1 + 1 + 0 = -1 <= 0"));

    [Fact]
    public Task NonPositiveKernelSidesAreReportedOnTheirOwnArguments() => Analyzer("""
        [Network(1, 8, 8)]
        [Conv2D(8, {|#0:0|}, 3)]
        [MaxPool2D(2, {|#1:-1|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1 (Conv2D 8@0x3, stride 1, padding 0)", "kernelHeight", "0"),
        Diagnostic("CNN0101").WithLocation(1).WithArguments("pool1 (MaxPool2D 2x-1, stride (2, -1), padding 0)", "kernelWidth", "-1"));

    [Fact]
    public Task PerAxisStridePaddingAndDilationAreCheckedOnTheArgumentWritten() => Analyzer("""
        [Network(1, 8, 8)]
        [Conv2D(8, 3, {|#0:StrideWidth = 0|}, {|#1:PaddingHeight = -1|}, {|#2:DilationHeight = 0|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1 (Conv2D 8@3x3, stride (1, 0), padding (-1, 0), dilation (0, 1))", "StrideWidth", "0"),
        Diagnostic("CNN0102").WithLocation(1).WithArguments("conv1 (Conv2D 8@3x3, stride (1, 0), padding (-1, 0), dilation (0, 1))", "-1"),
        Diagnostic("CNN0101").WithLocation(2).WithArguments("conv1 (Conv2D 8@3x3, stride (1, 0), padding (-1, 0), dilation (0, 1))", "DilationHeight", "0"));

    [Fact]
    public Task APoolingPaddingWiderThanHalfItsWindowWidthIsReportedOnPaddingWidth() => Analyzer("""
        [Network(1, 8, 8)]
        [MaxPool2D(3, 2, {|#0:PaddingWidth = 2|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0105").WithLocation(0).WithArguments("pool1 (MaxPool2D 3x2, stride (3, 2), padding (0, 2))", "2", "2"));

    [Fact]
    public Task AStrideThatDropsAColumnIsReportedOnTheWidthStrideWithTheWidthArithmetic() => Analyzer("""
        [Network(1, 9, 8)]
        [Conv2D(8, 1, 3, {|#0:StrideWidth = 2|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@1x3, stride (1, 2), padding 0)", "1x9x8",
            "(8 + 2*0 - 3) = 5 is not a multiple of stride 2", "1", "PaddingWidth = 1 reads every row and column"));

    [Fact]
    public Task AnOutputPaddingAsLargeAsTheSmallerStrideIsReported() => Analyzer("""
        [Network(1, 4, 4)]
        [ConvTranspose2D(2, 3, StrideHeight = 2, {|#0:OutputPadding = 1|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("convtranspose1 (ConvTranspose2D 2@3x3, stride (2, 1), padding 0, output padding 1)", "OutputPadding",
            "at least 0 and smaller than the stride (1)", "1"));

    [Fact]
    public Task ANegativeZeroPaddingIsReportedOnItsSide() => Analyzer("""
        [Network(1, 8, 8)]
        [ZeroPad2D(1, {|#0:-2|}, 0, 1)]
        [ZeroPad2D({|#1:-1|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0102").WithLocation(0).WithArguments("zeropad1 (ZeroPad2D left 1, right -2, top 0, bottom 1)", "-2"),
        Diagnostic("CNN0102").WithLocation(1).WithArguments("zeropad2 (ZeroPad2D left -1, right -1, top -1, bottom -1)", "-1"));

    [Fact]
    public Task ZeroPaddingAVectorIsReported() => Analyzer("""
        [Network(10)]
        [{|#0:ZeroPad2D(1)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("zeropad1 (ZeroPad2D left 1, right 1, top 1, bottom 1)", "(10)",
            "it pads height and width; declare the input as [Network(channels, height, width)]"));

    [Fact]
    public Task AdaptivePoolingToNoRowsOrColumnsIsReportedOnTheSize() => Analyzer("""
        [Network(1, 8, 8)]
        [AdaptiveAvgPool2D({|#0:0|})]
        [AdaptiveMaxPool2D(2, {|#1:-1|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("adaptivepool1 (AdaptiveAvgPool2D to 0x0)", "size", "0"),
        Diagnostic("CNN0101").WithLocation(1).WithArguments("adaptivepool2 (AdaptiveMaxPool2D to 2x-1)", "width", "-1"));

    [Fact]
    public Task AdaptivePoolingAfterFlattenIsReported() => Analyzer("""
        [Network(3, 8, 8)]
        [Flatten]
        [{|#0:AdaptiveAvgPool2D(1)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("adaptivepool1 (AdaptiveAvgPool2D to 1x1)", "(192)",
            "adaptive pooling pools height and width; move it before the layer that flattened the image"));

    [Fact]
    public Task ANarrowPastTheLastChannelShowsTheArithmetic() => Analyzer("""
        [Network(12, 4, 4)]
        [Narrow({|#0:6|}, 8)]
        [Narrow({|#1:-1|}, 2, Input = "input")]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("narrow1 (Narrow channels 6 to 13)", "start",
            "at most 12 - 8 = 4 (the run ends within the 12 input channels)", "6"),
        Diagnostic("CNN0104").WithLocation(1).WithArguments("narrow2 (Narrow channels -1 to 0)", "start", "0 or more", "-1"));

    [Fact]
    public Task ANarrowLongerThanTheChannelsIsReportedOnTheLength() => Analyzer("""
        [Network(12)]
        [Narrow(0, {|#0:20|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("narrow1 (Narrow channels 0 to 19)", "length", "at most the 12 input channels", "20"));

    [Fact]
    public Task AChannelShuffleWhoseGroupsDoNotDivideTheChannelsShowsTheRemainder() => Analyzer("""
        [Network(10, 4, 4)]
        [ChannelShuffle({|#0:4|})]
        [ChannelShuffle({|#1:0|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("channelshuffle1 (ChannelShuffle 4 groups)", "groups", "a divisor of the input channels (10; 10 mod 4 = 2)", "4"),
        Diagnostic("CNN0101").WithLocation(1).WithArguments("channelshuffle2 (ChannelShuffle 0 groups)", "groups", "0"));
}
