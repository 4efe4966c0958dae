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
}
