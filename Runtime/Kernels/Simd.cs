using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnGen.Kernels;

/// <summary>
/// The vector width the kernels run on, and the two abstractions they are written over once: <see cref="ISimd{TVec}"/>
/// (lane-wise: each lane its own output) and <see cref="IOctets{TVec}"/> (reductions along a vector, as 8-lane
/// partial sums). A kernel is a generic method over <c>(TVec, TOps)</c> with <c>TOps</c> a struct; the JIT compiles
/// one copy per width with every <c>TOps</c> call inlined, and <see cref="Width"/> picks the copy once per call.
/// </summary>
/// <remarks>
/// Same bits on every width: lane-wise kernels vectorise across independent outputs, each output computed by one
/// fused multiply-add per term in a fixed order; reductions keep 8-lane partial sums on every width (a 512-bit
/// register holds two rows' octets, a 128-bit path keeps an octet in two registers) and finish each octet in the
/// pair order of <see cref="Vector256.Sum{T}(Vector256{T})"/>. FMA is fused on every path (hardware, or the
/// runtime's exact software fallback where a CPU has none).
/// </remarks>
internal static class Simd
{
    [ThreadStatic] static int t_override;

    /// <summary>
    /// The vector width in bits the kernels run on in this process: 512 where <see cref="Vector512.IsHardwareAccelerated"/>,
    /// else 256 where <see cref="Vector256.IsHardwareAccelerated"/> with FMA, else 128. The results are the same bits on
    /// every width; only the speed differs. (The runtime's <c>DOTNET_EnableAVX512</c>, <c>DOTNET_PreferredVectorBitWidth</c>
    /// and <c>DOTNET_EnableAVX2</c> settings narrow it.)
    /// </summary>
    public static readonly int Native =
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated && (Fma.IsSupported || !Sse.IsSupported) ? 256
        : 128;

    /// <summary>The width the kernels run on in this thread: <see cref="Native"/> unless a test forced a narrower one.</summary>
    internal static int Width
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_override == 0 ? Native : t_override;
    }

    /// <summary>
    /// The width forced on this thread (0: native). Tests force each path; <see cref="Threading.WorkerPool"/> hands the
    /// caller's value to the workers of a region. Only a width the CPU runs (≤ <see cref="Native"/>) can be forced.
    /// </summary>
    internal static int Override
    {
        get => t_override;
        set
        {
            if (value != 0 && value != 128 && value != 256 && value != 512 || value > Native)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"expected 0, or a width of 128, 256 or 512 bits up to this CPU's {Native}");
            t_override = value;
        }
    }

    /// <summary>The first <paramref name="valid"/> lanes set (all bits) and the rest clear.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> FirstLanes256(int valid) => Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(valid)).AsSingle();

    /// <summary>As <see cref="FirstLanes256"/> for 4 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> FirstLanes128(int valid) => Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(valid)).AsSingle();

    /// <summary>Lanes [0, valid) of source, +0 elsewhere; reads nothing past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe Vector128<float> LoadFirst128(float* source, Vector128<float> lanes, int valid)
    {
        if (Avx.IsSupported) return Avx.MaskLoad(source, lanes);
        var value = Vector128<float>.Zero;
        for (var i = 0; i < valid; i++) value = value.WithElement(i, source[i]);
        return value;
    }

    /// <summary>Stores lanes [0, valid) of value; writes nothing past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void StoreFirst128(float* target, Vector128<float> value, Vector128<float> lanes, int valid)
    {
        if (Avx.IsSupported)
        {
            Avx.MaskStore(target, lanes, value);
            return;
        }
        for (var i = 0; i < valid; i++) target[i] = value.GetElement(i);
    }

    /// <summary>An 8-lane partial sum's total in the pair order of <see cref="Vector256.Sum{T}(Vector256{T})"/>: ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sum8(Vector128<float> lower, Vector128<float> upper) =>
        ((lower.GetElement(0) + lower.GetElement(1)) + (lower.GetElement(2) + lower.GetElement(3)))
        + ((upper.GetElement(0) + upper.GetElement(1)) + (upper.GetElement(2) + upper.GetElement(3)));
}

