using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Shapes;

/// <summary>
/// Computes every layer's output shape from its input by asking its kind (<c>Generator/Layers/</c>), where each
/// kind's shape arithmetic lives. Stops at the first layer whose shape cannot be computed, so one mistake gives one diagnostic, not a cascade.
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

    static LayerPlan? InferLayer(NetworkSpec spec, LayerSpec layer, Shape input, List<Shape> earlierOutputs, List<Problem> problems) =>
        LayerKinds.Definition(layer.Kind).Infer(layer, input, new ShapeContext(spec, earlierOutputs, problems));

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
