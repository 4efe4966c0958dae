using System.Collections.Generic;
using System.Collections.Immutable;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes;

/// <summary>
/// What a layer kind's shape rule may read (the declaration, the outputs of the layers before it) and the shared rules
/// it reports through: image input, sliding windows, size limits.
/// </summary>
internal sealed class ShapeContext(NetworkSpec spec, IReadOnlyList<Shape> earlierOutputs, List<Problem> problems)
{
    public NetworkSpec Spec => spec;

    /// <summary>Output shapes of the layers before the one being inferred, by index.</summary>
    public IReadOnlyList<Shape> EarlierOutputs => earlierOutputs;

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
    /// its arithmetic, and warns when the stride leaves rows or columns unused (with the padding that makes it exact, searched
    /// up to <paramref name="paddingLimit"/> when given).
    /// </summary>
    public bool Windowed(LayerSpec layer, Shape input, int? paddingLimit, out int height, out int width)
    {
        var at = Describe(layer);
        height = width = 0;
        var k = layer.Kernel;
        var p = layer.Padding;
        var s = layer.Stride;
        foreach (var (extent, axis) in new[] { (input.Height, "height"), (input.Width, "width") })
        {
            if ((long)extent + 2L * p - k < 0)
            {
                var arithmetic = $"{extent} + 2*{p} - {k} < 0";
                Report(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), at, input.ToCompactString(), arithmetic);
                return false;
            }
        }
        // In long: a huge padding overflows int before the division brings it back.
        var spanH = (long)input.Height + 2L * p - k;
        var spanW = (long)input.Width + 2L * p - k;
        var longHeight = spanH / s + 1;
        var longWidth = spanW / s + 1;
        if (!Fits(layer, "the output height", longHeight) || !Fits(layer, "the output width", longWidth)
            || !Fits(layer, "the output height x width", longHeight * longWidth))
            return false;
        height = (int)longHeight;
        width = (int)longWidth;

        if (spanH % s != 0 || spanW % s != 0)
        {
            var span = spanH % s != 0 ? spanH : spanW;
            var extent = spanH % s != 0 ? input.Height : input.Width;
            var arithmetic = $"({extent} + 2*{p} - {k}) = {span} is not a multiple of stride {s}";
            var exact = ExactPadding(input, layer, paddingLimit);
            var advice = exact is null ? "no padding makes it exact; change the stride or the kernel size" : $"padding {exact} makes it exact";
            Report(new Problem(ProblemKind.StrideNotExact, ProblemLocation.Layer(layer.Index, "Stride"),
                ImmutableArray.Create(at, input.ToCompactString(), arithmetic, NetworkAnalysis.Int(span % s), advice).ToEquatableArray(),
                exact is null ? null : NetworkAnalysis.Int(exact.Value)));
        }
        return true;
    }

    /// <summary>
    /// The smallest padding at or above the current one that makes both axes divide exactly (at most
    /// <paramref name="paddingLimit"/> when given). Each step adds 2 to both spans, so the pattern repeats after
    /// <c>stride</c> steps; the search is also capped so a nonsensical stride cannot make it slow.
    /// </summary>
    static int? ExactPadding(Shape input, LayerSpec layer, int? paddingLimit)
    {
        const int MaxSteps = 4096;
        long limit = paddingLimit ?? (long)layer.Padding + System.Math.Min(layer.Stride, MaxSteps);
        limit = System.Math.Min(limit, (long)layer.Padding + MaxSteps);
        for (long p = layer.Padding; p <= limit; p++)
        {
            var spanH = input.Height + 2 * p - layer.Kernel;
            var spanW = input.Width + 2 * p - layer.Kernel;
            if (spanH >= 0 && spanW >= 0 && spanH % layer.Stride == 0 && spanW % layer.Stride == 0) return p <= int.MaxValue ? (int)p : null;
        }
        return null;
    }

    /// <summary>Reports <paramref name="what"/> = <paramref name="value"/> when it exceeds <see cref="ShapeInference.MaxSize"/>.</summary>
    public bool Fits(LayerSpec layer, string what, long value)
    {
        if (value <= ShapeInference.MaxSize) return true;
        Report(ProblemKind.SizeOverflow, ProblemLocation.Layer(layer.Index), Describe(layer), what, NetworkAnalysis.Int(value), NetworkAnalysis.Int(ShapeInference.MaxSize));
        return false;
    }
}
