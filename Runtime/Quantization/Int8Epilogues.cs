using System.Runtime.CompilerServices;

namespace CnnGen.Quantization;

/// <summary>
/// acc = dot + bias − z_x · Σw (the exact int32 sum Σ (x − z_x)·w + bias), then stored requantized:
/// saturate(round(acc · multiplier[row]) + z_y), clamped to the output range (a fused ReLU or ReLU6).
/// </summary>
unsafe struct RequantizeEpilogue : IInt8Epilogue
{
    public int* Bias, RowSums;
    public float* Multiplier;
    public byte* Output;
    public long RowStride, ColumnStride;
    public int InputZeroPoint;
    public Int8Output Range;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int row, int column, int dot)
    {
        var acc = dot + Bias[row] - InputZeroPoint * RowSums[row];
        Output[row * RowStride + column * ColumnStride] = Range.Store(acc * Multiplier[row]);
    }

    public void Advance(long elements) => Output += elements;
}

/// <summary>acc as in <see cref="RequantizeEpilogue"/>, stored dequantized: acc · scale[row] (scale = input scale · weight scale).</summary>
unsafe struct DequantizeEpilogue : IInt8Epilogue
{
    public int* Bias, RowSums;
    public float* Scale;
    public float* Output;
    public long RowStride, ColumnStride;
    public int InputZeroPoint;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(int row, int column, int dot)
    {
        var acc = dot + Bias[row] - InputZeroPoint * RowSums[row];
        Output[row * RowStride + column * ColumnStride] = acc * Scale[row];
    }

    public void Advance(long elements) => Output += elements;
}

/// <summary>Argument checks shared by the int8 kernels.</summary>
static class Int8Guard
{
    /// <summary>Throws unless there is one finite, non-negative factor per output channel.</summary>
    public static void Factors(ReadOnlySpan<float> factors, int rows, string name)
    {
        if (factors.Length != rows) throw new ArgumentException($"{name} holds {factors.Length} values, expected one per output channel ({rows})", name);
        foreach (var f in factors)
            if (!float.IsFinite(f) || f < 0f) throw new ArgumentException($"{name}: expected finite non-negative factors, got {f}", name);
    }

    /// <summary>Throws unless the zero point is in [0, 255].</summary>
    public static void ZeroPoint(int zeroPoint, string name)
    {
        if (zeroPoint is < 0 or > 255) throw new ArgumentOutOfRangeException(name, zeroPoint, "expected a zero point in [0, 255]");
    }
}
