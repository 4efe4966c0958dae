using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[PReLU(Channels = 1, InitValue = 0.25)]</c>: <c>nn.PReLU(num_parameters, init)</c>, one slope shared or one per
/// channel (per feature on a vector); weight [Channels], no bias, every slope starting at <c>InitValue</c>.
/// </summary>
internal sealed class PReLULayer : WeightedLayer
{
    public static readonly PReLULayer Instance = new();

    public override LayerKind Kind => LayerKind.PReLU;

    public override string NamePrefix => "prelu";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with
    {
        Count = arguments.Int("Channels", 1),
        Bias = false,
        Init = LayerSpec.InitConstant,
        InitValue = arguments.Double("InitValue", 0.25),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, "Channels", layer.Count, problems, defaultValue: 1);
        CheckInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "PReLU, {0} slope{1}", layer.Count, layer.Count == 1 ? "" : "s");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (layer.Count <= 0) return null;
        if (layer.Count != 1 && layer.Count != input.Channels)
        {
            context.Report(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Channels"), ShapeContext.Describe(layer), "Channels",
                $"1 or the input's {(input.IsImage ? "channels" : "features")} ({NetworkAnalysis.Int(input.Channels)} for input {input})", NetworkAnalysis.Int(layer.Count));
            return null;
        }
        return new LayerPlan(layer, input, input) { WeightLength = layer.Count, FanIn = layer.Count, FanOut = layer.Count, MultiplyAdds = input.Length };
    }

    static PerChannelConfig Config(LayerPlan layer) => new(layer.Input.Channels, layer.Input.Spatial);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new PerChannelForward(PerChannelKernel.PReLU, Config(layer), c.Input(layer), Lowering.Weight(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new PerChannelBackward(PerChannelKernel.PReLU, Config(layer), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer),
            Lowering.WeightGradient(layer), c.InputGradient(layer));
    }

    protected override string WeightShape(LayerPlan layer) => NetworkAnalysis.Int(layer.Spec.Count);
}
