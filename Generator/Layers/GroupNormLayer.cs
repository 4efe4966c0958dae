using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[GroupNorm(groups, Epsilon = 1e-5)]</c>: <c>nn.GroupNorm(groups, C)</c>, each group of C/groups consecutive channels
/// normalised over its channels and positions; gamma and beta per channel; a mean and 1/σ saved per sample and group.
/// </summary>
internal sealed class GroupNormLayer : NormLayer
{
    public static readonly GroupNormLayer Instance = new();

    public override LayerKind Kind => LayerKind.GroupNorm;

    public override string NamePrefix => "groupnorm";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadEpsilon(layer, arguments) with { Groups = arguments.Int("groups") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, "groups", layer.Groups, problems);
        CheckEpsilon(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "GroupNorm {0} groups, eps {1}", layer.Groups, LayerDescriptions.Number(layer.Epsilon));

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (layer.Groups <= 0 || !(layer.Epsilon > 0)) return null;
        if (input.Channels % layer.Groups != 0)
        {
            context.Report(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "groups"), ShapeContext.Describe(layer), "groups",
                $"a divisor of the input's {NetworkAnalysis.Int(input.Channels)} channels (input {input}: {input.Channels} mod {layer.Groups} = {input.Channels % layer.Groups})",
                NetworkAnalysis.Int(layer.Groups));
            return null;
        }
        return Plan(layer, input, affine: true);
    }

    protected override NormConfig Config(LayerPlan layer) => new(NormKernel.GroupNorm, layer.Input.Channels, layer.Spec.Groups, layer.Input.Spatial, layer.Spec.Epsilon);

    public override void LayerInfoProperties(Emit.NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        base.LayerInfoProperties(e, layer, properties);
        properties.Add($"Groups = {layer.Spec.Groups}");
    }
}
