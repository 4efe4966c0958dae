using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Tests.Infrastructure;

namespace CnnGen.Generator.Tests.Program;

/// <summary>Plans and programs of small networks declared as attribute lines on <c>Net</c>, for the pass and lowering tests.</summary>
internal static class Lowered
{
    public static NetworkPlan Plan(string attributes)
    {
        var compilation = GeneratorHarness.Compile($"using CnnGen;\nnamespace T;\n{attributes}\npublic partial class Net;");
        var type = compilation.GetTypeByMetadataName("T.Net") ?? throw new InvalidOperationException("T.Net not found");
        var analysis = NetworkAnalysis.Analyze(SpecReader.Read(type, CancellationToken.None));
        return analysis.Plan ?? throw new InvalidOperationException("invalid network: " + string.Join("; ", analysis.Problems.Select(p => p.Kind + " " + string.Join(", ", p.MessageArguments))));
    }

    public static NetworkProgram Program(string attributes) => Lowering.Lower(Plan(attributes), CancellationToken.None);

    /// <summary>The index of the layer named <paramref name="name"/>.</summary>
    public static int Index(this NetworkPlan plan, string name) => plan.Layers.Single(l => l.Name == name).Index;

    public static IEnumerable<Op> ForwardOps(this NetworkProgram program, string layer) => program.Forward.Single(s => s.Layer.Name == layer).Ops;

    public static BackwardStep BackwardStep(this NetworkProgram program, string layer) => program.Backward.Single(s => s.Layer.Name == layer);

    public static IEnumerable<string> BufferIds(this NetworkProgram program) => program.Memory.Buffers.Select(b => b.Id);
}
