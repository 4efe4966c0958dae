using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes;

/// <summary>
/// Computes every layer's output shape from its input, the only place where a layer's shape arithmetic lives.
/// Stops at the first layer whose shape cannot be computed, so one mistake gives one diagnostic, not a cascade.
/// </summary>
internal static class ShapeInference
{
    /// <summary>The largest per-sample tensor or parameter count we generate code for.</summary>
    internal const long MaxSize = int.MaxValue / 4;

    /// <summary>Per-layer input and output shapes, or null when the input shape is unknown or a layer fails.</summary>
    public static ImmutableArray<LayerPlan>? Infer(NetworkSpec spec, List<Problem> problems, CancellationToken cancellationToken)
    {
        if ((spec.Issues & DeclarationIssues.MissingInputShape) != 0 || spec.InputShape.Count is not (1 or 3)) return null;

        var current = spec.InputShape.Count == 1
            ? Shape.Vector(spec.InputShape[0])
            : Shape.Image(spec.InputShape[0], spec.InputShape[1], spec.InputShape[2]);
        if (current.Length <= 0 || (long)current.Channels * current.Height * current.Width > MaxSize)
        {
            if (current.Length > 0 || current.Channels > 0 && current.Height > 0 && current.Width > 0)
                problems.Add(NetworkAnalysis.Make(ProblemKind.SizeOverflow, ProblemLocation.NetworkAttribute, "input", "the input length", "(" + string.Join(", ", spec.InputShape) + ")", NetworkAnalysis.Int(MaxSize)));
            return null;
        }

        var outputs = new List<Shape>();
        var plans = ImmutableArray.CreateBuilder<LayerPlan>(spec.Layers.Count);
        foreach (var layer in spec.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var plan = InferLayer(spec, layer, current, outputs, problems);
            if (plan is null) return null;
            plans.Add(plan);
            outputs.Add(plan.Output);
            current = plan.Output;
        }
        return plans.MoveToImmutable();
    }

