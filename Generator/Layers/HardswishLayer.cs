using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Hardswish]</c>: x·min(max(x + 3, 0), 6)/6 (<c>nn.Hardswish</c>).</summary>
internal sealed class HardswishLayer : InputActivation
{
    public static readonly HardswishLayer Instance = new();

    public override LayerKind Kind => LayerKind.Hardswish;

    public override string NamePrefix => "hardswish";
}
