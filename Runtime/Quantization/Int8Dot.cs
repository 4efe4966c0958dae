using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Quantization;

/// <summary>
/// Exact dot products of unsigned 8-bit activations with signed 8-bit weights, 16 or 32 bytes of each at a time, on
/// one <see cref="Int8Path"/>. <c>TAcc</c> holds 32-bit partial sums; <see cref="Sum"/> adds them. Every product is
/// formed exactly and every addition is 32-bit integer addition, so the total is the same on every path.
/// </summary>
unsafe interface IInt8Dot<TAcc> where TAcc : unmanaged
{
    static abstract TAcc Zero { get; }

    /// <summary>acc plus the products of 16 bytes of x and w.</summary>
    static abstract TAcc Add16(TAcc acc, byte* x, sbyte* w);

    /// <summary>acc plus the products of 32 bytes of x and w.</summary>
    static abstract TAcc Add32(TAcc acc, byte* x, sbyte* w);

    /// <summary>The sum of the partial sums.</summary>
    static abstract int Sum(TAcc acc);

    /// <summary>The sums of four accumulators, [Σa, Σb, Σc, Σd], by pairwise horizontal adds (cheaper than four <see cref="Sum"/>s).</summary>
    static abstract Vector128<int> Sum4(TAcc a, TAcc b, TAcc c, TAcc d);
}

/// <summary>Horizontal reductions shared by the vector paths.</summary>
static class Reductions
{
    /// <summary>[Σa, Σb, Σc, Σd] of four 256-bit accumulators: two levels of <c>VPHADDD</c>, then the 128-bit halves added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var pairs = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d));
        return pairs.GetLower() + pairs.GetUpper();
    }
}

/// <summary>Plain integer multiply-adds.</summary>
unsafe readonly struct ScalarDot : IInt8Dot<int>
{
    public static int Zero => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add16(int acc, byte* x, sbyte* w)
    {
        for (var i = 0; i < 16; i++) acc += x[i] * w[i];
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add32(int acc, byte* x, sbyte* w) => Add16(Add16(acc, x, w), x + 16, w + 16);

    public static int Sum(int acc) => acc;

    public static Vector128<int> Sum4(int a, int b, int c, int d) => Vector128.Create(a, b, c, d);
}

/// <summary>SSE4.1: 8 bytes widened to 16 bits, <c>PMADDWD</c> (exact pair sums in 32 bits).</summary>
unsafe readonly struct Widening128Dot : IInt8Dot<Vector128<int>>
{
    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Add16(Vector128<int> acc, byte* x, sbyte* w)
    {
        var low = Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(x), Sse41.ConvertToVector128Int16(w));
        var high = Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(x + 8), Sse41.ConvertToVector128Int16(w + 8));
        return acc + low + high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Add32(Vector128<int> acc, byte* x, sbyte* w) => Add16(Add16(acc, x, w), x + 16, w + 16);

    public static int Sum(Vector128<int> acc) => Vector128.Sum(acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d) =>
        Ssse3.HorizontalAdd(Ssse3.HorizontalAdd(a, b), Ssse3.HorizontalAdd(c, d));
}

/// <summary>AVX2: 16 bytes widened to 16 bits, <c>VPMADDWD</c>.</summary>
unsafe readonly struct Widening256Dot : IInt8Dot<Vector256<int>>
{
    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add16(Vector256<int> acc, byte* x, sbyte* w) =>
        acc + Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(x), Avx2.ConvertToVector256Int16(w));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add32(Vector256<int> acc, byte* x, sbyte* w) => Add16(Add16(acc, x, w), x + 16, w + 16);

    public static int Sum(Vector256<int> acc) => Vector256.Sum(acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d) => Reductions.Sum4(a, b, c, d);
}

/// <summary>AVX-512BW: 32 bytes widened to 16 bits, <c>VPMADDWD</c> on 512 bits.</summary>
unsafe readonly struct Widening512Dot : IInt8Dot<Vector512<int>>
{
    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Add16(Vector512<int> acc, byte* x, sbyte* w) =>
        acc + Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(x), Avx2.ConvertToVector256Int16(w)).ToVector512();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Add32(Vector512<int> acc, byte* x, sbyte* w) =>
        acc + Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(x)), Avx512BW.ConvertToVector512Int16(Vector256.Load(w)));

    public static int Sum(Vector512<int> acc) => Vector512.Sum(acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector512<int> a, Vector512<int> b, Vector512<int> c, Vector512<int> d) =>
        Reductions.Sum4(a.GetLower() + a.GetUpper(), b.GetLower() + b.GetUpper(), c.GetLower() + c.GetUpper(), d.GetLower() + d.GetUpper());
}

/// <summary>AVX-VNNI: <c>VPDPBUSD</c> (unsigned × signed bytes, four products per 32-bit lane, wrapping, never saturating).</summary>
unsafe readonly struct VnniDot : IInt8Dot<Vector256<int>>
{
    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add16(Vector256<int> acc, byte* x, sbyte* w) =>
        AvxVnni.MultiplyWideningAndAdd(acc, Vector128.Load(x).ToVector256(), Vector128.Load(w).ToVector256());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add32(Vector256<int> acc, byte* x, sbyte* w) =>
        AvxVnni.MultiplyWideningAndAdd(acc, Vector256.Load(x), Vector256.Load(w));

    public static int Sum(Vector256<int> acc) => Vector256.Sum(acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Sum4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d) => Reductions.Sum4(a, b, c, d);
}
