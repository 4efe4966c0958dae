using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

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

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("GlobalAvgPool.Forward", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}", $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Spatial}", "batch: batch");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("GlobalAvgPool.Backward", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}", $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Spatial}", "batch: batch");
}
