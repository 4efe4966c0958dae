using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary>
/// A layer that only sees its input with another shape (Flatten, Reshape): NCHW values are laid out the same either
/// way, so it aliases its input's buffers and runs no kernel.
/// </summary>
internal abstract class ViewLayer : LayerDefinition
{
    public override bool IsAlias => true;

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) => e.W.Line(ForwardComment);

    /// <summary>What the forward block says instead of running a kernel.</summary>
    protected virtual string ForwardComment => "// NCHW is laid out the same in either shape: the next layer reads the same buffer.";

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        if (e.Buffers.GradientOwner(layer.Index) != layer.Index)
        {
            e.W.Line("// Shares its input's gradient buffer: nothing to do.");
            return;
        }
        // Its source's gradient is also written by an earlier reader, so this one has a buffer of its own to hand on.
        e.W.Line($"{e.OutputGradient(layer)}.CopyTo({e.InputGradient(layer)});");
    }
}
