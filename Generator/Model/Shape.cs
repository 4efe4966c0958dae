using System;

namespace CnnGen.Generator.Model;

/// <summary>The shape of one sample: (features) when <see cref="Rank"/> is 1, (channels, height, width) when 3.</summary>
internal readonly record struct Shape(int Rank, int Channels, int Height, int Width)
{
    public static Shape Vector(int features) => new(1, features, 1, 1);

    public static Shape Image(int channels, int height, int width) => new(3, channels, height, width);

    public bool IsImage => Rank == 3;

    public int Length => Channels * Height * Width;

    /// <summary>Spatial size H·W (1 for a vector).</summary>
    public int Spatial => Height * Width;

    /// <summary><c>(30, 24, 24)</c> or <c>(100)</c>: PyTorch's per-sample shape, used in comments and tables.</summary>
    public override string ToString() => IsImage ? $"({Channels}, {Height}, {Width})" : $"({Channels})";

    /// <summary><c>30x24x24</c> or <c>100</c>: the compact form diagnostics use.</summary>
    public string ToCompactString() => IsImage ? $"{Channels}x{Height}x{Width}" : Channels.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The dimensions as a C# collection literal body: <c>30, 24, 24</c>.</summary>
    public string ToDimensionList() => IsImage ? $"{Channels}, {Height}, {Width}" : Channels.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
