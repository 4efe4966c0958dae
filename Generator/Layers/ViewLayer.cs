using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// A layer that only sees its input with another shape (Flatten, Reshape): NCHW values are laid out the same either
/// way, so it aliases its input's buffers and runs no kernel.
/// </summary>
internal abstract class ViewLayer : LayerDefinition
{
    public override bool IsAlias => true;

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ViewOf(Kind == LayerKind.Flatten);
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        if (c.SharesSourceGradient(layer))
        {
            yield return new SharedGradient();
            yield break;
        }
        // Its source's gradient is also written by an earlier reader, so this one has a buffer of its own to hand on.
        yield return new Copy(c.OutputGradient(layer), c.InputGradient(layer), Guarded: false);
    }

}
