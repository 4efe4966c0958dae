using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using CnnGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnGen.Generator.Tests.Infrastructure;

/// <summary>Compiles test sources offline (reference assemblies from Basic.Reference.Assemblies) and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    public static readonly ImmutableArray<MetadataReference> References =
        [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location)];

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "TestNetworks",
        sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Network{i}.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) => CSharpGeneratorDriver.Create(
        [new NetworkGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns its result and the compilation with the generated sources added.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>The network's own file (not its int8 form, <c>{Network}.Quantized.g.cs</c>).</summary>
    public static GeneratedSourceResult NetworkSource(GeneratorRunResult result) => result.GeneratedSources.Single(s => !IsQuantized(s.HintName));

    /// <summary>Whether a generated file is a network's int8 form.</summary>
    public static bool IsQuantized(string hintName) => hintName.EndsWith(".Quantized.g.cs", StringComparison.Ordinal);

    /// <summary>Errors anywhere, and warnings inside generated files: generated code must compile cleanly.</summary>
    public static IEnumerable<Diagnostic> Problems(Compilation output, GeneratorDriverRunResult result)
    {
        var generated = result.GeneratedTrees.ToHashSet();
        return output.GetDiagnostics().Where(d =>
            d.Severity == DiagnosticSeverity.Error
            || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generated.Contains(tree)));
    }
}
