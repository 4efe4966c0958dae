using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Mean over H·W per channel.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GlobalAvgPool
{
    /// <summary>[batch, C, spatial] → [batch, C].</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int channels, int spatial, int batch)
    {
        Check(input.Length, output.Length, channels, spatial, batch);
        var planes = channels * batch;
        for (var p = 0; p < planes; p++)
            output[p] = (float)(VectorMath.Sum(input.Slice(p * spatial, spatial)) / spatial);
    }

    /// <summary>Overwrites inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int channels, int spatial, int batch)
    {
        Check(inputGradient.Length, outputGradient.Length, channels, spatial, batch);
        var planes = channels * batch;
        for (var p = 0; p < planes; p++)
            inputGradient.Slice(p * spatial, spatial).Fill(outputGradient[p] / spatial);
    }

    static void Check(int inputLength, int outputLength, int channels, int spatial, int batch)
    {
        KernelGuard.NotNegative(channels, nameof(channels));
        KernelGuard.NotNegative(batch, nameof(batch));
        if (spatial <= 0) throw new ArgumentOutOfRangeException(nameof(spatial), spatial, "Expected a positive spatial size.");
        KernelGuard.AtLeast(inputLength, (long)batch * channels * spatial, "input");
        KernelGuard.AtLeast(outputLength, (long)batch * channels, "output");
    }
}
