using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnGen.Kernels;

/// <summary>An element-wise function y = f(x), written once over <see cref="ISimd{TVec}"/>.</summary>
interface IUnarySimd
{
    TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec>;
}

/// <summary>An element-wise backward dx = f(x, dy), written once over <see cref="ISimd{TVec}"/>.</summary>
interface IBinarySimd
{
    TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec>;
}

/// <summary>y = x · factor, one rounded multiplication per element (by 0 too: NaN stays NaN, −x gives −0).</summary>
readonly struct ScaleOp(float factor) : IUnarySimd
{
    public TVec Apply<TVec, TOps>(TVec x) where TVec : unmanaged where TOps : struct, ISimd<TVec> => TOps.Multiply(x, TOps.Create(factor));
}

/// <summary>dx = x · dy: the product of two spans, or the gradient of a product with respect to the other factor.</summary>
readonly struct ProductOp : IBinarySimd
{
    public TVec Apply<TVec, TOps>(TVec x, TVec dy) where TVec : unmanaged where TOps : struct, ISimd<TVec> => TOps.Multiply(x, dy);
}

/// <summary>
/// Runs an element-wise function over spans at <see cref="Simd.Width"/>: whole vectors, then the last partial vector
/// through the same code with masked loads and stores, so that every element gets the same operations at any width.
/// </summary>
/// <remarks>Memory-bound at these sizes: one thread, no worker region.</remarks>
static unsafe class SimdMap
{
    /// <summary>output[i] = f(input[i]) for i &lt; input.Length (output may be input).</summary>
    public static void Unary<TOp>(ReadOnlySpan<float> input, Span<float> output, TOp op = default) where TOp : struct, IUnarySimd
    {
        KernelGuard.AtLeast(output.Length, input.Length, nameof(output));
        fixed (float* x = input, y = output)
        {
            switch (Simd.Width)
            {
                case 512: Unary<TOp, Vector512<float>, Simd512>(x, y, input.Length, op); break;
                case 256: Unary<TOp, Vector256<float>, Simd256>(x, y, input.Length, op); break;
                default: Unary<TOp, Vector128<float>, Simd128>(x, y, input.Length, op); break;
            }
        }
    }

    /// <summary>inputGradient[i] = f(input[i], outputGradient[i]) for i &lt; input.Length (inputGradient may be outputGradient).</summary>
    public static void Binary<TOp>(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, TOp op = default) where TOp : struct, IBinarySimd
    {
        KernelGuard.AtLeast(outputGradient.Length, input.Length, nameof(outputGradient));
        KernelGuard.AtLeast(inputGradient.Length, input.Length, nameof(inputGradient));
        fixed (float* x = input, dy = outputGradient, dx = inputGradient)
        {
            switch (Simd.Width)
            {
                case 512: Binary<TOp, Vector512<float>, Simd512>(x, dy, dx, input.Length, op); break;
                case 256: Binary<TOp, Vector256<float>, Simd256>(x, dy, dx, input.Length, op); break;
                default: Binary<TOp, Vector128<float>, Simd128>(x, dy, dx, input.Length, op); break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Unary<TOp, TVec, TOps>(float* x, float* y, int length, TOp op) where TOp : struct, IUnarySimd where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(y + i, op.Apply<TVec, TOps>(TOps.Load(x + i)));
        if (i == length) return;
        var valid = length - i;
        var lanes = TOps.FirstLanes(valid);
        TOps.StoreFirst(y + i, op.Apply<TVec, TOps>(TOps.LoadFirst(x + i, lanes, valid)), lanes, valid);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Binary<TOp, TVec, TOps>(float* x, float* dy, float* dx, int length, TOp op) where TOp : struct, IBinarySimd where TVec : unmanaged where TOps : struct, ISimd<TVec>
    {
        var i = 0;
        for (; i + TOps.Count <= length; i += TOps.Count) TOps.Store(dx + i, op.Apply<TVec, TOps>(TOps.Load(x + i), TOps.Load(dy + i)));
        if (i == length) return;
        var valid = length - i;
        var lanes = TOps.FirstLanes(valid);
        TOps.StoreFirst(dx + i, op.Apply<TVec, TOps>(TOps.LoadFirst(x + i, lanes, valid), TOps.LoadFirst(dy + i, lanes, valid)), lanes, valid);
    }
}
