extern alias analyzers;
using analyzers::CnnGen.Analyzers;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>
/// Offline analyzer and code-fix verification (shared/TOOLCHAIN.md): no reference-assembly download; the net10.0
/// reference set and the CnnGen runtime are added by hand.
/// </summary>
internal static class Verify
{
    static readonly MetadataReference[] References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(CnnGen.NetworkAttribute).Assembly.Location),
    ];

    /// <summary>Every test source starts with this, so spans in the markup are what a user wrote.</summary>
    public const string Usings = "using CnnGen;\n\n";

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, Descriptor(id).DefaultSeverity);

    static DiagnosticDescriptor Descriptor(string id) =>
        new NetworkAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);

    public static async Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<NetworkAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    public static async Task CodeFix<TFix>(string source, string fixedSource, DiagnosticResult[] expected, string? equivalenceKey = null, int? remainingDiagnostics = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<NetworkAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}
