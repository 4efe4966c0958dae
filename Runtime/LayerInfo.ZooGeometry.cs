namespace CnnGen;

// What the zoo's geometry layers (DESIGN §2c) add to a layer's description.
public sealed partial record LayerInfo
{
    /// <summary>ZeroPad2D: the zero columns and rows added as (left, right, top, bottom); null otherwise.</summary>
    public int[]? Pads { get; init; }
}
