using CnnGen.CodeFixes;
using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>
/// Fix All on every code fix: two or more diagnostics of one fix in a document. The test framework applies the fix
/// one diagnostic at a time and also through the fix's Fix All provider (in the document, the project and the
/// solution), and both must give the fixed source. (CodeFixTests.ANonPositiveStrideIsRemovedSoItsDefaultApplies covers
/// RemoveArgumentCodeFix with two diagnostics.)
/// </summary>
public class FixAllTests
{
    [Fact]
    public Task AddPartialToEveryNetworkClass() => CodeFix<AddPartialCodeFix>("""
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public sealed class {|#0:Net|};

        [Network(3)]
        [Dense(2)]
        [MeanSquaredError]
        internal class {|#1:Other|};
        """, """
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public sealed partial class Net;

        [Network(3)]
        [Dense(2)]
        [MeanSquaredError]
        internal partial class Other;
        """,
        [Diagnostic("CNN0001").WithLocation(0).WithArguments("Net"), Diagnostic("CNN0001").WithLocation(1).WithArguments("Other")]);

    [Fact]
    public Task ExactPaddingForEveryConvolution() => CodeFix<PaddingCodeFix>("""
        [Network(1, 28, 28)]
        [Conv2D(8, 5, {|#0:Stride = 3|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;

        [Network(1, 28, 28)]
        [Conv2D(8, 5, {|#1:Stride = 3|})]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Other;
        """, """
        [Network(1, 28, 28)]
        [Conv2D(8, 5, Stride = 3, Padding = 1)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Net;

        [Network(1, 28, 28)]
        [Conv2D(8, 5, Stride = 3, Padding = 1)]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class Other;
        """,
        [Diagnostic("CNN0203").WithLocation(0).WithArguments("conv1 (Conv2D 8@5x5, stride 3, padding 0)", "1x28x28",
            "(28 + 2*0 - 5) = 23 is not a multiple of stride 3", "2", "padding 1 reads every row and column"),
         Diagnostic("CNN0203").WithLocation(1).WithArguments("conv1 (Conv2D 8@5x5, stride 3, padding 0)", "1x28x28",
            "(28 + 2*0 - 5) = 23 is not a multiple of stride 3", "2", "padding 1 reads every row and column")],
        equivalenceKey: "ExactPadding");

    [Fact]
    public Task RemoveEveryRedundantSoftmax() => CodeFix<RemoveRedundantActivationCodeFix>("""
        [Network(4)]
        [Dense(2)]
        [{|#0:Softmax|}]
        [SoftmaxCrossEntropy]
        public partial class Net;

        [Network(5)]
        [Dense(3)]
        [{|#1:Softmax|}]
        [SoftmaxCrossEntropy]
        public partial class Other;
        """, """
        [Network(4)]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;

        [Network(5)]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class Other;
        """,
        [Diagnostic("CNN0303").WithLocation(0).WithArguments("softmax1 (Softmax)", "loss1 (SoftmaxCrossEntropy)"),
         Diagnostic("CNN0303").WithLocation(1).WithArguments("softmax1 (Softmax)", "loss1 (SoftmaxCrossEntropy)")]);

    [Fact]
    public Task RenameEveryDuplicateToDistinctFreeNames() => CodeFix<RenameLayerCodeFix>("""
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [ReLU]
        [Dense(8, {|#0:Name = "hidden"|})]
        [ReLU]
        [Dense(2, {|#1:Name = "hidden"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(8, Name = "hidden")]
        [ReLU]
        [Dense(8, Name = "hidden_2")]
        [ReLU]
        [Dense(2, Name = "hidden_3")]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0404").WithLocation(0).WithArguments("hidden", "1", "3"), Diagnostic("CNN0404").WithLocation(1).WithArguments("hidden", "1", "5")]);

    [Fact]
    public Task RenameEveryReservedNameAroundAnExplicitOne() => CodeFix<RenameLayerCodeFix>("""
        [Network(4)]
        [Dense(8, {|#0:Name = "input"|})]
        [Dense(8, Name = "input_3")]
        [Dense(2, {|#1:Name = "input"|})]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(4)]
        [Dense(8, Name = "input_2")]
        [Dense(8, Name = "input_3")]
        [Dense(2, Name = "input_4")]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [Diagnostic("CNN0107").WithLocation(0).WithArguments("input"), Diagnostic("CNN0107").WithLocation(1).WithArguments("input")]);

    [Fact]
    public Task ReplaceEveryMistypedOperand() => CodeFix<ReplaceArgumentCodeFix>("""
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 3, Padding = 1)] [Add({|#0:"setm"|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;

        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 3, Padding = 1)] [Add({|#1:"setm"|})]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Other;
        """, """
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 3, Padding = 1)] [Add("stem")]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Net;

        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Name = "stem")] [ReLU]
        [Conv2D(4, 3, Padding = 1)] [Add("stem")]
        [GlobalAvgPool] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class Other;
        """,
        [Diagnostic("CNN0401").WithLocation(0).WithArguments("add1 (Add from setm)", "setm", "stem, relu1, conv2"),
         Diagnostic("CNN0401").WithLocation(1).WithArguments("add1 (Add from setm)", "setm", "stem, relu1, conv2")]);

    [Fact]
    public void Every_code_fix_offers_Fix_All()
    {
        var fixes = typeof(AddPartialCodeFix).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract).ToArray();
        Assert.NotEmpty(fixes);
        var without = fixes.Where(t => ((Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider)Activator.CreateInstance(t)!).GetFixAllProvider() is null)
            .Select(t => t.Name).ToArray();
        Assert.Empty(without);
    }
}
