extern alias analyzers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;
using Analysis = analyzers::CnnGen.Generator.Shapes.NetworkAnalysis;
using NetworkAnalyzer = analyzers::CnnGen.Analyzers.NetworkAnalyzer;
using SpecReader = analyzers::CnnGen.Generator.Parsing.SpecReader;

namespace CnnGen.Generator.Tests.Fuzz;

/// <summary>
/// Runs the generator and the analyzer over thousands of random or mutated declarations (seeded, so a failure
/// reproduces) and checks they never crash and agree on which networks are valid. Knobs: <c>CNNGEN_FUZZ_CASES</c>
/// (default 10,000) and <c>CNNGEN_FUZZ_SEED</c>.
/// </summary>
public class DeclarationFuzzTests(ITestOutputHelper output)
{
    const int BatchSize = 250;

    static readonly MetadataReference[] References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(CnnGen.NetworkAttribute).Assembly.Location),
    ];

    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Every batch derives from this one, so the 170 reference assemblies are bound once, not once per batch.</summary>
    static readonly CSharpCompilation Empty = CSharpCompilation.Create("Fuzz", [], References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    [Fact]
    public void GeneratorAndAnalyzerNeverCrashAndAgreeOnValidity()
    {
        var cases = Knob("CNNGEN_FUZZ_CASES", 10_000);
        var seed = Knob("CNNGEN_FUZZ_SEED", 20261124);
        var fuzzer = new DeclarationFuzzer(seed);
        var stopwatch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var tally = new Tally();

        for (var start = 0; start < cases; start += BatchSize)
        {
            var sources = new List<(string ClassName, string Source)>();
            for (var i = start; i < Math.Min(cases, start + BatchSize); i++)
            {
                var source = fuzzer.Next(i, out var className);
                sources.Add((className, source));
            }
            CheckBatch(sources, tally);
        }

        stopwatch.Stop();
        output.WriteLine($"fuzz: {cases} declarations (seed {seed}) in {stopwatch.Elapsed.TotalSeconds:F1} s " +
            $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU): " +
            $"{tally.Generated} generated and compiled, {tally.Invalid} invalid (CNN error), {tally.UserErrors} with compiler errors, " +
            $"{tally.NotNetworks} without [Network]");
        output.WriteLine("CPU by phase: " + string.Join(", ", Phases.Select(p => $"{p.Key} {p.Value:F1} s")));
        Assert.True(tally.Failures.Count == 0, $"{tally.Failures.Count} failures, first ones:\n" + string.Join("\n\n", tally.Failures.Take(5)));
        // The mix must exercise both sides, or the agreement checks prove nothing.
        Assert.True(tally.Generated > cases / 10, $"only {tally.Generated} of {cases} declarations were valid");
        Assert.True(tally.Invalid > cases / 10, $"only {tally.Invalid} of {cases} declarations were invalid");
    }

    sealed class Tally
    {
        public int Generated, Invalid, UserErrors, NotNetworks;
        public readonly List<string> Failures = [];
    }

    static void CheckBatch(List<(string ClassName, string Source)> sources, Tally tally)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, path: $"{s.ClassName}.cs")).ToArray();
        var compilation = Empty.AddSyntaxTrees(trees);

        var clock = Stopwatch.StartNew();
        Phase("setup", clock);
        // Generator.
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        var generatedByClass = run.GeneratedTrees.ToDictionary(t => ClassOf(t.FilePath), t => t);

        Phase("generate", clock);
        // Analyzer; exceptions surface through the callback (they would be AD0001 in a build).
        var analyzerExceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]),
            (exception, analyzer, diagnostic) => analyzerExceptions.Add(exception.ToString()), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var analyzerDiagnostics = compilation.WithAnalyzers([new NetworkAnalyzer()], options).GetAnalyzerDiagnosticsAsync().Result;

        Phase("analyze", clock);
        var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
        var cnnErrors = analyzerDiagnostics.Where(d => d.Id.StartsWith("CNN", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error)
            .ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
        Phase("user-diagnostics", clock);
        // Only the generated trees need binding again; both cores share them.
        var generatedTrees = generatedByClass.ToArray();
        var perTree = new ImmutableArray<Diagnostic>[generatedTrees.Length];
        Parallel.For(0, generatedTrees.Length, i => perTree[i] = withGenerated.GetSemanticModel(generatedTrees[i].Value).GetDiagnostics());
        var generatedErrors = perTree.SelectMany(d => d).Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToLookup(d => ClassOf(d.Location.SourceTree?.FilePath ?? ""));

        Phase("compile", clock);
        var failures = tally.Failures;
        if (run.Results[0].Exception is { } generatorException) failures.Add("generator threw: " + generatorException);
        failures.AddRange(generatorDiagnostics.Where(d => d.Id == "CS8785").Select(d => "CS8785: " + d.GetMessage(CultureInfo.InvariantCulture)));
        failures.AddRange(analyzerExceptions.Select(e => "AD0001: " + e));
        failures.AddRange(analyzerDiagnostics.Where(d => d.Id == "AD0001").Select(d => "AD0001: " + d.GetMessage(CultureInfo.InvariantCulture)));

        for (var i = 0; i < sources.Count; i++)
        {
            var (className, source) = sources[i];
            var tree = trees[i];
            var path = tree.FilePath;
            var model = compilation.GetSemanticModel(tree);
            var symbols = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
                .Select(d => model.GetDeclaredSymbol(d)).OfType<INamedTypeSymbol>().Where(s => s.Name == className).Distinct(SymbolEqualityComparer.Default).Cast<INamedTypeSymbol>().ToList();
            var type = symbols.FirstOrDefault();
            var isNetwork = type is not null && type.TypeKind == TypeKind.Class
                && type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SpecReader.NetworkAttributeName);

            // Our own verdict, from the same parse + analysis both sides use.
            var analysisInvalid = false;
            if (isNetwork)
            {
                var spec = SpecReader.Read(type!, CancellationToken.None);
                analysisInvalid = Analysis.Analyze(spec).Problems.Any(p => p.IsError);
            }

            var reported = cnnErrors[path].Any();
            var hasUserErrors = userErrors[path].Any();
            var generated = generatedByClass.ContainsKey(className);
            void Fail(string why) => failures.Add($"{className}: {why}\n{source}" +
                string.Concat(cnnErrors[path].Select(d => "\n  " + d)) + string.Concat(userErrors[path].Take(3).Select(d => "\n  " + d)) +
                string.Concat(generatedErrors[className].Take(3).Select(d => "\n  generated: " + d)));

            if (analysisInvalid && !reported) Fail("analysis finds an error but the analyzer reports no CNN error");
            if (isNetwork && !analysisInvalid && reported) Fail("the analyzer reports a CNN error the analysis does not find");
            if (generated && reported) Fail("the generator emitted code for a network the analyzer calls invalid");
            if (isNetwork && !reported && !hasUserErrors && !generated) Fail("valid network (no compiler or CNN error) but nothing was generated");
            if (generated && !hasUserErrors && generatedErrors[className].Any()) Fail("generated code does not compile");

            if (!isNetwork) tally.NotNetworks++;
            if (hasUserErrors) tally.UserErrors++;
            if (reported) tally.Invalid++;
            if (generated && !hasUserErrors) tally.Generated++;
        }
    }

    internal static readonly Dictionary<string, double> Phases = [];
    static TimeSpan lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
    static void Phase(string name, Stopwatch clock)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Phases[name] = Phases.GetValueOrDefault(name) + (cpu - lastCpu).TotalSeconds;
        lastCpu = cpu;
        clock.Restart();
    }

    /// <summary><c>Fuzz.Net12.g.cs</c> or <c>Fuzz.OuterNet12.Net12.g.cs</c> → <c>Net12</c>.</summary>
    static string ClassOf(string generatedPath)
    {
        var name = Path.GetFileName(generatedPath);
        name = name.Substring(0, name.Length - ".g.cs".Length);
        return name.Substring(name.LastIndexOf('.') + 1);
    }

    static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
