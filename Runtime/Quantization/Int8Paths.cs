using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CnnGen.Kernels;

namespace CnnGen.Quantization;

/// <summary>The instruction sequence the int8 kernels multiply and accumulate with; every path gives the same bits.</summary>
internal enum Int8Path
{
    /// <summary>Plain integer loops (any CPU).</summary>
    Scalar = 1,

    /// <summary>128-bit: bytes widened to 16 bits (SSE4.1), multiplied exactly in pairs and summed into 32 bits (<c>PMADDWD</c>).</summary>
    Widening128,

    /// <summary>As <see cref="Widening128"/> on 256-bit vectors (AVX2 <c>VPMADDWD</c>).</summary>
    Widening256,

    /// <summary>As <see cref="Widening128"/> on 512-bit vectors (AVX-512BW <c>VPMADDWD</c>).</summary>
    Widening512,

    /// <summary>AVX-VNNI <c>VPDPBUSD</c> on 256-bit vectors: four unsigned × signed byte products added into each 32-bit lane, without saturation.</summary>
    Vnni,
}

/// <summary>Which <see cref="Int8Path"/> the int8 kernels take in this process and thread.</summary>
/// <remarks>
/// Every path computes the same integer sums: products of an unsigned 8-bit activation and a signed 8-bit weight are
/// at most 255 · 127 in magnitude and are formed exactly (never with the saturating <c>VPMADDUBSW</c>), and 32-bit
/// integer addition is associative, so the order in which a path adds them cannot change the result.
/// <see cref="PackedInt8Weights"/> refuses a layer whose sum could leave the 32-bit range.
/// </remarks>
internal static class Int8Paths
{
    [ThreadStatic] static int t_override;

    /// <summary>
    /// The fastest path this process runs: <see cref="Int8Path.Vnni"/> where AVX-VNNI is available with 256-bit vectors,
    /// else the widest widening path (<see cref="Simd.Native"/> bounds the width, so the runtime's
    /// <c>DOTNET_EnableAVX512</c>, <c>DOTNET_PreferredVectorBitWidth</c> and <c>DOTNET_EnableAVX2</c> narrow it), else
    /// <see cref="Int8Path.Scalar"/>.
    /// </summary>
    public static readonly Int8Path Native =
        Simd.Native >= 256 && AvxVnni.IsSupported ? Int8Path.Vnni
        : Simd.Native == 512 && Avx512BW.IsSupported ? Int8Path.Widening512
        : Simd.Native >= 256 && Avx2.IsSupported ? Int8Path.Widening256
        : Sse41.IsSupported ? Int8Path.Widening128
        : Int8Path.Scalar;

    /// <summary>Whether this process can run <paramref name="path"/>.</summary>
    public static bool IsSupported(Int8Path path) => path switch
    {
        Int8Path.Scalar => true,
        Int8Path.Widening128 => Sse41.IsSupported,
        Int8Path.Widening256 => Avx2.IsSupported && Simd.Native >= 256,
        Int8Path.Widening512 => Avx512BW.IsSupported && Simd.Native == 512,
        Int8Path.Vnni => AvxVnni.IsSupported && Simd.Native >= 256,
        _ => false,
    };

    /// <summary>The path the int8 kernels take on this thread: <see cref="Native"/> unless a test forced another.</summary>
    internal static Int8Path Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => t_override == 0 ? Native : (Int8Path)t_override;
    }

    /// <summary>
    /// The path forced on this thread (0: native). Tests force each path; <see cref="Threading.WorkerPool"/> hands the
    /// caller's value to the workers of a region. Only a path this process runs can be forced.
    /// </summary>
    internal static int Override
    {
        get => t_override;
        set
        {
            if (value != 0 && !IsSupported((Int8Path)value))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"expected 0 or an int8 path this CPU runs (native: {Native})");
            t_override = value;
        }
    }
}
