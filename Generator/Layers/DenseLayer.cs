using System.Collections.Generic;
using System.Globalization;
using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;
using CnnGen.Generator.Parsing;
using CnnGen.Generator.Shapes;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Dense(units)]</c>: <c>nn.Linear</c> on the flattened input, weight [Out, In].</summary>
internal sealed class DenseLayer : WeightedLayer
{
    public static readonly DenseLayer Instance = new();

    public override LayerKind Kind => LayerKind.Dense;

    public override string NamePrefix => "dense";

    public override LayerSpec Read(LayerSpec layer, AttributeArguments arguments) => ReadWeighted(layer, arguments) with
    {
        Count = arguments.Int("units"),
        Flatten = arguments.Bool("Flatten", true),
    };

    public override void CheckArguments(LayerSpec layer, string at, List<Problem> problems)
    {
        NetworkAnalysis.Positive(layer, at, "units", layer.Count, problems);
        CheckInit(layer, at, problems);
    }

    public override string Detail(LayerSpec layer) =>
        string.Format(CultureInfo.InvariantCulture, "Dense {0}{1}{2}", layer.Count, layer.Flatten ? "" : " per position", layer.Bias ? "" : ", no bias");

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (layer.Count <= 0) return null;
        if (PerPosition(layer, input)) return InferPerPosition(layer, input, context);
        if (!context.Fits(layer, "units x inputs", (long)layer.Count * input.Length)) return null;
        return new LayerPlan(layer, input, Shape.Vector(layer.Count))
        {
            WeightLength = layer.Count * input.Length,
            BiasLength = layer.Bias ? layer.Count : 0,
            FanIn = input.Length,
            FanOut = layer.Count,
            MultiplyAdds = (long)layer.Count * input.Length,
        };
    }

    public override IEnumerable<Op> Lower(Lowering c, LayerPlan layer)
    {
        if (PerPosition(layer.Spec, layer.Input))
        {
            yield return new DensePositionsForward(PositionsConfig(layer), c.Input(layer), Lowering.Weight(layer), Lowering.Bias(layer), c.Output(layer));
            yield break;
        }
        yield return new DenseForward(new DenseConfig(layer.Input.Length, layer.Output.Length), c.Input(layer), Lowering.Weight(layer), Lowering.Bias(layer), c.Output(layer));
    }

    /// <summary>With the batch norm after it folded in: derived weight and bias, writing the batch norm's output.</summary>
    public override IEnumerable<Op> LowerInference(Lowering c, LayerPlan layer)
    {
        if (!c.InferenceFusion.IsFoldedIntoProduct(layer.Index + 1)) return Lower(c, layer);
        var (weight, bias) = c.FoldedWeights(layer);
        return [new DenseForward(new DenseConfig(layer.Input.Length, layer.Output.Length), c.Input(layer), weight, bias, c.Output(layer.Index + 1))
            { FoldedBatchNorm = c.Plan.Layers[layer.Index + 1].Name }];
    }

    public override IEnumerable<Op> LowerBackward(Lowering c, LayerPlan layer)
    {
        if (PerPosition(layer.Spec, layer.Input))
        {
            yield return new DensePositionsBackward(PositionsConfig(layer), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer),
                Lowering.WeightGradient(layer), Lowering.BiasGradient(layer), c.InputGradient(layer));
            yield break;
        }
        yield return new DenseBackward(new DenseConfig(layer.Input.Length, layer.Output.Length), c.Input(layer), Lowering.Weight(layer), c.OutputGradient(layer),
            Lowering.WeightGradient(layer), Lowering.BiasGradient(layer), c.InputGradient(layer));
    }

    protected override string WeightShape(LayerPlan layer) => $"{layer.Spec.Count}, {(PerPosition(layer.Spec, layer.Input) ? layer.Input.Channels : layer.Input.Length)}";

    // ---- Flatten = false: the same [units, C] weight at each position of an image ---------------------------------

    static bool PerPosition(LayerSpec layer, Shape input) => !layer.Flatten && input.IsImage;

    static LayerPlan? InferPerPosition(LayerSpec layer, Shape input, ShapeContext context)
    {
        if (!context.Fits(layer, "units x channels", (long)layer.Count * input.Channels)
            || !context.FitsProduct(layer, "the output length", layer.Count, input.Spatial)) return null;
        return new LayerPlan(layer, input, Shape.Image(layer.Count, input.Height, input.Width))
        {
            WeightLength = layer.Count * input.Channels,
            BiasLength = layer.Bias ? layer.Count : 0,
            FanIn = input.Channels,
            FanOut = layer.Count,
            MultiplyAdds = (long)layer.Count * input.Length,
        };
    }

    static DensePositionsConfig PositionsConfig(LayerPlan layer) => new(layer.Input.Channels, layer.Output.Channels, layer.Input.Spatial);
}
