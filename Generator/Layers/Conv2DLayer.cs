using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Passes;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Conv2D(filters, kernel)]</c> or <c>[Conv2D(filters, kernelHeight, kernelWidth)]</c>: <c>nn.Conv2d</c> with zero padding,
/// <c>Groups</c> and <c>Dilation</c> (each of stride, padding and dilation also per axis); weight [F, C/G, KH, KW], output
/// floor((H + 2P − D(K − 1) − 1)/S) + 1 on each axis with that axis's values.
/// </summary>
internal sealed class Conv2DLayer : WeightedLayer
{
    public static readonly Conv2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.Conv2D;

    public override string NamePrefix => "conv";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadWindowed(layer, arguments, dilation: true) with
    {
        Groups = arguments.Int("Groups", 1),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        CheckWindowed(layer, at, problems);
        NetworkAnalysis.Positive(layer, at, "Groups", layer.Groups, problems, defaultValue: 1);
        WindowAxes.CheckDilation(layer, at, problems);
        if (layer.Groups > 0 && layer.Count > 0 && layer.Count % layer.Groups != 0)
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Groups"), at, "Groups",
                $"a divisor of the filters ({NetworkAnalysis.Int(layer.Count)})", NetworkAnalysis.Int(layer.Groups)));
        CheckInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Conv2D {0}@{1}{2}{3}{4}", layer.Count, WindowAxes.Text(layer),
            layer.Groups == 1 ? "" : ", groups " + NetworkAnalysis.Int(layer.Groups),
            layer.Dilation == 1 && layer.DilationWidth == 1 ? "" : ", dilation " + LayerSpec.Pair(layer.Dilation, layer.DilationWidth),
            layer.Bias ? "" : ", no bias");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "Conv2D slides over height and width")) return null;
        if (layer.Count <= 0 || !WindowAxes.Valid(layer) || layer.Groups <= 0 || layer.Count % layer.Groups != 0) return null;
        if (input.Channels % layer.Groups != 0)
        {
            // The fix: the most groups that divide both the channels and the filters (the depthwise count when the filters allow it).
            context.Report(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Groups"), ShapeContext.Describe(layer), "Groups",
                $"a divisor of the input channels ({NetworkAnalysis.Int(input.Channels)})", NetworkAnalysis.Int(layer.Groups))
                with { FixValue = NetworkAnalysis.Int(GreatestCommonDivisor(input.Channels, layer.Count)) });
            return null;
        }
        int height, width;
        if (layer.Dilation == 1 && layer.DilationWidth == 1)
        {
            if (!context.Windowed(layer, input, paddingLimit: null, out height, out width)) return null;
        }
        else if (!DilatedSize(layer, input, context, out height, out width)) return null;
        var output = Shape.Image(layer.Count, height, width);
        if (!context.FitsProduct(layer, "filters x channels x kernel x kernel", layer.Count, input.Channels / layer.Groups, layer.Kernel, layer.KernelWidth)) return null;
        var window = (long)input.Channels / layer.Groups * layer.Kernel * layer.KernelWidth;
        if (!context.Fits(layer, "the output length", (long)layer.Count * height * width)) return null;
        return new LayerPlan(layer, input, output)
        {
            WeightLength = (int)(layer.Count * window),
            BiasLength = layer.Bias ? layer.Count : 0,
            FanIn = (int)window,
            FanOut = layer.Count * layer.Kernel * layer.KernelWidth,
            MultiplyAdds = (long)output.Length * window,
        };
    }

    /// <summary>floor((H + 2P − D(K − 1) − 1)/S) + 1 for height and width; reports an empty output with its arithmetic.</summary>
    static bool DilatedSize(LayerSpec layer, Shape input, ShapeContext context, out int height, out int width)
    {
        height = width = 0;
        var sizes = new long[2];
        var axes = new[]
        {
            (Extent: input.Height, Kernel: layer.Kernel, Stride: layer.Stride, Padding: layer.Padding, Dilation: layer.Dilation),
            (Extent: input.Width, Kernel: layer.KernelWidth, Stride: layer.StrideWidth, Padding: layer.PaddingWidth, Dilation: layer.DilationWidth),
        };
        for (var axis = 0; axis < 2; axis++)
        {
            var (extent, kernel, stride, padding, dilation) = axes[axis];
            var span = extent + 2L * padding - ((long)dilation * (kernel - 1) + 1);
            if (span < 0)
            {
                context.Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString(),
                    $"{extent} + 2*{padding} - {dilation}*({kernel} - 1) - 1 < 0");
                return false;
            }
            sizes[axis] = span / stride + 1;
        }
        if (!context.Fits(layer, "the output height", sizes[0]) || !context.Fits(layer, "the output width", sizes[1])) return false;
        height = (int)sizes[0];
        width = (int)sizes[1];
        return true;
    }

    /// <summary>The layer's <c>ConvGeometry</c>.</summary>
    internal static Conv2DConfig Config(LayerPlan layer)
    {
        var s = layer.Spec;
        return new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, s.Count, s.Kernel, s.Stride, s.Padding, s.Groups, s.Dilation)
        {
            KernelWidth = WidthOf(s.KernelWidth, s.Kernel),
            StrideWidth = WidthOf(s.StrideWidth, s.Stride),
            PaddingWidth = WidthOf(s.PaddingWidth, s.Padding),
            DilationWidth = WidthOf(s.DilationWidth, s.Dilation),
        };
    }

    /// <summary>A config's width value: null where it equals the height's (the square form, as the geometry's defaults).</summary>
    internal static int? WidthOf(int width, int height) => width == height ? null : width;

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        var rectify = c.Fusion.RectifiesInto(i);
        yield return new Conv2DForward(Config(layer), c.Input(layer), Lowering.Weight(layer), Lowering.Bias(layer), c.Output(rectify ? i + 1 : i),
            rectify ? c.Plan.Layers[i + 1].Name : null);
    }

    /// <summary>
    /// With the batch norm after it folded in: derived weight and bias, the batch norm's output (or, with the ReLU after
    /// it as the epilogue, the ReLU's). An eligible 3×3 stride-1 convolution then runs by Winograd over filters derived
    /// from that weight (<see cref="Winograd"/>).
    /// </summary>
    public override IEnumerable<Op> LowerInference(Lowering c, LayerPlan layer)
    {
        foreach (var op in FoldedOrPlain(c, layer)) yield return op is Conv2DForward conv ? Winograd.Choose(c, conv) : op;
    }

    IEnumerable<Op> FoldedOrPlain(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        if (!c.InferenceFusion.IsFoldedIntoProduct(i + 1)) return Lower(c, layer);
        var (weight, bias) = c.FoldedWeights(layer);
        var rectify = c.InferenceFusion.IsAppliedByFoldedConvolution(i + 2);
        return [new Conv2DForward(Config(layer), c.Input(layer), weight, bias, c.Output(rectify ? i + 2 : i + 1), rectify ? c.Plan.Layers[i + 2].Name : null)
            { FoldedBatchNorm = c.Plan.Layers[i + 1].Name }];
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        var throughReLU = layer.Sources[0] == i - 1 && c.Fusion.IsBackwardFoldedIntoConv(i - 1);
        yield return new Conv2DBackward(Config(layer), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer), Lowering.WeightGradient(layer),
            Lowering.BiasGradient(layer), c.InputGradient(throughReLU ? c.Plan.Layers[i - 1] : layer), throughReLU ? c.Plan.Layers[i - 1].Name : null);
    }

    protected override string WeightShape(LayerPlan layer) => $"{layer.Spec.Count}, {layer.Input.Channels / layer.Spec.Groups}, {layer.Spec.Kernel}, {layer.Spec.KernelWidth}";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        PoolLayer.WindowProperties(layer, properties);
        if (layer.Spec.Groups != 1) properties.Add($"Groups = {layer.Spec.Groups}");
        if (layer.Spec.Dilation != 1) properties.Add($"Dilation = {layer.Spec.Dilation}");
        if (layer.Spec.DilationWidth != layer.Spec.Dilation) properties.Add($"DilationWidth = {layer.Spec.DilationWidth}");
        base.LayerInfoProperties(e, layer, properties);
    }

    static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
