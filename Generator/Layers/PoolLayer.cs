using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// What MaxPool2D and AvgPool2D share: <c>(size)</c> or <c>(kernelHeight, kernelWidth)</c>, <c>Stride = size</c>, <c>Padding</c>
/// (each also per axis), <c>CeilMode</c>, the window rule and geometry.
/// </summary>
internal abstract class PoolLayer : LayerDefinition
{
    /// <summary>Both pools share <c>pool</c>, so <c>pool1</c>, <c>pool2</c> never collide.</summary>
    public override string NamePrefix => "pool";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) =>
        WindowAxes.Read(layer, arguments, "size", strideIsWindow: true, dilation: false) with
        {
            CeilMode = arguments.Bool("CeilMode", false),
            CountIncludePad = arguments.Bool("CountIncludePad", true),
        };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        WindowAxes.Check(layer, at, "size", strideIsWindow: true, problems);
        foreach (var width in new[] { false, true })
        {
            int kernel = width ? layer.KernelWidth : layer.Kernel, padding = width ? layer.PaddingWidth : layer.Padding;
            if (width && layer.PaddingArgument(true) == layer.PaddingArgument(false) && kernel == layer.Kernel) continue;
            if (kernel > 0 && padding > kernel / 2)
                problems.Add(NetworkAnalysis.Make(ProblemKind.PoolPaddingTooLarge, ProblemLocation.Layer(layer.Index, layer.PaddingArgument(width)), at,
                    NetworkAnalysis.Int(padding), NetworkAnalysis.Int(kernel)));
        }
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1}", layer.Kind, WindowAxes.Text(layer))
        + (layer.CeilMode ? ", ceil mode" : "") + (layer.CountIncludePad ? "" : ", padding not counted");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "pooling slides over height and width")) return null;
        if (!WindowAxes.Valid(layer) || layer.Padding > layer.Kernel / 2 || layer.PaddingWidth > layer.KernelWidth / 2) return null;
        int height, width;
        if (layer.CeilMode)
        {
            // Rounding up covers the rows a floor would leave out, so there is no stride warning to give.
            if (!CeilModeSize(layer, input, context, out height, out width)) return null;
        }
        // PyTorch allows a pooling padding of at most size / 2, so the exact-padding advice stays within it.
        else if (!context.Windowed(layer, input, paddingLimit: System.Math.Min(layer.Kernel, layer.KernelWidth) / 2, out height, out width)) return null;
        var output = Shape.Image(input.Channels, height, width);
        return new LayerPlan(layer, input, output) { MultiplyAdds = (long)output.Length * layer.Kernel * layer.KernelWidth };
    }

    /// <summary>
    /// PyTorch's <c>pooling_output_shape</c> with <c>ceil_mode</c>: ⌈(H + 2P − size)/S⌉ + 1 (rounding towards −∞, as its
    /// <c>div_rtn</c>), less one when that last window would start in the right padding. A window larger than the padded
    /// input is valid as long as it starts inside the input or its left padding (a 3x3 window over 2x2 gives 1x1).
    /// Reports an output with no rows or columns with its arithmetic.
    /// </summary>
    static bool CeilModeSize(LayerSpec layer, Shape input, ShapeContext context, out int height, out int width)
    {
        height = width = 0;
        var sizes = new long[2];
        var extents = new[] { input.Height, input.Width };
        for (var axis = 0; axis < 2; axis++)
        {
            int k = axis == 0 ? layer.Kernel : layer.KernelWidth, p = axis == 0 ? layer.Padding : layer.PaddingWidth, s = axis == 0 ? layer.Stride : layer.StrideWidth;
            var span = (long)extents[axis] + 2L * p - k;
            var rounded = span + s - 1;
            var size = rounded / s + (rounded < 0 && rounded % s != 0 ? 0 : 1);
            if (size > 0 && (size - 1) * s >= extents[axis] + p) size--;
            if (size < 1)
            {
                context.Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), ShapeContext.Describe(layer), input.ToCompactString(),
                    $"ceil(({extents[axis]} + 2*{p} - {k}) / {s}) + 1 = {NetworkAnalysis.Int(size)} < 1");
                return false;
            }
            sizes[axis] = size;
        }
        if (!context.Fits(layer, "the output height", sizes[0]) || !context.Fits(layer, "the output width", sizes[1])
            || !context.Fits(layer, "the output height x width", sizes[0] * sizes[1]))
            return false;
        height = (int)sizes[0];
        width = (int)sizes[1];
        return true;
    }

    /// <summary>The layer's <c>PoolGeometry</c>.</summary>
    internal static Pool2DConfig Config(LayerPlan layer)
    {
        var s = layer.Spec;
        return new(layer.Name, layer.Input.Channels, layer.Input.Height, layer.Input.Width, s.Kernel, s.Stride, s.Padding, s.CeilMode, s.CountIncludePad)
        {
            SizeWidth = Conv2DLayer.WidthOf(s.KernelWidth, s.Kernel),
            StrideWidth = Conv2DLayer.WidthOf(s.StrideWidth, s.Stride),
            PaddingWidth = Conv2DLayer.WidthOf(s.PaddingWidth, s.Padding),
        };
    }

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer) => e.W.Line(OpPrinter.GeometryConstant(Config(layer)));

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => WindowProperties(layer, properties);

    /// <summary>Kernel, stride and padding of a sliding-window layer's <c>LayerInfo</c>.</summary>
    internal static void WindowProperties(LayerPlan layer, List<string> properties)
    {
        properties.Add($"Kernel = {layer.Spec.Kernel}");
        properties.Add($"Stride = {layer.Spec.Stride}");
        properties.Add($"Padding = {layer.Spec.Padding}");
        if (layer.Spec.KernelWidth != layer.Spec.Kernel) properties.Add($"KernelWidth = {layer.Spec.KernelWidth}");
        if (layer.Spec.StrideWidth != layer.Spec.Stride) properties.Add($"StrideWidth = {layer.Spec.StrideWidth}");
        if (layer.Spec.PaddingWidth != layer.Spec.Padding) properties.Add($"PaddingWidth = {layer.Spec.PaddingWidth}");
        if (layer.Spec.CeilMode) properties.Add("CeilMode = true");
        if (!layer.Spec.CountIncludePad) properties.Add("CountIncludePad = false");
    }
}
