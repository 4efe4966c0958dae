using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[ReLU]</c>: max(0, x). Where <see cref="Passes.Fusion"/> fuses it with a neighbouring convolution or max pooling, its
/// block only says where its work went.
/// </summary>
internal sealed class ReLULayer : LayerDefinition
{
    public static readonly ReLULayer Instance = new();

    public override LayerKind Kind => LayerKind.ReLU;

    public override string NamePrefix => "relu";

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        if (c.Fusion.IsFoldedIntoPool(i))
            yield return new Fused(FusedNote.FoldedIntoPool, c.Plan.Layers[i + 1].Name);
        else if (c.Fusion.RectifiesInto(i - 1))
            yield return new Fused(FusedNote.AppliedByConvolution, c.Plan.Layers[i - 1].Name);
        else
            yield return new ActivationForward(Config, c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerInference(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        if (c.InferenceFusion.IsAppliedByFoldedConvolution(i)) return [new Fused(FusedNote.AppliedByConvolution, c.Plan.Layers[i - 2].Name)];
        if (c.InferenceFusion.IsAppliedByAdd(i)) return [new Fused(FusedNote.AppliedByAdd, c.Plan.Layers[i - 1].Name)];
        return Lower(c, layer);
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        if (c.Fusion.IsFoldedIntoPool(i) || c.Fusion.IsBackwardFoldedIntoConv(i))
            yield return new Fused(FusedNote.BackwardDoneBy, c.Plan.Layers[i + 1].Name);
        else
            yield return new ActivationBackward(Config, c.Output(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

    static readonly ActivationConfig Config = new(LayerKind.ReLU, BackwardReadsOutput: true);

}
