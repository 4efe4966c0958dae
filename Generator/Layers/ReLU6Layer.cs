using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[ReLU6]</c>: min(max(x, 0), 6) (<c>nn.ReLU6</c>).</summary>
internal sealed class ReLU6Layer : InputActivation
{
    public static readonly ReLU6Layer Instance = new();

    public override LayerKind Kind => LayerKind.ReLU6;

    /// <summary><c>relu6_1</c>: a bare index after the 6 would read as part of the number.</summary>
    public override string NamePrefix => "relu6_";
}
