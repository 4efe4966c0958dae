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

        var networkInput = current;
        var outputs = new List<Shape>();
        var plans = ImmutableArray.CreateBuilder<LayerPlan>(spec.Layers.Count);
        foreach (var layer in spec.Layers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sources = ResolveSources(spec, layer, problems);
            if (sources is null) return null;
            var shapes = ImmutableArray.CreateBuilder<Shape>(sources.Value.Length);
            foreach (var source in sources.Value) shapes.Add(source < 0 ? networkInput : outputs[source]);
            var context = new ShapeContext(spec, sources.Value, shapes.MoveToImmutable(), problems);
            var plan = LayerKinds.Definition(layer.Kind).Infer(layer, context.SourceShapes[0], context);
            if (plan is null) return null;
            plans.Add(plan with { Sources = sources.Value.ToEquatableArray() });
            outputs.Add(plan.Output);
        }
        return plans.MoveToImmutable();
    }

    /// <summary>
    /// The layers <paramref name="layer"/> reads, in operand order (-1: the network input): <c>Input</c> or the previous
    /// layer; for Add and Concat with one name that one then the named layer, with several names exactly those. Reports
    /// every name that is unknown or not earlier; null when one is.
    /// </summary>
    static ImmutableArray<int>? ResolveSources(NetworkSpec spec, LayerSpec layer, List<Problem> problems)
    {
        var definition = LayerKinds.Definition(layer.Kind);
        var first = layer.Index - 1;
        var failed = false;
        if (layer.Input is not null)
        {
            var resolved = Resolve(spec, layer, layer.Input, ProblemLocation.Layer(layer.Index, "Input"), problems);
            if (resolved is null) return null;
            first = resolved.Value;
        }
        if (definition.IsLoss && first != layer.Index - 1)
        {
            var last = layer.Index > 0 ? spec.Layers[layer.Index - 1].Name : LayerSpec.NetworkInputName;
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Input"), LayerDescriptions.Describe(layer),
                "Input", $"the network output '{last}' (a loss head reads the last non-loss layer)", $"'{layer.Input}'"));
            return null;
        }
        if (!definition.ReadsOperands) return ImmutableArray.Create(first);

        var operands = layer.Operands;
        if (operands.Count == 0) return null; // reported by the kind's argument check
        var sources = ImmutableArray.CreateBuilder<int>(operands.Count + 1);
        if (operands.Count == 1) sources.Add(first);
        for (var k = 0; k < operands.Count; k++)
        {
            var resolved = Resolve(spec, layer, operands[k], ProblemLocation.Layer(layer.Index, "from", k), problems);
            if (resolved is null) failed = true;
            else sources.Add(resolved.Value);
        }
        return failed ? null : sources.ToImmutable();
    }

    /// <summary>The index of the layer named <paramref name="name"/> (-1 for <c>input</c>); reports CNN0401 or CNN0402 and returns null.</summary>
    static int? Resolve(NetworkSpec spec, LayerSpec reader, string name, ProblemLocation location, List<Problem> problems)
    {
        if (name == LayerSpec.NetworkInputName) return -1;
        var at = LayerDescriptions.Describe(reader);
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            if (spec.Layers[i].Name != name) continue;
            if (i < reader.Index) return i;
            problems.Add(NetworkAnalysis.Make(ProblemKind.AddLaterLayer, location, at, name));
            return null;
        }
        var known = new List<string>();
        for (var i = 0; i < reader.Index; i++) known.Add(spec.Layers[i].Name);
        var listed = known.Count == 0 ? "(none)" : string.Join(", ", known);
        known.Add(LayerSpec.NetworkInputName);
        problems.Add(NetworkAnalysis.Make(ProblemKind.AddUnknownLayer, location, at, name, listed) with { FixValue = NameSuggestion.Closest(name, known) });
        return null;
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
