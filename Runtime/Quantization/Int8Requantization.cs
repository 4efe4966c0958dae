using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Quantization;

/// <summary>
/// Rows of exact int32 dot products turned into a layer's output: acc = dot + addend (the row's bias − z_x · Σw, so
/// acc = Σ (x − z_x)·w + bias), then requantized, saturate(round(acc · multiplier) + z_y) clamped to the output range
/// (a fused ReLU or ReLU6), or dequantized, acc · scale. Eight or four lanes at a time, each lane the scalar formula's
/// operations in the same order (int → float conversion, one multiply, rounding ties to even, a clamp), so the bytes
/// are those of <see cref="Int8Output.Store"/> on every machine.
/// </summary>
static unsafe class Int8Requantization
{
    /// <summary>output[j] = range.Store((dots[j] + addend) · multiplier) for j in [0, count).</summary>
    public static void Row(int* dots, int count, int addend, float multiplier, Int8Output range, byte* output)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var shift = Vector256.Create(addend);
            var factor = Vector256.Create(multiplier);
            var low = Vector256.Create((float)(range.Min - range.ZeroPoint));
            var high = Vector256.Create((float)(range.Max - range.ZeroPoint));
            var zero = Vector256.Create(range.ZeroPoint);
            for (; j + 32 <= count; j += 32)
            {
                var a = Steps(Vector256.Load(dots + j), shift, factor, low, high) + zero;
                var b = Steps(Vector256.Load(dots + j + 8), shift, factor, low, high) + zero;
                var c = Steps(Vector256.Load(dots + j + 16), shift, factor, low, high) + zero;
                var d = Steps(Vector256.Load(dots + j + 24), shift, factor, low, high) + zero;
                Vector256.Narrow(Vector256.Narrow(a, b).AsUInt16(), Vector256.Narrow(c, d).AsUInt16()).Store(output + j);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var shift = Vector128.Create(addend);
            var factor = Vector128.Create(multiplier);
            var low = Vector128.Create((float)(range.Min - range.ZeroPoint));
            var high = Vector128.Create((float)(range.Max - range.ZeroPoint));
            var zero = Vector128.Create(range.ZeroPoint);
            for (; j + 16 <= count; j += 16)
            {
                var a = Steps(Vector128.Load(dots + j), shift, factor, low, high) + zero;
                var b = Steps(Vector128.Load(dots + j + 4), shift, factor, low, high) + zero;
                var c = Steps(Vector128.Load(dots + j + 8), shift, factor, low, high) + zero;
                var d = Steps(Vector128.Load(dots + j + 12), shift, factor, low, high) + zero;
                // Every lane is in [0, 255]: narrowing keeps it.
                Vector128.Narrow(Vector128.Narrow(a, b).AsUInt16(), Vector128.Narrow(c, d).AsUInt16()).Store(output + j);
            }
        }
        for (; j < count; j++) output[j] = range.Store((dots[j] + addend) * multiplier);
    }

    /// <summary>output[j] = (dots[j] + addend) · scale for j in [0, count).</summary>
    public static void RowToFloat(int* dots, int count, int addend, float scale, float* output)
    {
        var j = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var shift = Vector128.Create(addend);
            var factor = Vector128.Create(scale);
            for (; j + 4 <= count; j += 4)
                (Vector128.ConvertToSingle(Vector128.Load(dots + j) + shift) * factor).Store(output + j);
        }
        for (; j < count; j++) output[j] = (dots[j] + addend) * scale;
    }

    /// <summary>
    /// round((acc + shift) · factor) clamped to [low, high] (output steps relative to the zero point). The values are
    /// finite and integral once rounded and clamped within ±255, so the native min, max and conversion (no NaN, signed
    /// zero or overflow handling) give the scalar formula's integers with fewer instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Steps(Vector256<int> dots, Vector256<int> shift, Vector256<float> factor, Vector256<float> low, Vector256<float> high) =>
        Vector256.ConvertToInt32Native(Vector256.MinNative(Vector256.MaxNative(Vector256.Round(Vector256.ConvertToSingle(dots + shift) * factor), low), high));

    /// <summary>As the 256-bit form, four lanes wide.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<int> Steps(Vector128<int> dots, Vector128<int> shift, Vector128<float> factor, Vector128<float> low, Vector128<float> high) =>
        Vector128.ConvertToInt32Native(Vector128.MinNative(Vector128.MaxNative(Vector128.Round(Vector128.ConvertToSingle(dots + shift) * factor), low), high));
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
