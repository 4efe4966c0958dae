using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[SiLU]</c>: x·sigmoid(x) (<c>nn.SiLU</c>).</summary>
internal sealed class SiLULayer : InputActivation
{
    public static readonly SiLULayer Instance = new();

    public override LayerKind Kind => LayerKind.SiLU;

    public override string NamePrefix => "silu";
}
