using System.Collections.Generic;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Scale(InitValue = 1e-6)]</c>: x·γ with a learnable γ per channel (torchvision ConvNeXt's <c>layer_scale</c>), stored
/// under the layer's own name with no suffix, shape (C, 1, 1) on an image and (C) on a vector.
/// </summary>
internal sealed class ScaleLayer : WeightedLayer
{
    public static readonly ScaleLayer Instance = new();

    public override LayerKind Kind => LayerKind.Scale;

    public override string NamePrefix => "scale";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with
    {
        Bias = false,
        Init = LayerSpec.InitConstant,
        InitValue = arguments.Double("InitValue", 1e-6),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) => CheckInit(layer, at, problems);

    public override string Detail(LayerSpec layer) => "Scale";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        new(layer, input, input) { WeightLength = input.Channels, FanIn = input.Channels, FanOut = input.Channels, MultiplyAdds = input.Length };

    static PerChannelConfig Config(LayerPlan layer) => new(layer.Input.Channels, layer.Input.Spatial);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new PerChannelForward(PerChannelKernel.Scale, Config(layer), c.Input(layer), Lowering.Weight(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new PerChannelBackward(PerChannelKernel.Scale, Config(layer), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer),
            Lowering.WeightGradient(layer), c.InputGradient(layer));
    }

    protected override string WeightShape(LayerPlan layer) => layer.Input.IsImage ? $"{layer.Input.Channels}, 1, 1" : NetworkAnalysis.Int(layer.Input.Channels);

    /// <summary>The factor is the layer's own parameter (<c>layer_scale</c>), not a module's <c>.weight</c>.</summary>
    public override IEnumerable<TensorEntry> ParameterTensors(LayerPlan layer)
    {
        yield return new(layer.Name, WeightShape(layer), "Parameters", $"{Names.Pascal(layer)}WeightOffset");
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
    }
}
