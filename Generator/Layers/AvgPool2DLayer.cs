using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[AvgPool2D(size)]</c>: <c>nn.AvgPool2d</c>, <c>CountIncludePad</c> (default true) and <c>CeilMode</c> as PyTorch's.</summary>
internal sealed class AvgPool2DLayer : PoolLayer
{
    public static readonly AvgPool2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.AvgPool2D;

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("AvgPool2D.Forward", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}", $"geometry: {Names.Pascal(layer)}Geometry", "batch: batch");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("AvgPool2D.Backward", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}", $"geometry: {Names.Pascal(layer)}Geometry", "batch: batch");
}
