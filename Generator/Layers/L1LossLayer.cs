using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[L1Loss]</c>: <c>nn.L1Loss</c>, mean over elements.</summary>
internal sealed class L1LossLayer : LossLayer
{
    public static readonly L1LossLayer Instance = new();

    public override LayerKind Kind => LayerKind.L1Loss;

    public override string LossCall(LayerPlan loss, string predictions, string targets, string gradient) =>
        $"{NetworkEmitter.Kernels}.Losses.L1(predictions: {predictions}, targets: {targets}, gradient: {gradient})";
}
