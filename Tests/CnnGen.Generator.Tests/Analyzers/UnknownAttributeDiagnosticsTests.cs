using CnnGen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>
/// CNN0007: an attribute of a network or block that does not bind (CS0246) but names a layer in another case, with a typo,
/// or by its PyTorch module name is reported at its name with the layer meant; the other classes keep their diagnostics.
/// </summary>
public class UnknownAttributeDiagnosticsTests
{
    /// <summary>The compiler's two CS0246 for an attribute name that does not bind ('Conv2dAttribute' and 'Conv2d').</summary>
    static DiagnosticResult[] NotFound(int location, string name) =>
    [
        DiagnosticResult.CompilerError("CS0246").WithLocation(location).WithArguments(name + "Attribute"),
        DiagnosticResult.CompilerError("CS0246").WithLocation(location).WithArguments(name),
    ];

    [Fact]
    public Task PyTorchCasedAttributeNamesTheLayerAndTheOtherNetworkKeepsItsDiagnostic() => Analyzer("""
        [Network(1, 8, 8)]
        [{|#0:Conv2d|}(4, 3)]
        [Flatten]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class PyTorchCased;

        [Network(1, 4, 4)]
        [{|#1:Conv2D(2, 5)|}]
        [Flatten]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class TooSmall;
        """,
        [
            .. NotFound(0, "Conv2d"),
            Diagnostic("CNN0007").WithLocation(0).WithArguments("Conv2d", "Conv2D", " (nn.Conv2d)"),
            Diagnostic("CNN0201").WithLocation(1).WithArguments("conv1 (Conv2D 2@5x5, stride 1, padding 0)", "1x4x4", "4 + 2*0 - 5 < 0"),
        ]);

    [Fact]
    public Task PyTorchModuleNamesInABlockAndANetworkNameTheirLayers() => Analyzer("""
        [Block]
        [Conv2D(4, 3, Padding = 1)] [{|#0:BatchNorm2d|}] [ReLU]
        public static class ConvBlock;

        [{|#3:Network(1, 8, 8)|}]
        [Use(typeof(ConvBlock))]
        [Flatten]
        [{|#1:Linear|}(2)]
        [{|#2:softmaxCrossEntropy|}]
        public partial class Net;
        """,
        [
            .. NotFound(0, "BatchNorm2d"),
            Diagnostic("CNN0007").WithLocation(0).WithArguments("BatchNorm2d", "BatchNorm", " (nn.BatchNorm2d)"),
            .. NotFound(1, "Linear"),
            Diagnostic("CNN0007").WithLocation(1).WithArguments("Linear", "Dense", " (nn.Linear)"),
            .. NotFound(2, "softmaxCrossEntropy"),
            Diagnostic("CNN0007").WithLocation(2).WithArguments("softmaxCrossEntropy", "SoftmaxCrossEntropy", ""),
            // Until it is renamed, the loss head is not one.
            Diagnostic("CNN0304").WithLocation(3).WithArguments("Net"),
        ]);

    [Fact]
    public Task AnAttributeFarFromEveryLayerIsLeftToTheCompiler() => Analyzer("""
        [Network(4)]
        [Dense(2)]
        [{|#0:Frobnicate|}]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        NotFound(0, "Frobnicate"));

    [Fact]
    public Task UnknownAttributesOutsideNetworksAndBlocksAreLeftToTheCompiler() => Analyzer("""
        [{|#0:Conv2d|}(4, 3)]
        public class NotANetwork;
        """,
        NotFound(0, "Conv2d"));

    [Fact]
    public Task RenamesTheAttributeToTheLayerKeepingItsArguments() => CodeFix<RenameAttributeCodeFix>("""
        [Network(1, 8, 8)]
        [{|#0:Conv2d|}(4, 3, Padding = 1)]
        [{|#1:maxpool2dAttribute|}(2)]
        [Flatten]
        [{|#2:Linear|}(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """, """
        [Network(1, 8, 8)]
        [Conv2D(4, 3, Padding = 1)]
        [MaxPool2DAttribute(2)]
        [Flatten]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class Net;
        """,
        [
            .. NotFound(0, "Conv2d"),
            Diagnostic("CNN0007").WithLocation(0).WithArguments("Conv2d", "Conv2D", " (nn.Conv2d)"),
            DiagnosticResult.CompilerError("CS0246").WithLocation(1).WithArguments("maxpool2dAttribute"),
            DiagnosticResult.CompilerError("CS0246").WithLocation(1).WithArguments("maxpool2dAttributeAttribute"),
            Diagnostic("CNN0007").WithLocation(1).WithArguments("maxpool2d", "MaxPool2D", " (nn.MaxPool2d)"),
            .. NotFound(2, "Linear"),
            Diagnostic("CNN0007").WithLocation(2).WithArguments("Linear", "Dense", " (nn.Linear)"),
        ],
        fixesCompilerErrors: true);
}
