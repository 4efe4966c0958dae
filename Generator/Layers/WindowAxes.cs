using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// The rectangular geometry of the sliding-window layers (DESIGN §2c): <c>(kernelHeight, kernelWidth)</c> beside the
/// square <c>(kernel)</c>, and <c>StrideHeight</c>, <c>StrideWidth</c>, <c>PaddingHeight</c>, <c>PaddingWidth</c>,
/// <c>DilationHeight</c>, <c>DilationWidth</c> overriding <c>Stride</c>, <c>Padding</c>, <c>Dilation</c> for one axis, as
/// PyTorch's <c>(height, width)</c> pairs do.
/// </summary>
internal static class WindowAxes
{
    /// <summary>
    /// Reads the kernel (the square argument <paramref name="squareKernel"/>, or <c>kernelHeight</c>, <c>kernelWidth</c>),
    /// stride, padding and, with <paramref name="dilation"/>, dilation of both axes. <paramref name="strideIsWindow"/>: a
    /// pooling stride defaults to the window on each axis (PyTorch's <c>stride=None</c>), a convolution's to 1.
    /// </summary>
    public static LayerSpec Read(LayerSpec layer, AttributeArguments arguments, string squareKernel, bool strideIsWindow, bool dilation)
    {
        var written = AxisArguments.None;
        int kernelHeight = arguments.Int(squareKernel), kernelWidth = kernelHeight;
        if (arguments.Has("kernelHeight"))
        {
            written |= AxisArguments.RectangularKernel;
            kernelHeight = arguments.Int("kernelHeight");
            kernelWidth = arguments.Int("kernelWidth");
        }
        int Axis(string name, AxisArguments flag, int square)
        {
            if (!arguments.Has(name)) return square;
            written |= flag;
            return arguments.Int(name);
        }
        var strideWritten = arguments.Has("Stride");
        var stride = arguments.Int("Stride", 1);
        var spec = layer with
        {
            Kernel = kernelHeight,
            KernelWidth = kernelWidth,
            Stride = Axis("StrideHeight", AxisArguments.StrideHeight, strideIsWindow && !strideWritten ? kernelHeight : stride),
            StrideWidth = Axis("StrideWidth", AxisArguments.StrideWidth, strideIsWindow && !strideWritten ? kernelWidth : stride),
            Padding = Axis("PaddingHeight", AxisArguments.PaddingHeight, arguments.Int("Padding")),
            PaddingWidth = Axis("PaddingWidth", AxisArguments.PaddingWidth, arguments.Int("Padding")),
        };
        if (dilation)
            spec = spec with
            {
                Dilation = Axis("DilationHeight", AxisArguments.DilationHeight, arguments.Int("Dilation", 1)),
                DilationWidth = Axis("DilationWidth", AxisArguments.DilationWidth, arguments.Int("Dilation", 1)),
            };
        return spec with { AxisArguments = written };
    }

    /// <summary>
    /// A positive kernel and stride and a padding of 0 or more on each axis, reported on the argument that set the value
    /// (once when both axes come from one argument); a fix for the stride writes the default (the window, or 1).
    /// </summary>
    public static void Check(LayerSpec layer, string at, string squareKernel, bool strideIsWindow, List<Problem> problems)
    {
        foreach (var width in new[] { false, true })
        {
            var kernel = width ? layer.KernelWidth : layer.Kernel;
            if (!width || layer.KernelArgument(true, squareKernel) != layer.KernelArgument(false, squareKernel))
                NetworkAnalysis.Positive(layer, at, layer.KernelArgument(width, squareKernel), kernel, problems);
            if (!width || layer.StrideArgument(true) != layer.StrideArgument(false))
                NetworkAnalysis.Positive(layer, at, layer.StrideArgument(width), width ? layer.StrideWidth : layer.Stride, problems,
                    defaultValue: strideIsWindow ? kernel : 1);
            if (!width || layer.PaddingArgument(true) != layer.PaddingArgument(false))
            {
                var padding = width ? layer.PaddingWidth : layer.Padding;
                if (padding < 0)
                    problems.Add(NetworkAnalysis.Make(ProblemKind.NegativePadding, ProblemLocation.Layer(layer.Index, layer.PaddingArgument(width)), at,
                        NetworkAnalysis.Int(padding)));
            }
        }
    }

    /// <summary>A positive dilation on each axis, reported on the argument that set it.</summary>
    public static void CheckDilation(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, layer.DilationArgument(false), layer.Dilation, problems, defaultValue: 1);
        if (layer.DilationArgument(true) != layer.DilationArgument(false))
            NetworkAnalysis.Positive(layer, at, layer.DilationArgument(true), layer.DilationWidth, problems, defaultValue: 1);
    }

    /// <summary>Whether every size <see cref="Check"/> and <see cref="CheckDilation"/> look at is valid (shape inference stops otherwise).</summary>
    public static bool Valid(LayerSpec layer) =>
        layer.Kernel > 0 && layer.KernelWidth > 0 && layer.Stride > 0 && layer.StrideWidth > 0 && layer.Padding >= 0 && layer.PaddingWidth >= 0
        && layer.Dilation > 0 && layer.DilationWidth > 0;

    /// <summary>
    /// <c>3x3, stride 1, padding 0</c> for a square window; <c>1x7, stride 1, padding (0, 3)</c> with PyTorch's
    /// (height, width) pairs where the axes differ.
    /// </summary>
    public static string Text(LayerSpec layer) =>
        $"{layer.WindowText}, stride {LayerSpec.Pair(layer.Stride, layer.StrideWidth)}, padding {LayerSpec.Pair(layer.Padding, layer.PaddingWidth)}";
}
