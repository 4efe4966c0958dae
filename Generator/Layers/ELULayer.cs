using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[ELU(alpha = 1)]</c>: x for x &gt; 0, α·(eˣ − 1) otherwise (<c>nn.ELU</c>); α is kept in <see cref="LayerSpec.Alpha"/>.</summary>
internal sealed class ELULayer : InputActivation
{
    public static readonly ELULayer Instance = new();

    public override LayerKind Kind => LayerKind.ELU;

    public override string NamePrefix => "elu";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("alpha", 1.0) };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) =>
        NetworkAnalysis.Finite(layer, at, "alpha", layer.Alpha, problems);

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "ELU {0}", LayerDescriptions.Number(layer.Alpha));

    protected override ActivationConfig Config(LayerPlan layer) => new(Kind, BackwardReadsOutput: false, "alpha", layer.Spec.Alpha);

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
