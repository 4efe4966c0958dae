using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Add(params string[] from)]</c>: the element-wise sum of its operands (equal shapes), summed left to right. Its
/// backward hands the output gradient to every operand.
/// </summary>
internal sealed class AddLayer : MergeLayer
{
    public static readonly AddLayer Instance = new();

    public override LayerKind Kind => LayerKind.Add;

    public override string NamePrefix => "add";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        var shapes = context.SourceShapes;
        for (var k = 1; k < shapes.Length; k++)
        {
            if (shapes[k] == input) continue;
            context.Report(ProblemKind.AddShapeMismatch, OperandLocation(layer, k), ShapeContext.Describe(layer), context.DescribeSources());
            return null;
        }
        return new LayerPlan(layer, input, input) { MultiplyAdds = (long)input.Length * (shapes.Length - 1) };
    }

    public override void EmitForward(NetworkEmitter e, LayerPlan layer)
    {
        var sources = layer.Sources;
        e.Call("Elementwise.Add", $"a: {e.Buffers.Output(sources[0])}", $"b: {e.Buffers.Output(sources[1])}", $"output: {e.Output(layer)}");
        for (var k = 2; k < sources.Count; k++)
            e.Call("Elementwise.AddInPlace", $"source: {e.Buffers.Output(sources[k])}", $"target: {e.Output(layer)}");
    }

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        var outputGradient = e.OutputGradient(layer);
        for (var k = 0; k < layer.Sources.Count; k++)
        {
            var target = e.GradientTarget(layer, k);
            if (target is null) continue;
            var span = target.Value.Span;
            if (target.Value.Accumulate) e.GuardedForInput(layer.Sources[k], () => e.Call("Elementwise.AddInPlace", $"source: {outputGradient}", $"target: {span}"));
            else e.GuardedForInput(layer.Sources[k], () => e.W.Line($"{outputGradient}.CopyTo({span});"));
        }
    }
}
