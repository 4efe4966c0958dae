using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[AvgPool2D(size)]</c>: <c>nn.AvgPool2d</c>, <c>CountIncludePad</c> (default true) and <c>CeilMode</c> as PyTorch's.</summary>
internal sealed class AvgPool2DLayer : PoolLayer
{
    public static readonly AvgPool2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.AvgPool2D;

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new AvgPool2DForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new AvgPool2DBackward(Config(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
