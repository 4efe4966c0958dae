using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>An element-wise function y = f(x), written once over <see cref="ILanes{TSelf}"/>.</summary>
interface IUnaryLanes
{
    T Apply<T>(T x) where T : unmanaged, ILanes<T>;
}

/// <summary>An element-wise backward dx = f(x, dy), written once over <see cref="ILanes{TSelf}"/>.</summary>
interface IBinaryLanes
{
    T Apply<T>(T x, T dy) where T : unmanaged, ILanes<T>;
}

/// <summary>
/// Runs an element-wise function over spans at <see cref="LaneWidth.Current"/>: whole vectors, then the last partial
/// vector through the same code on a zero-padded copy, so that every element gets the same operations at any width.
/// </summary>
/// <remarks>Memory-bound at these sizes: one thread, no worker region.</remarks>
static class LaneMap
{
    /// <summary>output[i] = f(input[i]) for i &lt; input.Length (output may be input).</summary>
    public static void Unary<TOp>(ReadOnlySpan<float> input, Span<float> output, TOp op = default) where TOp : struct, IUnaryLanes
    {
        KernelGuard.AtLeast(output.Length, input.Length, nameof(output));
        switch (LaneWidth.Current)
        {
            case 512: Unary<TOp, Lanes512>(input, output, op); break;
            case 256: Unary<TOp, Lanes256>(input, output, op); break;
            default: Unary<TOp, Lanes128>(input, output, op); break;
        }
    }

    /// <summary>inputGradient[i] = f(input[i], outputGradient[i]) for i &lt; input.Length (inputGradient may be outputGradient).</summary>
    public static void Binary<TOp>(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, TOp op = default) where TOp : struct, IBinaryLanes
    {
        KernelGuard.AtLeast(outputGradient.Length, input.Length, nameof(outputGradient));
        KernelGuard.AtLeast(inputGradient.Length, input.Length, nameof(inputGradient));
        switch (LaneWidth.Current)
        {
            case 512: Binary<TOp, Lanes512>(input, outputGradient, inputGradient, op); break;
            case 256: Binary<TOp, Lanes256>(input, outputGradient, inputGradient, op); break;
            default: Binary<TOp, Lanes128>(input, outputGradient, inputGradient, op); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Unary<TOp, T>(ReadOnlySpan<float> input, Span<float> output, TOp op) where TOp : struct, IUnaryLanes where T : unmanaged, ILanes<T>
    {
        var length = input.Length;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        var i = 0;
        for (; i <= length - T.Count; i += T.Count)
            T.Store(op.Apply(T.Load(ref Unsafe.Add(ref x, i))), ref Unsafe.Add(ref y, i));
        if (i == length) return;
        Span<float> tail = stackalloc float[T.Count];
        tail.Clear();
        input.Slice(i).CopyTo(tail);
        ref var t = ref MemoryMarshal.GetReference(tail);
        T.Store(op.Apply(T.Load(ref t)), ref t);
        tail.Slice(0, length - i).CopyTo(output.Slice(i));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Binary<TOp, T>(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, TOp op) where TOp : struct, IBinaryLanes where T : unmanaged, ILanes<T>
    {
        var length = input.Length;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        var i = 0;
        for (; i <= length - T.Count; i += T.Count)
            T.Store(op.Apply(T.Load(ref Unsafe.Add(ref x, i)), T.Load(ref Unsafe.Add(ref dy, i))), ref Unsafe.Add(ref dx, i));
        if (i == length) return;
        Span<float> tail = stackalloc float[2 * T.Count];
        tail.Clear();
        input.Slice(i, length - i).CopyTo(tail);
        outputGradient.Slice(i, length - i).CopyTo(tail.Slice(T.Count));
        ref var t = ref MemoryMarshal.GetReference(tail);
        T.Store(op.Apply(T.Load(ref t), T.Load(ref Unsafe.Add(ref t, T.Count))), ref t);
        tail.Slice(0, length - i).CopyTo(inputGradient.Slice(i));
    }
}
