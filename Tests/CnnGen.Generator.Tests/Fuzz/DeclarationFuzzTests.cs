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
/// reproduces) and checks they never crash and agree on which networks are valid, and that every valid network's
/// generated code compiles. One case in six declares reusable blocks (<c>[Block]</c>, <c>[Use]</c>): a block case
/// drawn without mistakes must be generated, and the mix must hold generated block networks, CNN0408 refusals and
/// every CNN0408 rule. Every <c>[Network]</c> class of a case is checked (a block may be one too), against the CNN
/// errors located in it. Knobs: <c>CNNGEN_FUZZ_CASES</c> (default 10,000) and <c>CNNGEN_FUZZ_SEED</c>.
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
            var sources = new List<(string ClassName, string Source, DeclarationFuzzer.CaseKind Kind)>();
            for (var i = start; i < Math.Min(cases, start + BatchSize); i++)
            {
                var source = fuzzer.Next(i, out var className, out var kind);
                sources.Add((className, source, kind));
            }
            CheckBatch(sources, tally);
        }

        stopwatch.Stop();
        output.WriteLine($"fuzz: {cases} declarations (seed {seed}) in {stopwatch.Elapsed.TotalSeconds:F1} s " +
            $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU): " +
            $"{tally.Generated} generated and compiled, {tally.Invalid} invalid (CNN error), {tally.UserErrors} with compiler errors, " +
            $"{tally.NotNetworks} without [Network]; {tally.BlockCases} with blocks: {tally.BlockGenerated} generated and compiled, " +
            $"{tally.BlockRefused} refused with CNN0408");
        output.WriteLine("CNN0408 by rule: " + string.Join(", ", BlockUseRules.Select(r => $"'{r}' {tally.BlockRules.GetValueOrDefault(r)}")));
        output.WriteLine("CNN errors in block cases: " + string.Join(", ", tally.BlockIds.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine("CPU by phase: " + string.Join(", ", Phases.Select(p => $"{p.Key} {p.Value:F1} s")));
        Assert.True(tally.Failures.Count == 0, $"{tally.Failures.Count} failures, first ones:\n" + string.Join("\n\n", tally.Failures.Take(5)));
        // The mix must exercise both sides, or the agreement checks prove nothing.
        Assert.True(tally.Generated > cases / 10, $"only {tally.Generated} of {cases} declarations were valid");
        Assert.True(tally.Invalid > cases / 10, $"only {tally.Invalid} of {cases} declarations were invalid");
        // The same for block cases, so their drawing cannot rot into all-invalid or all-compiler-error.
        Assert.True(tally.BlockCases > cases / 8, $"only {tally.BlockCases} of {cases} declarations used blocks");
        Assert.True(tally.BlockGenerated > tally.BlockCases / 8, $"only {tally.BlockGenerated} of {tally.BlockCases} block declarations were valid");
        Assert.True(tally.BlockRefused > tally.BlockCases / 8, $"only {tally.BlockRefused} of {tally.BlockCases} block declarations were refused with CNN0408");
        if (cases >= 5000)
            Assert.True(BlockUseRules.All(tally.BlockRules.ContainsKey), "CNN0408 rules never drawn: " + string.Join(", ", BlockUseRules.Where(r => !tally.BlockRules.ContainsKey(r))));
    }

    /// <summary>A phrase of each message <c>BlockExpander</c> gives with CNN0408: each rule must be drawn.</summary>
    static readonly string[] BlockUseRules =
    [
        "must name a class", "is not a block", "module path", "names the network input", "do not nest", "argument(s)", "declares no layers",
        "must be integer arithmetic",
    ];

    sealed class Tally
    {
        public int Generated, Invalid, UserErrors, NotNetworks, BlockCases, BlockGenerated, BlockRefused;
        public readonly Dictionary<string, int> BlockIds = [];
        public readonly Dictionary<string, int> BlockRules = [];
        public readonly List<string> Failures = [];
    }

    /// <summary>The location of a diagnostic that lies in a <c>[Use]</c> attribute (its primary or a second one), else its primary location.</summary>
    static Location UseSiteOrLocation(Diagnostic diagnostic)
    {
        static bool InUse(Location location) => location.SourceTree?.GetRoot().FindNode(location.SourceSpan)
            .AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax>().Any(a => a.Name.ToString() is "Use" or "CnnGen.Use") == true;
        if (diagnostic.AdditionalLocations.Count == 0 || InUse(diagnostic.Location)) return diagnostic.Location;
        return diagnostic.AdditionalLocations.FirstOrDefault(InUse) ?? diagnostic.Location;
    }

    static void CheckBatch(List<(string ClassName, string Source, DeclarationFuzzer.CaseKind Kind)> sources, Tally tally)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, path: $"{s.ClassName}.cs")).ToArray();
        var compilation = Empty.AddSyntaxTrees(trees);

        var clock = Stopwatch.StartNew();
        Phase("setup", clock);
        // Generator.
        var driver = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        // A network's file and, when it has an int8 form, its Quantized file.
        var generatedByClass = run.GeneratedTrees.GroupBy(t => ClassOf(t.FilePath)).ToDictionary(g => g.Key, g => g.ToArray());

        Phase("generate", clock);
        // Analyzer; exceptions surface through the callback (they would be AD0001 in a build).
        var analyzerExceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]),
            (exception, analyzer, diagnostic) => analyzerExceptions.Add(exception.ToString()), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var analyzerDiagnostics = compilation.WithAnalyzers([new NetworkAnalyzer()], options).GetAnalyzerDiagnosticsAsync().Result;

        Phase("analyze", clock);
        var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
        // CNN0007 names a layer attribute the compiler could not bind: it belongs with the compiler's CS0246 at the same
        // place (a drawn misspelling), not with the analysis of the network, so it is checked against that and set apart.
        foreach (var unknown in analyzerDiagnostics.Where(d => d.Id == "CNN0007"))
            Assert.Contains(userErrors[unknown.Location.SourceTree?.FilePath ?? ""], c => c.Id == "CS0246" && c.Location.SourceSpan.IntersectsWith(unknown.Location.SourceSpan));
        var cnnErrors = analyzerDiagnostics.Where(d => d.Id.StartsWith("CNN", StringComparison.Ordinal) && d.Id != "CNN0007" && d.Severity == DiagnosticSeverity.Error)
            .ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
        Phase("user-diagnostics", clock);
        // Only the generated trees need binding again, and only those of cases without compiler errors (the others'
        // generated code is not judged), in a compilation of those cases alone (binding is cheaper without the
        // broken ones); both cores share them.
        var pathOf = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
            .Select(d => (d.Identifier.ValueText, t.FilePath))).GroupBy(x => x.ValueText).ToDictionary(g => g.Key, g => g.First().FilePath);
        var generatedTrees = generatedByClass.Where(g => !(pathOf.TryGetValue(g.Key, out var file) && userErrors[file].Any())).SelectMany(g => g.Value).ToArray();
        var clean = Empty.AddSyntaxTrees(trees.Where(t => !userErrors[t.FilePath].Any()).Concat(generatedTrees));
        var perTree = new ImmutableArray<Diagnostic>[generatedTrees.Length];
        Parallel.For(0, generatedTrees.Length, i => perTree[i] = clean.GetSemanticModel(generatedTrees[i]).GetDiagnostics());
        var generatedErrors = perTree.SelectMany(d => d).Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToLookup(d => ClassOf(d.Location.SourceTree?.FilePath ?? ""));

        Phase("compile", clock);
        var failures = tally.Failures;
        if (run.Results[0].Exception is { } generatorException) failures.Add("generator threw: " + generatorException + "\n" + Culprit(trees));
        failures.AddRange(generatorDiagnostics.Where(d => d.Id == "CS8785").Select(d => "CS8785: " + d.GetMessage(CultureInfo.InvariantCulture)));
        failures.AddRange(analyzerExceptions.Select(e => "AD0001: " + e));
        failures.AddRange(analyzerDiagnostics.Where(d => d.Id == "AD0001").Select(d => "AD0001: " + d.GetMessage(CultureInfo.InvariantCulture)));

        for (var i = 0; i < sources.Count; i++)
        {
            var (className, source, kind) = sources[i];
            var tree = trees[i];
            var path = tree.FilePath;
            var model = compilation.GetSemanticModel(tree);
            var declared = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>()
                .Select(d => model.GetDeclaredSymbol(d)).OfType<INamedTypeSymbol>().Distinct(SymbolEqualityComparer.Default).Cast<INamedTypeSymbol>().ToList();
            var type = declared.FirstOrDefault(s => s.Name == className);
            var hasUserErrors = userErrors[path].Any();

            // A block case may hold several networks (a [Block] class may also be one): each gets the CNN errors
            // whose [Use] is in it (a mistake in a block is reported at the block's line or at the use's argument,
            // with the other as second location), and the errors located in its declaration that name no [Use].
            bool Check(INamedTypeSymbol? network, string name, bool drawnValid, out IReadOnlyList<Diagnostic> reported)
            {
                var spans = network?.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == tree).Select(r => r.Span).ToList() ?? [];
                bool Inside(Location location) => location.SourceTree == tree && spans.Exists(s => s.Contains(location.SourceSpan));
                reported = cnnErrors[path].Where(d => Inside(UseSiteOrLocation(d))).ToList();
                var isNetwork = network is not null && network.TypeKind == TypeKind.Class
                    && network.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == SpecReader.NetworkAttributeName);
                var errors = reported;
                void Fail(string why) => failures.Add($"{name}: {why}\n{source}" +
                    string.Concat(errors.Select(d => "\n  " + d)) + string.Concat(userErrors[path].Take(3).Select(d => "\n  " + d)) +
                    string.Concat(generatedErrors[name].Take(3).Select(d => "\n  generated: " + d)));
                // Our own verdict, from the same parse + analysis both sides use (a throw there is the generator's too).
                var analysisInvalid = false;
                try
                {
                    analysisInvalid = isNetwork && Analysis.Analyze(SpecReader.Read(network!, CancellationToken.None)).Problems.Any(p => p.IsError);
                }
                catch (Exception exception)
                {
                    Fail("parse or analysis threw: " + exception);
                    return isNetwork;
                }
                var generated = generatedByClass.ContainsKey(name);

                if (analysisInvalid && reported.Count == 0) Fail("analysis finds an error but the analyzer reports no CNN error");
                if (isNetwork && !analysisInvalid && reported.Count > 0) Fail("the analyzer reports a CNN error the analysis does not find");
                if (generated && reported.Count > 0) Fail("the generator emitted code for a network the analyzer calls invalid");
                if (isNetwork && reported.Count == 0 && !hasUserErrors && !generated) Fail("valid network (no compiler or CNN error) but nothing was generated");
                if (generated && !hasUserErrors && generatedErrors[name].Any()) Fail("generated code does not compile");
                if (drawnValid && (reported.Count > 0 || hasUserErrors || !generated)) Fail("a block network drawn without mistakes was not generated");
                return isNetwork;
            }

            var isNetwork = Check(type, className, kind == DeclarationFuzzer.CaseKind.ValidBlocks, out var reported);
            foreach (var other in declared.Where(d => d.Name != className)) Check(other, other.Name, false, out _);
            var generated = generatedByClass.ContainsKey(className) && !hasUserErrors;
            if (!isNetwork) tally.NotNetworks++;
            if (hasUserErrors) tally.UserErrors++;
            if (reported.Count > 0) tally.Invalid++;
            if (generated) tally.Generated++;
            if (kind == DeclarationFuzzer.CaseKind.Flat) continue;
            tally.BlockCases++;
            if (generated) tally.BlockGenerated++;
            if (reported.Any(d => d.Id == "CNN0408")) tally.BlockRefused++;
            foreach (var id in reported.Select(d => d.Id).Distinct()) tally.BlockIds[id] = tally.BlockIds.GetValueOrDefault(id) + 1;
            foreach (var rule in reported.Where(d => d.Id == "CNN0408").Select(d => BlockUseRules.FirstOrDefault(d.GetMessage(CultureInfo.InvariantCulture).Contains) ?? "other").Distinct())
                tally.BlockRules[rule] = tally.BlockRules.GetValueOrDefault(rule) + 1;
        }
    }

    /// <summary>The generator threw somewhere in a batch: the first case it throws on alone.</summary>
    static string Culprit(SyntaxTree[] trees)
    {
        foreach (var tree in trees)
        {
            var run = CSharpGeneratorDriver.Create([new NetworkGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
                .RunGenerators(Empty.AddSyntaxTrees(tree)).GetRunResult();
            if (run.Results[0].Exception is not null) return "it throws on:\n" + tree.GetText();
        }
        return "on no case alone";
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
        if (name.EndsWith(".Quantized", StringComparison.Ordinal)) name = name.Substring(0, name.Length - ".Quantized".Length);
        return name.Substring(name.LastIndexOf('.') + 1);
    }

    static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
