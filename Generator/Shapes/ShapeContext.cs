using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes;

/// <summary>
/// What a layer kind's shape rule may read (the declaration, the layers it reads and their shapes) and the shared rules
/// it reports through: image input, sliding windows, size limits.
/// </summary>
internal sealed class ShapeContext(NetworkSpec spec, ImmutableArray<int> sources, ImmutableArray<Shape> sourceShapes, List<Problem> problems)
{
    public NetworkSpec Spec => spec;

    /// <summary>The layers read, in operand order (-1: the network input).</summary>
    public ImmutableArray<int> Sources => sources;

    /// <summary>The output shape of each source.</summary>
    public ImmutableArray<Shape> SourceShapes => sourceShapes;

    /// <summary>The name of source <paramref name="operand"/>: a layer name, or <c>input</c>.</summary>
    public string SourceName(int operand) => sources[operand] < 0 ? LayerSpec.NetworkInputName : spec.Layers[sources[operand]].Name;

    /// <summary><c>'main' (32, 4, 4), 'projbn' (32, 8, 8)</c>: every source with its shape, for messages.</summary>
    public string DescribeSources()
    {
        var parts = new List<string>(sources.Length);
        for (var k = 0; k < sources.Length; k++) parts.Add($"'{SourceName(k)}' {sourceShapes[k]}");
        return string.Join(", ", parts);
    }

    public void Report(Problem problem) => problems.Add(problem);

    public void Report(ProblemKind kind, ProblemLocation location, params string[] arguments) =>
        problems.Add(NetworkAnalysis.Make(kind, location, arguments));

    public static string Describe(LayerSpec layer) => LayerDescriptions.Describe(layer);

    public bool RequireImage(LayerSpec layer, Shape input, string reason)
    {
        if (input.IsImage) return true;
        var hint = layer.Index == 0
            ? reason + "; declare the input as [Network(channels, height, width)]"
            : reason + "; move it before the layer that flattened the image";
        Report(ProblemKind.RequiresImageInput, ProblemLocation.Layer(layer.Index), Describe(layer), input.ToString(), hint);
        return false;
    }

