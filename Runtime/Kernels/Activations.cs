using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Element-wise activations; backward overwrites <c>inputGradient</c>. Spans hold the whole batch.</summary>
/// <remarks>
/// The first span's length is the element count. The output span may be the input span (in place): every
/// element is read before it is written.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Activations
{
    /// <summary>y = max(0, x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReLU(ReadOnlySpan<float> input, Span<float> output)
    {
        var length = SameLength(input.Length, output.Length);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.LoadUnsafe(ref x, (nuint)i);
                // Select keeps NaN (x > 0 is false for NaN, so NaN → 0 would differ from PyTorch's NaN).
                Vector.ConditionalSelect(Vector.LessThanOrEqual(v, Vector<float>.Zero), Vector<float>.Zero, v).StoreUnsafe(ref y, (nuint)i);
            }
        }
        for (; i < length; i++)
        {
            var v = Unsafe.Add(ref x, i);
            Unsafe.Add(ref y, i) = v <= 0f ? 0f : v;
        }
    }

    /// <summary>dx = y ≤ 0 ? 0 : dy (PyTorch's threshold_backward: a NaN output passes dy, as NaN ≤ 0 is false).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReLUBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var length = SameLength(output.Length, outputGradient.Length, inputGradient.Length);
        ref var y = ref MemoryMarshal.GetReference(output);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var cut = Vector.LessThanOrEqual(Vector.LoadUnsafe(ref y, (nuint)i), Vector<float>.Zero);
                Vector.ConditionalSelect(cut, Vector<float>.Zero, Vector.LoadUnsafe(ref dy, (nuint)i)).StoreUnsafe(ref dx, (nuint)i);
            }
        }
        for (; i < length; i++) Unsafe.Add(ref dx, i) = Unsafe.Add(ref y, i) <= 0f ? 0f : Unsafe.Add(ref dy, i);
    }

    /// <summary>y = x ≥ 0 ? x : slope·x.</summary>
    public static void LeakyReLU(ReadOnlySpan<float> input, Span<float> output, float slope)
    {
        var length = SameLength(input.Length, output.Length);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        for (var i = 0; i < length; i++)
        {
            var v = Unsafe.Add(ref x, i);
            Unsafe.Add(ref y, i) = v > 0f ? v : v * slope;
        }
    }

    /// <summary>dx = dy · (x &gt; 0 ? 1 : slope), PyTorch's leaky_relu_backward (so a NaN input gets slope·dy).</summary>
    public static void LeakyReLUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, float slope)
    {
        var length = SameLength(input.Length, outputGradient.Length, inputGradient.Length);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        for (var i = 0; i < length; i++)
        {
            var g = Unsafe.Add(ref dy, i);
            Unsafe.Add(ref dx, i) = Unsafe.Add(ref x, i) > 0f ? g : g * slope;
        }
    }

    /// <summary>y = 1 / (1 + e^−x).</summary>
    public static void Sigmoid(ReadOnlySpan<float> input, Span<float> output)
    {
        var length = SameLength(input.Length, output.Length);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        for (var i = 0; i < length; i++) Unsafe.Add(ref y, i) = 1f / (1f + MathF.Exp(-Unsafe.Add(ref x, i)));
    }

    /// <summary>dx = dy · y(1 − y).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var length = SameLength(output.Length, outputGradient.Length, inputGradient.Length);
        ref var y = ref MemoryMarshal.GetReference(output);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        for (var i = 0; i < length; i++)
        {
            var v = Unsafe.Add(ref y, i);
            Unsafe.Add(ref dx, i) = Unsafe.Add(ref dy, i) * (v * (1f - v));
        }
    }

    /// <summary>y = tanh x.</summary>
    public static void Tanh(ReadOnlySpan<float> input, Span<float> output)
    {
        var length = SameLength(input.Length, output.Length);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        for (var i = 0; i < length; i++) Unsafe.Add(ref y, i) = MathF.Tanh(Unsafe.Add(ref x, i));
    }

    /// <summary>dx = dy · (1 − y²).</summary>
    public static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        var length = SameLength(output.Length, outputGradient.Length, inputGradient.Length);
        ref var y = ref MemoryMarshal.GetReference(output);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        for (var i = 0; i < length; i++)
        {
            var v = Unsafe.Add(ref y, i);
            Unsafe.Add(ref dx, i) = Unsafe.Add(ref dy, i) * (1f - v * v);
        }
    }

    /// <summary>Softmax over each sample's <paramref name="features"/> values (max-subtracted).</summary>
    public static void Softmax(ReadOnlySpan<float> input, Span<float> output, int features, int batch)
    {
        CheckBatch(input.Length, output.Length, features, batch);
        for (var n = 0; n < batch; n++)
            SoftmaxRow(input.Slice(n * features, features), output.Slice(n * features, features));
    }

    /// <summary>dx = y ⊙ (dy − Σ dy·y) per sample.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int features, int batch)
    {
        CheckBatch(output.Length, outputGradient.Length, features, batch);
        KernelGuard.AtLeast(inputGradient.Length, (long)features * batch, nameof(inputGradient));
        for (var n = 0; n < batch; n++)
        {
            var y = output.Slice(n * features, features);
            var dy = outputGradient.Slice(n * features, features);
            var dx = inputGradient.Slice(n * features, features);
            var dot = 0.0;
            for (var i = 0; i < features; i++) dot += (double)dy[i] * y[i];
            var shift = (float)dot;
            for (var i = 0; i < features; i++) dx[i] = y[i] * (dy[i] - shift);
        }
    }

    /// <summary>One row's softmax, max-subtracted, the normaliser summed in double; shared with the loss heads.</summary>
    internal static void SoftmaxRow(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        var max = float.NegativeInfinity;
        foreach (var v in logits) max = MathF.Max(max, v);
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = MathF.Exp(logits[i] - max);
            probabilities[i] = e;
            sum += e;
        }
        var scale = (float)(1.0 / sum);
        for (var i = 0; i < logits.Length; i++) probabilities[i] *= scale;
    }

    // The first span's length is the element count; the others must hold at least as many.
    static int SameLength(int a, int b)
    {
        KernelGuard.AtLeast(b, a, "output");
        return a;
    }

    static int SameLength(int a, int b, int c)
    {
        KernelGuard.AtLeast(b, a, "outputGradient");
        KernelGuard.AtLeast(c, a, "inputGradient");
        return a;
    }

    static void CheckBatch(int inputLength, int outputLength, int features, int batch)
    {
        KernelGuard.NotNegative(features, nameof(features));
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(inputLength, (long)features * batch, "input");
        KernelGuard.AtLeast(outputLength, (long)features * batch, "output");
    }
}
