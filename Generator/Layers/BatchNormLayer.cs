using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[BatchNorm]</c>: <c>nn.BatchNorm2d</c> on (C, H, W), <c>nn.BatchNorm1d</c> on (features). Gamma and beta are its
/// parameters (weight and bias slots); running mean and variance are its state. With <c>Frozen = true</c> the running
/// statistics normalise in training too (<c>ForwardInference</c>, no update, no saved batch statistics) and its backward
/// is that of a per-channel affine map (<c>BackwardInference</c>), as a PyTorch module in <c>.eval()</c>.
/// </summary>
internal sealed class BatchNormLayer : LayerDefinition
{
    public static readonly BatchNormLayer Instance = new();

    public override LayerKind Kind => LayerKind.BatchNorm;

    public override string NamePrefix => "bn";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with
    {
        Momentum = arguments.Double("Momentum", 0.1),
        Epsilon = arguments.Double("Epsilon", 1e-5),
        FrozenStatistics = arguments.Bool("Frozen", false),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Momentum >= 0 && layer.Momentum <= 1))
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Momentum"), at, "Momentum", "in [0, 1]", LayerDescriptions.Number(layer.Momentum)));
        if (!(layer.Epsilon > 0) || double.IsInfinity(layer.Epsilon))
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "Epsilon"), at, "Epsilon", "positive and finite", LayerDescriptions.Number(layer.Epsilon)));
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "BatchNorm, momentum {0}, eps {1}{2}", LayerDescriptions.Number(layer.Momentum), LayerDescriptions.Number(layer.Epsilon),
            layer.FrozenStatistics ? ", frozen statistics" : "");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (layer.Momentum is < 0 or > 1 || !(layer.Epsilon > 0)) return null;
        return new LayerPlan(layer, input, input)
        {
            WeightLength = input.Channels,
            BiasLength = input.Channels,
            StateLength = 2 * input.Channels,
            MultiplyAdds = input.Length,
        };
    }

    public override void EmitConstants(NetworkEmitter e, LayerPlan layer)
    {
        var name = Names.Pascal(layer);
        var channels = layer.Input.Channels;
        e.W.Line($"const int {name}RunningMeanOffset = {layer.StateOffset}, {name}RunningVarOffset = {layer.StateOffset + channels}, {name}Channels = {channels};");
    }

    public override void EmitFields(NetworkEmitter e, LayerPlan layer)
    {
        // Frozen statistics: the backward reads the running ones, no batch statistics are saved.
        if (layer.Spec.FrozenStatistics) return;
        e.W.Line($"readonly float[] {Names.Field(layer, "SavedMean")} = new float[{Names.Pascal(layer)}Channels];");
        e.W.Line($"readonly float[] {Names.Field(layer, "SavedInverseStd")} = new float[{Names.Pascal(layer)}Channels];");
    }

    public override void EmitInitialization(NetworkEmitter e, LayerPlan layer)
    {
        var name = Names.Pascal(layer);
        e.W.Line($"_parameters.AsSpan({name}WeightOffset, {name}WeightLength).Fill(1f);");
        e.W.Line($"_state.AsSpan({name}RunningVarOffset, {name}Channels).Fill(1f);");
    }

    internal static BatchNormConfig Config(LayerPlan layer) =>
        new(layer.Name, layer.Input.Channels, layer.Input.Spatial, layer.Spec.Momentum, layer.Spec.Epsilon, layer.Spec.FrozenStatistics);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new BatchNormForward(Config(layer), c.Input(layer), c.Output(layer), Lowering.Weight(layer), Lowering.Bias(layer),
            Lowering.Own(layer, ValueRole.RunningMean), Lowering.Own(layer, ValueRole.RunningVariance),
            Lowering.Own(layer, ValueRole.SavedMean), Lowering.Own(layer, ValueRole.SavedInverseStd));
    }

    public override IEnumerable<Op> LowerInference(Lowering c, LayerPlan layer) =>
        c.InferenceFusion.IsFoldedIntoProduct(layer.Index) ? [new Fused(FusedNote.FoldedIntoProduct, c.Plan.Layers[layer.Index - 1].Name)] : Lower(c, layer);

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        if (layer.Spec.FrozenStatistics)
        {
            yield return new BatchNormInferenceBackward(Config(layer), c.Input(layer), c.OutputGradient(layer), Lowering.Weight(layer),
                Lowering.Own(layer, ValueRole.RunningMean), Lowering.Own(layer, ValueRole.RunningVariance),
                Lowering.WeightGradient(layer), Lowering.BiasGradient(layer), c.InputGradient(layer));
            yield break;
        }
        yield return new BatchNormBackward(Config(layer), c.Input(layer), c.OutputGradient(layer), Lowering.Weight(layer),
            Lowering.Own(layer, ValueRole.SavedMean), Lowering.Own(layer, ValueRole.SavedInverseStd),
            Lowering.WeightGradient(layer), Lowering.BiasGradient(layer), c.InputGradient(layer));
    }

    /// <summary>Batch norm over a single value per channel has no variance (PyTorch refuses it too); frozen statistics need none.</summary>
    public override int MinimumTrainingBatch(LayerPlan layer) => layer.Input.Spatial == 1 && !layer.Spec.FrozenStatistics ? 2 : 1;

    public override IEnumerable<TensorEntry> ParameterTensors(LayerPlan layer)
    {
        var name = Names.Pascal(layer);
        yield return new($"{layer.Name}.weight", $"{name}Channels", "Parameters", $"{name}WeightOffset");
        yield return new($"{layer.Name}.bias", $"{name}BiasLength", "Parameters", $"{name}BiasOffset");
    }

    public override IEnumerable<TensorEntry> StateTensors(LayerPlan layer)
    {
        var name = Names.Pascal(layer);
        yield return new($"{layer.Name}.running_mean", $"{name}Channels", "State", $"{name}RunningMeanOffset");
        yield return new($"{layer.Name}.running_var", $"{name}Channels", "State", $"{name}RunningVarOffset");
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        properties.Add($"Momentum = {Names.Double(layer.Spec.Momentum)}");
        properties.Add($"Epsilon = {Names.Double(layer.Spec.Epsilon)}");
    }
}
