using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[InstanceNorm(Epsilon = 1e-5, Affine = false)]</c>: <c>nn.InstanceNorm2d(C)</c> without running statistics, the
/// GroupNorm kernel with one channel per group; gamma and beta only with <c>Affine</c> (kept in <see cref="LayerSpec.Bias"/>).
/// </summary>
internal sealed class InstanceNormLayer : NormLayer
{
    public static readonly InstanceNormLayer Instance = new();

    public override LayerKind Kind => LayerKind.InstanceNorm;

    public override string NamePrefix => "instancenorm";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadEpsilon(layer, arguments) with { Bias = arguments.Bool("Affine", false) };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems) => CheckEpsilon(layer, at, problems);

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "InstanceNorm, eps {0}{1}", LayerDescriptions.Number(layer.Epsilon), layer.Bias ? ", affine" : "");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.RequireImage(layer, input, "it normalises each channel over height and width")) return null;
        return layer.Epsilon > 0 ? Plan(layer, input, affine: layer.Bias) : null;
    }

    protected override NormConfig Config(LayerPlan layer) => new(NormKernel.GroupNorm, layer.Input.Channels, layer.Input.Channels, layer.Input.Spatial, layer.Spec.Epsilon);
}
