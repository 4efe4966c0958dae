using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary>
/// An element-wise activation whose backward reads its input (ReLU6, ELU, GELU, SiLU, Hardswish):
/// <c>Activations.{Kind}(input, output, …)</c> forward, <c>Activations.{Kind}Backward(input, dy, dx, …)</c> backward,
/// with <see cref="Arguments"/> appended to both calls.
/// </summary>
internal abstract class InputActivation : LayerDefinition
{
    /// <summary>Extra named kernel arguments (<c>alpha: 1f</c>), none by default.</summary>
    protected virtual IEnumerable<string> Arguments(LayerPlan layer)
    {
        yield break;
    }

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call($"Activations.{Kind}", [$"input: {e.Input(layer)}", $"output: {e.Output(layer)}", .. Arguments(layer)]);

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call($"Activations.{Kind}Backward", [$"input: {e.Input(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}", .. Arguments(layer)]);
}
