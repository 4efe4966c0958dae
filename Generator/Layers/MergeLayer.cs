using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// What Add and Concat share: <c>(params string[] from)</c>. One name is the shorthand "the previous layer's output (or
/// <c>Input</c>) and this one"; two or more are exactly the named outputs, in order (<see cref="ShapeInference"/>
/// resolves them into <see cref="LayerPlan.Sources"/>).
/// </summary>
internal abstract class MergeLayer : LayerDefinition
{
    public override bool ReadsOperands => true;

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) =>
        layer with { Operands = arguments.Strings("from").ToEquatableArray() };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        if (layer.Operands.Count == 0)
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index), at, "from", "one or more layer names", "none"));
    }

    /// <summary><c>Add from stem</c> (the shorthand) or <c>Add of main, projbn</c>.</summary>
    public override string Detail(LayerSpec layer) => layer.Operands.Count == 1
        ? $"{Kind} from {layer.Operands[0]}"
        : $"{Kind} of {string.Join(", ", layer.Operands)}";

    /// <summary>The location of operand <paramref name="operand"/> (an index into the sources): its name in <c>from</c>, or the attribute for the implicit first one.</summary>
    protected static ProblemLocation OperandLocation(LayerSpec layer, int operand) => layer.Operands.Count == 1
        ? ProblemLocation.Layer(layer.Index, "from", 0)
        : ProblemLocation.Layer(layer.Index, "from", operand);

    /// <summary>The one-name form without <c>Input</c> keeps <c>AddFrom</c>; every other form lists what it reads.</summary>
    public override void LayerInfoProperties(NetworkEmitter e, LayerPlan layer, List<string> properties)
    {
        if (Kind == LayerKind.Add && layer.Spec.Operands.Count == 1 && layer.Spec.Input is null)
            properties.Add($"AddFrom = {Names.Literal(layer.Spec.Operands[0])}");
        else
            properties.Add(e.InputsProperty(layer));
    }

    /// <summary>The operands' names, for comments: <c>main + projbn</c>.</summary>
    protected static string OperandNames(NetworkEmitter e, LayerPlan layer, string separator) =>
        string.Join(separator, layer.Sources.Select(e.SourceName));
}
