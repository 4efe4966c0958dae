using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Dropout2D(rate)]</c>: channel dropout (<c>nn.Dropout2d</c>) on a (C, H, W) input, whole planes zeroed and the rest
/// scaled by 1/(1 − rate) when training; one mask factor per sample and channel.
/// </summary>
internal sealed class Dropout2DLayer : MaskedDropout
{
    public static readonly Dropout2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.Dropout2D;

    public override string NamePrefix => "dropout2d_";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "channel dropout zeroes whole (height, width) planes")) return null;
        return layer.Alpha >= 0 && layer.Alpha < 1 ? new LayerPlan(layer, input, input) : null;
    }

    protected override string MaskLength(LayerPlan layer) => $"maxBatch * {layer.Input.Channels}";

    protected override void EmitTrainingForward(NetworkEmitter e, LayerPlan layer, string input, string output) =>
        e.Call("Dropout2D.Forward", $"input: {input}", $"output: {output}", $"mask: {Names.Field(layer, "Mask")}", $"rate: {Names.Float(layer.Spec.Alpha)}",
            "random: _trainingRandom", $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Height * layer.Input.Width}", "batch: batch");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Dropout2D.Backward", $"mask: {Names.Field(layer, "Mask")}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}",
            $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Height * layer.Input.Width}", "batch: batch");
}
