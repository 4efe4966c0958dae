using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[ReLU]</c>: max(0, x). Where <see cref="BufferPlan"/> fuses it with a neighbouring convolution or max pooling, its
/// block only says where its work went.
/// </summary>
internal sealed class ReLULayer : LayerDefinition
{
    public static readonly ReLULayer Instance = new();

    public override LayerKind Kind => LayerKind.ReLU;

    public override string NamePrefix => "relu";

    public override void EmitForward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        if (e.Buffers.IsFoldedIntoPool(i))
            e.W.Line($"// Folded into {e.Plan.Layers[i + 1].Name} (max pooling commutes with ReLU).");
        else if (e.Buffers.RectifiesInto(i - 1))
            e.W.Line($"// Applied by {e.Plan.Layers[i - 1].Name} as it stored its output.");
        else
            e.Call("Activations.ReLU", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}");
    }

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        if (e.Buffers.IsFoldedIntoPool(i) || e.Buffers.IsBackwardFoldedIntoConv(i))
            e.W.Line($"// Done by {e.Plan.Layers[i + 1].Name}'s backward.");
        else
            e.Call("Activations.ReLUBackward", $"output: {e.Output(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}");
    }
}