/// <summary>
/// Lane-wise operations of one vector width (<see cref="Simd128"/>, <see cref="Simd256"/>, <see cref="Simd512"/>).
/// Masked loads read nothing past their valid lanes (those lanes are +0); masked stores write nothing past them.
/// </summary>
unsafe interface ISimd<TVec> where TVec : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Rows of the packed GEMM micro-kernel at this width (its columns are 2 · <see cref="Count"/>).</summary>
    static abstract int GemmRows { get; }

    static abstract TVec Zero { get; }
    static abstract TVec Create(float value);
    static abstract TVec Broadcast(float* source);
    static abstract TVec Load(float* source);

    /// <summary>512 bits: lanes 0–7 from <paramref name="lower"/>, 8–15 from <paramref name="upper"/> (two short rows in one register); narrower widths: <see cref="Load"/> of <paramref name="lower"/>.</summary>
    static abstract TVec LoadHalves(float* lower, float* upper);

    /// <summary>Lane j = source[2j]: every other float of the 2 · <see cref="Count"/> at <paramref name="source"/> (a stride-2 read).</summary>
    static abstract TVec LoadEven(float* source);
    static abstract void Store(float* target, TVec value);

    /// <summary>A mask with lanes [0, valid) set, for <see cref="LoadFirst"/> and <see cref="StoreFirst"/>.</summary>
    static abstract TVec FirstLanes(int valid);
    static abstract TVec LoadFirst(float* source, TVec lanes, int valid);
    static abstract void StoreFirst(float* target, TVec value, TVec lanes, int valid);

    /// <summary>a · b + addend, rounded once.</summary>
    static abstract TVec FusedMultiplyAdd(TVec a, TVec b, TVec addend);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);

    /// <summary>The ReLU kernel's rule per lane: x ≤ 0 → +0, NaN kept.</summary>
    static abstract TVec Rectify(TVec value);

    /// <summary>The ReLU backward rule per lane (<c>torch.threshold_backward</c>): +0 where y ≤ 0, value elsewhere (a NaN y passes the value).</summary>
    static abstract TVec ThresholdBackward(TVec value, TVec y);

    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>All-ones lanes where a &gt; b (false for NaN); likewise the other comparisons.</summary>
    static abstract TVec GreaterThan(TVec a, TVec b);
    static abstract TVec GreaterThanOrEqual(TVec a, TVec b);
    static abstract TVec LessThan(TVec a, TVec b);
    static abstract TVec LessThanOrEqual(TVec a, TVec b);

    /// <summary>mask ? whenTrue : whenFalse per lane (mask lanes all-ones or clear).</summary>
    static abstract TVec Select(TVec mask, TVec whenTrue, TVec whenFalse);

    /// <summary>|a| (the sign bit cleared).</summary>
    static abstract TVec Abs(TVec a);

    /// <summary>The nearest integer, ties to even.</summary>
    static abstract TVec Round(TVec a);

    /// <summary>The largest integer ≤ a.</summary>
    static abstract TVec Floor(TVec a);

    /// <summary>2ⁿ for integral n in [−126, 127] (built in the exponent bits: exact).</summary>
    static abstract TVec Pow2(TVec n);
}

