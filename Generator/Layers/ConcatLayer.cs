using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Concat(params string[] from)]</c>: <c>torch.cat(dim=1)</c> of its operands, along channels for images (equal
/// height and width) or along features for vectors. Forward copies each operand's block into place per sample; backward
/// copies (or adds) each block of the output gradient back.
/// </summary>
internal sealed class ConcatLayer : MergeLayer
{
    public static readonly ConcatLayer Instance = new();

    public override LayerKind Kind => LayerKind.Concat;

    public override string NamePrefix => "concat";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        var shapes = context.SourceShapes;
        long channels = input.Channels;
        for (var k = 1; k < shapes.Length; k++)
        {
            var shape = shapes[k];
            if (shape.IsImage != input.IsImage)
            {
                context.Report(ProblemKind.ConcatRankMismatch, OperandLocation(layer, k), ShapeContext.Describe(layer), context.DescribeSources());
                return null;
            }
            if (shape.Height != input.Height || shape.Width != input.Width)
            {
                context.Report(ProblemKind.ConcatSpatialMismatch, OperandLocation(layer, k), ShapeContext.Describe(layer), context.DescribeSources());
                return null;
            }
            channels += shape.Channels;
        }
        if (!context.Fits(layer, "the output length", channels * input.Spatial)) return null;
        var output = input.IsImage ? Shape.Image((int)channels, input.Height, input.Width) : Shape.Vector((int)channels);
        return new LayerPlan(layer, input, output);
    }

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var offset = 0;
        for (var k = 0; k < layer.Sources.Count; k++)
        {
            var block = BlockLength(c.Plan, layer, k);
            yield return new ConcatForward(new ConcatBlock(layer.Name, block, offset), c.Output(layer.Sources[k]), c.Output(layer));
            offset += block;
        }
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var offset = 0;
        for (var k = 0; k < layer.Sources.Count; k++)
        {
            var block = BlockLength(c.Plan, layer, k);
            if (c.GradientTarget(layer, k) is { } target)
                yield return new ConcatBackward(new ConcatBlock(layer.Name, block, offset), c.OutputGradient(layer), target.Target, target.Accumulate, c.Guarded(layer.Sources[k]));
            offset += block;
        }
    }

    /// <summary>Values per sample of operand <paramref name="operand"/>.</summary>
    static int BlockLength(NetworkPlan plan, LayerPlan layer, int operand)
    {
        var source = layer.Sources[operand];
        return source < 0 ? plan.Input.Length : plan.Layers[source].Output.Length;
    }
}
