using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[SoftmaxCrossEntropy]</c>: <c>nn.CrossEntropyLoss</c> on logits, integer labels or class probabilities, mean over the batch.</summary>
internal sealed class SoftmaxCrossEntropyLayer : LossLayer
{
    public static readonly SoftmaxCrossEntropyLayer Instance = new();

    public override LayerKind Kind => LayerKind.SoftmaxCrossEntropy;

    public override bool TakesLabels => true;

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!SoftmaxLayer.RequireVector(layer, input, context)) return null;
        if (input.Length == 1)
            context.Report(ProblemKind.SingleClassCrossEntropy, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString());
        return new LayerPlan(layer, input, input);
    }

    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.SoftmaxCrossEntropy(logits: {predictions}, {targets}: {targets}, gradient: {gradient}, classes: OutputLength, batch: batch)";
}
