namespace CnnGen;

// What the zoo's geometry layers (DESIGN §2c) add to a layer's description.
public sealed partial record LayerInfo
{
    /// <summary>ZeroPad2D: the zero columns and rows added as (left, right, top, bottom); null otherwise.</summary>
    public int[]? Pads { get; init; }

    /// <summary>Narrow: the first channel kept (the length is the output's channels); 0 otherwise.</summary>
    public int Start { get; init; }
}
