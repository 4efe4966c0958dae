using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// What AdaptiveAvgPool2D and AdaptiveMaxPool2D share: <c>(size)</c> or <c>(height, width)</c>, (C, H, W) → (C, height,
/// width) over PyTorch's adaptive windows (start ⌊i·H/height⌋, end ⌈(i + 1)·H/height⌉), and the geometry constant.
/// </summary>
internal abstract class AdaptivePoolLayer : LayerDefinition
{
    /// <summary>Both share <c>adaptivepool</c>, so <c>adaptivepool1</c>, <c>adaptivepool2</c> never collide.</summary>
    public override string NamePrefix => "adaptivepool";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => arguments.Has("size")
        ? layer with { OutHeight = arguments.Int("size"), OutWidth = arguments.Int("size") }
        : layer with { OutHeight = arguments.Int("height"), OutWidth = arguments.Int("width") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (layer.OutHeight == layer.OutWidth)
        {
            // (size), reported once (a (height, width) with one bad value twice over is reported on the whole attribute).
            NetworkAnalysis.Positive(layer, at, "size", layer.OutHeight, problems);
            return;
        }
        NetworkAnalysis.Positive(layer, at, "height", layer.OutHeight, problems);
        NetworkAnalysis.Positive(layer, at, "width", layer.OutWidth, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "{0} to {1}x{2}", layer.Kind, layer.OutHeight, layer.OutWidth);

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "adaptive pooling pools height and width")) return null;
        if (layer.OutHeight <= 0 || layer.OutWidth <= 0) return null;
        if (!context.FitsProduct(layer, "the output size", input.Channels, layer.OutHeight, layer.OutWidth)) return null;
        var output = Shape.Image(input.Channels, layer.OutHeight, layer.OutWidth);
        // Every window's positions once: the rows the row windows span times the columns the column windows span.
        var taps = (long)WindowSpan(input.Height, layer.OutHeight) * WindowSpan(input.Width, layer.OutWidth);
        return new LayerPlan(layer, input, output) { MultiplyAdds = input.Channels * taps };
    }

    /// <summary>Σ over the output positions of one axis of their window's length (PyTorch's start and end indices).</summary>
    static long WindowSpan(int size, int outputs)
    {
        long sum = 0;
        for (long i = 0; i < outputs; i++) sum += ((i + 1) * size + outputs - 1) / outputs - i * size / outputs;
        return sum;
    }

    internal static AdaptivePoolConfig Config(LayerPlan layer) =>
        new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Spec.OutHeight, layer.Spec.OutWidth);

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));
}
