using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// An element-wise activation whose backward reads its input (ReLU6, ELU, GELU, SiLU, Hardswish):
/// <c>Activations.{Kind}(input, output, …)</c> forward, <c>Activations.{Kind}Backward(input, dy, dx, …)</c> backward,
/// with <see cref="Arguments"/> appended to both calls.
/// </summary>
internal abstract class InputActivation : LayerDefinition
{
    /// <summary>The kernel pair and its scalar argument, if any (<c>alpha: 1f</c>); none by default.</summary>
    protected virtual ActivationConfig Config(LayerPlan layer) => new(Kind, BackwardReadsOutput: false);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ActivationForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new ActivationBackward(Config(layer), c.Input(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
