using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

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

    public override void EmitForward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Activations.LeakyReLU", $"input: {e.Input(layer)}", $"output: {e.Output(layer)}", $"slope: {Names.Float(layer.Spec.Alpha)}");

    public override void EmitBackward(NetworkEmitter e, LayerPlan layer) =>
        e.Call("Activations.LeakyReLUBackward", $"input: {e.Input(layer)}", $"outputGradient: {e.OutputGradient(layer)}", $"inputGradient: {e.InputGradient(layer)}", $"slope: {Names.Float(layer.Spec.Alpha)}");

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
