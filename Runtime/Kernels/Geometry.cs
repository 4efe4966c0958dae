namespace CnnGen.Kernels;

/// <summary>Shape of a 2-D convolution over one sample (square kernel, symmetric zero padding).</summary>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding)
{
    /// <summary>floor((H + 2P − K) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;
    /// <summary>floor((W + 2P − K) / S) + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;
    /// <summary>Rows of the im2col matrix: C·K·K.</summary>
    public int ColumnRows => Channels * Kernel * Kernel;
    /// <summary>Columns of the im2col matrix: OH·OW.</summary>
    public int ColumnCols => OutHeight * OutWidth;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
}

/// <summary>Shape of a 2-D pooling over one sample.</summary>
public readonly record struct PoolGeometry(int Channels, int Height, int Width, int Size, int Stride, int Padding)
{
    /// <summary>floor((H + 2P − size) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Size) / Stride + 1;
    /// <summary>floor((W + 2P − size) / S) + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Size) / Stride + 1;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;
}
