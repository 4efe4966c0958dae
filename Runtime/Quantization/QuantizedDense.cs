using System.ComponentModel;
using CnnGen.Kernels;
using CnnGen.Threading;

namespace CnnGen.Quantization;

/// <summary>
/// Fully connected layer over a batch of unsigned 8-bit vectors with int8 weights per output and exact int32
/// accumulation: the quantized form of <c>nn.Linear</c> (the QDQ pattern around ONNX <c>Gemm</c>).
/// </summary>
/// <remarks>
/// Work items are runs of outputs (multiples of 4), each computing its outputs for every sample in
/// <see cref="Int8Gemm"/>; every sum is exact, so any thread count and every <see cref="Int8Path"/> give the same bits.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static unsafe class QuantizedDense
{
    /// <summary>
    /// output[n, o] = saturate(round((Σ_i (x[n, i] − z_x)·w[o, i] + bias[o]) · multiplier[o]) + z_y), clamped to <paramref name="range"/>.
    /// </summary>
    /// <param name="input">[batch, inputs] unsigned 8-bit activations (inputs = <see cref="PackedInt8Weights.Taps"/>).</param>
    /// <param name="inputZeroPoint">z_x, in [0, 255].</param>
    /// <param name="weight">[outputs, inputs] packed weights and int32 biases (at scale s_x · s_w[o]).</param>
    /// <param name="multiplier">[outputs]: s_x · s_w[o] / s_y.</param>
    /// <param name="output">[batch, outputs].</param>
    /// <param name="range">The output's zero point and clamp (<see cref="QuantizationParameters.ReLU"/> fuses a ReLU).</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A length, a factor or the range does not match the weights.</exception>
    public static void Forward(ReadOnlySpan<byte> input, int inputZeroPoint, PackedInt8Weights weight, ReadOnlySpan<float> multiplier, Span<byte> output, Int8Output range, int batch)
    {
        Check(input.Length, inputZeroPoint, weight, multiplier, output.Length, batch);
        range.Validate(nameof(range));
        fixed (byte* px = input, py = output)
        fixed (float* pm = multiplier)
            Run(px, inputZeroPoint, weight, pm, range, py, null, batch);
    }

    /// <summary>
    /// As <see cref="Forward"/> but stored dequantized: output[n, o] = (Σ_i (x[n, i] − z_x)·w[o, i] + bias[o]) · scale[o]
    /// (a network's last layer: float logits).
    /// </summary>
    /// <param name="input">[batch, inputs] unsigned 8-bit activations.</param>
    /// <param name="inputZeroPoint">z_x, in [0, 255].</param>
    /// <param name="weight">[outputs, inputs] packed weights and int32 biases (at scale s_x · s_w[o]).</param>
    /// <param name="scale">[outputs]: s_x · s_w[o].</param>
    /// <param name="output">[batch, outputs] floats.</param>
    /// <param name="batch">Samples.</param>
    /// <exception cref="ArgumentException">A length or a factor does not match the weights.</exception>
    public static void ForwardToFloat(ReadOnlySpan<byte> input, int inputZeroPoint, PackedInt8Weights weight, ReadOnlySpan<float> scale, Span<float> output, int batch)
    {
        Check(input.Length, inputZeroPoint, weight, scale, output.Length, batch);
        fixed (byte* px = input)
        fixed (float* ps = scale, py = output)
            Run(px, inputZeroPoint, weight, ps, default, null, py, batch);
    }

    static void Check(int inputLength, int inputZeroPoint, PackedInt8Weights weight, ReadOnlySpan<float> factors, int outputLength, int batch)
    {
        ArgumentNullException.ThrowIfNull(weight);
        KernelGuard.NotNegative(batch, nameof(batch));
        Int8Guard.ZeroPoint(inputZeroPoint, nameof(inputZeroPoint));
        Int8Guard.Factors(factors, weight.Rows, nameof(factors));
        KernelGuard.AtLeast(inputLength, (long)batch * weight.Taps, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * weight.Rows, "output");
    }

    static void Run(byte* input, int inputZeroPoint, PackedInt8Weights weight, float* factors, Int8Output range, byte* output, float* floatOutput, int batch)
    {
        if (batch == 0) return;
        int inputs = weight.Taps, kp = weight.PaddedTaps, outputs = weight.Rows;
        var rows = input;
        if (kp != inputs)
        {
            // Rows padded with zeros to the packed length (read by the workers, written here once).
            rows = Scratch.Patches((long)batch * kp);
            for (var n = 0; n < batch; n++)
            {
                new ReadOnlySpan<byte>(input + (long)n * inputs, inputs).CopyTo(new Span<byte>(rows + (long)n * kp, inputs));
                new Span<byte>(rows + (long)n * kp + inputs, kp - inputs).Clear();
            }
        }
        var job = t_job ??= new Job();
        fixed (sbyte* pw = weight.Values)
        fixed (int* pb = weight.Bias, ps = weight.RowSums)
        {
            job.Rows = rows; job.Weights = pw; job.Bias = pb; job.RowSums = ps; job.Factors = factors; job.Range = range;
            job.Output = output; job.FloatOutput = floatOutput; job.ZeroPoint = inputZeroPoint;
            job.PaddedTaps = kp; job.Outputs = outputs; job.Batch = batch;
            job.Chunk = Math.Max(4, (outputs / Math.Max(1, KernelThreads.Current) + 3) / 4 * 4);
            WorkerPool.Run(job, (outputs + job.Chunk - 1) / job.Chunk);
        }
    }

    [ThreadStatic] static Job? t_job;

    /// <summary>Outputs [item · Chunk, …) for every sample per item.</summary>
    sealed class Job : ParallelJob
    {
        public byte* Rows, Output;
        public float* FloatOutput, Factors;
        public sbyte* Weights;
        public int* Bias, RowSums;
        public Int8Output Range;
        public int ZeroPoint, PaddedTaps, Outputs, Batch, Chunk;

        public override void Run(int item)
        {
            var first = item * Chunk;
            var count = Math.Min(Chunk, Outputs - first);
            var dots = Scratch.Dots((long)count * Batch);
            Int8Gemm.Multiply(Weights + (long)first * PaddedTaps, count, PaddedTaps, Rows, Batch, dots, Batch);
            for (var r = 0; r < count; r++)
            {
                var o = first + r;
                var addend = Bias[o] - ZeroPoint * RowSums[o];
                var row = dots + (long)r * Batch;
                if (Output != null)
                    for (var n = 0; n < Batch; n++) Output[(long)n * Outputs + o] = Range.Store((row[n] + addend) * Factors[o]);
                else
                    for (var n = 0; n < Batch; n++) FloatOutput[(long)n * Outputs + o] = (row[n] + addend) * Factors[o];
            }
        }
    }
}
