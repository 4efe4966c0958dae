using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[MaxPool2D(size)]</c>: <c>nn.MaxPool2d</c>, padding counts as −∞. Winners are recorded as window positions in the
/// narrowest integer type that holds them; a ReLU right before it can be folded into it (see <see cref="BufferPlan"/>).
/// </summary>
internal sealed class MaxPool2DLayer : PoolLayer
{
    public static readonly MaxPool2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.MaxPool2D;

    public override void EmitFields(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"readonly {ArgmaxType(layer)}[] {Names.Field(layer, "Argmax")};");

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"{Names.Field(layer, "Argmax")} = new {ArgmaxType(layer)}[maxBatch * {Names.Pascal(layer)}OutputLength];");

    public override void EmitForward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        var name = Names.Pascal(layer);
        if (layer.Sources[0] == i - 1 && e.Buffers.IsFoldedIntoPool(i - 1))
        {
            e.W.Line($"// Pools {e.Plan.Layers[i - 1].Name}'s input, then rectifies the pooled values: the same numbers without writing the rectified map.");
            e.Call("MaxPool2D.ForwardAfterReLU", $"input: {e.Input(e.Plan.Layers[i - 1])}", $"output: {e.Output(layer)}", $"argmax: {Argmax(layer)}", $"geometry: {name}Geometry", "batch: batch");
            return;
        }
        e.Call("MaxPool2D.Forward", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}", $"argmax: {Argmax(layer)}", $"geometry: {name}Geometry", "batch: batch");
    }

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        var name = Names.Pascal(layer);
        if (layer.Sources[0] == i - 1 && e.Buffers.IsFoldedIntoPool(i - 1))
        {
            e.W.Line($"// Through {e.Plan.Layers[i - 1].Name} as well: winners whose pooled value is ≤ 0 get no gradient (a NaN winner gets it, as in threshold_backward).");
            // The argmax type is explicit: a Span<byte> does not infer ReadOnlySpan<TIndex> before C# 14.
            e.Call($"MaxPool2D.BackwardAfterReLU<{ArgmaxType(layer)}>", $"outputGradient: {e.OutputGradient(layer)}", $"output: {e.Output(layer)}", $"argmax: {Argmax(layer)}", $"inputGradient: {e.InputGradient(e.Plan.Layers[i - 1])}", $"geometry: {name}Geometry", "batch: batch");
            return;
        }
        e.Call($"MaxPool2D.Backward<{ArgmaxType(layer)}>", $"outputGradient: {e.OutputGradient(layer)}", $"argmax: {Argmax(layer)}", $"inputGradient: {e.InputGradient(layer)}", $"geometry: {name}Geometry", "batch: batch");
    }

    static string Argmax(LayerPlan layer) => $"{Names.Field(layer, "Argmax")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";

    /// <summary>The narrowest integer that holds every position of the pooling window (winners are recorded as window positions).</summary>
    static string ArgmaxType(LayerPlan layer)
    {
        var positions = (long)layer.Spec.Kernel * layer.Spec.Kernel;
        return positions <= 256 ? "byte" : positions <= 65536 ? "ushort" : "int";
    }
}
