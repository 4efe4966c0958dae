using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[MeanSquaredError]</c>: <c>nn.MSELoss</c>, mean over elements.</summary>
internal sealed class MeanSquaredErrorLayer : LossLayer
{
    public static readonly MeanSquaredErrorLayer Instance = new();

    public override LayerKind Kind => LayerKind.MeanSquaredError;

    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.MeanSquaredError(predictions: {predictions}, targets: {targets}, gradient: {gradient})";
}
