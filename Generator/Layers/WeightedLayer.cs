using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// What Conv2D and Dense share: <c>Bias</c>, <c>Init</c> and <c>InitValue</c> (<c>WeightedLayerAttribute</c>), the
/// weight initialisation and the weight-then-bias tensors.
/// </summary>
internal abstract class WeightedLayer : LayerDefinition
{
    public override bool HasInitializedWeights => true;

    protected static LayerSpec ReadWeighted(LayerSpec layer, AttributeArguments arguments) => layer with
    {
        Bias = arguments.Bool("Bias", true),
        Init = arguments.Int("Init", LayerSpec.InitHeNormal),
        InitValue = arguments.Double("InitValue", 1.0),
    };

    /// <summary>
    /// <c>Init</c> and <c>InitValue</c>: a <c>CnnGen.Init</c> value and a finite number; for <c>Init.Normal</c> (the std)
    /// and <c>Init.Uniform</c> (the bound a of U(−a, a)) one ≥ 0, as <c>torch.nn.init.normal_</c> and <c>uniform_</c>
    /// refuse a negative one and accept 0; a constant may be any finite number.
    /// </summary>
    protected static void CheckInit(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.FiniteInit(layer, at, problems);
        var role = layer.Init switch { LayerSpec.InitNormal => "the std of Init.Normal", LayerSpec.InitUniform => "the bound of Init.Uniform", _ => null };
        if (role is not null && layer.InitValue < 0)
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "InitValue"), at, "InitValue", $"0 or more ({role})", LayerDescriptions.Number(layer.InitValue)));
    }

    /// <summary>
    /// A sliding-window layer's <c>(filters, kernel)</c> or <c>(filters, kernelHeight, kernelWidth)</c>, <c>Stride = 1</c>
    /// and <c>Padding = 0</c> with their per-axis forms (Conv2D, ConvTranspose2D; <paramref name="dilation"/>: and
    /// <c>Dilation</c>), with the weighted arguments.
    /// </summary>
    protected static LayerSpec ReadWindowed(LayerSpec layer, AttributeArguments arguments, bool dilation) =>
        WindowAxes.Read(ReadWeighted(layer, arguments) with { Count = arguments.Int("filters") }, arguments, "kernel", strideIsWindow: false, dilation);

    /// <summary>Positive filters, kernel and stride, a padding of 0 or more on each axis (what <see cref="ReadWindowed"/> read).</summary>
    protected static void CheckWindowed(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, "filters", layer.Count, problems);
        WindowAxes.Check(layer, at, "kernel", strideIsWindow: false, problems);
    }

    public override void EmitInitialization(NetworkEmitter e, LayerPlan layer)
    {
        var name = Names.Pascal(layer);
        e.W.Line($"{NetworkEmitter.Kernels}.Initializers.Fill(_parameters.AsSpan({name}WeightOffset, {name}WeightLength), {NetworkEmitter.Runtime}.Init.{InitName(layer.Spec.Init)}, value: {Names.Double(layer.Spec.InitValue)}, fanIn: {layer.FanIn}, fanOut: {layer.FanOut}, random: random);");
    }

    /// <summary>The weight's PyTorch shape as a C# list body.</summary>
    protected abstract string WeightShape(LayerPlan layer);

    public override IEnumerable<TensorEntry> ParameterTensors(LayerPlan layer)
    {
        var name = Names.Pascal(layer);
        yield return new($"{layer.Name}.weight", WeightShape(layer), "Parameters", $"{name}WeightOffset");
        if (layer.BiasLength > 0) yield return new($"{layer.Name}.bias", $"{name}BiasLength", "Parameters", $"{name}BiasOffset");
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) =>
        properties.Add($"HasBias = {(layer.Spec.Bias ? "true" : "false")}");

    static string InitName(int value) => value switch
    {
        0 => "Zeros",
        1 => "Ones",
        2 => "Constant",
        3 => "Normal",
        4 => "Uniform",
        5 => "XavierNormal",
        6 => "XavierUniform",
        8 => "HeUniform",
        _ => "HeNormal",
    };
}
