using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Fully connected layer over a batch: y[n] = W x[n] + b with W [outputs, inputs].</summary>
public static class Dense
{
    /// <summary>output [batch, outputs] = input [batch, inputs] · Wᵀ + b.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int inputs, int outputs, int batch)
    {
        Check(input, weight, output, inputs, outputs, batch);
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, outputs, nameof(bias));

        Gemm.MultiplyNT(batch, outputs, inputs, input, weight, output, accumulate: false);
        if (bias.IsEmpty) return;
        for (var n = 0; n < batch; n++) VectorMath.Add(bias, output.Slice(n * outputs, outputs));
    }

    /// <summary>Overwrites weightGradient, biasGradient and (unless empty) inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int inputs, int outputs, int batch)
    {
        Check(input, weight, outputGradient, inputs, outputs, batch);
        KernelGuard.AtLeast(weightGradient.Length, (long)outputs * inputs, nameof(weightGradient));
        if (!biasGradient.IsEmpty) KernelGuard.Exactly(biasGradient.Length, outputs, nameof(biasGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * inputs, nameof(inputGradient));

        // dW[out, in] = dYᵀ[out, batch] · X[batch, in]
        Gemm.MultiplyTN(outputs, inputs, batch, outputGradient, input, weightGradient, accumulate: false);
        // dX[batch, in] = dY[batch, out] · W[out, in]
        if (!inputGradient.IsEmpty) Gemm.MultiplyNN(batch, inputs, outputs, outputGradient, weight, inputGradient, accumulate: false);
        if (!biasGradient.IsEmpty) SumBiasGradient(outputGradient, biasGradient, outputs, batch);
    }

    static void Check(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> output, int inputs, int outputs, int batch)
    {
        KernelGuard.NotNegative(inputs, nameof(inputs));
        KernelGuard.NotNegative(outputs, nameof(outputs));
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(input.Length, (long)batch * inputs, nameof(input));
        KernelGuard.AtLeast(weight.Length, (long)outputs * inputs, nameof(weight));
        KernelGuard.AtLeast(output.Length, (long)batch * outputs, nameof(output));
    }

    /// <summary>db[o] = Σₙ dY[n, o], accumulated in double over samples in order.</summary>
    static void SumBiasGradient(ReadOnlySpan<float> outputGradient, Span<float> biasGradient, int outputs, int batch)
    {
        ref var source = ref MemoryMarshal.GetReference(outputGradient);
        for (var o = 0; o < outputs; o++)
        {
            var sum = 0.0;
            for (var n = 0; n < batch; n++) sum += Unsafe.Add(ref source, n * outputs + o);
            biasGradient[o] = (float)sum;
        }
    }
}
