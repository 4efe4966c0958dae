using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary>
/// An element-wise activation without arguments whose backward reads its own output (sigmoid, tanh):
/// <c>Activations.{Kind}</c> forward, <c>Activations.{Kind}Backward</c> backward.
/// </summary>
internal abstract class ElementwiseActivation : LayerDefinition
{
    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call($"Activations.{Kind}", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call($"Activations.{Kind}Backward", $"output: {e.Output(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}");
}
