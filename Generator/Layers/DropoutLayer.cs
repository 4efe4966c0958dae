using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Dropout(rate)]</c>: inverted dropout (<c>nn.Dropout</c>), one mask factor per element; the rate is kept in
/// <see cref="LayerSpec.Alpha"/>.
/// </summary>
internal sealed class DropoutLayer : MaskedDropout
{
    public static readonly DropoutLayer Instance = new();

    public override LayerKind Kind => LayerKind.Dropout;

    public override string NamePrefix => "dropout";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        layer.Alpha >= 0 && layer.Alpha < 1 ? new LayerPlan(layer, input, input) : null;

    protected override string MaskLength(LayerPlan layer) => $"maxBatch * {Names.Pascal(layer)}OutputLength";

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new DropoutForward(new DropoutConfig(layer.Spec.Alpha), c.Input(layer), c.Output(layer), Lowering.Own(layer, ValueRole.Mask));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new DropoutBackward(Lowering.Own(layer, ValueRole.Mask), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
