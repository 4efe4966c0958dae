using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// An element-wise activation without arguments whose backward reads its own output (sigmoid, tanh):
/// <c>Activations.{Kind}</c> forward, <c>Activations.{Kind}Backward</c> backward.
/// </summary>
internal abstract class ElementwiseActivation : LayerDefinition
{
    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ActivationForward(new ActivationConfig(Kind, BackwardReadsOutput: true), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new ActivationBackward(new ActivationConfig(Kind, BackwardReadsOutput: true), c.Output(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
