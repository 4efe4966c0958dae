using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>Argument and shape diagnostics of the graph-network layer kinds, each on the argument or attribute at fault.</summary>
public class GraphLayerDiagnosticsTests
{
    [Fact]
    public Task EluAlphaThatIsNotFinite() => Analyzer("""
        [Network(4)]
        [Dense(8)]
        [ELU({|#0:double.PositiveInfinity|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("elu1 (ELU Infinity)", "alpha", "a finite number", "Infinity"));

    [Fact]
    public Task Dropout2DRateOutsideRange() => Analyzer("""
        [Network(2, 4, 4)]
        [Dropout2D({|#0:1.5|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0103").WithLocation(0).WithArguments("dropout2d_1 (Dropout2D 1.5)", "1.5"));

    [Fact]
    public Task Dropout2DOnAVector() => Analyzer("""
        [Network(4)]
        [Dense(8)]
        [{|#0:Dropout2D(0.5)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("dropout2d_1 (Dropout2D 0.5)", "(8)", "channel dropout zeroes whole (height, width) planes; move it before the layer that flattened the image"));

    /// <summary>PyTorch: "Given input size: (1x1x1). Calculated output size: (1x-1x-1). Output size is too small".</summary>
    [Fact]
    public Task CeilModePoolingWithAnEmptyOutput() => Analyzer("""
        [Network(1, 1, 1)]
        [{|#0:MaxPool2D(3, Stride = 1, CeilMode = true)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("pool1 (MaxPool2D 3x3, stride 1, padding 0, ceil mode)", "1x1x1", "ceil((1 + 2*0 - 3) / 1) + 1 = -1 < 1"));

    /// <summary>PyTorch: a 5x5 window at stride 3 over one position gives (1x0x0), too small, as rounding is towards −∞.</summary>
    [Fact]
    public Task CeilModePoolingRoundsTowardsMinusInfinity() => Analyzer("""
        [Network(1, 1, 1)]
        [{|#0:AvgPool2D(5, Stride = 3, CeilMode = true)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("pool1 (AvgPool2D 5x5, stride 3, padding 0, ceil mode)", "1x1x1", "ceil((1 + 2*0 - 5) / 3) + 1 = 0 < 1"));

    /// <summary>PyTorch's ceil mode: the window may be larger than its (padded) input, as long as it starts inside it (1x1 outputs here).</summary>
    [Fact]
    public Task CeilModeWindowsLargerThanTheirInputAreValid() => Analyzer("""
        [Network(1, 2, 2)]
        [MaxPool2D(3, CeilMode = true)]
        [AvgPool2D(5, Stride = 2, Padding = 2, CeilMode = true)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task CeilModeGivesNoStrideWarning() => Analyzer("""
        [Network(1, 7, 7)]
        [MaxPool2D(2, CeilMode = true)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task NonPositiveUpsampleScale() => Analyzer("""
        [Network(1, 4, 4)]
        [Upsample({|#0:0|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("upsample1 (Upsample x0, nearest)", "scale", "0"));

    [Fact]
    public Task UpsampleOnAVector() => Analyzer("""
        [Network(4)]
        [Dense(8)]
        [{|#0:Upsample(2, Bilinear = true)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("upsample1 (Upsample x2, bilinear)", "(8)", "upsampling scales height and width; move it before the layer that flattened the image"));

    [Fact]
    public Task GroupsThatDoNotDivideTheFilters() => Analyzer("""
        [Network(4, 8, 8)]
        [Conv2D(6, 3, {|#0:Groups = 4|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("conv1 (Conv2D 6@3x3, stride 1, padding 0, groups 4)", "Groups", "a divisor of the filters (6)", "4"));

    [Fact]
    public Task GroupsThatDoNotDivideTheChannels() => Analyzer("""
        [Network(6, 8, 8)]
        [Conv2D(4, 3, {|#0:Groups = 4|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("conv1 (Conv2D 4@3x3, stride 1, padding 0, groups 4)", "Groups", "a divisor of the input channels (6)", "4"));

    [Theory]
    [InlineData("Groups = 0", "Groups", "0", ", groups 0")]
    [InlineData("Dilation = -1", "Dilation", "-1", ", dilation -1")]
    public Task NonPositiveGroupsOrDilation(string written, string argument, string value, string detail) => Analyzer($$"""
        [Network(4, 8, 8)]
        [Conv2D(4, 3, {|#0:{{written}}|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments($"conv1 (Conv2D 4@3x3, stride 1, padding 0{detail})", argument, value));

    [Fact]
    public Task DilatedConvolutionWithAnEmptyOutput() => Analyzer("""
        [Network(2, 5, 5)]
        [{|#0:Conv2D(4, 3, Dilation = 3)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("conv1 (Conv2D 4@3x3, stride 1, padding 0, dilation 3)", "2x5x5", "5 + 2*0 - 3*(3 - 1) - 1 < 0"));

    [Theory]
    [InlineData(2, 2)]
    [InlineData(1, 1)]
    public Task OutputPaddingNotSmallerThanTheStride(int stride, int outputPadding) => Analyzer($$"""
        [Network(2, 4, 4)]
        [ConvTranspose2D(3, 3, Stride = {{stride}}, {|#0:OutputPadding = {{outputPadding}}|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments($"convtranspose1 (ConvTranspose2D 3@3x3, stride {stride}, padding 0, output padding {outputPadding})",
            "OutputPadding", $"at least 0 and smaller than the stride ({stride})", $"{outputPadding}"));

    [Fact]
    public Task TransposedConvolutionWithAnEmptyOutput() => Analyzer("""
        [Network(2, 1, 1)]
        [{|#0:ConvTranspose2D(3, 2, Padding = 1)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("convtranspose1 (ConvTranspose2D 3@2x2, stride 1, padding 1)", "2x1x1", "(1 - 1)*1 - 2*1 + 2 + 0 = 0 <= 0"));
}
