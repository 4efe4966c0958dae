using System.Runtime.Intrinsics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Small vectorised span helpers shared by the kernels (callers have checked the lengths).</summary>
static class VectorMath
{
    /// <summary>values[i] += scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScalar(Span<float> values, float scalar)
    {
        ref var target = ref MemoryMarshal.GetReference(values);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var add = new Vector<float>(scalar);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                ref var slot = ref Unsafe.As<float, Vector<float>>(ref Unsafe.Add(ref target, i));
                slot += add;
            }
        }
        for (; i < values.Length; i++) Unsafe.Add(ref target, i) += scalar;
    }

    /// <summary>target[i] += source[i] over target's length.</summary>
    public static void Add(ReadOnlySpan<float> source, Span<float> target) => Add(source, target, target);

    /// <summary>output[i] = a[i] + b[i] over output's length (output may be a or b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        ref var z = ref MemoryMarshal.GetReference(output);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= output.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var sum = Vector.LoadUnsafe(ref x, (nuint)i) + Vector.LoadUnsafe(ref y, (nuint)i);
                sum.StoreUnsafe(ref z, (nuint)i);
            }
        }
        for (; i < output.Length; i++) Unsafe.Add(ref z, i) = Unsafe.Add(ref x, i) + Unsafe.Add(ref y, i);
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

    /// <summary>Σ values, accumulated in double in index order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<float> values)
    {
        ref var source = ref MemoryMarshal.GetReference(values);
        var i = 0;
        var sum = 0.0;
        if (System.Runtime.Intrinsics.X86.Avx.IsSupported && values.Length >= 16)
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
        for (; i < values.Length; i++) sum += Unsafe.Add(ref source, i);
        return sum;
    }
}
