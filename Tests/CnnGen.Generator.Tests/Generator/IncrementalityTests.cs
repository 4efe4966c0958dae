using System.Collections;
using System.Reflection;
using CnnGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CnnGen.Generator.Tests.Generator;

/// <summary>The pipeline caches: unrelated edits redo nothing, layer edits redo the plan, and no step holds Roslyn objects.</summary>
public class IncrementalityTests
{
    const string Network = """
        using CnnGen;
        namespace Seed;

        [Network(1, 28, 28)]
        [Conv2D(30, 5)]
        [ReLU]
        [MaxPool2D(2)]
        [Dense(100)]
        [ReLU]
        [Dense(10)]
        [SoftmaxCrossEntropy]
        public partial class SimpleConvNet;
        """;

    const string Other = """
        namespace Seed;
        public static class Helpers
        {
            public static int Twice(int value) => value * 2;
        }
        """;

    static readonly string[] Steps = [TrackingNames.Spec, TrackingNames.Analysis, TrackingNames.Plan, TrackingNames.Program, TrackingNames.Quantized];

    [Fact]
    public void UnrelatedEditLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.Compile(Network, Other);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var otherTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Network1.cs");
        var edited = compilation.ReplaceSyntaxTree(otherTree,
            CSharpSyntaxTree.ParseText(Other.Replace("value * 2", "value + value"), GeneratorHarness.ParseOptions, path: "Network1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in Steps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(s => s.Outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} ran as {output.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void TriviaEditInTheNetworkFileKeepsThePlanUnchanged()
    {
        var compilation = GeneratorHarness.Compile(Network);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Network.Replace("[ReLU]\n[MaxPool2D(2)]", "[ReLU] // activation\n[MaxPool2D(2)]"), GeneratorHarness.ParseOptions, path: "Network0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(result.TrackedSteps[TrackingNames.Plan].SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"plan ran as {output.Reason}"));
    }

    [Fact]
    public void EditingALayerArgumentModifiesThePlan()
    {
        var compilation = GeneratorHarness.Compile(Network);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(Network.Replace("[Dense(100)]", "[Dense(50)]"), GeneratorHarness.ParseOptions, path: "Network0.cs"));
        var run = driver.RunGenerators(edited).GetRunResult();
        var result = run.Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Spec].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(result.TrackedSteps[TrackingNames.Plan].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Dense1WeightLength = 216000", GeneratorHarness.NetworkSource(result).SourceText.ToString());
    }

    /// <summary>A block lives in another file than the network that uses it: editing it must reach the network's plan.</summary>
    [Fact]
    public void EditingABlockInAnotherFileModifiesThePlanOfTheNetworkUsingIt()
    {
        const string block = """
            using CnnGen;
            namespace Seed;

            [Block]
            [Conv2D(Planes, 3, Padding = 1, Name = "conv")] [ReLU]
            public static class Unit { public const int Planes = 4; }
            """;
        const string network = """
            using CnnGen;
            namespace Seed;

            [Network(1, 8, 8)]
            [Use(typeof(Unit), Name = "layer1.0")]
            [GlobalAvgPool] [Dense(3)]
            [SoftmaxCrossEntropy]
            public partial class BlockUser;
            """;
        var compilation = GeneratorHarness.Compile(network, block);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        Assert.Contains("Layer1_0_convWeightLength = 36", GeneratorHarness.NetworkSource(driver.GetRunResult().Results.Single()).SourceText.ToString());

        var blockTree = compilation.SyntaxTrees.Single(t => t.FilePath == "Network1.cs");
        var edited = compilation.ReplaceSyntaxTree(blockTree,
            CSharpSyntaxTree.ParseText(block.Replace("Planes = 4", "Planes = 6"), GeneratorHarness.ParseOptions, path: "Network1.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps[TrackingNames.Plan].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("Layer1_0_convWeightLength = 54", GeneratorHarness.NetworkSource(result).SourceText.ToString());
    }

    [Fact]
    public void NoStepOutputHoldsRoslynObjects()
    {
        var compilation = GeneratorHarness.Compile(Network, Other);
        var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation).GetRunResult().Results.Single();

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var checkedSteps = 0;
        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                checkedSteps++;
                AssertPlainData(output.Value, step, visited);
            }
        }
        Assert.True(checkedSteps >= Steps.Length, "every tracked step produced an output");
    }

    /// <summary>Walks every field of a pipeline value; fails on symbols, syntax, locations or compilations.</summary>
    static void AssertPlainData(object? value, string path, HashSet<object> visited)
    {
        if (value is null) return;
        var type = value.GetType();
        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Location or Compilation or SemanticModel,
            $"{path} holds a {type.FullName}");
        if (type.IsPrimitive || type.IsEnum || value is string or decimal) return;
        if (!type.IsValueType && !visited.Add(value)) return;

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence) AssertPlainData(item, $"{path}[{index++}]", visited);
        }
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer) continue;
                AssertPlainData(field.GetValue(value), $"{path}.{field.Name}", visited);
            }
        }
    }
}
