using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Mish]</c>: x·tanh(softplus(x)) (<c>nn.Mish</c>).</summary>
internal sealed class MishLayer : InputActivation
{
    public static readonly MishLayer Instance = new();

    public override LayerKind Kind => LayerKind.Mish;

    public override string NamePrefix => "mish";
}
