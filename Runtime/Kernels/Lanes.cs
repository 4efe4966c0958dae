using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>
/// A float vector of one width (<see cref="Lanes128"/>, <see cref="Lanes256"/>, <see cref="Lanes512"/>), so that a
/// kernel is written once, generic over the width, and every lane does the same IEEE operations (fused multiply-adds
/// included) whatever the width: the bits of an element never depend on the machine's vector width.
/// </summary>
/// <remarks>
/// Kernels vectorise across independent outputs only (an element's operations never cross lanes) and run a partial
/// last block through the same vector code on a zero-padded copy, so there is no scalar tail with other arithmetic.
/// </remarks>
interface ILanes<TSelf> where TSelf : unmanaged, ILanes<TSelf>
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }
    static abstract TSelf Load(ref float source);
    static abstract void Store(TSelf value, ref float target);
    static abstract TSelf Create(float value);
    static abstract TSelf operator +(TSelf a, TSelf b);
    static abstract TSelf operator -(TSelf a, TSelf b);
    static abstract TSelf operator *(TSelf a, TSelf b);
    static abstract TSelf operator /(TSelf a, TSelf b);
    /// <summary>a·b + c rounded once.</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);
    /// <summary>All-ones lanes where a &gt; b (false for NaN).</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);
    /// <summary>All-ones lanes where a ≥ b (false for NaN).</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);
    /// <summary>All-ones lanes where a &lt; b (false for NaN).</summary>
    static abstract TSelf LessThan(TSelf a, TSelf b);
    /// <summary>All-ones lanes where a ≤ b (false for NaN).</summary>
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);
    /// <summary>mask ? whenTrue : whenFalse, lane by lane (mask lanes all-ones or zero).</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);
    /// <summary>|a| (clears the sign bit).</summary>
    static abstract TSelf Abs(TSelf a);
    /// <summary>Nearest integer, ties to even.</summary>
    static abstract TSelf Round(TSelf a);
    /// <summary>Largest integer ≤ a.</summary>
    static abstract TSelf Floor(TSelf a);
    /// <summary>2ⁿ for integral n in [−126, 127].</summary>
    static abstract TSelf Pow2(TSelf n);
}

readonly struct Lanes128(Vector128<float> value) : ILanes<Lanes128>
{
    readonly Vector128<float> _v = value;
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Load(ref float source) => new(Vector128.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes128 value, ref float target) => value._v.StoreUnsafe(ref target);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Create(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator +(Lanes128 a, Lanes128 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator -(Lanes128 a, Lanes128 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator *(Lanes128 a, Lanes128 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator /(Lanes128 a, Lanes128 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 FusedMultiplyAdd(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 GreaterThan(Lanes128 a, Lanes128 b) => new(Vector128.GreaterThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 GreaterThanOrEqual(Lanes128 a, Lanes128 b) => new(Vector128.GreaterThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 LessThan(Lanes128 a, Lanes128 b) => new(Vector128.LessThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 LessThanOrEqual(Lanes128 a, Lanes128 b) => new(Vector128.LessThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Select(Lanes128 mask, Lanes128 whenTrue, Lanes128 whenFalse) => new(Vector128.ConditionalSelect(mask._v, whenTrue._v, whenFalse._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Abs(Lanes128 a) => new(Vector128.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Round(Lanes128 a) => new(Vector128.Round(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Floor(Lanes128 a) => new(Vector128.Floor(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Pow2(Lanes128 n) =>
        new(Vector128.ShiftLeft(Vector128.ConvertToInt32(n._v) + Vector128.Create(127), 23).AsSingle());
}

readonly struct Lanes256(Vector256<float> value) : ILanes<Lanes256>
{
    readonly Vector256<float> _v = value;
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Load(ref float source) => new(Vector256.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes256 value, ref float target) => value._v.StoreUnsafe(ref target);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Create(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator /(Lanes256 a, Lanes256 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 FusedMultiplyAdd(Lanes256 a, Lanes256 b, Lanes256 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 GreaterThan(Lanes256 a, Lanes256 b) => new(Vector256.GreaterThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 GreaterThanOrEqual(Lanes256 a, Lanes256 b) => new(Vector256.GreaterThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 LessThan(Lanes256 a, Lanes256 b) => new(Vector256.LessThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 LessThanOrEqual(Lanes256 a, Lanes256 b) => new(Vector256.LessThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Select(Lanes256 mask, Lanes256 whenTrue, Lanes256 whenFalse) => new(Vector256.ConditionalSelect(mask._v, whenTrue._v, whenFalse._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Abs(Lanes256 a) => new(Vector256.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Round(Lanes256 a) => new(Vector256.Round(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Floor(Lanes256 a) => new(Vector256.Floor(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Pow2(Lanes256 n) =>
        new(Vector256.ShiftLeft(Vector256.ConvertToInt32(n._v) + Vector256.Create(127), 23).AsSingle());
}

readonly struct Lanes512(Vector512<float> value) : ILanes<Lanes512>
{
    readonly Vector512<float> _v = value;
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Load(ref float source) => new(Vector512.LoadUnsafe(ref source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Lanes512 value, ref float target) => value._v.StoreUnsafe(ref target);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Create(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a._v + b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a._v - b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator *(Lanes512 a, Lanes512 b) => new(a._v * b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator /(Lanes512 a, Lanes512 b) => new(a._v / b._v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 FusedMultiplyAdd(Lanes512 a, Lanes512 b, Lanes512 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 GreaterThan(Lanes512 a, Lanes512 b) => new(Vector512.GreaterThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 GreaterThanOrEqual(Lanes512 a, Lanes512 b) => new(Vector512.GreaterThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 LessThan(Lanes512 a, Lanes512 b) => new(Vector512.LessThan(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 LessThanOrEqual(Lanes512 a, Lanes512 b) => new(Vector512.LessThanOrEqual(a._v, b._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Select(Lanes512 mask, Lanes512 whenTrue, Lanes512 whenFalse) => new(Vector512.ConditionalSelect(mask._v, whenTrue._v, whenFalse._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Abs(Lanes512 a) => new(Vector512.Abs(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Round(Lanes512 a) => new(Vector512.Round(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Floor(Lanes512 a) => new(Vector512.Floor(a._v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Pow2(Lanes512 n) =>
        new(Vector512.ShiftLeft(Vector512.ConvertToInt32(n._v) + Vector512.Create(127), 23).AsSingle());
}

/// <summary>The vector width the width-generic kernels run at, and a per-thread override for tests.</summary>
static class LaneWidth
{
    [ThreadStatic] static int t_forced;

    /// <summary>The widest accelerated width in bits (512, 256, else 128), unless a test forced one on this thread.</summary>
    public static int Current =>
        t_forced != 0 ? t_forced
        : Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : 128;

    /// <summary>Forces <paramref name="bits"/> (128, 256 or 512; 0 restores the default) on the calling thread.</summary>
    internal static void Force(int bits) => t_forced = bits;
}
