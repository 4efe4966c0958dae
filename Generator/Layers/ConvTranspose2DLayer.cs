using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[ConvTranspose2D(filters, kernel)]</c>: <c>nn.ConvTranspose2d</c> with <c>Stride</c>, <c>Padding</c> and <c>OutputPadding</c>;
/// weight [C, F, K, K], output (H − 1)·S − 2P + K + OutputPadding.
/// </summary>
internal sealed class ConvTranspose2DLayer : WeightedLayer
{
    public static readonly ConvTranspose2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.ConvTranspose2D;

    public override string NamePrefix => "convtranspose";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadWindowed(layer, arguments) with
    {
        OutputPadding = arguments.Int("OutputPadding"),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        CheckWindowed(layer, at, problems);
        // PyTorch: output padding must be smaller than either the stride or the dilation (1 here), so smaller than the stride.
        if (layer.OutputPadding < 0 || (layer.Stride > 0 && layer.OutputPadding >= layer.Stride))
            // The fix: the nearest allowed value (stride − 1 is what makes the output exactly stride times the input).
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "OutputPadding"), at, "OutputPadding",
                $"at least 0 and smaller than the stride ({NetworkAnalysis.Int(layer.Stride)})", NetworkAnalysis.Int(layer.OutputPadding))
                with { FixValue = layer.OutputPadding < 0 ? "0" : layer.Stride > 0 ? NetworkAnalysis.Int(layer.Stride - 1) : null });
        CheckInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "ConvTranspose2D {0}@{1}x{1}, stride {2}, padding {3}{4}{5}", layer.Count, layer.Kernel, layer.Stride, layer.Padding,
            layer.OutputPadding == 0 ? "" : ", output padding " + NetworkAnalysis.Int(layer.OutputPadding), layer.Bias ? "" : ", no bias");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "ConvTranspose2D slides over height and width")) return null;
        if (layer.Count <= 0 || layer.Kernel <= 0 || layer.Stride <= 0 || layer.Padding < 0 || layer.OutputPadding < 0 || layer.OutputPadding >= layer.Stride) return null;
        var sizes = new long[2];
        var extents = new[] { input.Height, input.Width };
        for (var axis = 0; axis < 2; axis++)
        {
            sizes[axis] = ((long)extents[axis] - 1) * layer.Stride - 2L * layer.Padding + layer.Kernel + layer.OutputPadding;
            if (sizes[axis] <= 0)
            {
                context.Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString(),
                    $"({extents[axis]} - 1)*{layer.Stride} - 2*{layer.Padding} + {layer.Kernel} + {layer.OutputPadding} = {sizes[axis]} <= 0");
                return null;
            }
        }
        if (!context.Fits(layer, "the output height", sizes[0]) || !context.Fits(layer, "the output width", sizes[1])
            || !context.FitsProduct(layer, "the output length", layer.Count, sizes[0], sizes[1]))
            return null;
        var output = Shape.Image(layer.Count, (int)sizes[0], (int)sizes[1]);
        if (!context.FitsProduct(layer, "channels x filters x kernel x kernel", input.Channels, layer.Count, layer.Kernel, layer.Kernel)) return null;
        var taps = (long)layer.Kernel * layer.Kernel;
        return new LayerPlan(layer, input, output)
        {
            WeightLength = (int)(input.Channels * layer.Count * taps),
            BiasLength = layer.Bias ? layer.Count : 0,
            // torch.nn.init reads the weight [C, F, K, K] as (fan-out C·K·K, fan-in F·K·K).
            FanIn = (int)(layer.Count * taps),
            FanOut = (int)(input.Channels * taps),
            MultiplyAdds = input.Length * layer.Count * taps,
        };
    }

    /// <summary>The layer's <c>ConvTransposeGeometry</c>.</summary>
    internal static ConvTranspose2DConfig Config(LayerPlan layer) => new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Spec.Count,
        layer.Spec.Kernel, layer.Spec.Stride, layer.Spec.Padding, layer.Spec.OutputPadding);

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ConvTranspose2DForward(Config(layer), c.Input(layer), Lowering.Weight(layer), Lowering.Bias(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new ConvTranspose2DBackward(Config(layer), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer), Lowering.WeightGradient(layer),
            Lowering.BiasGradient(layer), c.InputGradient(layer));
    }

    protected override string WeightShape(LayerPlan layer) => $"{layer.Input.Channels}, {layer.Spec.Count}, {layer.Spec.Kernel}, {layer.Spec.Kernel}";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        PoolLayer.WindowProperties(layer, properties);
        if (layer.Spec.OutputPadding != 0) properties.Add($"OutputPadding = {layer.Spec.OutputPadding}");
        base.LayerInfoProperties(e, layer, properties);
    }
}
