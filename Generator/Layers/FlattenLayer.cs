using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Flatten]</c>: (C, H, W) → (C·H·W). NCHW is already flat, so it aliases its input's buffers.</summary>
internal sealed class FlattenLayer : LayerDefinition
{
    public static readonly FlattenLayer Instance = new();

    public override LayerKind Kind => LayerKind.Flatten;

    public override string NamePrefix => "flatten";

    public override bool IsAlias => true;

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) => new(layer, input, Shape.Vector(input.Length));

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line("// NCHW is already flat: the next layer reads the same buffer.");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        if (e.Buffers.GradientOwner(layer.Index) != layer.Index)
        {
            e.W.Line("// Shares its input's gradient buffer: nothing to do.");
            return;
        }
        // Its source's gradient is also written by an earlier reader, so this one has a buffer of its own to hand on.
        e.W.Line($"{e.OutputGradient(layer)}.CopyTo({e.InputGradient(layer)});");
    }
}
