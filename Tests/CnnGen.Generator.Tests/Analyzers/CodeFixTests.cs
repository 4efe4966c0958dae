using CnnGen.CodeFixes;
using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>Each fix applied to a broken declaration gives the exact fixed source, with no diagnostic left.</summary>
public class CodeFixTests
{
    [Fact]
    public Task AddPartialAfterOtherModifiers() => CodeFix<AddPartialCodeFix>("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public sealed class {|#0:Net|};
        """, """
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public sealed partial class Net;
        """,
        [Diagnostic("CNN0001").WithLocation(0).WithArguments("Net")]);

    [Fact]
    public Task AddPartialWithoutModifiersKeepsTheLayout() => CodeFix<AddPartialCodeFix>("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        class {|#0:Net|}
        {
        }
        """, """
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        partial class Net
        {
        }
        """,
        [Diagnostic("CNN0001").WithLocation(0).WithArguments("Net")]);

    [Fact]
    public Task ExactPaddingIsAddedForAConvolution() => CodeFix<PaddingCodeFix>("""
        [Network(1, 28, 28)]
        [Conv2D(8, 5, {|#0:Stride = 3|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 28, 28)]
        [Conv2D(8, 5, Stride = 3, Padding = 1)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@5x5, stride 3, padding 0)", "1x28x28",
            "(28 + 2*0 - 5) = 23 is not a multiple of stride 3", "2", "padding 1 reads every row and column")],
        equivalenceKey: "ExactPadding");

    [Fact]
    public Task ExactPaddingReplacesAWrongPadding() => CodeFix<PaddingCodeFix>("""
        [Network(1, 29, 29)]
        [Conv2D(8, 5, Padding = 1, {|#0:Stride = 3|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 29, 29)]
        [Conv2D(8, 5, Padding = 2, Stride = 3)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@5x5, stride 3, padding 1)", "1x29x29",
            "(29 + 2*1 - 5) = 26 leaves 2 past the last window of stride 3, more than the padding 1", "1", "padding 2 reads every row and column")],
        equivalenceKey: "ExactPadding");

    [Fact]
    public Task ExactPaddingForAPoolWithDefaultStride() => CodeFix<PaddingCodeFix>("""
        [Network(1, 7, 7)]
        [{|#0:MaxPool2D(3)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 7, 7)]
        [MaxPool2D(3, Padding = 1)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0203").WithLocation(0).WithArguments("pool1 (MaxPool2D 3x3, stride 3, padding 0)", "1x7x7",
            "(7 + 2*0 - 3) = 4 is not a multiple of stride 3", "1", "padding 1 makes it exact")],
        equivalenceKey: "ExactPadding");

    [Fact]
    public Task SamePaddingRescuesAConvolutionWhoseOutputWouldBeEmpty() => CodeFix<PaddingCodeFix>("""
        [Network(1, 12, 12)]
        [Conv2D(32, 5)]
        [MaxPool2D(2)]
        [{|#0:Conv2D(64, 5)|}]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 12, 12)]
        [Conv2D(32, 5)]
        [MaxPool2D(2)]
        [Conv2D(64, 5, Padding = 2)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0201").WithLocation(0).WithArguments("conv2 (Conv2D 64@5x5, stride 1, padding 0)", "32x4x4", "4 + 2*0 - 5 < 0")],
        equivalenceKey: "SamePadding");

    [Fact]
    public Task RemoveSoftmaxOnItsOwnLine() => CodeFix<RemoveRedundantActivationCodeFix>("""
        [Network(4)]
        [Dense(2)]
        [{|#0:Softmax|}]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0303").WithLocation(0).WithArguments("softmax1 (Softmax)", "loss1 (SoftmaxCrossEntropy)")]);

    [Fact]
    public Task RemoveSoftmaxSharingAList() => CodeFix<RemoveRedundantActivationCodeFix>("""
        [Network(4)]
        [Dense(2), {|#0:Softmax|}, SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(2), SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0303").WithLocation(0).WithArguments("softmax1 (Softmax)", "loss1 (SoftmaxCrossEntropy)")]);

    [Fact]
    public Task RemoveSigmoidBeforeBinaryCrossEntropy() => CodeFix<RemoveRedundantActivationCodeFix>("""
        [Network(4)]
        [Dense(1)]
        [{|#0:Sigmoid|}]
        [BinaryCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(1)]
        [BinaryCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0306").WithLocation(0).WithArguments("sigmoid1 (Sigmoid)", "loss1 (BinaryCrossEntropy)")]);

    [Fact]
    public Task RenameAnExplicitDuplicateName() => CodeFix<RenameLayerCodeFix>("""
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [ReLU]
        [Dense(2, {|#0:Name = "hidden"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [ReLU]
        [Dense(2, Name = "hidden_2")]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0404").WithLocation(0).WithArguments("hidden", "1", "3")]);

    [Fact]
    public Task RenameADefaultNameThatCollides() => CodeFix<RenameLayerCodeFix>("""
        [Network(4)]
        [Dense(8, Name = "dense2")]
        [{|#0:Dense(2)|}]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(8, Name = "dense2")]
        [Dense(2, Name = "dense2_2")]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0404").WithLocation(0).WithArguments("dense2", "1", "2")]);

    [Fact]
    public Task RenameALayerNamedWithTheReservedInput() => CodeFix<RenameLayerCodeFix>("""
        [Network(4)]
        [Dense(8, {|#0:Name = "input"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(8, Name = "input_2")]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0107").WithLocation(0).WithArguments("input")]);

    [Fact]
    public Task AMistypedOperandReadsTheOneEarlierLayerItMeant() => CodeFix<ReplaceArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 3, Padding = 1)] [Add({|#0:"setm"|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 3, Padding = 1)] [Add("stem")]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0401").WithLocation(0).WithArguments("add1 (Add from setm)", "setm", "stem, relu1, conv2")]);

    [Fact]
    public Task AnInputNameWrongOnlyInCaseReadsTheLayer() => CodeFix<ReplaceArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 1, {|#0:Input = "Stem"|})] [Add("relu1")]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 1, Input = "stem")] [Add("relu1")]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0401").WithLocation(0).WithArguments("conv2 (Conv2D 4@1x1, stride 1, padding 0)", "Stem", "stem, relu1")]);

    /// <summary>"conv3" is one edit from both conv1 and conv2: guessing would be arbitrary.</summary>
    [Fact]
    public Task NoNameIsGuessedWhenTwoAreEquallyClose() => NoCodeFix<ReplaceArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1)] [Conv2D(4, 3, Padding = 1)] [Add({|#0:"conv3"|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0401").WithLocation(0).WithArguments("add1 (Add from conv3)", "conv3", "conv1, conv2"));

    /// <summary>"skip" is three edits from "stem", more than one edit per three characters typed: no name is a likely meaning.</summary>
    [Fact]
    public Task NoNameIsGuessedWhenNoneIsClose() => NoCodeFix<ReplaceArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [Conv2D(4, 3, Padding = 1)] [Add({|#0:"skip"|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0401").WithLocation(0).WithArguments("add1 (Add from skip)", "skip", "stem, conv2"));

    [Fact]
    public Task OutputPaddingNotSmallerThanTheStrideBecomesStrideMinusOne() => CodeFix<ReplaceArgumentCodeFix>("""
        [Network(4, 7, 7)]
        [ConvTranspose2D(2, 3, Stride = 2, Padding = 1, {|#0:OutputPadding = 2|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4, 7, 7)]
        [ConvTranspose2D(2, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0104").WithLocation(0).WithArguments("convtranspose1 (ConvTranspose2D 2@3x3, stride 2, padding 1, output padding 2)",
            "OutputPadding", "at least 0 and smaller than the stride (2)", "2")]);

    [Fact]
    public Task GroupsNotDividingTheChannelsBecomesTheirCommonDivisor() => CodeFix<ReplaceArgumentCodeFix>("""
        [Network(6, 8, 8)]
        [Conv2D(12, 3, Padding = 1, {|#0:Groups = 4|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(6, 8, 8)]
        [Conv2D(12, 3, Padding = 1, Groups = 6)]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0104").WithLocation(0).WithArguments("conv1 (Conv2D 12@3x3, stride 1, padding 1, groups 4)", "Groups",
            "a divisor of the input channels (6)", "4")]);

    [Fact]
    public Task ANonPositiveStrideIsRemovedSoItsDefaultApplies() => CodeFix<RemoveArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, {|#0:Stride = 0|}, Padding = 1)]
        [MaxPool2D(2, {|#1:Stride = -1|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1)]
        [MaxPool2D(2)]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1 (Conv2D 4@3x3, stride 0, padding 1)", "Stride", "0"),
         Diagnostic("CNN0101").WithLocation(1).WithArguments("pool1 (MaxPool2D 2x2, stride -1, padding 0)", "Stride", "-1")]);

    [Fact]
    public Task ARequiredSizeIsNotRemoved() => NoCodeFix<RemoveArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D({|#0:0|}, 3)]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1 (Conv2D 0@3x3, stride 1, padding 0)", "filters", "0"));

    /// <summary>A block's argument is shared by every use (and may be a block parameter): no fix edits it.</summary>
    [Fact]
    public Task AnArgumentInsideABlockIsNotRewritten() => NoCodeFix<ReplaceArgumentCodeFix>("""
        [Block]
        [ConvTranspose2D(2, 3, Stride = 2, Padding = 1, {|#0:OutputPadding = 2|})]
        public static class Up;

        [Network(4, 7, 7)]
        [{|#1:Use(typeof(Up), Name = "up")|}]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        Diagnostic("CNN0104").WithLocation(0).WithLocation(1).WithArguments("up.convtranspose1 (ConvTranspose2D 2@3x3, stride 2, padding 1, output padding 2)",
            "OutputPadding", "at least 0 and smaller than the stride (2)", "2"));
}
