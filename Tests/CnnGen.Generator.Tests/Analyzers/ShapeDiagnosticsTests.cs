using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>CNN02xx: shape inference failures, with the shapes and the arithmetic in the message.</summary>
public class ShapeDiagnosticsTests
{
    [Fact]
    public Task ConvolutionWithEmptyOutputShowsTheArithmetic() => Analyzer("""
        [Network(1, 12, 12)]
        [Conv2D(32, 5)]
        [MaxPool2D(2)]
        [{|#0:Conv2D(64, 5)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithArguments("conv2 (Conv2D 64@5x5, stride 1, padding 0)", "32x4x4", "4 + 2*0 - 5 < 0"));

    [Fact]
    public Task ConvolutionOnAVectorInput() => Analyzer("""
        [Network(784)]
        [{|#0:Conv2D(8, 3)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("conv1 (Conv2D 8@3x3, stride 1, padding 0)", "(784)",
            "Conv2D slides over height and width; declare the input as [Network(channels, height, width)]"));

    [Fact]
    public Task GlobalPoolingAfterFlatten() => Analyzer("""
        [Network(3, 8, 8)]
        [Flatten]
        [{|#0:GlobalAvgPool|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("globalpool1 (GlobalAvgPool)", "(192)",
            "it averages over height and width; move it before the layer that flattened the image"));

    [Fact]
    public Task StrideThatLeavesRowsUnusedIsAWarningOnTheStride() => Analyzer("""
        [Network(1, 28, 28)]
        [Conv2D(8, 5, {|#0:Stride = 3|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@5x5, stride 3, padding 0)", "1x28x28",
            "(28 + 2*0 - 5) = 23 is not a multiple of stride 3", "2", "padding 2 makes it exact"));

    [Fact]
    public Task StrideThatNoPaddingCanFixSaysSo() => Analyzer("""
        [Network(1, 28, 28)]
        [Conv2D(8, 3, {|#0:Stride = 2|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@3x3, stride 2, padding 0)", "1x28x28",
            "(28 + 2*0 - 3) = 25 is not a multiple of stride 2", "1", "no padding makes it exact; change the stride or the kernel size"));

    [Fact]
    public Task PoolingStrideDefaultIsReportedOnTheWholeAttribute() => Analyzer("""
        [Network(1, 7, 7)]
        [{|#0:MaxPool2D(3)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("pool1 (MaxPool2D 3x3, stride 3, padding 0)", "1x7x7",
            "(7 + 2*0 - 3) = 4 is not a multiple of stride 3", "1", "padding 1 makes it exact"));

    [Fact]
    public Task DenseTooLargeOverflowsTheSizeLimit() => Analyzer("""
        [Network(3, 1000, 1000)]
        [{|#0:Dense(1000)|}]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0204").WithLocation(0).WithArguments("dense1 (Dense 1000)", "units x inputs", "3000000000", "536870911"));

    [Fact]
    public Task HugePaddingDoesNotOverflow() => Analyzer("""
        [Network(1, 8, 8)]
        [{|#0:Conv2D(1, 1, Padding = 2000000000)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0204").WithLocation(0).WithArguments("conv1 (Conv2D 1@1x1, stride 1, padding 2000000000)", "the output height", "4000000008", "536870911"));

    [Fact]
    public Task SoftmaxCrossEntropyOnAnImage() => Analyzer("""
        [Network(3, 8, 8)]
        [Conv2D(4, 3)]
        [{|#0:SoftmaxCrossEntropy|}]
        public partial class Net;
        """,
        Diagnostic("CNN0205").WithLocation(0).WithArguments("loss1 (SoftmaxCrossEntropy)", "(4, 6, 6)"));
}
