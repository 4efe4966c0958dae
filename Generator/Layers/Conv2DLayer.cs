using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Conv2D(filters, kernel)]</c>: <c>nn.Conv2d</c> with zero padding, <c>Groups</c> and <c>Dilation</c>; weight [F, C/G, K, K],
/// output floor((H + 2P − D(K − 1) − 1)/S) + 1.
/// </summary>
internal sealed class Conv2DLayer : WeightedLayer
{
    public static readonly Conv2DLayer Instance = new();

    public override LayerKind Kind => LayerKind.Conv2D;

    public override string NamePrefix => "conv";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadWindowed(layer, arguments) with
    {
        Groups = arguments.Int("Groups", 1),
        Dilation = arguments.Int("Dilation", 1),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        CheckWindowed(layer, at, problems);
        NetworkAnalysis.Positive(layer, at, "Groups", layer.Groups, problems, defaultValue: 1);
        NetworkAnalysis.Positive(layer, at, "Dilation", layer.Dilation, problems, defaultValue: 1);
        if (layer.Groups > 0 && layer.Count > 0 && layer.Count % layer.Groups != 0)
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Groups"), at, "Groups",
                $"a divisor of the filters ({NetworkAnalysis.Int(layer.Count)})", NetworkAnalysis.Int(layer.Groups)));
        CheckInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Conv2D {0}@{1}x{1}, stride {2}, padding {3}{4}{5}{6}", layer.Count, layer.Kernel, layer.Stride, layer.Padding,
            layer.Groups == 1 ? "" : ", groups " + NetworkAnalysis.Int(layer.Groups), layer.Dilation == 1 ? "" : ", dilation " + NetworkAnalysis.Int(layer.Dilation),
            layer.Bias ? "" : ", no bias");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "Conv2D slides over height and width")) return null;
        if (layer.Count <= 0 || layer.Kernel <= 0 || layer.Stride <= 0 || layer.Padding < 0 || layer.Groups <= 0 || layer.Dilation <= 0
            || layer.Count % layer.Groups != 0) return null;
        if (input.Channels % layer.Groups != 0)
        {
            // The fix: the most groups that divide both the channels and the filters (the depthwise count when the filters allow it).
            context.Report(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Groups"), ShapeContext.Describe(layer), "Groups",
                $"a divisor of the input channels ({NetworkAnalysis.Int(input.Channels)})", NetworkAnalysis.Int(layer.Groups))
                with { FixValue = NetworkAnalysis.Int(GreatestCommonDivisor(input.Channels, layer.Count)) });
            return null;
        }
        int height, width;
        if (layer.Dilation == 1)
        {
            if (!context.Windowed(layer, input, paddingLimit: null, out height, out width)) return null;
        }
        else if (!DilatedSize(layer, input, context, out height, out width)) return null;
        var output = Shape.Image(layer.Count, height, width);
        if (!context.FitsProduct(layer, "filters x channels x kernel x kernel", layer.Count, input.Channels / layer.Groups, layer.Kernel, layer.Kernel)) return null;
        var window = (long)input.Channels / layer.Groups * layer.Kernel * layer.Kernel;
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

    /// <summary>floor((H + 2P − D(K − 1) − 1)/S) + 1 for height and width; reports an empty output with its arithmetic.</summary>
    static bool DilatedSize(LayerSpec layer, Shape input, ShapeContext context, out int height, out int width)
    {
        height = width = 0;
        var extent = (long)layer.Dilation * (layer.Kernel - 1) + 1;
        var sizes = new long[2];
        var extents = new[] { input.Height, input.Width };
        for (var axis = 0; axis < 2; axis++)
        {
            var span = extents[axis] + 2L * layer.Padding - extent;
            if (span < 0)
            {
                context.Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString(),
                    $"{extents[axis]} + 2*{layer.Padding} - {layer.Dilation}*({layer.Kernel} - 1) - 1 < 0");
                return false;
            }
            sizes[axis] = span / layer.Stride + 1;
        }
        if (!context.Fits(layer, "the output height", sizes[0]) || !context.Fits(layer, "the output width", sizes[1])) return false;
        height = (int)sizes[0];
        width = (int)sizes[1];
        return true;
    }

    /// <summary>The layer's <c>ConvGeometry</c>.</summary>
    internal static Conv2DConfig Config(LayerPlan layer) => new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, layer.Spec.Count,
        layer.Spec.Kernel, layer.Spec.Stride, layer.Spec.Padding, layer.Spec.Groups, layer.Spec.Dilation);

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        var rectify = c.Fusion.RectifiesInto(i);
        yield return new Conv2DForward(Config(layer), c.Input(layer), Lowering.Weight(layer), Lowering.Bias(layer), c.Output(rectify ? i + 1 : i),
            rectify ? c.Plan.Layers[i + 1].Name : null);
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var i = layer.Index;
        var throughReLU = layer.Sources[0] == i - 1 && c.Fusion.IsBackwardFoldedIntoConv(i - 1);
        yield return new Conv2DBackward(Config(layer), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer), Lowering.WeightGradient(layer),
            Lowering.BiasGradient(layer), c.InputGradient(throughReLU ? c.Plan.Layers[i - 1] : layer), throughReLU ? c.Plan.Layers[i - 1].Name : null);
    }

    protected override string WeightShape(LayerPlan layer) => $"{layer.Spec.Count}, {layer.Input.Channels / layer.Spec.Groups}, {layer.Spec.Kernel}, {layer.Spec.Kernel}";

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        PoolLayer.WindowProperties(layer, properties);
        if (layer.Spec.Groups != 1) properties.Add($"Groups = {layer.Spec.Groups}");
        if (layer.Spec.Dilation != 1) properties.Add($"Dilation = {layer.Spec.Dilation}");
        base.LayerInfoProperties(e, layer, properties);
    }

    static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
