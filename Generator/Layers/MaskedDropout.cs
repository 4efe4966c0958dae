using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary>
/// What Dropout and Dropout2D share: <c>(rate)</c> in [0, 1) kept in <see cref="LayerSpec.Alpha"/>, a mask field, a
/// forward that draws the mask when training (ComputeGradients, TrainStep, ForwardTraining) and copies otherwise.
/// </summary>
internal abstract class MaskedDropout : LayerDefinition
{
    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => layer with { Alpha = arguments.Double("rate") };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (!(layer.Alpha >= 0 && layer.Alpha < 1))
            problems.Add(NetworkAnalysis.Make(ProblemKind.RateOutOfRange, ProblemLocation.Layer(layer.Index, RateArgument), at, LayerDescriptions.Number(layer.Alpha)));
    }

    /// <summary>The name of the rate's constructor argument.</summary>
    protected virtual string RateArgument => "rate";

    public override string Detail(LayerSpec layer) => string.Format(CultureInfo.InvariantCulture, "{0} {1}", Kind, LayerDescriptions.Number(layer.Alpha));

    /// <summary>The mask's length for <c>maxBatch</c> samples, as a C# expression.</summary>
    protected abstract string MaskLength(LayerPlan layer);

    public override void EmitFields(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"float[] {Names.Field(layer, "Mask")} = [];");
    }

    public override void EmitAllocations(NetworkEmitter e, LayerPlan layer)
    {
        e.W.Line($"{Names.Field(layer, "Mask")} = new float[{MaskLength(layer)}];");
    }

    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties) => properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
}
