using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

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

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var sources = layer.Sources;
        yield return new Add(c.Output(sources[0]), c.Output(sources[1]), c.Output(layer));
        for (var k = 2; k < sources.Count; k++) yield return new AddInPlace(c.Output(sources[k]), c.Output(layer), Guarded: false);
    }

    /// <summary>With the ReLU after it applied as the sum is stored (two operands), into the ReLU's buffer.</summary>
    public override IEnumerable<Op> LowerInference(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        if (!c.InferenceFusion.IsAppliedByAdd(i + 1)) return Lower(c, layer);
        var relu = c.Plan.Layers[i + 1];
        return [new Add(c.Output(layer.Sources[0]), c.Output(layer.Sources[1]), c.Output(relu)) { ReLU = relu.Name }];
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var outputGradient = c.OutputGradient(layer);
        for (var k = 0; k < layer.Sources.Count; k++)
        {
            if (c.GradientTarget(layer, k) is not { } target) continue;
            var guarded = c.Guarded(layer.Sources[k]);
            yield return target.Accumulate ? new AddInPlace(outputGradient, target.Target, guarded) : new Copy(outputGradient, target.Target, guarded);
        }
    }

}
