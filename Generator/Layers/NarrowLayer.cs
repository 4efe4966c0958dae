using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Narrow(start, length)]</c>: <c>torch.narrow(x, 1, start, length)</c>, channels [start, start + length) of (C, H, W)
/// or features of (F); ShuffleNetV2's <c>chunk</c>.
/// </summary>
internal sealed class NarrowLayer : LayerDefinition
{
    public static readonly NarrowLayer Instance = new();

    public override LayerKind Kind => LayerKind.Narrow;

    public override string NamePrefix => "narrow";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) =>
        layer with { NarrowStart = arguments.Int("start"), NarrowLength = arguments.Int("length") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (layer.NarrowStart < 0)
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "start"), at, "start", "0 or more",
                NetworkAnalysis.Int(layer.NarrowStart)) with { FixValue = "0" });
        NetworkAnalysis.Positive(layer, at, "length", layer.NarrowLength, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Narrow channels {0} to {1}", layer.NarrowStart, (long)layer.NarrowStart + layer.NarrowLength - 1);

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (layer.NarrowStart < 0 || layer.NarrowLength <= 0) return null;
        var channels = input.Channels;
        var at = ShapeContext.Describe(layer);
        if (layer.NarrowLength > channels)
        {
            context.Report(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "length"), at, "length",
                $"at most the {NetworkAnalysis.Int(channels)} input channels", NetworkAnalysis.Int(layer.NarrowLength)) with { FixValue = NetworkAnalysis.Int(channels) });
            return null;
        }
        if ((long)layer.NarrowStart + layer.NarrowLength > channels)
        {
            // The arithmetic: the run must end within the channels, so start ≤ C − length.
            context.Report(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "start"), at, "start",
                $"at most {NetworkAnalysis.Int(channels)} - {NetworkAnalysis.Int(layer.NarrowLength)} = {NetworkAnalysis.Int(channels - layer.NarrowLength)} (the run ends within the {NetworkAnalysis.Int(channels)} input channels)",
                NetworkAnalysis.Int(layer.NarrowStart)) with { FixValue = NetworkAnalysis.Int(channels - layer.NarrowLength) });
            return null;
        }
        var output = input.IsImage ? Shape.Image(layer.NarrowLength, input.Height, input.Width) : Shape.Vector(layer.NarrowLength);
        return new LayerPlan(layer, input, output);
    }

    static NarrowConfig Config(LayerPlan layer) => new(layer.Input.Channels, layer.Spec.NarrowStart, layer.Spec.NarrowLength, layer.Input.Spatial);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new NarrowForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new NarrowBackward(Config(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) =>
        properties.Add($"Start = {layer.Spec.NarrowStart}");
}
