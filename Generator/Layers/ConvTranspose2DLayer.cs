using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[ConvTranspose2D(filters, kernel)]</c> or <c>(filters, kernelHeight, kernelWidth)</c>: <c>nn.ConvTranspose2d</c> with
/// <c>Stride</c>, <c>Padding</c> (each also per axis) and <c>OutputPadding</c>; weight [C, F, KH, KW], output
/// (H − 1)·S − 2P + K + OutputPadding on each axis with that axis's values.
/// </summary>
internal sealed class ConvTranspose2DLayer : WeightedLayer
{
    public static readonly ConvTranspose2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.ConvTranspose2D;

    public override string NamePrefix => "convtranspose";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadWindowed(layer, arguments, dilation: false) with
    {
        OutputPadding = arguments.Int("OutputPadding"),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        CheckWindowed(layer, at, problems);
        // PyTorch: output padding must be smaller than either the stride or the dilation (1 here), so smaller than the stride (each axis's).
        var stride = System.Math.Min(layer.Stride, layer.StrideWidth);
        if (layer.OutputPadding < 0 || (stride > 0 && layer.OutputPadding >= stride))
            // The fix: the nearest allowed value (stride − 1 is what makes the output exactly stride times the input).
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "OutputPadding"), at, "OutputPadding",
                $"at least 0 and smaller than the stride ({NetworkAnalysis.Int(stride)})", NetworkAnalysis.Int(layer.OutputPadding))
                with { FixValue = layer.OutputPadding < 0 ? "0" : stride > 0 ? NetworkAnalysis.Int(stride - 1) : null });
        CheckInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "ConvTranspose2D {0}@{1}{2}{3}", layer.Count, WindowAxes.Text(layer),
            layer.OutputPadding == 0 ? "" : ", output padding " + NetworkAnalysis.Int(layer.OutputPadding), layer.Bias ? "" : ", no bias");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "ConvTranspose2D slides over height and width")) return null;
        if (layer.Count <= 0 || !WindowAxes.Valid(layer) || layer.OutputPadding < 0 || layer.OutputPadding >= System.Math.Min(layer.Stride, layer.StrideWidth)) return null;
        var sizes = new long[2];
        var axes = new[]
        {
            (Extent: input.Height, Kernel: layer.Kernel, Stride: layer.Stride, Padding: layer.Padding),
            (Extent: input.Width, Kernel: layer.KernelWidth, Stride: layer.StrideWidth, Padding: layer.PaddingWidth),
        };
        for (var axis = 0; axis < 2; axis++)
        {
            var (extent, kernel, stride, padding) = axes[axis];
            sizes[axis] = ((long)extent - 1) * stride - 2L * padding + kernel + layer.OutputPadding;
            if (sizes[axis] <= 0)
            {
                context.Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString(),
                    $"({extent} - 1)*{stride} - 2*{padding} + {kernel} + {layer.OutputPadding} = {sizes[axis]} <= 0");
                return null;
            }
        }
        if (!context.Fits(layer, "the output height", sizes[0]) || !context.Fits(layer, "the output width", sizes[1])
            || !context.FitsProduct(layer, "the output length", layer.Count, sizes[0], sizes[1]))
            return null;
        var output = Shape.Image(layer.Count, (int)sizes[0], (int)sizes[1]);
        if (!context.FitsProduct(layer, "channels x filters x kernel x kernel", input.Channels, layer.Count, layer.Kernel, layer.KernelWidth)) return null;
        var taps = (long)layer.Kernel * layer.KernelWidth;
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
    internal static ConvTranspose2DConfig Config(LayerPlan layer)
    {
        var s = layer.Spec;
        return new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, s.Count, s.Kernel, s.Stride, s.Padding, s.OutputPadding)
        {
            KernelWidth = Conv2DLayer.WidthOf(s.KernelWidth, s.Kernel),
            StrideWidth = Conv2DLayer.WidthOf(s.StrideWidth, s.Stride),
            PaddingWidth = Conv2DLayer.WidthOf(s.PaddingWidth, s.Padding),
        };
    }

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

    protected override string WeightShape(LayerPlan layer) => $"{layer.Input.Channels}, {layer.Spec.Count}, {layer.Spec.Kernel}, {layer.Spec.KernelWidth}";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        PoolLayer.WindowProperties(layer, properties);
        if (layer.Spec.OutputPadding != 0) properties.Add($"OutputPadding = {layer.Spec.OutputPadding}");
        base.LayerInfoProperties(e, layer, properties);
    }
}
