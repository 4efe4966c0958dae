using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[MaxPool2D(size)]</c>: <c>nn.MaxPool2d</c>, padding counts as −∞. Winners are recorded as window positions in the
/// narrowest integer type that holds them; a ReLU right before it can be folded into it (see <see cref="Passes.Fusion"/>).
/// </summary>
internal sealed class MaxPool2DLayer : PoolLayer
{
    public static readonly MaxPool2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.MaxPool2D;

    public override void EmitFields(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"{ArgmaxType(layer)}[] {Names.Field(layer, "Argmax")} = [];");

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"{Names.Field(layer, "Argmax")} = new {ArgmaxType(layer)}[maxBatch * {Names.Pascal(layer)}OutputLength];");

    // The kernel records winners in inference too.
    public override bool ForwardWritesAllocations => true;

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        var afterReLU = layer.Sources[0] == i - 1 && c.Fusion.IsFoldedIntoPool(i - 1);
        yield return afterReLU
            ? new MaxPool2DForward(Config(layer), c.Input(c.Plan.Layers[i - 1]), c.Output(layer), Argmax(layer), c.Plan.Layers[i - 1].Name)
            : new MaxPool2DForward(Config(layer), c.Input(layer), c.Output(layer), Argmax(layer), null);
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        var afterReLU = layer.Sources[0] == i - 1 && c.Fusion.IsFoldedIntoPool(i - 1);
        yield return afterReLU
            ? new MaxPool2DBackward(Config(layer), c.OutputGradient(layer), c.Output(layer), Argmax(layer), c.InputGradient(c.Plan.Layers[i - 1]), c.Plan.Layers[i - 1].Name)
            : new MaxPool2DBackward(Config(layer), c.OutputGradient(layer), null, Argmax(layer), c.InputGradient(layer), null);
    }

    static Value Argmax(LayerPlan layer) => Lowering.Own(layer, ValueRole.Argmax, ArgmaxElement(layer));

    /// <summary>The narrowest integer that holds every position of the pooling window (winners are recorded as window positions).</summary>
    static ElementType ArgmaxElement(LayerPlan layer)
    {
        var positions = (long)layer.Spec.Kernel * layer.Spec.KernelWidth;
        return positions <= 256 ? ElementType.UInt8 : positions <= 65536 ? ElementType.UInt16 : ElementType.Int32;
    }

    static string ArgmaxType(LayerPlan layer) => OpPrinter.CSharpType(ArgmaxElement(layer));
}
