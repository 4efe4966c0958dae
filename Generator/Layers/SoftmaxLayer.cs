using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Softmax]</c>: softmax over each sample's features (<c>nn.Softmax(dim=1)</c> on a vector); needs a (features) input.</summary>
internal sealed class SoftmaxLayer : LayerDefinition
{
    public static readonly SoftmaxLayer Instance = new();

    public override LayerKind Kind => LayerKind.Softmax;

    public override string NamePrefix => "softmax";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        RequireVector(layer, input, context) ? new LayerPlan(layer, input, input) : null;

    /// <summary>Reports CNN0205 for an image input: softmax over channels per pixel is rarely what is meant.</summary>
    internal static bool RequireVector(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!input.IsImage) return true;
        context.Report(ProblemKind.RequiresVectorInput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToString());
        return false;
    }

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Activations.Softmax", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}", $"features: {layer.Output.Length}", "batch: batch");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Activations.SoftmaxBackward", $"output: {e.Output(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}", $"features: {layer.Output.Length}", "batch: batch");
}
