using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Tanh]</c>: tanh(x) (<c>nn.Tanh</c>).</summary>
internal sealed class TanhLayer : ElementwiseActivation
{
    public static readonly TanhLayer Instance = new();

    public override LayerKind Kind => LayerKind.Tanh;

    public override string NamePrefix => "tanh";
}
