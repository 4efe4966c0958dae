using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>
/// Reusable blocks: a mistake inside a block is reported at the block's attribute (the argument at fault), naming the
/// layer by its full module path and carrying the <c>[Use]</c> as a second location; a use that cannot be expanded is
/// CNN0408 at the use's argument at fault.
/// </summary>
public class BlockDiagnosticsTests
{
    const string BasicBlocks = """
        [Block]
        [Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU]
        [Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")]
        [Add("input")] [ReLU]
        public static class BasicBlock { public const int Planes = 64; }

        [Block]
        [Conv2D(Planes, 3, Stride = Stride, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU]
        [Conv2D(Planes, 3, Padding = 1, Bias = false, Name = "conv2")] [BatchNorm(Name = "bn2")]
        [Conv2D(Planes, 1, Stride = Stride, Bias = false, Input = "input", Name = "downsample.0")] [BatchNorm(Name = "downsample.1")]
        [Add("bn2", "downsample.1")] [ReLU]
        public static class DownsampleBlock { public const int Planes = 128, Stride = 2; }

        """;

    /// <summary>ResNet stages with 3x3 stride-2 padding-1 downsampling on even inputs (8x8, 4x4): no diagnostic at all.</summary>
    [Fact]
    public Task AResNetWrittenWithBlocksBuildsWithoutAnyDiagnostic() => Analyzer(BasicBlocks + """
        [Network(3, 16, 16)]
        [Conv2D(16, 3, Padding = 1, Bias = false, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU]
        [Use(typeof(BasicBlock), 16, Name = "layer1.0")]
        [Use(typeof(DownsampleBlock), 32, Name = "layer2.0")] [Use(typeof(BasicBlock), 32, Name = "layer2.1")]
        [Use(typeof(DownsampleBlock), 64, 2, Name = "layer3.0")]
        [GlobalAvgPool] [Dense(10, Name = "fc")] [SoftmaxCrossEntropy]
        public partial class ResNet;
        """);

    /// <summary>
    /// A parameter qualified by a namespace, a holder class or <c>global::</c> takes the use's argument too (found by the
    /// declaration fuzz: it kept the default, 16, and the Add of 16 and 4 channels was refused).
    /// </summary>
    [Fact]
    public Task AParameterQualifiedByNamespaceOrHolderTakesTheUseArgument() => Analyzer("""
        namespace Vision
        {
            [Block]
            [Conv2D(global::Vision.Unit.Planes, 3, Padding = 1, Name = "conv")] [Add("input")]
            public static class Unit { public const int Planes = 16; }

            public static class Blocks
            {
                [Block]
                [Conv2D(Vision.Blocks.Inner.Planes, 1, Name = "conv")] [Add("input")]
                public static class Inner { public const int Planes = 16; }
            }

            [Network(4, 8, 8)]
            [Use(typeof(Unit), 4, Name = "u")] [Use(typeof(Blocks.Inner), 4, Name = "i")]
            [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
            public partial class Net;
        }
        """);

