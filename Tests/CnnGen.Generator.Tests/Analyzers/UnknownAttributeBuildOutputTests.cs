using CnnGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>
/// <c>dotnet build</c> prints no analyzer diagnostic while a declaration has a compiler error (an attribute that does not
/// bind is one), but it prints the generator's: with an unknown layer attribute in the build, the generator reports CNN0007
/// and the other networks' problems; without one, it reports nothing (the analyzer does).
/// </summary>
public class UnknownAttributeBuildOutputTests
{
    const string TooSmall = """
        using CnnGen;

        [Network(1, 4, 4)]
        [Conv2D(2, 5)]
        [Flatten]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class TooSmall;
        """;

    const string PyTorchCased = """
        using CnnGen;

        [Network(1, 8, 8)]
        [Conv2d(4, 3)]
        [Flatten]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class PyTorchCased;
        """;

    [Fact]
    public void TheGeneratorReportsTheUnknownAttributeAndTheOtherNetworksProblems()
    {
        var (result, output) = GeneratorHarness.Run(PyTorchCased, TooSmall);

        // The declaration error that stops the command-line compiler before it runs the analyzers.
        Assert.Contains(output.GetDeclarationDiagnostics(), d => d.Id == "CS0246");
        var diagnostics = result.Diagnostics.OrderBy(d => d.Id).ToList();
        Assert.Equal(["CNN0007", "CNN0201"], diagnostics.Select(d => d.Id));

        var unknown = diagnostics[0];
        Assert.Equal(DiagnosticSeverity.Error, unknown.Severity);
        Assert.Equal("Conv2d is not a CnnGen layer: did you mean Conv2D (nn.Conv2d)?", unknown.GetMessage());
        Assert.Equal("Network0.cs", unknown.Location.GetLineSpan().Path);
        Assert.Equal("Conv2d", Text(output, unknown.Location));

        var empty = diagnostics[1];
        Assert.Equal("conv1 (Conv2D 2@5x5, stride 1, padding 0) cannot apply to input 1x4x4: 4 + 2*0 - 5 < 0", empty.GetMessage());
        Assert.Equal("Network1.cs", empty.Location.GetLineSpan().Path);
        Assert.Equal("Conv2D(2, 5)", Text(output, empty.Location));
    }

    /// <summary>The source a generator diagnostic points at (its locations name the file, as csc prints them).</summary>
    static string Text(Compilation compilation, Location location) =>
        compilation.SyntaxTrees.Single(t => t.FilePath == location.GetLineSpan().Path).GetText().ToString(location.SourceSpan);

    [Fact]
    public void WithoutAnUnknownLayerAttributeTheGeneratorReportsNothing()
    {
        var (result, _) = GeneratorHarness.Run(TooSmall);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void AnAttributeFarFromEveryLayerLeavesTheReportToTheAnalyzer()
    {
        var (result, _) = GeneratorHarness.Run(TooSmall.Replace("[Flatten]", "[Frobnicate]"));

        Assert.Empty(result.Diagnostics);
    }
}
