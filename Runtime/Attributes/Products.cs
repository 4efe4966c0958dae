namespace CnnGen;

/// <summary>
/// Element-wise product (<c>torch.mul</c>, <c>a * b</c>). With one name, the previous layer's output (or <c>Input</c>)
/// times the output of the layer named <c>from</c>; with two, exactly the named outputs. The operands have one shape, or
/// one is an image (C, H, W) and the other one factor per channel, (C) or (C, 1, 1) with the same C, broadcast over
/// height and width (squeeze-and-excitation's <c>x * scale</c>); the output has the image's shape. <c>"input"</c> names
/// the network input.
/// </summary>
public sealed class MultiplyAttribute(params string[] from) : LayerAttribute
{
    /// <summary>Names of earlier layers (or <c>"input"</c>) whose outputs are multiplied: one or two.</summary>
    public string[] From { get; } = from;
}
