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
