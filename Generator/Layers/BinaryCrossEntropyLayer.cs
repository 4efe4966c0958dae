using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[BinaryCrossEntropy]</c>: <c>nn.BCEWithLogitsLoss</c>, mean over elements.</summary>
internal sealed class BinaryCrossEntropyLayer : LossLayer
{
    public static readonly BinaryCrossEntropyLayer Instance = new();

    public override LayerKind Kind => LayerKind.BinaryCrossEntropy;

    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.BinaryCrossEntropyWithLogits(logits: {predictions}, targets: {targets}, gradient: {gradient})";

    public override string? ProbabilitiesCall(LayerPlan loss, string values, string samples) => $"{NetworkEmitter.Kernels}.Activations.Sigmoid(input: {values}, output: {values});";

    public override string ProbabilitiesTorch => "torch.sigmoid(net(x))";
}
