namespace CnnGen.Benchmarks;

/// <summary>The GEMM shapes (m, n, k) the two seed networks would run as im2col + GEMM at batch 100, plus 1024³.</summary>
static class GemmShapes
{
    public static readonly (string Name, int M, int N, int K)[] All =
    [
        ("1024^3", 1024, 1024, 1024),
        ("simple conv1 fwd (per sample)", 30, 576, 25),
        ("simple conv1 dW (per sample)", 30, 25, 576),
        ("simple dense1 fwd", 100, 100, 4320),
        ("simple dense1 dW", 100, 4320, 100),
        ("simple dense1 dX", 100, 4320, 100),
        ("deep conv1 fwd", 16, 784, 9),
        ("deep conv2 fwd", 16, 784, 144),
        ("deep conv3 fwd", 32, 196, 144),
        ("deep conv4 fwd", 32, 256, 288),
        ("deep conv5 fwd", 64, 64, 288),
        ("deep conv6 fwd", 64, 64, 576),
        ("deep conv6 dX", 576, 64, 64),
        ("deep dense1 fwd", 100, 50, 1024),
    ];

    public static string Json => "[" + string.Join(",", All.Select(s => $"[{s.M},{s.N},{s.K}]")) + "]";
}