    /// <summary>The use's argument 8 makes Planes - 8 zero: the [Use] argument is the primary location, the block's argument second, both named.</summary>
    [Fact]
    public Task ASizeMistakeCausedByAUseArgumentIsReportedAtThatArgumentWithTheBlockArgument() => Analyzer("""
        [Block]
        [Conv2D({|#1:Planes - 8|}, 3, Padding = 1, Name = "conv")] [ReLU]
        public static class Unit { public const int Planes = 16; }

        [Network(1, 8, 8)]
        [Use(typeof(Unit), Name = "layer1.0")]
        [Use(typeof(Unit), {|#0:8|}, Name = "layer1.1")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithLocation(1).WithArguments(
            "layer1.1.conv (Conv2D 0@3x3, stride 1, padding 1) (Planes = 8 given by the [Use], read by [Conv2D(Planes - 8, 3, Padding = 1, Name = \"conv\")] in block 'Unit')", "filters", "0"));

    /// <summary>A shape error of a block layer whose arguments read the use's value (a 5x5 kernel over the 4x4 map of the kind).</summary>
    [Fact]
    public Task AShapeMistakeCausedByAUseArgumentIsReportedAtThatArgument() => Analyzer("""
        [Block]
        [{|#1:Conv2D(4, Kernel)|}]
        public static class Unit { public const int Kernel = 3; public const int Width = 4; }

        [Network(1, 4, 4)]
        [Use(typeof(Unit), {|#0:5|}, 8, Name = "u")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0201").WithLocation(0).WithLocation(1).WithArguments(
            "u.conv1 (Conv2D 4@5x5, stride 1, padding 0) (Kernel = 5 given by the [Use], read by [Conv2D(4, Kernel)] in block 'Unit')", "1x4x4", "4 + 2*0 - 5 < 0"));

    /// <summary>A mistake the use's arguments do not cause stays at the block's argument, with the [Use] second.</summary>
    [Fact]
    public Task ASizeMistakeInsideABlockIsReportedAtTheBlockArgumentWithTheUseSite() => Analyzer("""
        [Block]
        [Conv2D({|#0:Planes - 16|}, 3, Padding = 1, Name = "conv")] [ReLU]
        public static class Unit { public const int Planes = 16; }

        [Network(1, 8, 8)]
        [{|#1:Use(typeof(Unit), Name = "layer1.0")|}]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithLocation(1).WithArguments("layer1.0.conv (Conv2D 0@3x3, stride 1, padding 1)", "filters", "0"));

    /// <summary>Names inside a block are the use's (here the default use name, the class name in lower case + 1).</summary>
    [Fact]
    public Task AnUnknownNameInsideABlockIsLocalToTheUse() => Analyzer("""
        [Block]
        [Conv2D(4, 3, Padding = 1, Name = "conv")] [Add({|#0:"skip"|})]
        public static class Unit;

        [Network(4, 8, 8)]
        [Conv2D(4, 1, Name = "skip")]
        [{|#1:Use(typeof(Unit))|}]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0401").WithLocation(0).WithLocation(1).WithArguments("unit1.add1 (Add from unit1.skip)", "unit1.skip", "skip, unit1.conv"));

    [Fact]
    public Task MoreArgumentsThanParametersIsReportedAtTheFirstExtraArgument() => Analyzer("""
        [Block]
        [Conv2D(Planes, 3, Padding = 1)]
        public static class Unit { public const int Planes = 16; }

        [Network(1, 8, 8)]
        [Use(typeof(Unit), 32, {|#0:2|}, Name = "layer1.0")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'layer1.0'", "block 'Unit' takes 1 parameter(s) (Planes), got 2 argument(s)"));

    [Fact]
    public Task UsingAClassThatIsNotABlockIsReportedAtTheType() => Analyzer("""
        public static class Unit { public const int Planes = 16; }

        [Network(1, 8, 8)]
        [Use({|#0:typeof(Unit)|}, Name = "u")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'u'", "'Unit' is not a block: mark the class [Block]"));

    [Fact]
    public Task AUseNameThatIsNotAModulePathIsReportedAtTheName() => Analyzer("""
        [Block]
        [Conv2D(4, 3, Padding = 1)]
        public static class Unit;

        [Network(1, 8, 8)]
        [Use(typeof(Unit), {|#0:Name = "layer 1"|})]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'layer 1'", "the name must be a module path of letters, digits, '_' and '-' starting with a letter or '_' (layer1.0, block1-0), got 'layer 1'"));

    /// <summary>A use's name names its output, so "input" would hide the network input from every later layer.</summary>
    [Fact]
    public Task AUseNamedInputIsReportedAtTheName() => Analyzer("""
        [Block]
        [Conv2D(4, 3, Padding = 1)]
        public static class Unit;

        [Network(4, 8, 8)]
        [Use(typeof(Unit), {|#0:Name = "input"|})]
        [Add("input")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'input'", "'input' names the network input (a use's name names its output): choose another name"));

    /// <summary>A [Use] on a class that is neither a network nor a block inserts nothing anywhere: CNN0003, like a layer there.</summary>
    [Fact]
    public Task AUseOutsideANetworkIsReported() => Analyzer("""
        [Block]
        [Conv2D(4, 3, Padding = 1)]
        public static class Unit;

        [{|#0:Use(typeof(Unit))|}]
        public partial class Net;
        """,
        Diagnostic("CNN0003").WithLocation(0).WithArguments("Net"));

    [Fact]
    public Task ABlockArgumentThatIsNotIntegerArithmeticOfParametersIsReported() => Analyzer("""
        static class Sizes { public const int Four = 4; }

        [Block]
        [Conv2D(Planes * Sizes.Four, 3, Padding = 1)]
        public static class Unit { public const int Planes = 2; }

        [Network(1, 8, 8)]
        [Use({|#0:typeof(Unit)|}, Name = "u")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'u'", "in block 'Unit', layer 1: 'Planes * Sizes.Four' must be integer arithmetic (+ - * / % and parentheses) of the block's parameters and literals"));

    /// <summary>The block: Stride = 4 / Planes with Planes = 0 names the division by zero, and the network is not reported empty (no CNN0005).</summary>
    [Fact]
    public Task ABlockArgumentThatDividesByZeroNamesTheDivision() => Analyzer("""
        [Block]
        [Conv2D(8, 3, Stride = 4 / Planes, Padding = 1)]
        public static class Unit { public const int Planes = 2; }

        [Network(1, 8, 8)]
        [Use({|#0:typeof(Unit)|}, 0, Name = "u")]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'u'", "in block 'Unit', layer 1: '4 / Planes' divides by zero (Planes = 0)"));

    /// <summary>A remainder is arithmetic too; by zero through an expression, the values that made it zero are named.</summary>
    [Fact]
    public Task ABlockArgumentWhoseRemainderIsByZeroNamesTheValues() => Analyzer("""
        [Block]
        [Conv2D(8 % (Planes - 4) + 1, 3, Padding = 1)]
        public static class Unit { public const int Planes = 2; }

        [Network(1, 8, 8)]
        [Use({|#0:typeof(Unit)|}, 4, Name = "u")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'u'", "in block 'Unit', layer 1: '8 % (Planes - 4)' divides by zero (Planes = 4 so (Planes - 4) = 0)"));

    [Fact]
    public Task ABlockThatUsesABlockIsReported() => Analyzer("""
        [Block]
        [Conv2D(4, 3, Padding = 1)]
        public static class Inner;

        [Block]
        [Conv2D(4, 3, Padding = 1)]
        [Use(typeof(Inner))]
        public static class Outer;

        [Network(1, 8, 8)]
        [Use({|#0:typeof(Outer)|}, Name = "o")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0408").WithLocation(0).WithArguments("[Use] 'o'", "block 'Outer' uses another block; blocks do not nest"));

    /// <summary>The flat form keeps working: module-path names may be written directly; a name that maps onto another's member name is a duplicate.</summary>
    [Fact]
    public Task AModulePathNameAndItsUnderscoreSpellingCollide() => Analyzer("""
        [Network(4)]
        [Dense(4, Name = "layer1.0.fc")]
        [Dense(4, {|#0:Name = "layer1_0_fc"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0404").WithLocation(0).WithArguments("layer1_0_fc", "1", "2"));
}
