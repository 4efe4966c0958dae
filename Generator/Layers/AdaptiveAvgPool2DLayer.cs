using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[AdaptiveAvgPool2D(size)]</c> / <c>(height, width)</c>: <c>nn.AdaptiveAvgPool2d</c>, output 3-D.</summary>
internal sealed class AdaptiveAvgPool2DLayer : AdaptivePoolLayer
{
    public static readonly AdaptiveAvgPool2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.AdaptiveAvgPool2D;

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new AdaptiveAvgPool2DForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new AdaptiveAvgPool2DBackward(Config(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }
}