    static LayerPlan? InferLayer(NetworkSpec spec, LayerSpec layer, Shape input, List<Shape> earlierOutputs, List<Problem> problems)
    {
        var at = LayerDescriptions.Describe(layer);
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
            {
                if (!RequireImage(layer, at, input, "Conv2D slides over height and width", problems)) return null;
                if (layer.Count <= 0 || layer.Kernel <= 0 || layer.Stride <= 0 || layer.Padding < 0) return null;
                if (!Windowed(layer, at, input, problems, out var height, out var width)) return null;
                var output = Shape.Image(layer.Count, height, width);
                var window = (long)input.Channels * layer.Kernel * layer.Kernel;
                if (!Fits(layer, at, "filters x channels x kernel x kernel", layer.Count * window, problems)) return null;
                if (!Fits(layer, at, "the output length", (long)layer.Count * height * width, problems)) return null;
                return new LayerPlan(layer, input, output)
                {
                    WeightLength = (int)(layer.Count * window),
                    BiasLength = layer.Bias ? layer.Count : 0,
                    FanIn = (int)window,
                    FanOut = layer.Count * layer.Kernel * layer.Kernel,
                    MultiplyAdds = (long)output.Length * window,
                };
            }
            case LayerKind.Dense:
            {
                if (layer.Count <= 0) return null;
                if (!Fits(layer, at, "units x inputs", (long)layer.Count * input.Length, problems)) return null;
                return new LayerPlan(layer, input, Shape.Vector(layer.Count))
                {
                    WeightLength = layer.Count * input.Length,
                    BiasLength = layer.Bias ? layer.Count : 0,
                    FanIn = input.Length,
                    FanOut = layer.Count,
                    MultiplyAdds = (long)layer.Count * input.Length,
                };
            }
            case LayerKind.MaxPool2D:
            case LayerKind.AvgPool2D:
            {
                if (!RequireImage(layer, at, input, "pooling slides over height and width", problems)) return null;
                if (layer.Kernel <= 0 || layer.Stride <= 0 || layer.Padding < 0 || layer.Padding > layer.Kernel / 2) return null;
                if (!Windowed(layer, at, input, problems, out var height, out var width)) return null;
                var output = Shape.Image(input.Channels, height, width);
                return new LayerPlan(layer, input, output) { MultiplyAdds = (long)output.Length * layer.Kernel * layer.Kernel };
            }
            case LayerKind.GlobalAvgPool:
                if (!RequireImage(layer, at, input, "it averages over height and width", problems)) return null;
                return new LayerPlan(layer, input, Shape.Vector(input.Channels)) { MultiplyAdds = input.Length };
            case LayerKind.Flatten:
                return new LayerPlan(layer, input, Shape.Vector(input.Length));
            case LayerKind.BatchNorm:
                if (layer.Momentum is < 0 or > 1 || !(layer.Epsilon > 0)) return null;
                return new LayerPlan(layer, input, input)
                {
                    WeightLength = input.Channels,
                    BiasLength = input.Channels,
                    StateLength = 2 * input.Channels,
                    MultiplyAdds = input.Length,
                };
            case LayerKind.Softmax:
            case LayerKind.SoftmaxCrossEntropy:
                if (input.IsImage)
                {
                    problems.Add(NetworkAnalysis.Make(ProblemKind.RequiresVectorInput, ProblemLocation.Layer(layer.Index), at, input.ToString()));
                    return null;
                }
                return new LayerPlan(layer, input, input);
            case LayerKind.Add:
                return InferAdd(spec, layer, at, input, earlierOutputs, problems);
            case LayerKind.Dropout:
                if (!(layer.Alpha >= 0 && layer.Alpha < 1)) return null;
                return new LayerPlan(layer, input, input);
            default:
                // Element-wise activations and the remaining loss heads keep the shape.
                return new LayerPlan(layer, input, input);
        }
    }

    static LayerPlan? InferAdd(NetworkSpec spec, LayerSpec layer, string at, Shape input, List<Shape> earlierOutputs, List<Problem> problems)
    {
        var source = -1;
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            if (spec.Layers[i].Name == layer.From) { source = i; break; }
        }
        var location = ProblemLocation.Layer(layer.Index, "from");
        if (source < 0)
        {
            var known = new List<string>();
            for (var i = 0; i < layer.Index; i++) known.Add(spec.Layers[i].Name);
            problems.Add(NetworkAnalysis.Make(ProblemKind.AddUnknownLayer, location, at, layer.From ?? "", known.Count == 0 ? "(none)" : string.Join(", ", known)));
            return null;
        }
        if (source >= layer.Index)
        {
            problems.Add(NetworkAnalysis.Make(ProblemKind.AddLaterLayer, location, at, layer.From ?? ""));
            return null;
        }
        var sourceShape = earlierOutputs[source];
        if (sourceShape != input)
        {
            problems.Add(NetworkAnalysis.Make(ProblemKind.AddShapeMismatch, location, at, layer.From ?? "", sourceShape.ToString(), input.ToString()));
            return null;
        }
        return new LayerPlan(layer, input, input) { AddSource = source, MultiplyAdds = input.Length };
    }

    static bool RequireImage(LayerSpec layer, string at, Shape input, string reason, List<Problem> problems)
    {
        if (input.IsImage) return true;
        var hint = layer.Index == 0
            ? reason + "; declare the input as [Network(channels, height, width)]"
            : reason + "; move it before the layer that flattened the image";
        problems.Add(NetworkAnalysis.Make(ProblemKind.RequiresImageInput, ProblemLocation.Layer(layer.Index), at, input.ToString(), hint));
        return false;
    }

    /// <summary>
    /// Output size of a sliding window, <c>floor((H + 2P - K) / S) + 1</c>, for height and width. Reports an empty output with
    /// its arithmetic, and warns when the stride leaves rows or columns unused (with the padding that makes it exact).
    /// </summary>
    static bool Windowed(LayerSpec layer, string at, Shape input, List<Problem> problems, out int height, out int width)
    {
        height = width = 0;
        var k = layer.Kernel;
        var p = layer.Padding;
        var s = layer.Stride;
        foreach (var (extent, axis) in new[] { (input.Height, "height"), (input.Width, "width") })
        {
            if ((long)extent + 2L * p - k < 0)
            {
                var arithmetic = $"{extent} + 2*{p} - {k} < 0";
                problems.Add(NetworkAnalysis.Make(ProblemKind.EmptyOutput, ProblemLocation.Layer(layer.Index), at, input.ToCompactString(), arithmetic));
                return false;
            }
        }
        var spanH = input.Height + 2 * p - k;
        var spanW = input.Width + 2 * p - k;
        height = spanH / s + 1;
        width = spanW / s + 1;

        if (spanH % s != 0 || spanW % s != 0)
        {
            var span = spanH % s != 0 ? spanH : spanW;
            var extent = spanH % s != 0 ? input.Height : input.Width;
            var arithmetic = $"({extent} + 2*{p} - {k}) = {span} is not a multiple of stride {s}";
            var exact = ExactPadding(input, layer);
            var advice = exact is null ? "no padding makes it exact; change the stride or the kernel size" : $"padding {exact} makes it exact";
            problems.Add(new Problem(ProblemKind.StrideNotExact, ProblemLocation.Layer(layer.Index, "Stride"),
                ImmutableArray.Create(at, input.ToCompactString(), arithmetic, NetworkAnalysis.Int(span % s), advice).ToEquatableArray(),
                exact is null ? null : NetworkAnalysis.Int(exact.Value)));
        }
        return true;
    }

    /// <summary>The smallest padding at or above the current one that makes both axes divide exactly (pools: at most size / 2).</summary>
    static int? ExactPadding(Shape input, LayerSpec layer)
    {
        var limit = layer.Kind.IsPooling() ? layer.Kernel / 2 : layer.Padding + layer.Stride;
        for (var p = layer.Padding; p <= limit; p++)
        {
            var spanH = input.Height + 2 * p - layer.Kernel;
            var spanW = input.Width + 2 * p - layer.Kernel;
            if (spanH >= 0 && spanW >= 0 && spanH % layer.Stride == 0 && spanW % layer.Stride == 0) return p;
        }
        return null;
    }

    static bool Fits(LayerSpec layer, string at, string what, long value, List<Problem> problems)
    {
        if (value <= MaxSize) return true;
        problems.Add(NetworkAnalysis.Make(ProblemKind.SizeOverflow, ProblemLocation.Layer(layer.Index), at, what, NetworkAnalysis.Int(value), NetworkAnalysis.Int(MaxSize)));
        return false;
    }

    /// <summary>Lays parameters and state out (layers in order, weight then bias) and builds the plan; null when the totals overflow.</summary>
    public static NetworkPlan? Place(NetworkSpec spec, ImmutableArray<LayerPlan> layers)
    {
        long parameters = 0;
        long state = 0;
        var placed = ImmutableArray.CreateBuilder<LayerPlan>(layers.Length);
        foreach (var layer in layers)
        {
            var weightOffset = parameters;
            var biasOffset = weightOffset + layer.WeightLength;
            parameters = biasOffset + layer.BiasLength;
            var stateOffset = state;
            state += layer.StateLength;
            if (parameters > MaxSize || state > MaxSize) return null;
            placed.Add(layer with { WeightOffset = (int)weightOffset, BiasOffset = (int)biasOffset, StateOffset = (int)stateOffset });
        }
        var input = layers.Length > 0 ? layers[0].Input : Shape.Vector(spec.InputShape.Count > 0 ? spec.InputShape[0] : 0);
        return new NetworkPlan(spec.Namespace, spec.ClassName, spec.ContainingTypes, input, placed.MoveToImmutable().ToEquatableArray(), (int)parameters, (int)state);
    }

    public static Problem TotalOverflow(NetworkSpec spec, ImmutableArray<LayerPlan> layers)
    {
        long total = 0;
        foreach (var layer in layers) total += layer.ParameterCount;
        return NetworkAnalysis.Make(ProblemKind.SizeOverflow, ProblemLocation.NetworkAttribute, spec.ClassName, "the parameter count", NetworkAnalysis.Int(total), NetworkAnalysis.Int(MaxSize));
    }
}
