using CnnGen.Generator.Program;

namespace CnnGen.Generator.Passes;

/// <summary>
/// Which convolutions <c>Forward</c> runs by Winograd's minimal filtering (<c>WinogradConv</c>, F(4×4, 3×3)): square 3×3
/// kernels with stride 1, dilation 1 and groups 1, with at least <see cref="MinimumChannels"/> channels and filters (below
/// that the transforms cost more than the multiplies they save) and an output more than 8 high and wide (at 7×7 the
/// kernel takes F(2×2, 3×3), whose transformed filters are 1.8× the filters for 16 tiles a sample: measured slower than
/// the direct kernel at batch 2). Training keeps the direct kernel, so its bits do not move; the inference output
/// differs from it within the golden tolerance. The filters are transformed by <c>DeriveInferenceWeights</c> into a
/// derived tensor, again only when the parameters may have changed.
/// </summary>
internal static class Winograd
{
    /// <summary>Fewest input channels and filters a Winograd convolution has.</summary>
    public const int MinimumChannels = 64;

    /// <summary>Smallest output height and width a Winograd convolution has: where the kernel takes F(4×4, 3×3).</summary>
    public const int MinimumSize = 9;

    /// <summary>The op <c>Forward</c> runs for <paramref name="conv"/>: itself, or a Winograd convolution whose filters <paramref name="c"/> derives.</summary>
    public static Op Choose(Lowering c, Conv2DForward conv)
    {
        var g = conv.Config;
        var length = TransformedLength(g);
        if (!Eligible(g) || length > int.MaxValue) return conv;
        var transformed = DerivedWeights.Tensor(g.Layer, "WinogradFilters", (int)length);
        c.Derive(new WinogradFilters(g, conv.Weight, transformed), transformed);
        return new WinogradConv2DForward(g, conv.Input, transformed, conv.Bias, conv.Output, conv.ReLU) { FoldedBatchNorm = conv.FoldedBatchNorm };
    }

    static bool Eligible(Conv2DConfig g) =>
        g.Kernel == 3 && g.KernelWidth is null && g.Stride == 1 && g.StrideWidth is null && g.PaddingWidth is null
        && g.Dilation == 1 && g.DilationWidth is null && g.Groups == 1 && g.Channels >= MinimumChannels && g.Filters >= MinimumChannels
        && g.Height + 2 * g.Padding - 2 >= MinimumSize && g.Width + 2 * g.Padding - 2 >= MinimumSize;

    /// <summary>
    /// <c>WinogradConv.TransformedLength</c>: (m + 2)² · C · F rounded up to 32, with m = 4 where the output is more than
    /// 8 high and wide, else 2 (the runtime's rule; the runtime checks the length it is given).
    /// </summary>
    static long TransformedLength(Conv2DConfig g)
    {
        int outHeight = g.Height + 2 * g.Padding - 2, outWidth = g.Width + 2 * g.Padding - 2;
        var alpha = (outHeight > 8 && outWidth > 8 ? 4 : 2) + 2;
        return (long)alpha * alpha * g.Channels * ((g.Filters + 31) / 32 * 32);
    }
}
