using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Dropout2D(rate)]</c>: channel dropout (<c>nn.Dropout2d</c>) on a (C, H, W) input, whole planes zeroed and the rest
/// scaled by 1/(1 − rate) when training; the rate is kept in <see cref="LayerSpec.Alpha"/>. The mask holds one factor per
/// sample and channel.
/// </summary>
internal sealed class Dropout2DLayer : LayerDefinition
{
    public static readonly Dropout2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.Dropout2D;

    public override string NamePrefix => "dropout2d_";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("rate") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Alpha >= 0 && layer.Alpha < 1))
            problems.Add(NetworkAnalysis.Make(ProblemKind.RateOutOfRange, ProblemLocation.Layer(layer.Index, "rate"), at, LayerDescriptions.Number(layer.Alpha)));
    }

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "Dropout2D {0}", LayerDescriptions.Number(layer.Alpha));

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "channel dropout zeroes whole (height, width) planes")) return null;
        return layer.Alpha >= 0 && layer.Alpha < 1 ? new LayerPlan(layer, input, input) : null;
    }

    public override void EmitFields(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"readonly float[] {Names.Field(layer, "Mask")};");
    }

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"{Names.Field(layer, "Mask")} = new float[maxBatch * {layer.Input.Channels}];");
    }

    public override void EmitForward(NetworkEmitter e, LayerPlan layer)
    {
        var input = e.Input(layer);
        var output = e.Output(layer);
        using (e.W.Block("if (training)"))
        {
            e.Call("Dropout2D.Forward", $"input: {input}", $"output: {output}", $"mask: {Names.Field(layer, "Mask")}", $"rate: {Names.Float(layer.Spec.Alpha)}",
                "random: _trainingRandom", $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Height * layer.Input.Width}", "batch: batch");
        }
        using (e.W.Block("else"))
        {
            e.W.Line($"{input}.CopyTo({output});");
        }
    }

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Dropout2D.Backward", $"mask: {Names.Field(layer, "Mask")}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}",
            $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Height * layer.Input.Width}", "batch: batch");

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
