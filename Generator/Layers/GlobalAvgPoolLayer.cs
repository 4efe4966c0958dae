using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[GlobalAvgPool]</c>: mean over height and width, (C, H, W) → (C) (<c>nn.AdaptiveAvgPool2d(1)</c> + flatten).</summary>
internal sealed class GlobalAvgPoolLayer : LayerDefinition
{
    public static readonly GlobalAvgPoolLayer Instance = new();

    public override LayerKind Kind => LayerKind.GlobalAvgPool;

    public override string NamePrefix => "globalpool";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "it averages over height and width")) return null;
        return new LayerPlan(layer, input, Shape.Vector(input.Channels)) { MultiplyAdds = input.Length };
    }

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new GlobalAvgPoolForward(new GlobalAvgPoolConfig(layer.Input.Channels, layer.Input.Spatial), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new GlobalAvgPoolBackward(new GlobalAvgPoolConfig(layer.Input.Channels, layer.Input.Spatial), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