    /// <summary>
    /// Output size of a sliding window, <c>floor((H + 2P - K) / S) + 1</c>, for height and width. Reports an empty output with
    /// its arithmetic, and warns when the stride cuts off real input rows or columns: the windows stop
    /// <c>r = (H + 2P - K) mod S</c> short of the padded end, which only loses input when <c>r</c> exceeds the padding
    /// <c>P</c> plus the gap <c>max(0, S - K)</c> the stride leaves between windows anyway (so neither the 3x3, stride 2,
    /// padding 1 convolution nor the 1x1, stride 2 projection of an even input is reported). The advice is the smallest
    /// padding that loses nothing, searched up to <paramref name="paddingLimit"/> when given.
    /// </summary>
    public bool Windowed(LayerSpec layer, Shape input, int? paddingLimit, out int height, out int width)
    {
        var at = Describe(layer);
        height = width = 0;
        var axes = new[]
        {
            (Extent: input.Height, Kernel: layer.Kernel, Padding: layer.Padding, Stride: layer.Stride),
            (Extent: input.Width, Kernel: layer.KernelWidth, Padding: layer.PaddingWidth, Stride: layer.StrideWidth),
        };
        foreach (var (extent, k, p, _) in axes)
        {
            if ((long)extent + 2L * p - k < 0)
            {
                var arithmetic = $"{extent} + 2*{p} - {k} < 0";
                Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), at, input.ToCompactString(), arithmetic);
                return false;
            }
        }
        // In long: a huge padding overflows int before the division brings it back.
        var spans = new long[2];
        var unread = new long[2];
        for (var axis = 0; axis < 2; axis++)
        {
            var (extent, k, p, s) = axes[axis];
            spans[axis] = (long)extent + 2L * p - k;
            unread[axis] = spans[axis] % s - p - System.Math.Max(0, s - k);
        }
        var longHeight = spans[0] / layer.Stride + 1;
        var longWidth = spans[1] / layer.StrideWidth + 1;
        if (!Fits(layer, "the output height", longHeight) || !Fits(layer, "the output width", longWidth)
            || !Fits(layer, "the output height x width", longHeight * longWidth))
            return false;
        height = (int)longHeight;
        width = (int)longWidth;

        if (unread[0] > 0 || unread[1] > 0)
        {
            var onWidth = unread[0] <= 0;
            var (extent, k, p, s) = axes[onWidth ? 1 : 0];
            var span = spans[onWidth ? 1 : 0];
            var gap = System.Math.Max(0, s - k);
            var allowance = (p, gap) switch
            {
                (_, 0) => $"the padding {p}",
                (0, _) => $"the gap {gap} between windows",
                _ => $"the padding {p} plus the gap {gap} between windows",
            };
            var arithmetic = p == 0 && gap == 0
                ? $"({extent} + 2*{p} - {k}) = {span} is not a multiple of stride {s}"
                : $"({extent} + 2*{p} - {k}) = {span} leaves {span % s} past the last window of stride {s}, more than {allowance}";
            // One padding for both axes where the declaration has one (the fix writes it); else the axis's own.
            var square = layer.PaddingArgument(true) == layer.PaddingArgument(false) && layer.KernelWidth == layer.Kernel && layer.StrideWidth == layer.Stride;
            var covering = square
                ? CoveringPadding([axes[0], axes[1]], paddingLimit)
                : CoveringPadding([axes[onWidth ? 1 : 0]], paddingLimit);
            var paddingName = square ? "padding " : onWidth ? "PaddingWidth = " : "PaddingHeight = ";
            var advice = covering is null
                ? "no padding within the limit reads every row and column; change the stride or the window size"
                : IsExact([axes[0], axes[1]], covering.Value, square ? -1 : onWidth ? 1 : 0) ? $"{paddingName}{covering} makes it exact" : $"{paddingName}{covering} reads every row and column";
            Report(new Problem(ProblemKind.StrideNotExact, ProblemLocation.Layer(layer.Index, layer.StrideArgument(onWidth)),
                ImmutableArray.Create(at, input.ToCompactString(), arithmetic, NetworkAnalysis.Int(unread[onWidth ? 1 : 0]), advice).ToEquatableArray(),
                covering is null || !square ? null : NetworkAnalysis.Int(covering.Value)));
        }
        return true;
    }

    /// <summary>
    /// The smallest padding above the current one with which the stride cuts off no input on any of <paramref name="axes"/>
    /// (at most <paramref name="paddingLimit"/> when given). Each step adds 2 to the spans, so the remainders repeat after
    /// <c>stride</c> steps, by when the padding has reached <c>stride - 1</c>, above any remainder: the search ends there.
    /// </summary>
    static int? CoveringPadding((int Extent, int Kernel, int Padding, int Stride)[] axes, int? paddingLimit)
    {
        const int MaxSteps = 4096;
        var (_, _, padding, stride) = axes[0];
        long limit = paddingLimit ?? (long)padding + System.Math.Min(stride, MaxSteps);
        limit = System.Math.Min(limit, (long)padding + MaxSteps);
        for (long p = padding + 1; p <= limit; p++)
        {
            if (axes.All(a => a.Extent + 2 * p - a.Kernel >= 0 && (a.Extent + 2 * p - a.Kernel) % a.Stride <= p + System.Math.Max(0, a.Stride - a.Kernel)))
                return p <= int.MaxValue ? (int)p : null;
        }
        return null;
    }

    /// <summary>Whether padding <paramref name="p"/> makes the windows end exactly at the padded end (on <paramref name="only"/>, or both axes when -1).</summary>
    static bool IsExact((int Extent, int Kernel, int Padding, int Stride)[] axes, long p, int only) =>
        axes.Where((_, axis) => only < 0 || axis == only).All(a => (a.Extent + 2 * p - a.Kernel) % a.Stride == 0);

    /// <summary>Reports <paramref name="what"/> = <paramref name="value"/> when it exceeds <see cref="ShapeInference.MaxSize"/>.</summary>
    /// <summary>
    /// <see cref="Fits(LayerSpec, string, long)"/> for a product of non-negative factors, computed without overflow: a
    /// product past <see cref="long.MaxValue"/> (a kernel of 2^30 squared, times the filters) is reported with its factors.
    /// </summary>
    public bool FitsProduct(LayerSpec layer, string what, params long[] factors)
    {
        long product = 1;
        foreach (var factor in factors)
        {
            if (factor != 0 && product > long.MaxValue / factor)
            {
                Report(ProblemKind.SizeOverflow, ProblemLocation.Layer(layer.Index), Describe(layer), what,
                    string.Join(" x ", factors.Select(NetworkAnalysis.Int)), NetworkAnalysis.Int(ShapeInference.MaxSize));
                return false;
            }
            product *= factor;
        }
        return Fits(layer, what, product);
    }

    public bool Fits(LayerSpec layer, string what, long value)
    {
        if (value <= ShapeInference.MaxSize) return true;
        Report(ProblemKind.SizeOverflow, ProblemLocation.Layer(layer.Index), Describe(layer), what, NetworkAnalysis.Int(value), NetworkAnalysis.Int(ShapeInference.MaxSize));
        return false;
    }
}
