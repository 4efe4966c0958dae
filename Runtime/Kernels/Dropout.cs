using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Inverted dropout. The mask holds 0 or 1/(1 − rate) per element.</summary>
/// <remarks>
/// One <see cref="SeededRandom.NextSingle"/> draw per element, in order: an element is kept when its draw is at
/// least <c>rate</c> (probability 1 − rate), as <c>nn.Dropout</c> keeps with a Bernoulli(1 − p) mask.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Dropout
{
    /// <summary>Draws a new mask from <paramref name="random"/> and applies it: y = x · mask.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> mask, float rate, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(rate >= 0f && rate < 1f)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a dropout rate in [0, 1).");
        var length = input.Length;
        KernelGuard.AtLeast(output.Length, length, nameof(output));
        KernelGuard.AtLeast(mask.Length, length, nameof(mask));

        var scale = 1f / (1f - rate);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        ref var m = ref MemoryMarshal.GetReference(mask);
        for (var i = 0; i < length; i++)
        {
            var keep = random.NextSingle() >= rate ? scale : 0f;
            Unsafe.Add(ref m, i) = keep;
            Unsafe.Add(ref y, i) = Unsafe.Add(ref x, i) * keep;
        }
    }

    /// <summary>dx = dy · mask.</summary>
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var length = outputGradient.Length;
        KernelGuard.AtLeast(mask.Length, length, nameof(mask));
        KernelGuard.AtLeast(inputGradient.Length, length, nameof(inputGradient));
        ref var m = ref MemoryMarshal.GetReference(mask);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        for (var i = 0; i < length; i++) Unsafe.Add(ref dx, i) = Unsafe.Add(ref dy, i) * Unsafe.Add(ref m, i);
    }
}
