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
}
