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

    /// <param name="fixesCompilerErrors">The fix also removes the compiler's errors in <paramref name="expected"/> (an
    /// attribute name that did not bind): the fixed code is expected to have no diagnostic at all, where by default the
    /// errors of IDs the fix does not list are expected to stay.</param>
    public static async Task CodeFix<TFix>(string source, string fixedSource, DiagnosticResult[] expected, string? equivalenceKey = null,
        bool fixesCompilerErrors = false)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<NetworkAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CodeActionEquivalenceKey = equivalenceKey,
        };
        if (fixesCompilerErrors) test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>
    /// The analyzer reports <paramref name="expected"/> and <typeparamref name="TFix"/> offers nothing for it. A layer of a
    /// block is reported in the block's declaration while the network is analysed (a non-local diagnostic, which the
    /// test framework otherwise refuses to hand to a fix): the IDE does hand it over, so the fix must decline it itself.
    /// </summary>
    public static async Task NoCodeFix<TFix>(string source, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<NetworkAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}
