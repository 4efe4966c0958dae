namespace CnnGen.Generator.Program;

// Configurations of the zoo's geometry ops (DESIGN §2c).

/// <summary><c>Kernels.PadGeometry</c> of a ZeroPad2D layer.</summary>
internal sealed record PadConfig(string Layer, int Channels, int Height, int Width, int Left, int Right, int Top, int Bottom);

/// <summary><c>Kernels.AdaptivePoolGeometry</c> of an AdaptiveAvgPool2D or AdaptiveMaxPool2D layer.</summary>
internal sealed record AdaptivePoolConfig(string Layer, int Channels, int Height, int Width, int OutHeight, int OutWidth);

/// <summary>Narrow's channel run [Start, Start + Length) of <paramref name="Channels"/>, each of <paramref name="Spatial"/> values per sample.</summary>
internal sealed record NarrowConfig(int Channels, int Start, int Length, int Spatial);

/// <summary>ChannelShuffle's channels, groups and values per channel per sample.</summary>
internal sealed record ChannelShuffleConfig(int Channels, int Groups, int Spatial);
