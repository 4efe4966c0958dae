using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

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

    static Dropout2DConfig Config(LayerPlan layer) => new(layer.Spec.Alpha, layer.Input.Channels, layer.Input.Height * layer.Input.Width);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new Dropout2DForward(Config(layer), c.Input(layer), c.Output(layer), Lowering.Own(layer, ValueRole.ChannelMask));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new Dropout2DBackward(Config(layer), Lowering.Own(layer, ValueRole.ChannelMask), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
