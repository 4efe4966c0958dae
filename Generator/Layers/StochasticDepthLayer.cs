using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[StochasticDepth(p)]</c>: <c>torchvision.ops.StochasticDepth(p, "row")</c>, a dropout of whole samples (one mask
/// factor per sample, drawn when training); the rate is kept in <see cref="LayerSpec.Alpha"/>.
/// </summary>
internal sealed class StochasticDepthLayer : MaskedDropout
{
    public static readonly StochasticDepthLayer Instance = new();

    public override LayerKind Kind => LayerKind.StochasticDepth;

    public override string NamePrefix => "stochasticdepth";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("p") };

    /// <summary>The rate's argument is <c>p</c>, as torchvision names it.</summary>
    protected override string RateArgument => "p";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        layer.Alpha >= 0 && layer.Alpha < 1 ? new LayerPlan(layer, input, input) : null;

    protected override string MaskLength(LayerPlan layer) => "maxBatch";

    static StochasticDepthConfig Config(LayerPlan layer) => new(layer.Spec.Alpha, layer.Input.Length);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new StochasticDepthForward(Config(layer), c.Input(layer), c.Output(layer), Lowering.Own(layer, ValueRole.ChannelMask));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new StochasticDepthBackward(Config(layer), Lowering.Own(layer, ValueRole.ChannelMask), c.OutputGradient(layer), c.InputGradient(layer));
    }
}
