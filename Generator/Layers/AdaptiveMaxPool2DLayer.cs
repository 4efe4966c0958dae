using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[AdaptiveMaxPool2D(size)]</c> / <c>(height, width)</c>: <c>nn.AdaptiveMaxPool2d</c>, output 3-D; each window's winner is
/// kept as its index in the input plane (an int per output value) for the backward.
/// </summary>
internal sealed class AdaptiveMaxPool2DLayer : AdaptivePoolLayer
{
    public static readonly AdaptiveMaxPool2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.AdaptiveMaxPool2D;

    public override void EmitFields(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"int[] {Names.Field(layer, "Argmax")} = [];");

    // The kernel records winners in inference too.
    public override bool ForwardWritesAllocations => true;

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"{Names.Field(layer, "Argmax")} = new int[maxBatch * {Names.Pascal(layer)}OutputLength];");

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new AdaptiveMaxPool2DForward(Config(layer), c.Input(layer), c.Output(layer), Argmax(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new AdaptiveMaxPool2DBackward(Config(layer), c.OutputGradient(layer), Argmax(layer), c.InputGradient(layer));
    }

    static Value Argmax(LayerPlan layer) => Lowering.Own(layer, ValueRole.Argmax, ElementType.Int32);
}