/// <summary>128-bit lanes (any CPU; the x86 path without AVX2 + FMA, and ARM64).</summary>
unsafe readonly struct Simd128 : ISimd<Vector128<float>>
{
    public static int Count => 4;
    public static int GemmRows => 6;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Create(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float* source) => Vector128.Create(*source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(float* source) => Vector128.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LoadHalves(float* lower, float* upper) => Vector128.Load(lower);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadEven(float* source) =>
        Sse.IsSupported ? Sse.Shuffle(Vector128.Load(source), Vector128.Load(source + 4), 0b10_00_10_00) : Vector128.Create(source[0], source[2], source[4], source[6]);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* target, Vector128<float> value) => value.Store(target);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FirstLanes(int valid) => Simd.FirstLanes128(valid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LoadFirst(float* source, Vector128<float> lanes, int valid) => Simd.LoadFirst128(source, lanes, valid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreFirst(float* target, Vector128<float> value, Vector128<float> lanes, int valid) => Simd.StoreFirst128(target, value, lanes, valid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) => Vector128.FusedMultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Rectify(Vector128<float> value) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(value, Vector128<float>.Zero), Vector128<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> ThresholdBackward(Vector128<float> value, Vector128<float> y) => Vector128.ConditionalSelect(Vector128.LessThanOrEqual(y, Vector128<float>.Zero), Vector128<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> GreaterThanOrEqual(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> LessThanOrEqual(Vector128<float> a, Vector128<float> b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Select(Vector128<float> mask, Vector128<float> whenTrue, Vector128<float> whenFalse) => Vector128.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Abs(Vector128<float> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Round(Vector128<float> a) => Vector128.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Floor(Vector128<float> a) => Vector128.Floor(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Pow2(Vector128<float> n) => Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23).AsSingle();
}

/// <summary>256-bit lanes (AVX2 + FMA).</summary>
unsafe readonly struct Simd256 : ISimd<Vector256<float>>
{
    public static int Count => 8;
    public static int GemmRows => 6;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Create(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float* source) => Vector256.Create(*source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* source) => Vector256.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadHalves(float* lower, float* upper) => Vector256.Load(lower);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadEven(float* source) =>
        Avx2.Permute4x64(Avx.Shuffle(Vector256.Load(source), Vector256.Load(source + 8), 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* target, Vector256<float> value) => value.Store(target);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FirstLanes(int valid) => Simd.FirstLanes256(valid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadFirst(float* source, Vector256<float> lanes, int valid) => Avx.MaskLoad(source, lanes);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreFirst(float* target, Vector256<float> value, Vector256<float> lanes, int valid) => Avx.MaskStore(target, lanes, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.FusedMultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Rectify(Vector256<float> value) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(value, Vector256<float>.Zero), Vector256<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> ThresholdBackward(Vector256<float> value, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.LessThanOrEqual(y, Vector256<float>.Zero), Vector256<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> GreaterThanOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LessThanOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Select(Vector256<float> mask, Vector256<float> whenTrue, Vector256<float> whenFalse) => Vector256.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Abs(Vector256<float> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Round(Vector256<float> a) => Vector256.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Floor(Vector256<float> a) => Vector256.Floor(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Pow2(Vector256<float> n) => Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
}

/// <summary>512-bit lanes (AVX-512F); 32 registers, so the GEMM tile is 12 × 32.</summary>
unsafe readonly struct Simd512 : ISimd<Vector512<float>>
{
    public static int Count => 16;
    public static int GemmRows => 12;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Create(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float* source) => Vector512.Create(*source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* source) => Vector512.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LoadHalves(float* lower, float* upper) => Vector256.Load(lower).ToVector512Unsafe().WithUpper(Vector256.Load(upper));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadEven(float* source) =>
        Avx512F.PermuteVar16x32x2(Vector512.Load(source), Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), Vector512.Load(source + 16));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* target, Vector512<float> value) => value.Store(target);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FirstLanes(int valid) => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(valid)).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LoadFirst(float* source, Vector512<float> lanes, int valid) => Avx512F.MaskLoad(source, lanes, Vector512<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void StoreFirst(float* target, Vector512<float> value, Vector512<float> lanes, int valid) => Avx512F.MaskStore(target, lanes, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.FusedMultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Rectify(Vector512<float> value) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(value, Vector512<float>.Zero), Vector512<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> ThresholdBackward(Vector512<float> value, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.LessThanOrEqual(y, Vector512<float>.Zero), Vector512<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> GreaterThanOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LessThanOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Select(Vector512<float> mask, Vector512<float> whenTrue, Vector512<float> whenFalse) => Vector512.ConditionalSelect(mask, whenTrue, whenFalse);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Abs(Vector512<float> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Round(Vector512<float> a) => Vector512.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Floor(Vector512<float> a) => Vector512.Floor(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Pow2(Vector512<float> n) => Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
}

/// <summary>
/// Reductions along a vector, written once for every width: a vector holds <see cref="Octets"/> independent 8-lane
/// partial sums (octets), each a chain of fused multiply-adds over 8-element blocks in order, and each octet is
/// finished in the pair order of <see cref="Vector256.Sum{T}(Vector256{T})"/>. So a reduction's result never
/// depends on the width: <see cref="Octets256"/> (one octet per register), <see cref="Octets512"/> (two rows'
/// octets per register), <see cref="Octets128"/> (one octet in two 4-lane registers).
/// </summary>
unsafe interface IOctets<TVec> where TVec : unmanaged
{
    /// <summary>Octets (independent 8-lane sums) per vector: 1 or 2.</summary>
    static abstract int Octets { get; }
    static abstract TVec Zero { get; }

    /// <summary>Octet r holds the 8 floats at <c>first + r · stride</c>.</summary>
    static abstract TVec LoadRows(float* first, nint stride);

    /// <summary>Every octet holds the same 8 floats.</summary>
    static abstract TVec LoadShared(float* source);

    /// <summary>A mask with lanes [0, valid) of every octet set (valid ≤ 8).</summary>
    static abstract TVec FirstLanes(int valid);

    /// <summary><see cref="LoadRows"/> reading only each octet's first lanes (<see cref="FirstLanes"/>); the others are +0.</summary>
    static abstract TVec LoadRowsFirst(float* first, nint stride, TVec lanes, int valid);

    /// <summary><see cref="LoadShared"/> reading only the first lanes; the others are +0.</summary>
    static abstract TVec LoadSharedFirst(float* source, TVec lanes, int valid);

    static abstract TVec FusedMultiplyAdd(TVec a, TVec b, TVec addend);

    /// <summary>The octet sums of four vectors: element v of the result is octet 0 of vector v (a, b, c, d), element v of <paramref name="second"/> its octet 1 (+0 with one octet).</summary>
    static abstract Vector128<float> Sum4(TVec a, TVec b, TVec c, TVec d, out Vector128<float> second);
}

/// <summary>One octet in one 256-bit register (the reference order).</summary>
unsafe readonly struct Octets256 : IOctets<Vector256<float>>
{
    public static int Octets => 1;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadRows(float* first, nint stride) => Vector256.Load(first);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadShared(float* source) => Vector256.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FirstLanes(int valid) => Simd.FirstLanes256(valid);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadRowsFirst(float* first, nint stride, Vector256<float> lanes, int valid) => Avx.MaskLoad(first, lanes);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LoadSharedFirst(float* source, Vector256<float> lanes, int valid) => Avx.MaskLoad(source, lanes);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, out Vector128<float> second)
    {
        second = default;
        return VectorMath.Sum4(a, b, c, d);
    }
}

/// <summary>Two rows' octets in one 512-bit register: lanes 0–7 row r, lanes 8–15 row r + 1.</summary>
unsafe readonly struct Octets512 : IOctets<Vector512<float>>
{
    public static int Octets => 2;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    // One load and one insert from memory (no second register), as Vector512.Create(lower, upper) would need.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LoadRows(float* first, nint stride) => Vector256.Load(first).ToVector512Unsafe().WithUpper(Vector256.Load(first + stride));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LoadShared(float* source) => Avx512F.BroadcastVector256ToVector512((double*)source).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FirstLanes(int valid) => Vector512.LessThan(Vector512<int>.Indices & Vector512.Create(7), Vector512.Create(valid)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadRowsFirst(float* first, nint stride, Vector512<float> lanes, int valid)
    {
        var half = lanes.GetLower();
        return Vector512.Create(Avx.MaskLoad(first, half), Avx.MaskLoad(first + stride, half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadSharedFirst(float* source, Vector512<float> lanes, int valid)
    {
        var octet = Avx.MaskLoad(source, lanes.GetLower());
        return Vector512.Create(octet, octet);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.FusedMultiplyAdd(a, b, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, out Vector128<float> second)
    {
        second = VectorMath.Sum4(a.GetUpper(), b.GetUpper(), c.GetUpper(), d.GetUpper());
        return VectorMath.Sum4(a.GetLower(), b.GetLower(), c.GetLower(), d.GetLower());
    }
}

/// <summary>One octet as two 128-bit halves (lanes 0–3, 4–7): the 8-lane order where 256-bit vectors are not accelerated.</summary>
readonly struct Octet128(Vector128<float> lower, Vector128<float> upper)
{
    public readonly Vector128<float> Lower = lower, Upper = upper;
}

/// <summary>The octet operations over <see cref="Octet128"/>.</summary>
unsafe readonly struct Octets128 : IOctets<Octet128>
{
    public static int Octets => 1;
    public static Octet128 Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Octet128 LoadRows(float* first, nint stride) => new(Vector128.Load(first), Vector128.Load(first + 4));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Octet128 LoadShared(float* source) => new(Vector128.Load(source), Vector128.Load(source + 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Octet128 FirstLanes(int valid) => new(Simd.FirstLanes128(valid), Simd.FirstLanes128(valid - 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Octet128 LoadRowsFirst(float* first, nint stride, Octet128 lanes, int valid) =>
        new(Simd.LoadFirst128(first, lanes.Lower, Math.Min(valid, 4)), Simd.LoadFirst128(first + 4, lanes.Upper, Math.Max(valid - 4, 0)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Octet128 LoadSharedFirst(float* source, Octet128 lanes, int valid) => LoadRowsFirst(source, 0, lanes, valid);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Octet128 FusedMultiplyAdd(Octet128 a, Octet128 b, Octet128 addend) =>
        new(Vector128.FusedMultiplyAdd(a.Lower, b.Lower, addend.Lower), Vector128.FusedMultiplyAdd(a.Upper, b.Upper, addend.Upper));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Octet128 a, Octet128 b, Octet128 c, Octet128 d, out Vector128<float> second)
    {
        second = default;
        return Vector128.Create(Simd.Sum8(a.Lower, a.Upper), Simd.Sum8(b.Lower, b.Upper), Simd.Sum8(c.Lower, c.Upper), Simd.Sum8(d.Lower, d.Upper));
    }
}
