using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Softmax]</c>: softmax over each sample's features (<c>nn.Softmax(dim=1)</c> on a vector); needs a (features) input.</summary>
internal sealed class SoftmaxLayer : LayerDefinition
{
    public static readonly SoftmaxLayer Instance = new();

    public override LayerKind Kind => LayerKind.Softmax;

    public override string NamePrefix => "softmax";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        RequireVector(layer, input, context) ? new LayerPlan(layer, input, input) : null;

    /// <summary>
    /// Reports CNN0205 for an image input, saying what each way to a vector builds: softmax (or a classifier) over all
    /// C·H·W values after [Flatten], over the C channel means after [GlobalAvgPool]; a softmax or classes per pixel
    /// (PyTorch's <c>dim=1</c> on (N, C, H, W)) is not available, so following the advice must not silently build one.
    /// </summary>
    internal static bool RequireVector(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!input.IsImage) return true;
        var values = NetworkAnalysis.Int((long)input.Channels * input.Height * input.Width);
        var channels = NetworkAnalysis.Int(input.Channels);
        var hint = $"[Flatten] before it gives a softmax over all {values} values of a sample, [GlobalAvgPool] one over the {channels} channel means; a softmax over the channels at each pixel (PyTorch's dim=1 on (N, C, H, W)) is not available";
        context.Report(ProblemKind.RequiresVectorInput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToString(), hint);
        return false;
    }

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new SoftmaxForward(new SoftmaxConfig(layer.Output.Length), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new SoftmaxBackward(new SoftmaxConfig(layer.Output.Length), c.Output(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

}
