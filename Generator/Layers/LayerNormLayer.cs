using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[LayerNorm(Epsilon = 1e-5)]</c>: <c>nn.LayerNorm(features)</c> on a vector; on (C, H, W) the C values at each
/// position (torchvision's <c>LayerNorm2d</c>). Gamma and beta per channel; a mean and 1/σ saved per sample and position.
/// </summary>
internal sealed class LayerNormLayer : NormLayer
{
    public static readonly LayerNormLayer Instance = new();

    public override LayerKind Kind => LayerKind.LayerNorm;

    public override string NamePrefix => "layernorm";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadEpsilon(layer, arguments);

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) => CheckEpsilon(layer, at, problems);

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "LayerNorm, eps {0}", LayerDescriptions.Number(layer.Epsilon));

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) =>
        layer.Epsilon > 0 ? Plan(layer, input, affine: true) : null;

    protected override NormConfig Config(LayerPlan layer) => new(NormKernel.LayerNorm, layer.Input.Channels, 0, layer.Input.Spatial, layer.Spec.Epsilon);
}
