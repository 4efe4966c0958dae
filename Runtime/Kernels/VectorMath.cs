using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Small vectorised span helpers shared by the kernels (callers have checked the lengths).</summary>
static class VectorMath
{
    /// <summary>values[i] += scalar (element-wise: the same bits on every width).</summary>
    public static unsafe void AddScalar(Span<float> values, float scalar)
    {
        fixed (float* target = values)
        {
            switch (Simd.Width)
            {
                case 512: AddScalar<Vector512<float>, Simd512>(target, values.Length, scalar); break;
                case 256: AddScalar<Vector256<float>, Simd256>(target, values.Length, scalar); break;
                default: AddScalar<Vector128<float>, Simd128>(target, values.Length, scalar); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void AddScalar<TVec, TOps>(float* target, int length, float scalar)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var add = TOps.Create(scalar);
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(target + i, TOps.Add(TOps.Load(target + i), add));
        for (; i < length; i++) target[i] += scalar;
    }

    /// <summary>
    /// y[i] = x[i] · scale + shift over x's length, rounded after the product and after the sum (not fused), as the scalar
    /// formula: the same bits on every width. y may be x.
    /// </summary>
    public static unsafe void ScaleShift(ReadOnlySpan<float> x, Span<float> y, float scale, float shift)
    {
        fixed (float* source = x, target = y)
        {
            switch (Simd.Width)
            {
                case 512: ScaleShift<Vector512<float>, Simd512>(source, target, x.Length, scale, shift); break;
                case 256: ScaleShift<Vector256<float>, Simd256>(source, target, x.Length, scale, shift); break;
                default: ScaleShift<Vector128<float>, Simd128>(source, target, x.Length, scale, shift); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void ScaleShift<TVec, TOps>(float* x, float* y, int length, float scale, float shift)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        TVec scales = TOps.Create(scale), shifts = TOps.Create(shift);
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(y + i, TOps.Add(TOps.Multiply(TOps.Load(x + i), scales), shifts));
        for (; i < length; i++) y[i] = x[i] * scale + shift;
    }

    /// <summary>target[i] += source[i] over target's length.</summary>
    public static void Add(ReadOnlySpan<float> source, Span<float> target) => Add(source, target, target);

    /// <summary>output[i] = a[i] + b[i] over output's length (output may be a or b; element-wise: the same bits on every width).</summary>
    public static unsafe void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        fixed (float* x = a, y = b, z = output)
        {
            switch (Simd.Width)
            {
                case 512: Add<Vector512<float>, Simd512>(x, y, z, output.Length); break;
                case 256: Add<Vector256<float>, Simd256>(x, y, z, output.Length); break;
                default: Add<Vector128<float>, Simd128>(x, y, z, output.Length); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Add<TVec, TOps>(float* x, float* y, float* z, int length)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(z + i, TOps.Add(TOps.Load(x + i), TOps.Load(y + i)));
        for (; i < length; i++) z[i] = x[i] + y[i];
    }

    /// <summary>
    /// output[i] = ReLU(a[i] + b[i]) over output's length, the ReLU kernel's rule on the rounded sum (x ≤ 0 → +0, NaN
    /// kept): the same bits as <see cref="Add(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> then ReLU, in one pass.
    /// </summary>
    public static unsafe void AddReLU(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        fixed (float* x = a, y = b, z = output)
        {
            switch (Simd.Width)
            {
                case 512: AddReLU<Vector512<float>, Simd512>(x, y, z, output.Length); break;
                case 256: AddReLU<Vector256<float>, Simd256>(x, y, z, output.Length); break;
                default: AddReLU<Vector128<float>, Simd128>(x, y, z, output.Length); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void AddReLU<TVec, TOps>(float* x, float* y, float* z, int length)
        where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(z + i, TOps.Rectify(TOps.Add(TOps.Load(x + i), TOps.Load(y + i))));
        for (; i < length; i++)
        {
            var sum = x[i] + y[i];
            z[i] = sum <= 0f ? 0f : sum;
        }
    }

    /// <summary>
    /// The horizontal sums of four vectors at once, each bit-identical to <see cref="Vector256.Sum{T}(Vector256{T})"/>:
    /// the same pairs, ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)), and addition is commutative, so only the
    /// instruction count changes (three horizontal adds and one add for four sums).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        var pairs = System.Runtime.Intrinsics.X86.Avx.HorizontalAdd(
            System.Runtime.Intrinsics.X86.Avx.HorizontalAdd(a, b),
            System.Runtime.Intrinsics.X86.Avx.HorizontalAdd(c, d));
        return pairs.GetLower() + pairs.GetUpper();
    }

    /// <summary>
    /// Σ values in double: 16 lanes (four 4-double accumulators) over 16-element blocks, combined as
    /// ((s0 + s1) + (s2 + s3)) then the pair order of <see cref="Vector256.Sum{T}(Vector256{T})"/>, then the tail in
    /// order. The same lanes and order in scalars where 256-bit vectors do not run, so every width gives the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<float> values)
    {
        ref var source = ref MemoryMarshal.GetReference(values);
        var i = 0;
        var sum = 0.0;
        if (values.Length >= 16 && Simd.Width == 512)
        {
            // The same four 4-double accumulators, two to a register: a = (s0, s1), b = (s2, s3).
            Vector512<double> a = default, b = default;
            for (; i + 16 <= values.Length; i += 16)
            {
                ref var block = ref Unsafe.Add(ref source, i);
                a += System.Runtime.Intrinsics.X86.Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref block));
                b += System.Runtime.Intrinsics.X86.Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref block, 8));
            }
            sum = Vector256.Sum((a.GetLower() + a.GetUpper()) + (b.GetLower() + b.GetUpper()));
        }
        else if (values.Length >= 16 && System.Runtime.Intrinsics.X86.Avx.IsSupported && Simd.Width >= 256)
        {
            // Four independent double accumulators (a single chain waits on add latency), combined in a fixed order.
            Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; i + 16 <= values.Length; i += 16)
            {
                ref var block = ref Unsafe.Add(ref source, i);
                s0 += System.Runtime.Intrinsics.X86.Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref block));
                s1 += System.Runtime.Intrinsics.X86.Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref block, 4));
                s2 += System.Runtime.Intrinsics.X86.Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref block, 8));
                s3 += System.Runtime.Intrinsics.X86.Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref block, 12));
            }
            sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        }
        else if (values.Length >= 16)
        {
            Span<double> lanes = stackalloc double[16];
            lanes.Clear();
            for (; i + 16 <= values.Length; i += 16)
                for (var lane = 0; lane < 16; lane++) lanes[lane] += Unsafe.Add(ref source, i + lane);
            double t0 = (lanes[0] + lanes[4]) + (lanes[8] + lanes[12]), t1 = (lanes[1] + lanes[5]) + (lanes[9] + lanes[13]);
            double t2 = (lanes[2] + lanes[6]) + (lanes[10] + lanes[14]), t3 = (lanes[3] + lanes[7]) + (lanes[11] + lanes[15]);
            sum = (t0 + t1) + (t2 + t3);
        }
        for (; i < values.Length; i++) sum += Unsafe.Add(ref source, i);
        return sum;
    }
}
