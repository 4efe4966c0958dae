using Microsoft.CodeAnalysis;
using static CnnGen.Generator.Tests.Analyzers.Verify;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>A torchvision architecture earns no CNN warning (DESIGN §2c): CNN0203 on a stride that drops a row is an info.</summary>
public class PublishedTopologyTests
{
    /// <summary>SqueezeNet 1.1's features.0 reads 223 of 224 rows, as PyTorch does: reported as an info, which no build fails on.</summary>
    [Fact]
    public Task SqueezeNetsFirstConvolutionIsAnInfoNotAWarning() => Analyzer("""
        [Network(3, 224, 224)]
        [Conv2D(64, 3, {|#0:Stride = 2|}, Name = "features.0")] [ReLU(Name = "features.1")]
        [MaxPool2D(3, Stride = 2, CeilMode = true, Name = "features.2")]
        [GlobalAvgPool] [Dense(10)] [SoftmaxCrossEntropy]
        public partial class SqueezeNetStem;
        """,
        Diagnostic("CNN0203").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("features.0 (Conv2D 64@3x3, stride 2, padding 0)", "3x224x224",
            "(224 + 2*0 - 3) = 221 is not a multiple of stride 2", "1", "padding 1 reads every row and column"));
}
