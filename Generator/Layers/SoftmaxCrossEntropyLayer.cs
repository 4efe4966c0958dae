using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[SoftmaxCrossEntropy(LabelSmoothing = 0)]</c>: <c>nn.CrossEntropyLoss(label_smoothing=)</c> on logits, integer
/// labels or class probabilities, mean over the batch; the smoothing is kept in <see cref="LayerSpec.Alpha"/>. On a
/// (C, H, W) output it is the per-pixel loss PyTorch computes for (N, C, H, W) logits: the classes are the channels,
/// the labels a mask of H·W class indices per sample, the mean over every pixel of the batch. Its <c>IClassifierNetwork</c>
/// methods take the masks; it has no <c>PredictProbabilities</c> (its <c>Forward</c> gives the per-pixel logits).
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
        // Per pixel the classes are the channels, else the vector's values.
        if ((input.IsImage ? input.Channels : input.Length) == 1)
            context.Report(ProblemKind.SingleClassCrossEntropy, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.IsImage ? "1 (per pixel)" : input.ToCompactString());
        return new LayerPlan(layer, input, input);
    }

    // Without smoothing the call is the plain one (the argument's default is 0).
    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.SoftmaxCrossEntropy(logits: {predictions}, {targets}: {targets}, gradient: {gradient}, classes: {(PerPixel(loss) ? loss.Input.Channels.ToString(CultureInfo.InvariantCulture) : "OutputLength")}, batch: batch" +
        (loss.Spec.Alpha == 0 ? "" : $", labelSmoothing: {Names.Float(loss.Spec.Alpha)}") +
        (PerPixel(loss) ? $", spatial: {Pixels(loss)})" : ")");

    public override string? ProbabilitiesCall(LayerPlan loss, string values, string samples) => PerPixel(loss)
        ? null
        : $"{NetworkEmitter.Kernels}.Activations.Softmax(input: {values}, output: {values}, features: OutputLength, batch: {samples});";

    public override string CheckLabelsCall(LayerPlan loss) => PerPixel(loss)
        ? $"{NetworkEmitter.Runtime}.NetworkGuards.CheckPixelLabels(labels, batch, classes: {loss.Input.Channels}, height: {loss.Input.Height}, width: {loss.Input.Width});"
        : base.CheckLabelsCall(loss);

    public override string LabelsDoc(LayerPlan loss) => PerPixel(loss)
        ? $"A mask per sample: {loss.Input.Height}×{loss.Input.Width} class indices in [0, {loss.Input.Channels}), row-major (as PyTorch's (N, H, W) target)."
        : base.LabelsDoc(loss);

    /// <summary>A loss on a (C, H, W) output: one classification per pixel over the C channels.</summary>
    static bool PerPixel(LayerPlan loss) => loss.Input.IsImage;

    static int Pixels(LayerPlan loss) => loss.Input.Height * loss.Input.Width;

    public override string ProbabilitiesTorch => "torch.softmax(net(x), dim=1)";
}
