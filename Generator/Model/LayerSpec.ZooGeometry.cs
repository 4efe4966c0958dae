namespace CnnGen.Generator.Model;

// The arguments of the zoo's geometry layers (DESIGN §2c).
internal sealed partial record LayerSpec
{
    /// <summary>ZeroPad2D: zero columns before the first.</summary>
    public int PadLeft { get; init; }

    /// <summary>ZeroPad2D: zero columns after the last.</summary>
    public int PadRight { get; init; }

    /// <summary>ZeroPad2D: zero rows above the first.</summary>
    public int PadTop { get; init; }

    /// <summary>ZeroPad2D: zero rows below the last.</summary>
    public int PadBottom { get; init; }

    /// <summary>AdaptiveAvgPool2D / AdaptiveMaxPool2D: the output height.</summary>
    public int OutHeight { get; init; }

    /// <summary>AdaptiveAvgPool2D / AdaptiveMaxPool2D: the output width.</summary>
    public int OutWidth { get; init; }

    /// <summary>Narrow: the first channel kept.</summary>
    public int NarrowStart { get; init; }

    /// <summary>Narrow: the channels kept.</summary>
    public int NarrowLength { get; init; }
}
