using System.ComponentModel;
using CnnGen.Threading;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnGen.Kernels;

/// <summary>Fully connected layer over a batch: y[n] = W x[n] + b with W [outputs, inputs].</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class Dense
{
    /// <summary>output [batch, outputs] = input [batch, inputs] · Wᵀ + b.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int inputs, int outputs, int batch)
    {
        Check(input, weight, output, inputs, outputs, batch);
        if (!bias.IsEmpty) KernelGuard.Exactly(bias.Length, outputs, nameof(bias));

        if (batch == 0 || outputs == 0) return;
        var job = t_forward ??= new ForwardJob();
        fixed (float* px = input, pw = weight, pb = bias, py = output)
        {
            job.Input = px; job.Weight = pw; job.Bias = pb; job.Output = py;
            job.Inputs = inputs; job.Outputs = outputs; job.Batch = batch;
            job.Chunk = Math.Max(8, (outputs / Math.Max(1, Threading.KernelThreads.Current) + 7) / 8 * 8);
            WorkerPool.Run(job, (outputs + job.Chunk - 1) / job.Chunk);
        }
    }

    /// <summary>Inputs per block of the forward dot products: a block of the input and weight rows stays in L2.</summary>
    const int ForwardBlock = 384;

    [ThreadStatic] static ForwardJob? t_forward;

    /// <summary>
    /// Outputs [start, start + Chunk) for every sample: dot products of input rows with weight rows (both contiguous),
    /// blocked over the inputs. Each element is bias + the blocks in order, whatever the chunk, batch or thread.
    /// </summary>
    sealed class ForwardJob : ParallelJob
    {
        public float* Input, Weight, Bias, Output;
        public int Inputs, Outputs, Batch, Chunk;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Run(int item)
        {
            var start = item * Chunk;
            var count = Math.Min(Chunk, Outputs - start);
            // A batch of one or two samples streams each weight row once: walking a tile's rows (4, or 8 on AVX-512)
            // at a time through all the blocks keeps that many sequential streams for the prefetcher, where the block-outer order of a large
            // batch would jump between 100 rows every 384 inputs. Same blocks, same sums.
            var panel = Batch < 3 ? DotProducts.TileColumns : count;
            for (var j0 = start; j0 < start + count; j0 += panel)
            {
                var width = Math.Min(panel, start + count - j0);
                for (var k0 = 0; k0 < Inputs; k0 += ForwardBlock)
                {
                    var kc = Math.Min(ForwardBlock, Inputs - k0);
                    DotProducts.MultiplyNT(Batch, width, kc, Input + k0, Inputs, Weight + (long)j0 * Inputs + k0, Inputs, Output + j0, Outputs, accumulate: k0 > 0);
                }
            }
            if (Inputs == 0)
                for (var n = 0; n < Batch; n++) new Span<float>(Output + (long)n * Outputs + start, count).Clear();
            if (Bias == null) return;
            for (var n = 0; n < Batch; n++)
                VectorMath.Add(new ReadOnlySpan<float>(Bias + start, count), new Span<float>(Output + (long)n * Outputs + start, count));
        }
    }

    /// <summary>Overwrites each of weightGradient, biasGradient and inputGradient that is not empty (a frozen layer passes empty parameter gradients).</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int inputs, int outputs, int batch)
    {
        Check(input, weight, outputGradient, inputs, outputs, batch);
        if (!weightGradient.IsEmpty) KernelGuard.AtLeast(weightGradient.Length, (long)outputs * inputs, nameof(weightGradient));
        if (!biasGradient.IsEmpty) KernelGuard.Exactly(biasGradient.Length, outputs, nameof(biasGradient));
        if (!inputGradient.IsEmpty) KernelGuard.AtLeast(inputGradient.Length, (long)batch * inputs, nameof(inputGradient));

        // dW[out, in] = dYᵀ[out, batch] · X[batch, in]
        if (!weightGradient.IsEmpty) Gemm.MultiplyTN(outputs, inputs, batch, outputGradient, input, weightGradient, accumulate: false);
        // dX[batch, in] = dY[batch, out] · W[out, in]
        if (!inputGradient.IsEmpty) Gemm.MultiplyNN(batch, inputs, outputs, outputGradient, weight, inputGradient, accumulate: false);
        if (!biasGradient.IsEmpty) SumBiasGradient(outputGradient, biasGradient, outputs, batch);
    }

    /// <summary>
    /// The same [outputs, inputs] weight at every position (<c>nn.Linear</c> applied channels-last, as ConvNeXt writes its
    /// MLP; <c>Dense(units, Flatten = false)</c>): output [batch, outputs, positions] = W · input [batch, inputs, positions] + b
    /// per sample, which is a 1×1 convolution, so <see cref="Conv2D"/>'s kernels run it.
    /// </summary>
    /// <param name="input">[batch, inputs, positions] (NCHW with positions = H·W).</param>
    /// <param name="weight">[outputs, inputs].</param>
    /// <param name="bias">[outputs], or empty for none.</param>
    /// <param name="output">[batch, outputs, positions].</param>
    /// <param name="inputs">Input channels.</param>
    /// <param name="outputs">Output channels (units).</param>
    /// <param name="positions">H·W.</param>
    /// <param name="batch">N.</param>
    /// <exception cref="ArgumentException">A span is too short, a size is not positive, or the bias is not outputs long.</exception>
    public static void ForwardPositions(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int inputs, int outputs, int positions, int batch) =>
        Conv2D.Forward(input, weight, bias, output, Pointwise(inputs, outputs, positions), batch);

    /// <summary>The gradients of <see cref="ForwardPositions"/>: overwrites weightGradient, biasGradient and inputGradient (each unless empty), summed over samples and positions.</summary>
    /// <exception cref="ArgumentException">A span is too short, a size is not positive, or the bias gradient is not outputs long.</exception>
    public static void BackwardPositions(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int inputs, int outputs, int positions, int batch) =>
        Conv2D.Backward(input, weight, outputGradient, weightGradient, biasGradient, inputGradient, Pointwise(inputs, outputs, positions), batch);

    /// <summary>A 1×1, stride-1, unpadded convolution over one row of positions.</summary>
    static ConvGeometry Pointwise(int inputs, int outputs, int positions) => new(inputs, 1, positions, outputs, 1, 1, 0);

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
