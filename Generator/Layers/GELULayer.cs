using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[GELU]</c>: x·Φ(x) with the exact normal CDF, 0.5·x·(1 + erf(x/√2)) (<c>nn.GELU()</c>).</summary>
internal sealed class GELULayer : InputActivation
{
    public static readonly GELULayer Instance = new();

    public override LayerKind Kind => LayerKind.GELU;

    public override string NamePrefix => "gelu";
}
