using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[LeakyReLU(slope = 0.01)]</c>: <c>nn.LeakyReLU</c>; the slope is kept in <see cref="LayerSpec.Alpha"/>.</summary>
internal sealed class LeakyReLULayer : LayerDefinition
{
    public static readonly LeakyReLULayer Instance = new();

    public override LayerKind Kind => LayerKind.LeakyReLU;

    public override string NamePrefix => "leakyrelu";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("slope", 0.01) };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) =>
        NetworkAnalysis.Finite(layer, at, "slope", layer.Alpha, problems);

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "LeakyReLU {0}", LayerDescriptions.Number(layer.Alpha));

    static ActivationConfig Config(LayerPlan layer) => new(LayerKind.LeakyReLU, BackwardReadsOutput: false, "slope", layer.Spec.Alpha);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        yield return new ActivationForward(Config(layer), c.Input(layer), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        yield return new ActivationBackward(Config(layer), c.Input(layer), c.OutputGradient(layer), c.InputGradient(layer));
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
