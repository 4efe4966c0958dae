using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

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

    protected override void EmitTrainingForward(NetworkEmitter e, LayerPlan layer, string input, string output) =>
        e.Call("Dropout.Forward", $"input: {input}", $"output: {output}", $"mask: {Mask(layer)}", $"rate: {Names.Float(layer.Spec.Alpha)}", "random: _trainingRandom");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Dropout.Backward", $"mask: {Mask(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}");

    static string Mask(LayerPlan layer) => $"{Names.Field(layer, "Mask")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";
}
