using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Add(from)]</c>: the previous layer's output plus the output of the earlier layer named <c>from</c> (same shapes).</summary>
internal sealed class AddLayer : LayerDefinition
{
    public static readonly AddLayer Instance = new();

    public override LayerKind Kind => LayerKind.Add;

    public override string NamePrefix => "add";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { From = arguments.String("from") ?? "" };

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "Add from {0}", layer.From ?? "?");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        var spec = context.Spec;
        var at = ShapeContext.Describe(layer);
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
            context.Report(ProblemKind.AddUnknownLayer, location, at, layer.From ?? "", known.Count == 0 ? "(none)" : string.Join(", ", known));
            return null;
        }
        if (source >= layer.Index)
        {
            context.Report(ProblemKind.AddLaterLayer, location, at, layer.From ?? "");
            return null;
        }
        var sourceShape = context.EarlierOutputs[source];
        if (sourceShape != input)
        {
            context.Report(ProblemKind.AddShapeMismatch, location, at, layer.From ?? "", sourceShape.ToString(), input.ToString());
            return null;
        }
        return new LayerPlan(layer, input, input) { AddSource = source, MultiplyAdds = input.Length };
    }

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Elementwise.Add", $"a: {e.Input(layer)}", $"b: {e.Buffers.Output(layer.AddSource)}", $"output: {e.Output(layer)}");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer)
    {
        var i = layer.Index;
        var outputGradient = e.OutputGradient(layer);
        if (e.Buffers.NeedsGradient(i - 1)) e.W.Line($"{outputGradient}.CopyTo({e.InputGradient(layer)});");
        var source = e.Plan.Layers[layer.AddSource];
        if (!e.Buffers.NeedsGradient(source.Index)) return;
        // Backward meets the Adds reading one source from the last to the first: the first one met sets the skip gradient.
        var firstMet = true;
        for (var later = i + 1; later < e.Plan.Layers.Count; later++)
        {
            if (e.Plan.Layers[later].AddSource == source.Index) firstMet = false;
        }
        if (firstMet) e.W.Line($"{outputGradient}.CopyTo({BufferPlan.Skip(source)});");
        else e.Call("Elementwise.AddInPlace", $"source: {outputGradient}", $"target: {BufferPlan.Skip(source)}");
    }

    public override void LayerInfoProperties(LayerPlan layer, List<string> properties) => properties.Add($"AddFrom = {Names.Literal(layer.Spec.From ?? "")}");
}
