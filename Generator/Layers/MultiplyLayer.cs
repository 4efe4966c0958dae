using System.Collections.Generic;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Program;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary>
/// <c>[Multiply(params string[] from)]</c>: the element-wise product of two operands (<c>a * b</c>), of one shape or an
/// image and one factor per channel ((C) or (C, 1, 1)) broadcast over height and width: the squeeze-and-excitation gate.
/// Its backward writes each operand's gradient with its own kernel call (a broadcast factor's is its plane's sum of dy·x).
/// </summary>
internal sealed class MultiplyLayer : MergeLayer
{
    public static readonly MultiplyLayer Instance = new();

    public override LayerKind Kind => LayerKind.Multiply;

    public override string NamePrefix => "multiply";

    public override bool OverwritesOperandGradients => true;

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        base.CheckArguments(layer, at, problems);
        if (layer.Operands.Count > 2)
            problems.Add(NetworkAnalysis.Make(ProblemKind.InvalidHyperParameter, ProblemLocation.Layer(layer.Index, "from", 2), at, "from",
                "one name (the previous output times it) or two names (a product of two operands)", $"{layer.Operands.Count} names"));
    }

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        var shapes = context.SourceShapes;
        if (shapes.Length != 2) return null; // reported by CheckArguments
        var (a, b) = (shapes[0], shapes[1]);
        if (a == b) return new LayerPlan(layer, input, a) { MultiplyAdds = a.Length };
        var image = a.IsImage && IsFactorOf(b, a) ? a : b.IsImage && IsFactorOf(a, b) ? b : (Shape?)null;
        if (image is { } output) return new LayerPlan(layer, input, output) { MultiplyAdds = output.Length };
        context.Report(ProblemKind.InvalidHyperParameter, OperandLocation(layer, 1), ShapeContext.Describe(layer), "from",
            "two outputs of one shape, or an image (C, H, W) and one factor per channel ((C) or (C, 1, 1), the same C)", Mismatch(context, a, b));
        return null;
    }

    /// <summary>Whether <paramref name="factor"/> is (C) or (C, 1, 1) for the channels of <paramref name="image"/>.</summary>
    static bool IsFactorOf(Shape factor, Shape image) =>
        factor.Channels == image.Channels && factor.Height == 1 && factor.Width == 1;

    /// <summary>The operands and, where the ranks allow a broadcast, the channel arithmetic that failed.</summary>
    static string Mismatch(ShapeContext context, Shape a, Shape b)
    {
        var sources = context.DescribeSources();
        var (image, factor) = a.IsImage && b.Spatial == 1 ? (a, b) : b.IsImage && a.Spatial == 1 ? (b, a) : (a, a);
        return image == factor ? sources : $"{sources} ({factor.Channels} factors for {image.Channels} channels)";
    }

    /// <summary>The image operand's slot (0 or 1) in the broadcast form; 0 for equal shapes.</summary>
    static int ImageSlot(LayerPlan layer, Lowering c) =>
        Operand(c, layer, 0) == layer.Output ? 0 : 1;

    static Shape Operand(Lowering c, LayerPlan layer, int slot) =>
        layer.Sources[slot] < 0 ? c.Plan.Input : c.Plan.Layers[layer.Sources[slot]].Output;

    static MultiplyConfig Config(Lowering c, LayerPlan layer) =>
        new(Operand(c, layer, 0) != Operand(c, layer, 1), layer.Output.Channels, layer.Output.Spatial);

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        var image = ImageSlot(layer, c);
        yield return new MultiplyForward(Config(c, layer), c.Output(layer.Sources[image]), c.Output(layer.Sources[1 - image]), c.Output(layer));
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        var config = Config(c, layer);
        var image = ImageSlot(layer, c);
        var a = c.Output(layer.Sources[image]);
        var b = c.Output(layer.Sources[1 - image]);
        var outputGradient = c.OutputGradient(layer);
        for (var slot = 0; slot < 2; slot++)
        {
            if (c.GradientTarget(layer, slot) is not { } target) continue;
            var source = layer.Sources[slot];
            var guarded = c.Guarded(source);
            var into = target.Accumulate ? c.Scratch(source) : target.Target;
            var ofA = slot == image;
            yield return new MultiplyBackward(config, a, b, outputGradient, ofA ? into : Value.Empty, ofA ? Value.Empty : into, guarded);
            if (target.Accumulate) yield return new AccumulateGradient(c.SourceName(source), into, target.Target, guarded);
        }
    }
}
