using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Element-wise helpers for residual connections.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Elementwise
{
    /// <summary>output = a + b.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        KernelGuard.AtLeast(b.Length, a.Length, nameof(b));
        KernelGuard.AtLeast(output.Length, a.Length, nameof(output));
        VectorMath.Add(a, b, output.Slice(0, a.Length));
    }

    /// <summary>target += source.</summary>
    public static void AddInPlace(ReadOnlySpan<float> source, Span<float> target)
    {
        KernelGuard.AtLeast(target.Length, source.Length, nameof(target));
        VectorMath.Add(source, target.Slice(0, source.Length));
    }
}
