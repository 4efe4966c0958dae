using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Reshape(channels, height, width)]</c>: any input of C·H·W values seen as (C, H, W) (<c>nn.Unflatten(1, (C, H, W))</c>
/// after a Dense layer), a view of its input's buffers. The sizes are kept in <see cref="LayerSpec.Count"/>,
/// <see cref="LayerSpec.Kernel"/> and <see cref="LayerSpec.Stride"/>.
/// </summary>
internal sealed class ReshapeLayer : ViewLayer
{
    public static readonly ReshapeLayer Instance = new();

    public override LayerKind Kind => LayerKind.Reshape;

    public override string NamePrefix => "reshape";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with
    {
        Count = arguments.Int("channels"),
        Kernel = arguments.Int("height"),
        Stride = arguments.Int("width"),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, "channels", layer.Count, problems);
        NetworkAnalysis.Positive(layer, at, "height", layer.Kernel, problems);
        NetworkAnalysis.Positive(layer, at, "width", layer.Stride, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Reshape to ({0}, {1}, {2})", layer.Count, layer.Kernel, layer.Stride);

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (layer.Count <= 0 || layer.Kernel <= 0 || layer.Stride <= 0) return null;
        var length = (long)layer.Count * layer.Kernel * layer.Stride;
        if (length != input.Length)
        {
            context.Report(ProblemKind.ReshapeLengthMismatch, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToString(),
                NetworkAnalysis.Int(input.Length), string.Format(CultureInfo.InvariantCulture, "{0} x {1} x {2} = {3}", layer.Count, layer.Kernel, layer.Stride, length));
            return null;
        }
        return new LayerPlan(layer, input, Shape.Image(layer.Count, layer.Kernel, layer.Stride));
    }
}
