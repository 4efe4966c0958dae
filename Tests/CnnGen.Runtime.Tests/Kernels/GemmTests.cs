using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class GemmTests
{
    public enum Layout { NN, NT, TN }

    static readonly int[] Sizes = [1, 2, 5, 6, 7, 8, 13, 16, 17, 31, 33, 48, 70];

    public static TheoryData<bool, Layout> Paths()
    {
        var data = new TheoryData<bool, Layout>();
        foreach (var fallback in new[] { false, true })
            foreach (var layout in Enum.GetValues<Layout>()) data.Add(fallback, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_the_naive_product_for_every_tail(bool fallback, Layout layout)
    {
        var seed = 0;
        foreach (var m in Sizes)
            foreach (var n in Sizes)
            {
                // k sweeps the sizes too, but only on a diagonal-ish subset to keep the run short.
                var k = Sizes[(Array.IndexOf(Sizes, m) + Array.IndexOf(Sizes, n)) % Sizes.Length];
                Check(fallback, layout, m, n, k, accumulate: (seed & 1) == 1, seed++);
            }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_the_naive_product_across_cache_blocks(bool fallback, Layout layout)
    {
        // m > 120, n > 1024 and k > 256 cross the blocking boundaries (two at a time, to keep the naive
        // reference cheap); 30×576×25 is the seed network's conv1.
        Check(fallback, layout, 125, 1030, 3, accumulate: false, 1);
        Check(fallback, layout, 7, 1030, 261, accumulate: true, 2);
        Check(fallback, layout, 125, 19, 261, accumulate: false, 3);
        Check(fallback, layout, 30, 576, 25, accumulate: false, 4);
        Check(fallback, layout, 3, 5, 513, accumulate: true, 5);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void An_empty_inner_dimension_clears_or_keeps_c(bool fallback, Layout layout)
    {
        Gemm.ForceFallback = fallback;
        try
        {
            var c = KernelAssert.Random(12, 5);
            var kept = (float[])c.Clone();
            Multiply(layout, 3, 4, 0, [], [], c, accumulate: true);
            Assert.Equal(kept, c);
            Multiply(layout, 3, 4, 0, [], [], c, accumulate: false);
            Assert.All(c, v => Assert.Equal(0f, v));
        }
        finally
        {
            Gemm.ForceFallback = false;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_row_is_bit_identical_whatever_the_number_of_rows(bool fallback, Layout layout)
    {
        // The network relies on this: splitting a batch across threads must not change any sample's result.
        Gemm.ForceFallback = fallback;
        try
        {
            const int m = 23, n = 37, k = 300;
            var a = KernelAssert.Random(m * k, 11);
            var b = KernelAssert.Random(k * n, 12);
            var whole = new float[m * n];
            Multiply(layout, m, n, k, a, b, whole, accumulate: false);
            foreach (var (start, rows) in new[] { (0, 1), (5, 7), (17, 6), (22, 1) })
            {
                var part = layout == Layout.TN ? Columns(a, k, m, start, rows) : a.AsSpan(start * k, rows * k).ToArray();
                var result = new float[rows * n];
                Multiply(layout, rows, n, k, part, b, result, accumulate: false);
                Assert.Equal(whole.AsSpan(start * n, rows * n).ToArray(), result);
            }
        }
        finally
        {
            Gemm.ForceFallback = false;
        }
    }

    [Fact]
    public void Fast_and_fallback_paths_agree()
    {
        const int m = 19, n = 45, k = 77;
        var a = KernelAssert.Random(m * k, 21);
        var b = KernelAssert.Random(k * n, 22);
        var fast = new float[m * n];
        var portable = new float[m * n];
        Gemm.MultiplyNN(m, n, k, a, b, fast, accumulate: false);
        Gemm.ForceFallback = true;
        try
        {
            Gemm.MultiplyNN(m, n, k, a, b, portable, accumulate: false);
        }
        finally
        {
            Gemm.ForceFallback = false;
        }
        KernelAssert.Close(fast.Select(v => (double)v).ToArray(), portable, 1e-5, 1e-5, "fallback vs fast");
    }

    [Fact]
    public void Short_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNN(2, 2, 2, new float[3], new float[4], new float[4], false));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNT(2, 2, 2, new float[4], new float[4], new float[3], false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyTN(-1, 2, 2, new float[4], new float[4], new float[4], false));
    }

    static void Check(bool fallback, Layout layout, int m, int n, int k, bool accumulate, int seed)
    {
        var a = KernelAssert.Random(m * k, seed * 3 + 1);
        var b = KernelAssert.Random(k * n, seed * 3 + 2);
        var c = accumulate ? KernelAssert.Random(m * n, seed * 3 + 3) : KernelAssert.Poisoned(m * n);
        var expected = new double[m * n];
        var bound = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0, magnitude = accumulate ? Math.Abs(c[i * n + j]) : 0;
                for (var p = 0; p < k; p++)
                {
                    var product = (double)ElementA(layout, a, m, k, i, p) * ElementB(layout, b, n, k, p, j);
                    sum += product;
                    magnitude += Math.Abs(product);
                }
                expected[i * n + j] = sum;
                bound[i * n + j] = magnitude;
            }

        Gemm.ForceFallback = fallback;
        try
        {
            Multiply(layout, m, n, k, a, b, c, accumulate);
        }
        finally
        {
            Gemm.ForceFallback = false;
        }
        // Float summation error is at most about (k + 1)·u·Σ|aᵢbᵢ| (u = 2⁻²⁴).
        for (var i = 0; i < m * n; i++)
        {
            var tolerance = (k + 2) * 6e-8 * bound[i] + 1e-30;
            if (!(Math.Abs(c[i] - expected[i]) <= tolerance))
                Assert.Fail($"{layout} m={m} n={n} k={k} fallback={fallback} accumulate={accumulate}: C[{i / n},{i % n}] = {c[i]:R}, expected {expected[i]:R}");
        }
    }

    static float ElementA(Layout layout, float[] a, int m, int k, int i, int p) => layout == Layout.TN ? a[p * m + i] : a[i * k + p];

    static float ElementB(Layout layout, float[] b, int n, int k, int p, int j) => layout == Layout.NT ? b[j * k + p] : b[p * n + j];

    static void Multiply(Layout layout, int m, int n, int k, float[] a, float[] b, float[] c, bool accumulate)
    {
        switch (layout)
        {
            case Layout.NN: Gemm.MultiplyNN(m, n, k, a, b, c, accumulate); break;
            case Layout.NT: Gemm.MultiplyNT(m, n, k, a, b, c, accumulate); break;
            default: Gemm.MultiplyTN(m, n, k, a, b, c, accumulate); break;
        }
    }

    /// <summary>Columns [start, start + count) of a row-major [rows, cols] matrix, as a [rows, count] matrix.</summary>
    static float[] Columns(float[] matrix, int rows, int cols, int start, int count)
    {
        var result = new float[rows * count];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < count; c++) result[r * count + c] = matrix[r * cols + start + c];
        return result;
    }
}
