using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// What LayerNorm, GroupNorm and InstanceNorm share: <c>Epsilon</c>, statistics of the batch in training and inference
/// alike (saved per sample and position or group for the backward), and an optional per-channel affine whose gamma and
/// beta sit in the weight and bias slots (<c>{Name}.weight</c> ones, <c>{Name}.bias</c> zeros, as BatchNorm's).
/// </summary>
internal abstract class NormLayer : LayerDefinition
{
    protected static LayerSpec ReadEpsilon(LayerSpec layer, AttributeArguments arguments) => layer with { Epsilon = arguments.Double("Epsilon", 1e-5) };

    protected static void CheckEpsilon(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Epsilon > 0) || double.IsInfinity(layer.Epsilon))
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Epsilon"), at, "Epsilon", "positive and finite", LayerDescriptions.Number(layer.Epsilon)));
    }

    /// <summary>The plan of a normalisation of <paramref name="input"/>, with a gamma and beta per channel when <paramref name="affine"/>.</summary>
    protected static LayerPlan Plan(LayerSpec layer, Shape input, bool affine) => new(layer, input, input)
    {
        WeightLength = affine ? input.Channels : 0,
        BiasLength = affine ? input.Channels : 0,
        MultiplyAdds = input.Length,
    };

    /// <summary>The kernel and its statistics' count per sample (positions for LayerNorm, groups for GroupNorm).</summary>
    protected abstract NormConfig Config(LayerPlan layer);

    static int StatisticsPerSample(NormConfig config) => config.Kernel == NormKernel.LayerNorm ? config.Spatial : config.Groups;

    public override void EmitFields(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"float[] {Names.Field(layer, "SavedMean")} = [];");
        e.W.Line($"float[] {Names.Field(layer, "SavedInverseStd")} = [];");
    }

    // The kernels save the statistics in inference too.
    public override bool ForwardWritesAllocations => true;

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer)
    {
        var length = StatisticsPerSample(Config(layer));
        e.W.Line($"{Names.Field(layer, "SavedMean")} = new float[maxBatch * {length}];");
        e.W.Line($"{Names.Field(layer, "SavedInverseStd")} = new float[maxBatch * {length}];");
    }

    public override void EmitInitialization(NetworkEmitter e, LayerPlan layer)
    {
        if (layer.WeightLength > 0) e.W.Line($"_parameters.AsSpan({Names.Pascal(layer)}WeightOffset, {Names.Pascal(layer)}WeightLength).Fill(1f);");
    }

    static Value Gamma(LayerPlan layer) => layer.WeightLength > 0 ? Lowering.Weight(layer) : Value.EmptyReadOnly;

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new NormForward(Config(layer), c.Input(layer), c.Output(layer), Gamma(layer), Lowering.Bias(layer),
            Lowering.Own(layer, ValueRole.SavedMean), Lowering.Own(layer, ValueRole.SavedInverseStd));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new NormBackward(Config(layer), c.Input(layer), c.OutputGradient(layer), Gamma(layer),
            Lowering.Own(layer, ValueRole.SavedMean), Lowering.Own(layer, ValueRole.SavedInverseStd),
            layer.WeightLength > 0 ? Lowering.WeightGradient(layer) : Value.Empty, Lowering.BiasGradient(layer), c.InputGradient(layer));
    }

    public override IEnumerable<TensorEntry> ParameterTensors(LayerPlan layer)
    {
        if (layer.WeightLength == 0) yield break;
        var name = Names.Pascal(layer);
        yield return new($"{layer.Name}.weight", $"{name}WeightLength", "Parameters", $"{name}WeightOffset");
        yield return new($"{layer.Name}.bias", $"{name}BiasLength", "Parameters", $"{name}BiasOffset");
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        properties.Add($"Epsilon = {Names.Double(layer.Spec.Epsilon)}");
        if (layer.WeightLength > 0) properties.Add("HasBias = true");
    }
}
