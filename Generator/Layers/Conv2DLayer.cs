using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Conv2D(filters, kernel)]</c>: <c>nn.Conv2d</c> with zero padding, weight [F, C, K, K].</summary>
internal sealed class Conv2DLayer : WeightedLayer
{
    public static readonly Conv2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.Conv2D;

    public override string NamePrefix => "conv";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadWeighted(layer, arguments) with
    {
        Count = arguments.Int("filters"),
        Kernel = arguments.Int("kernel"),
        Stride = arguments.Int("Stride", 1),
        Padding = arguments.Int("Padding"),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, "filters", layer.Count, problems);
        NetworkAnalysis.Positive(layer, at, "kernel", layer.Kernel, problems);
        NetworkAnalysis.Positive(layer, at, "Stride", layer.Stride, problems);
        NetworkAnalysis.NotNegative(layer, at, layer.Padding, problems);
        NetworkAnalysis.FiniteInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Conv2D {0}@{1}x{1}, stride {2}, padding {3}{4}", layer.Count, layer.Kernel, layer.Stride, layer.Padding, layer.Bias ? "" : ", no bias");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "Conv2D slides over height and width")) return null;
        if (layer.Count <= 0 || layer.Kernel <= 0 || layer.Stride <= 0 || layer.Padding < 0) return null;
        if (!context.Windowed(layer, input, paddingLimit: null, out var height, out var width)) return null;
        var output = Shape.Image(layer.Count, height, width);
        var window = (long)input.Channels * layer.Kernel * layer.Kernel;
        if (!context.Fits(layer, "filters x channels x kernel x kernel", layer.Count * window)) return null;
        if (!context.Fits(layer, "the output length", (long)layer.Count * height * width)) return null;
        return new LayerPlan(layer, input, output)
        {
            WeightLength = (int)(layer.Count * window),
            BiasLength = layer.Bias ? layer.Count : 0,
            FanIn = (int)window,
            FanOut = layer.Count * layer.Kernel * layer.Kernel,
            MultiplyAdds = (long)output.Length * window,
        };
    }

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) =>
        e.W.Line($"static readonly {NetworkEmitter.Kernels}.ConvGeometry {Names.Pascal(layer)}Geometry = new(Channels: {layer.Input.Channels}, Height: {layer.Input.Height}, Width: {layer.Input.Width}, Filters: {layer.Spec.Count}, Kernel: {layer.Spec.Kernel}, Stride: {layer.Spec.Stride}, Padding: {layer.Spec.Padding});");

    public override void EmitForward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        var rectify = e.Buffers.RectifiesInto(i);
        if (rectify) e.W.Line($"// With {e.Plan.Layers[i + 1].Name}: the rectified map goes straight into its buffer.");
        e.Call(rectify ? "Conv2D.ForwardWithReLU" : "Conv2D.Forward",
            $"input: {e.Input(layer)}",
            $"weight: {e.Weight(layer)}",
            $"bias: {e.Bias(layer)}",
            $"output: {e.Buffers.Output(rectify ? i + 1 : i)}",
            $"geometry: {Names.Pascal(layer)}Geometry",
            "batch: batch");
    }

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        var throughReLU = layer.Sources[0] == i - 1 && e.Buffers.IsBackwardFoldedIntoConv(i - 1);
        if (throughReLU) e.W.Line($"// Through {e.Plan.Layers[i - 1].Name} as well: the input gradient is kept where its output (this layer's input) is positive.");
        e.Call(throughReLU ? "Conv2D.BackwardThroughReLU" : "Conv2D.Backward",
            $"input: {e.Input(layer)}",
            $"weight: {e.Weight(layer)}",
            $"outputGradient: {e.OutputGradient(layer)}",
            $"weightGradient: {e.WeightGradient(layer)}",
            $"biasGradient: {e.BiasGradient(layer)}",
            $"inputGradient: {e.InputGradient(throughReLU ? e.Plan.Layers[i - 1] : layer)}",
            $"geometry: {Names.Pascal(layer)}Geometry",
            "batch: batch");
    }

    protected override string WeightShape(LayerPlan layer) => $"{layer.Spec.Count}, {layer.Input.Channels}, {layer.Spec.Kernel}, {layer.Spec.Kernel}";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        PoolLayer.WindowProperties(layer, properties);
        base.LayerInfoProperties(e, layer, properties);
    }
}
