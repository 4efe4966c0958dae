using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Hardsigmoid]</c>: min(max(x + 3, 0), 6)/6 (<c>nn.Hardsigmoid</c>).</summary>
internal sealed class HardsigmoidLayer : InputActivation
{
    public static readonly HardsigmoidLayer Instance = new();

    public override LayerKind Kind => LayerKind.Hardsigmoid;

    public override string NamePrefix => "hardsigmoid";
}
