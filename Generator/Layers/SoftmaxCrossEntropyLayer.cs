using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[SoftmaxCrossEntropy(LabelSmoothing = 0)]</c>: <c>nn.CrossEntropyLoss(label_smoothing=)</c> on logits, integer
/// labels or class probabilities, mean over the batch; the smoothing is kept in <see cref="LayerSpec.Alpha"/>.
/// </summary>
internal sealed class SoftmaxCrossEntropyLayer : LossLayer
{
    public static readonly SoftmaxCrossEntropyLayer Instance = new();

    public override LayerKind Kind => LayerKind.SoftmaxCrossEntropy;

    public override bool TakesLabels => true;

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("LabelSmoothing", 0.0) };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Alpha >= 0 && layer.Alpha <= 1))
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "LabelSmoothing"), at, "LabelSmoothing", "in [0, 1]", LayerDescriptions.Number(layer.Alpha)));
    }

    public override string Detail(LayerSpec layer) => layer.Alpha == 0
        ? Kind.ToString()
        : string.Format(CultureInfo.InvariantCulture, "SoftmaxCrossEntropy, label smoothing {0}", LayerDescriptions.Number(layer.Alpha));

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        if (layer.Spec.Alpha != 0) properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
    }

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!SoftmaxLayer.RequireVector(layer, input, context)) return null;
        if (input.Length == 1)
            context.Report(ProblemKind.SingleClassCrossEntropy, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString());
        return new LayerPlan(layer, input, input);
    }

    // Without smoothing the call is the plain one (the argument's default is 0).
    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.SoftmaxCrossEntropy(logits: {predictions}, {targets}: {targets}, gradient: {gradient}, classes: OutputLength, batch: batch" +
        (loss.Spec.Alpha == 0 ? ")" : $", labelSmoothing: {Names.Float(loss.Spec.Alpha)})");

    public override string? ProbabilitiesCall(string values, string samples) =>
        $"{NetworkEmitter.Kernels}.Activations.Softmax(input: {values}, output: {values}, features: OutputLength, batch: {samples});";

    public override string ProbabilitiesTorch => "torch.softmax(net(x), dim=1)";
}
