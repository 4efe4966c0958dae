using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Sigmoid]</c>: 1 / (1 + e^−x) (<c>nn.Sigmoid</c>).</summary>
internal sealed class SigmoidLayer : ElementwiseActivation
{
    public static readonly SigmoidLayer Instance = new();

    public override LayerKind Kind => LayerKind.Sigmoid;

    public override string NamePrefix => "sigmoid";
}
