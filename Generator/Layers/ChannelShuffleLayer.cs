using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[ChannelShuffle(groups)]</c>: <c>nn.ChannelShuffle</c> on (C, H, W), the channels seen as [groups, C/groups]
/// transposed; the groups divide the channels.
/// </summary>
internal sealed class ChannelShuffleLayer : LayerDefinition
{
    public static readonly ChannelShuffleLayer Instance = new();

    public override LayerKind Kind => LayerKind.ChannelShuffle;

    public override string NamePrefix => "channelshuffle";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Groups = arguments.Int("groups") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) =>
        NetworkAnalysis.Positive(layer, at, "groups", layer.Groups, problems);

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "ChannelShuffle {0} groups", layer.Groups);

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "it reorders the channels of an image")) return null;
        if (layer.Groups <= 0) return null;
        if (input.Channels % layer.Groups != 0)
        {
            context.Report(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "groups"), ShapeContext.Describe(layer), "groups",
                $"a divisor of the input channels ({NetworkAnalysis.Int(input.Channels)}; {NetworkAnalysis.Int(input.Channels)} mod {NetworkAnalysis.Int(layer.Groups)} = {NetworkAnalysis.Int(input.Channels % layer.Groups)})",
                NetworkAnalysis.Int(layer.Groups)));
            return null;
        }
        return new LayerPlan(layer, input, input);
    }

    static ChannelShuffleConfig Config(LayerPlan layer) => new(layer.Input.Channels, layer.Spec.Groups, layer.Input.Spatial);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ChannelShuffleForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new ChannelShuffleBackward(Config(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) =>
        properties.Add($"Groups = {layer.Spec.Groups}");
}
