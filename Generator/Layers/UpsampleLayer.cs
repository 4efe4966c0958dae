using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Upsample(scale)]</c>: <c>nn.Upsample(scale_factor=scale)</c> on (C, H, W) → (C, H·scale, W·scale), nearest by default,
/// <c>Bilinear = true</c> for <c>mode="bilinear", align_corners=False</c>.
/// </summary>
internal sealed class UpsampleLayer : LayerDefinition
{
    public static readonly UpsampleLayer Instance = new();

    public override LayerKind Kind => LayerKind.Upsample;

    public override string NamePrefix => "upsample";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with
    {
        Scale = arguments.Int("scale"),
        Bilinear = arguments.Bool("Bilinear", false),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) =>
        NetworkAnalysis.Positive(layer, at, "scale", layer.Scale, problems);

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Upsample x{0}, {1}", layer.Scale, layer.Bilinear ? "bilinear" : "nearest");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "upsampling scales height and width")) return null;
        if (layer.Scale <= 0) return null;
        long height = (long)input.Height * layer.Scale, width = (long)input.Width * layer.Scale;
        if (!context.Fits(layer, "the output height", height) || !context.Fits(layer, "the output width", width)
            || !context.FitsProduct(layer, "the output size", input.Channels, height, width))
            return null;
        var output = Shape.Image(input.Channels, (int)height, (int)width);
        // Bilinear: four multiply-adds per output value; nearest copies.
        return new LayerPlan(layer, input, output) { MultiplyAdds = layer.Bilinear ? 4L * output.Length : 0 };
    }

    static UpsampleConfig Config(LayerPlan layer) => new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Spec.Scale, layer.Spec.Bilinear);

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new UpsampleForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new UpsampleBackward(Config(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        properties.Add($"Scale = {layer.Spec.Scale}");
        if (layer.Spec.Bilinear) properties.Add("Bilinear = true");
    }
}
