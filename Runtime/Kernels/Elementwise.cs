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

    /// <summary>
    /// output = ReLU(a + b): <c>torch.relu(a + b)</c>, a residual sum and the ReLU after it in one pass over the
    /// activation, with the same bits as <see cref="Add"/> then <see cref="Activations.ReLU"/> (the sum rounded, then
    /// x ≤ 0 → +0, NaN kept) on every vector width.
    /// </summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand, at least as long as <paramref name="a"/>.</param>
    /// <param name="output">Receives a.Length values; it may be <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="b"/> or <paramref name="output"/> is shorter than <paramref name="a"/>.</exception>
    public static void AddReLU(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        KernelGuard.AtLeast(b.Length, a.Length, nameof(b));
        KernelGuard.AtLeast(output.Length, a.Length, nameof(output));
        VectorMath.AddReLU(a, b, output.Slice(0, a.Length));
    }

    /// <summary>target += source.</summary>
    public static void AddInPlace(ReadOnlySpan<float> source, Span<float> target)
    {
        KernelGuard.AtLeast(target.Length, source.Length, nameof(target));
        VectorMath.Add(source, target.Slice(0, source.Length));
    }
}
