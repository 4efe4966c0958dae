using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Dropout(rate)]</c>: inverted dropout (<c>nn.Dropout</c>); the rate is kept in <see cref="LayerSpec.Alpha"/>.
/// </summary>
internal sealed class DropoutLayer : LayerDefinition
{
    public static readonly DropoutLayer Instance = new();

    public override LayerKind Kind => LayerKind.Dropout;

    public override string NamePrefix => "dropout";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("rate") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Alpha >= 0 && layer.Alpha < 1))
            problems.Add(NetworkAnalysis.Make(ProblemKind.RateOutOfRange, ProblemLocation.Layer(layer.Index, "rate"), at, LayerDescriptions.Number(layer.Alpha)));
    }

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "Dropout {0}", LayerDescriptions.Number(layer.Alpha));

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        layer.Alpha >= 0 && layer.Alpha < 1 ? new LayerPlan(layer, input, input) : null;

    public override void EmitFields(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"readonly float[] {Names.Field(layer, "Mask")};");
    }

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"{Names.Field(layer, "Mask")} = new float[maxBatch * {Names.Pascal(layer)}OutputLength];");
    }

    public override void EmitForward(NetworkEmitter e, LayerPlan layer)
    {
        var input = e.Input(layer);
        var output = e.Output(layer);
        using (e.W.Block("if (training)"))
        {
            e.Call("Dropout.Forward", $"input: {input}", $"output: {output}", $"mask: {Mask(layer)}", $"rate: {Names.Float(layer.Spec.Alpha)}", "random: _trainingRandom");
        }
        using (e.W.Block("else"))
        {
            e.W.Line($"{input}.CopyTo({output});");
        }
    }

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Dropout.Backward", $"mask: {Mask(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}");

    static string Mask(LayerPlan layer) => $"{Names.Field(layer, "Mask")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
