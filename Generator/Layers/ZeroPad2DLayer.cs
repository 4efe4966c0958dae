using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[ZeroPad2D(left, right, top, bottom)]</c> or <c>[ZeroPad2D(padding)]</c>: <c>nn.ZeroPad2d</c>, (C, H, W) →
/// (C, H + top + bottom, W + left + right); each amount 0 or more.
/// </summary>
internal sealed class ZeroPad2DLayer : LayerDefinition
{
    public static readonly ZeroPad2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.ZeroPad2D;

    public override string NamePrefix => "zeropad";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments)
    {
        if (arguments.Has("padding"))
        {
            var padding = arguments.Int("padding");
            return layer with { PadLeft = padding, PadRight = padding, PadTop = padding, PadBottom = padding };
        }
        return layer with
        {
            PadLeft = arguments.Int("left"),
            PadRight = arguments.Int("right"),
            PadTop = arguments.Int("top"),
            PadBottom = arguments.Int("bottom"),
        };
    }

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        var sides = new[] { ("left", layer.PadLeft), ("right", layer.PadRight), ("top", layer.PadTop), ("bottom", layer.PadBottom) };
        // The one-amount form reports once, on its argument.
        if (layer.PadLeft == layer.PadRight && layer.PadLeft == layer.PadTop && layer.PadLeft == layer.PadBottom) sides = [("padding", layer.PadLeft)];
        foreach (var (argument, amount) in sides)
        {
            if (amount < 0)
                problems.Add(NetworkAnalysis.Make(ProblemKind.NegativePadding, ProblemLocation.Layer(layer.Index, argument), at, NetworkAnalysis.Int(amount)));
        }
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "ZeroPad2D left {0}, right {1}, top {2}, bottom {3}", layer.PadLeft, layer.PadRight, layer.PadTop, layer.PadBottom);

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "it pads height and width")) return null;
        if (layer.PadLeft < 0 || layer.PadRight < 0 || layer.PadTop < 0 || layer.PadBottom < 0) return null;
        long height = (long)input.Height + layer.PadTop + layer.PadBottom, width = (long)input.Width + layer.PadLeft + layer.PadRight;
        if (!context.Fits(layer, "the output height", height) || !context.Fits(layer, "the output width", width)
            || !context.FitsProduct(layer, "the output size", input.Channels, height, width))
            return null;
        return new LayerPlan(layer, input, Shape.Image(input.Channels, (int)height, (int)width));
    }

    static PadConfig Config(LayerPlan layer) => new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width,
        layer.Spec.PadLeft, layer.Spec.PadRight, layer.Spec.PadTop, layer.Spec.PadBottom);

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ZeroPad2DForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new ZeroPad2DBackward(Config(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) =>
        properties.Add($"Pads = [{layer.Spec.PadLeft}, {layer.Spec.PadRight}, {layer.Spec.PadTop}, {layer.Spec.PadBottom}]");
}
