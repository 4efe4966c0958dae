using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>Graph declarations (DESIGN §2b): Input, Add and Concat of named layers, reserved and dead names, each reported at the argument at fault.</summary>
public class GraphDiagnosticsTests
{
    /// <summary>The DESIGN §2b example: a projection shortcut and a Concat, with 3x3 stride-2 padding-1 downsampling. No diagnostic at all.</summary>
    [Fact]
    public Task TheDesignExampleBuildsWithoutAnyDiagnostic() => Analyzer("""
        [Network(16, 8, 8)]
        [Conv2D(32, 3, Stride = 2, Padding = 1, Bias = false, Name = "c1")] [BatchNorm] [ReLU]
        [Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm(Name = "main")]
        [Conv2D(32, 1, Stride = 2, Bias = false, Input = "input", Name = "proj")] [BatchNorm(Name = "projbn")]
        [Add("main", "projbn")] [ReLU(Name = "block")]
        [Conv2D(8, 1, Input = "block", Name = "b1")]
        [MaxPool2D(3, Stride = 1, Padding = 1, Input = "block")] [Conv2D(8, 1, Name = "b2")]
        [Concat("b1", "b2")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Tiny;
        """);

    [Fact]
    public Task InputNamingAnUnknownLayerIsReportedOnInput() => Analyzer("""
        [Network(4)]
        [Dense(4, Name = "a")]
        [Dense(4, {|#0:Input = "b"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0401").WithLocation(0).WithArguments("dense2 (Dense 4)", "b", "a"));

    [Fact]
    public Task InputNamingTheLayerItselfIsReportedOnInput() => Analyzer("""
        [Network(4)]
        [Dense(4)]
        [Dense(4, Name = "self", {|#0:Input = "self"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0402").WithLocation(0).WithArguments("self (Dense 4)", "self"));

    [Fact]
    public Task ConcatOperandNamingALaterLayerIsReportedOnThatName() => Analyzer("""
        [Network(4)]
        [Dense(4, Name = "a")]
        [Concat("a", {|#0:"b"|})]
        [Dense(4, Name = "b")]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0402").WithLocation(0).WithArguments("concat1 (Concat of a, b)", "b"));

    [Fact]
    public Task AddOfSeveralShapesNamesThemAllAtTheFirstThatDiffers() => Analyzer("""
        [Network(2, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "a")]
        [Conv2D(4, 3, Padding = 1, Name = "b")]
        [Conv2D(4, 3, Name = "c")]
        [Add("a", "b", {|#0:"c"|})]
        [Flatten]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0403").WithLocation(0).WithArguments("add1 (Add of a, b, c)", "'a' (4, 8, 8), 'b' (4, 8, 8), 'c' (4, 6, 6)"));

    [Fact]
    public Task ConcatOfDifferentHeightsIsReportedWithEveryShape() => Analyzer("""
        [Network(3, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "b1")]
        [Conv2D(4, 3, Input = "input", Name = "b2")]
        [Concat("b1", {|#0:"b2"|})]
        [GlobalAvgPool]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0405").WithLocation(0).WithArguments("concat1 (Concat of b1, b2)", "'b1' (4, 8, 8), 'b2' (4, 6, 6)"));

    [Fact]
    public Task ConcatOfAnImageAndAVectorIsReported() => Analyzer("""
        [Network(3, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "maps")]
        [GlobalAvgPool(Name = "pooled")]
        [Concat("maps", {|#0:"pooled"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0406").WithLocation(0).WithArguments("concat1 (Concat of maps, pooled)", "'maps' (4, 8, 8), 'pooled' (4)"));

    [Fact]
    public Task ConcatShorthandJoinsThePreviousLayerWithTheNamedOne() => Analyzer("""
        [Network(3, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")]
        [Conv2D(4, 3)]
        [Concat({|#0:"stem"|})]
        [GlobalAvgPool]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0405").WithLocation(0).WithArguments("concat1 (Concat from stem)", "'conv2' (4, 6, 6), 'stem' (4, 8, 8)"));

    /// <summary>With Input, the one-name shorthand adds Input's output and the named one (here the network input and 'wide').</summary>
    [Fact]
    public Task AddShorthandWithInputReadsInputThenTheNamedLayer() => Analyzer("""
        [Network(2, 4, 4)]
        [Conv2D(3, 1, Name = "wide")]
        [Conv2D(2, 1)]
        [Add({|#0:"wide"|}, Input = "input")]
        [Flatten]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0403").WithLocation(0).WithArguments("add1 (Add from wide)", "'input' (2, 4, 4), 'wide' (3, 4, 4)"));

    [Fact]
    public Task ALayerNamedInputIsReportedOnItsName() => Analyzer("""
        [Network(4)]
        [Dense(4, {|#0:Name = "input"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0107").WithLocation(0).WithArguments("input"));

    [Fact]
    public Task ABranchThatNothingReadsIsADeadBranchWarning() => Analyzer("""
        [Network(3, 8, 8)]
        [Conv2D(8, 3, Padding = 1, Name = "stem")]
        [{|#0:Conv2D(8, 1, Name = "side")|}]
        [Conv2D(8, 3, Padding = 1, Input = "stem")]
        [GlobalAvgPool]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0407").WithLocation(0).WithArguments("side (Conv2D 8@1x1, stride 1, padding 0)", "the output is dense1"));

    [Fact]
    public Task AddWithoutNamesIsReported() => Analyzer("""
        [Network(4)]
        [Dense(4)]
        [{|#0:Add()|}]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("add1 (Add of )", "from", "one or more layer names", "none"));

    [Fact]
    public Task ALossHeadReadingAnotherLayerIsReportedOnInput() => Analyzer("""
        [Network(4)]
        [Dense(4, Name = "a")]
        [Dense(2)]
        [MeanSquaredError({|#0:Input = "a"|})]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithArguments("loss1 (MeanSquaredError)", "Input", "the network output 'dense2' (a loss head reads the last non-loss layer)", "'a'"));
}
