using CnnGen.Generator.Model;
using CnnGen.Generator.Shapes;

namespace CnnGen.Generator.Layers;

/// <summary><c>[Flatten]</c>: (C, H, W) → (C·H·W) (<c>nn.Flatten</c>), a view of its input's buffers.</summary>
internal sealed class FlattenLayer : ViewLayer
{
    public static readonly FlattenLayer Instance = new();

    public override LayerKind Kind => LayerKind.Flatten;

    public override string NamePrefix => "flatten";

    public override LayerPlan? Infer(LayerSpec layer, Shape input, ShapeContext context) => new(layer, input, Shape.Vector(input.Length));
}
