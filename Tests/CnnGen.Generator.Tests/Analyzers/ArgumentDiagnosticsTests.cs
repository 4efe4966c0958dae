using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>CNN01xx: one argument out of range, reported on that argument (positional, named, or property).</summary>
public class ArgumentDiagnosticsTests
{
    [Fact]
    public Task NonPositiveFiltersIsReportedOnThePositionalArgument() => Analyzer("""
        [Network(1, 8, 8)]
        [Conv2D({|#0:0|}, 3)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1 (Conv2D 0@3x3, stride 1, padding 0)", "filters", "0"));

    [Fact]
    public Task NonPositiveKernelWrittenByNameIsReportedOnTheNamedArgument() => Analyzer("""
        [Network(1, 8, 8)]
        [Conv2D(4, {|#0:kernel: -3|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1 (Conv2D 4@-3x-3, stride 1, padding 0)", "kernel", "-3"));

    [Fact]
    public Task NonPositiveStrideIsReportedOnTheProperty() => Analyzer("""
        [Network(1, 8, 8)]
        [MaxPool2D(2, {|#0:Stride = 0|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("pool1 (MaxPool2D 2x2, stride 0, padding 0)", "Stride", "0"));

    [Fact]
    public Task NonPositiveUnits() => Analyzer("""
        [Network(4)]
        [Dense({|#0:0|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("dense1 (Dense 0)", "units", "0"));

    [Fact]
    public Task NegativePadding() => Analyzer("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, {|#0:Padding = -1|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0102").WithLocation(0).WithArguments("conv1 (Conv2D 4@3x3, stride 1, padding -1)", "-1"));

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("-0.5", "-0.5")]
    public Task DropoutRateOutsideRange(string written, string shown) => Analyzer($$"""
        [Network(4)]
        [Dense(8)]
        [Dropout({|#0:{{written}}|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0103").WithLocation(0).WithArguments($"dropout1 (Dropout {shown})", shown));

    [Fact]
    public Task BatchNormMomentumOutsideRange() => Analyzer("""
        [Network(4)]
        [BatchNorm({|#0:Momentum = 1.5|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("bn1 (BatchNorm, momentum 1.5, eps 1E-05)", "Momentum", "in [0, 1]", "1.5"));

    [Fact]
    public Task PoolPaddingLargerThanHalfTheWindow() => Analyzer("""
        [Network(1, 8, 8)]
        [AvgPool2D(2, {|#0:Padding = 2|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0105").WithLocation(0).WithArguments("pool1 (AvgPool2D 2x2, stride 2, padding 2)", "2", "2"));

    [Fact]
    public Task LayerNameThatIsNotAnIdentifier() => Analyzer("""
        [Network(4)]
        [Dense(2, {|#0:Name = "my layer"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0106").WithLocation(0).WithArguments("my layer"));

    [Fact]
    public Task NegativeNormalStdIsReportedOnInitValue() => Analyzer("""
        [Network(4)]
        [Dense(4, Init = Init.Normal, {|#0:InitValue = -0.5|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("dense1 (Dense 4)", "InitValue", "0 or more (the std of Init.Normal)", "-0.5"));

    [Fact]
    public Task NegativeUniformBoundIsReportedOnInitValue() => Analyzer("""
        [Network(1, 4, 4)]
        [Conv2D(2, 3, Init = Init.Uniform, {|#0:InitValue = -1|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("conv1 (Conv2D 2@3x3, stride 1, padding 0)", "InitValue", "0 or more (the bound of Init.Uniform)", "-1"));

    [Theory]
    [InlineData("Init.Constant, InitValue = -0.5")]   // any finite constant
    [InlineData("Init.Normal, InitValue = 0")]        // torch.nn.init.normal_(std=0) is accepted
    [InlineData("Init.Uniform, InitValue = 0")]
    [InlineData("Init.HeNormal, InitValue = -2")]     // the value is not used by He or Xavier schemes
    public Task InitValuesPyTorchAcceptsAreNotReported(string init) => Analyzer($$"""
        [Network(4)]
        [Dense(4, Init = {{init}})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task NonFiniteInitValueIsReported() => Analyzer("""
        [Network(4)]
        [Dense(4, Init = Init.Constant, {|#0:InitValue = double.PositiveInfinity|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("dense1 (Dense 4)", "InitValue", "a finite number", "Infinity"));

    [Fact]
    public Task UnknownInitSchemeIsReported() => Analyzer("""
        [Network(4)]
        [Dense(4, {|#0:Init = (Init)42|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("dense1 (Dense 4)", "Init", "a CnnGen.Init value", "42"));

    [Fact]
    public Task NonPositiveBatchNormEpsilon() => Analyzer("""
        [Network(4)]
        [BatchNorm({|#0:Epsilon = 0|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("bn1 (BatchNorm, momentum 0.1, eps 0)", "Epsilon", "positive and finite", "0"));

    [Fact]
    public Task NonFiniteLeakyReLUSlope() => Analyzer("""
        [Network(4)]
        [LeakyReLU({|#0:double.NaN|})]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("leakyrelu1 (LeakyReLU NaN)", "slope", "a finite number", "NaN"));

    [Fact]
    public Task NegativeSmoothL1Beta() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [SmoothL1Loss({|#0:Beta = -1|})]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("loss1 (SmoothL1Loss, beta -1)", "Beta", "0 or more and finite", "-1"));
}
