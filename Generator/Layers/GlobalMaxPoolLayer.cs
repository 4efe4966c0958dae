using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[GlobalMaxPool]</c>: maximum over height and width, (C, H, W) → (C) (<c>nn.AdaptiveMaxPool2d(1)</c> + flatten).
/// Each plane's winner is kept as its index in the plane (an int per sample and channel) for the backward.
/// </summary>
internal sealed class GlobalMaxPoolLayer : LayerDefinition
{
    public static readonly GlobalMaxPoolLayer Instance = new();

    public override LayerKind Kind => LayerKind.GlobalMaxPool;

    public override string NamePrefix => "globalmaxpool";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "it takes the maximum over height and width")) return null;
        return new LayerPlan(layer, input, Shape.Vector(input.Channels)) { MultiplyAdds = input.Length };
    }

    public override void EmitFields(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"int[] {Names.Field(layer, "Argmax")} = [];");

    // The kernel records winners in inference too.
    public override bool ForwardWritesAllocations => true;

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"{Names.Field(layer, "Argmax")} = new int[maxBatch * {Names.Pascal(layer)}OutputLength];");

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new GlobalMaxPoolForward(Config(layer), c.Input(layer), c.Output(layer), Argmax(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new GlobalMaxPoolBackward(Config(layer), c.OutputGradient(layer), Argmax(layer), c.InputGradient(layer));
    }

    static GlobalMaxPoolConfig Config(LayerPlan layer) => new(layer.Input.Channels, layer.Input.Spatial);

    static Value Argmax(LayerPlan layer) => Lowering.Own(layer, ValueRole.Argmax, ElementType.Int32);
}
