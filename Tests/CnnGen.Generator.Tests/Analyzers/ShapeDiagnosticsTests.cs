using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>CNN02xx: shape inference failures, with the shapes and the arithmetic in the message.</summary>
public partial class ShapeDiagnosticsTests
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
    public Task GlobalMaxPoolingAfterFlatten() => Analyzer("""
        [Network(3, 8, 8)]
        [Flatten]
        [{|#0:GlobalMaxPool|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0202").WithLocation(0).WithArguments("globalmaxpool1 (GlobalMaxPool)", "(192)",
            "it takes the maximum over height and width; move it before the layer that flattened the image"));

    [Fact]
    public Task StrideThatLeavesRowsUnusedIsAWarningOnTheStride() => Analyzer("""
        [Network(1, 28, 28)]
        [Conv2D(8, 5, {|#0:Stride = 3|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@5x5, stride 3, padding 0)", "1x28x28",
            "(28 + 2*0 - 5) = 23 is not a multiple of stride 3", "2", "padding 1 reads every row and column"));

    [Fact]
    public Task StrideThatNoPaddingMakesExactAdvisesThePaddingThatReadsEveryRow() => Analyzer("""
        [Network(1, 28, 28)]
        [Conv2D(8, 3, {|#0:Stride = 2|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@3x3, stride 2, padding 0)", "1x28x28",
            "(28 + 2*0 - 3) = 25 is not a multiple of stride 2", "1", "padding 1 reads every row and column"));

    // The ResNet/MobileNet downsampling convolution: (8 + 2 - 3) = 7 leaves 1 past the last window, which is padding only.
    [Fact]
    public Task StrideTwoPaddingOneOnAnEvenInputReadsEveryPixelAndIsNotReported() => Analyzer("""
        [Network(16, 8, 8)]
        [Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false)]
        [BatchNorm]
        [ReLU]
        [MaxPool2D(3, Stride = 2, Padding = 1)]
        [GlobalAvgPool]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task StrideWithUnreadRowsBeyondThePaddingIsReportedWithThem() => Analyzer("""
        [Network(1, 12, 12)]
        [Conv2D(4, 4, Padding = 1, {|#0:Stride = 4|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 4@4x4, stride 4, padding 1)", "1x12x12",
            "(12 + 2*1 - 4) = 10 leaves 2 past the last window of stride 4, more than the padding 1", "1", "padding 2 makes it exact"));

    // ResNet's projection shortcut: a 1x1 stride-2 convolution reads every other row by design, the last one included.
    [Fact]
    public Task OneByOneStrideTwoProjectionIsNotReported() => Analyzer("""
        [Network(16, 8, 8)]
        [Conv2D(32, 1, Stride = 2, Bias = false)]
        [GlobalAvgPool]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task PoolingStrideLargerThanTheWindowIsReportedOnlyForRowsBeyondTheGap() => Analyzer("""
        [Network(1, 14, 14)]
        [MaxPool2D(3, {|#0:Stride = 4|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0203").WithLocation(0).WithArguments("pool1 (MaxPool2D 3x3, stride 4, padding 0)", "1x14x14",
            "(14 + 2*0 - 3) = 11 leaves 3 past the last window of stride 4, more than the gap 1 between windows", "2", "padding 1 reads every row and column"));

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

    /// <summary>The weight count 4 x 4 x 2^30 x 2^30 = 2^64 wrapped to 0 in 64 bits, passed the size check, and no weight was emitted (found by the fuzz test).</summary>
    [Fact]
    public Task AHugeKernelsWeightCountDoesNotWrapAround() => Analyzer("""
        [Network(4, 6, 6)]
        [{|#0:Conv2D(4, 1073741824, Stride = 2, Padding = 536870912)|}]
        [Flatten] [Dense(4)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0204").WithLocation(0).WithArguments("conv1 (Conv2D 4@1073741824x1073741824, stride 2, padding 536870912)",
            "filters x channels x kernel x kernel", "4 x 4 x 1073741824 x 1073741824", "536870911"));

    [Fact]
    public Task AHugeTransposedKernelsWeightCountDoesNotWrapAround() => Analyzer("""
        [Network(4, 6, 6)]
        [{|#0:ConvTranspose2D(4, 1073741824, Padding = 536870912)|}]
        [Flatten] [Dense(4)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0204").WithLocation(0).WithArguments("convtranspose1 (ConvTranspose2D 4@1073741824x1073741824, stride 1, padding 536870912)",
            "channels x filters x kernel x kernel", "4 x 4 x 1073741824 x 1073741824", "536870911"));

    [Fact]
    public Task HugePaddingDoesNotOverflow() => Analyzer("""
        [Network(1, 8, 8)]
        [{|#0:Conv2D(1, 1, Padding = 2000000000)|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0204").WithLocation(0).WithArguments("conv1 (Conv2D 1@1x1, stride 1, padding 2000000000)", "the output height", "4000000008", "536870911"));

    /// <summary>On a (C, H, W) output the loss is per pixel over the channels (PyTorch's cross_entropy on (N, C, H, W)): no diagnostic.</summary>
    [Fact]
    public Task PerPixelSoftmaxCrossEntropyIsAccepted() => Analyzer("""
        [Network(1, 16, 16)]
        [Conv2D(8, 3, Padding = 1)]
        [ReLU]
        [Conv2D(3, 1)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    /// <summary>One channel per pixel is one class: the per-pixel loss is 0, as for a one-unit classifier.</summary>
    [Fact]
    public Task PerPixelSoftmaxCrossEntropyOverOneChannel() => Analyzer("""
        [Network(3, 8, 8)]
        [Conv2D(1, 3)]
        [{|#0:SoftmaxCrossEntropy|}]
        public partial class Net;
        """,
        Diagnostic("CNN0305").WithLocation(0).WithArguments("loss1 (SoftmaxCrossEntropy)", "1 (per pixel)"));

    [Fact]
    public Task SoftmaxOnAnImage() => Analyzer("""
        [Network(2, 4, 4)]
        [{|#0:Softmax|}]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0205").WithLocation(0).WithArguments("softmax1 (Softmax)", "(2, 4, 4)",
            "[Flatten] before it gives a softmax over all 32 values of a sample, [GlobalAvgPool] one over the 2 channel means; a softmax over the channels at each pixel (PyTorch's dim=1 on (N, C, H, W)) is not available"));

    [Fact]
    public Task ReshapeWhoseProductDiffersFromItsInput() => Analyzer("""
        [Network(100)]
        [Dense(20)]
        [{|#0:Reshape(2, 3, 3)|}]
        [Conv2D(4, 2)]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0206").WithLocation(0).WithArguments("reshape1 (Reshape to (2, 3, 3))", "(20)", "20", "2 x 3 x 3 = 18"));

    [Fact]
    public Task ReshapeWithANonPositiveSize() => Analyzer("""
        [Network(100)]
        [Dense(20)]
        [Reshape(5, {|#0:0|}, 4)]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("reshape1 (Reshape to (5, 0, 4))", "height", "0"));

    [Fact]
    public Task ReshapeOfAnImageWithTheSameLengthIsValid() => Analyzer("""
        [Network(2, 4, 4)]
        [Reshape(8, 2, 2)]
        [Conv2D(3, 2)]
        [Flatten]
        [Dense(2)]
        [MeanSquaredError]
        public partial class Net;
        """);
}
