using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[SmoothL1Loss(Beta = 1)]</c>: <c>nn.SmoothL1Loss</c>, mean over elements; beta is kept in <see cref="LayerSpec.Alpha"/>.</summary>
internal sealed class SmoothL1LossLayer : LossLayer
{
    public static readonly SmoothL1LossLayer Instance = new();

    public override LayerKind Kind => LayerKind.SmoothL1Loss;

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("Beta", 1.0) };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Alpha >= 0) || double.IsInfinity(layer.Alpha))
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Beta"), at, "Beta", "0 or more and finite", LayerDescriptions.Number(layer.Alpha)));
    }

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "SmoothL1Loss, beta {0}", LayerDescriptions.Number(layer.Alpha));

    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.SmoothL1(predictions: {predictions}, targets: {targets}, gradient: {gradient}, beta: {Names.Float(loss.Spec.Alpha)})";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
