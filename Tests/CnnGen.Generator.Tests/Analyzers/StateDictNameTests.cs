using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>
/// Layer and use names are module paths as a PyTorch <c>state_dict</c> key holds them (DESIGN §2c): segments of letters,
/// digits, <c>_</c> and <c>-</c>, as torchvision's RegNet writes <c>trunk_output.block1.block1-0</c>.
/// </summary>
public class StateDictNameTests
{
    [Fact]
    public Task DashedSegmentsAreValidLayerAndUseNames() => Analyzer("""
        [Block]
        [Conv2D(4, 1, Bias = false, Name = "proj.0")]
        public static class Unit;

        [Network(4, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem-conv")]
        [Use(typeof(Unit), Name = "trunk_output.block1.block1-0")]
        [Add("stem-conv", "trunk_output.block1.block1-0")]
        [GlobalAvgPool] [Dense(10, Name = "fc")] [SoftmaxCrossEntropy]
        public partial class Net;
        """);

    [Fact]
    public Task ANameStartingWithADigitOrADashOrHoldingASpaceIsStillReported() => Analyzer("""
        [Network(4)]
        [Dense(4, {|#0:Name = "0-fc"|})]
        [Dense(4, {|#1:Name = "-fc"|})]
        [Dense(4, {|#2:Name = "fc 1"|})]
        [Dense(4, {|#3:Name = "fc..1"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0106").WithLocation(0).WithArguments("0-fc"),
        Diagnostic("CNN0106").WithLocation(1).WithArguments("-fc"),
        Diagnostic("CNN0106").WithLocation(2).WithArguments("fc 1"),
        Diagnostic("CNN0106").WithLocation(3).WithArguments("fc..1"));

    /// <summary>Dots and dashes both become <c>_</c> in member names, so names differing only there are duplicates.</summary>
    [Fact]
    public Task ADashedNameAndItsUnderscoreSpellingCollide() => Analyzer("""
        [Network(4)]
        [Dense(4, Name = "block1-0")]
        [Dense(4, {|#0:Name = "block1_0"|})]
        [MeanSquaredError]
        public partial class Net;
        """,
        Diagnostic("CNN0404").WithLocation(0).WithArguments("block1_0", "1", "2"));
}
