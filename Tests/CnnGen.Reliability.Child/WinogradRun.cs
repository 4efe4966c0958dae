using System.Runtime.InteropServices;
using System.Security.Cryptography;
using CnnGen.Kernels;
using CnnGen.Threading;

/// <summary>
/// The Winograd convolution called directly: F(4×4, 3×3) on a map with partial tiles and register tiles of every size,
/// F(2×2, 3×3) on a 7×7 map, filters not a multiple of 32, batch 1 (channels and filters split across threads) and 2,
/// with bias and each epilogue; one hash of the outputs. The parent requires the same hash under every vector-width
/// setting and thread count.
/// </summary>
public static class WinogradRun
{
    public static string Run(int threads)
    {
        using var scope = KernelThreads.Use(threads);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ConvGeometry[] geometries = [new(16, 19, 18, 40, 3, 1, 1), new(24, 7, 7, 64, 3, 1, 1), new(8, 13, 11, 33, 3, 1, 0)];
        var seed = 1;
        foreach (var g in geometries)
            foreach (var batch in new[] { 1, 2 })
            {
                var input = ZooKernelRun.Data(batch * g.InputLength, seed++, 1f);
                var weight = ZooKernelRun.Data(g.WeightLength, seed++, 0.3f);
                var bias = ZooKernelRun.Data(g.Filters, seed++, 1f);
                var transformed = new float[WinogradConv.TransformedLength(g)];
                WinogradConv.TransformFilters(weight, transformed, g);
                var output = new float[batch * g.OutputLength];
                WinogradConv.Forward(input, transformed, bias, output, g, batch);
                hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)output));
                WinogradConv.ForwardWithReLU(input, transformed, bias, output, g, batch);
                hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)output));
                WinogradConv.ForwardWithReLU6(input, transformed, bias, output, g, batch);
                hash.AppendData(MemoryMarshal.AsBytes((ReadOnlySpan<float>)output));
            }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
