using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Quantization;

/// <summary>
/// The multiply-add under the direct int8 convolution (<see cref="Int8DirectConv"/>): <see cref="Lanes"/> output
/// positions at once, each lane adding the four products of its own quadruple of unsigned bytes with one quadruple of
/// signed weights shared by every lane (VNNI's unit: <c>VPDPBUSD</c> with a broadcast weight). Every product is exact
/// and every addition is 32-bit integer addition, so each lane's sum is the same on every path.
/// </summary>
unsafe interface IInt8QuadDot<TAcc, TWeight> where TAcc : unmanaged where TWeight : unmanaged
{
    /// <summary>Output positions per accumulator.</summary>
    static abstract int Lanes { get; }

    static abstract TAcc Zero { get; }

    /// <summary>The weight quadruple at <paramref name="w"/> in the form <see cref="Add"/> reads (broadcast to every lane).</summary>
    static abstract TWeight Weight(sbyte* w);

    /// <summary>acc[l] + Σ_j x[4l + j] · w[j] for every lane l (x: <see cref="Lanes"/> quadruples).</summary>
    static abstract TAcc Add(TAcc acc, byte* x, TWeight w);

    /// <summary>Stores the <see cref="Lanes"/> sums at <paramref name="target"/>.</summary>
    static abstract void Store(TAcc acc, int* target);
}

/// <summary>Plain integer multiply-adds, one position at a time.</summary>
unsafe readonly struct ScalarQuadDot : IInt8QuadDot<int, int>
{
    public static int Lanes => 1;

    public static int Zero => 0;

    public static int Weight(sbyte* w) => *(int*)w;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add(int acc, byte* x, int w) =>
        acc + x[0] * (sbyte)w + x[1] * (sbyte)(w >> 8) + x[2] * (sbyte)(w >> 16) + x[3] * (sbyte)(w >> 24);

    public static void Store(int acc, int* target) => *target = acc;
}

/// <summary>
/// The 16-bit widening form of a quadruple product: the even bytes of each lane (x0, x2) and its odd bytes (x1, x3)
/// as 16-bit values, each multiplied with the matching weights by <c>PMADDWD</c> (exact pair sums in 32 bits).
/// </summary>
readonly struct WidenedQuad<T> where T : unmanaged
{
    public WidenedQuad(T even, T odd)
    {
        Even = even;
        Odd = odd;
    }

    /// <summary>(w0, w2) per 32-bit lane, as signed 16-bit values.</summary>
    public T Even { get; }

    /// <summary>(w1, w3) per 32-bit lane.</summary>
    public T Odd { get; }
}

/// <summary>SSE2 <c>PMADDWD</c>, four positions per 128-bit accumulator.</summary>
unsafe readonly struct Widening128QuadDot : IInt8QuadDot<Vector128<int>, WidenedQuad<Vector128<short>>>
{
    public static int Lanes => 4;

    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WidenedQuad<Vector128<short>> Weight(sbyte* w)
    {
        var pairs = Vector128.Create(*(int*)w).AsInt16();
        return new(Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(pairs, 8), 8), Vector128.ShiftRightArithmetic(pairs, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Add(Vector128<int> acc, byte* x, WidenedQuad<Vector128<short>> w)
    {
        var bytes = Vector128.Load((ushort*)x);
        var even = (bytes & Vector128.Create((ushort)0xFF)).AsInt16();
        var odd = Vector128.ShiftRightLogical(bytes, 8).AsInt16();
        return acc + Sse2.MultiplyAddAdjacent(even, w.Even) + Sse2.MultiplyAddAdjacent(odd, w.Odd);
    }

    public static void Store(Vector128<int> acc, int* target) => acc.Store(target);
}

/// <summary>AVX2 <c>VPMADDWD</c>, eight positions per 256-bit accumulator (also the 512-bit widening path's form here).</summary>
unsafe readonly struct Widening256QuadDot : IInt8QuadDot<Vector256<int>, WidenedQuad<Vector256<short>>>
{
    public static int Lanes => 8;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WidenedQuad<Vector256<short>> Weight(sbyte* w)
    {
        var pairs = Vector256.Create(*(int*)w).AsInt16();
        return new(Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(pairs, 8), 8), Vector256.ShiftRightArithmetic(pairs, 8));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> acc, byte* x, WidenedQuad<Vector256<short>> w)
    {
        var bytes = Vector256.Load((ushort*)x);
        var even = (bytes & Vector256.Create((ushort)0xFF)).AsInt16();
        var odd = Vector256.ShiftRightLogical(bytes, 8).AsInt16();
        return acc + Avx2.MultiplyAddAdjacent(even, w.Even) + Avx2.MultiplyAddAdjacent(odd, w.Odd);
    }

    public static void Store(Vector256<int> acc, int* target) => acc.Store(target);
}

/// <summary>AVX-VNNI <c>VPDPBUSD</c>, eight positions per 256-bit accumulator: one instruction per quadruple.</summary>
unsafe readonly struct VnniQuadDot : IInt8QuadDot<Vector256<int>, Vector256<sbyte>>
{
    public static int Lanes => 8;

    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Weight(sbyte* w) => Vector256.Create(*(int*)w).AsSByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> acc, byte* x, Vector256<sbyte> w) =>
        AvxVnni.MultiplyWideningAndAdd(acc, Vector256.Load(x), w);

    public static void Store(Vector256<int> acc, int* target) => acc.Store(target);
}
