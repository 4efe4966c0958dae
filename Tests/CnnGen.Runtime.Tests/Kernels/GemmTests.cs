using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class GemmTests
{
    public enum Layout { NN, NT, TN }

    static readonly int[] Sizes = [1, 2, 5, 6, 7, 8, 13, 16, 17, 31, 33, 48, 70];

    public static TheoryData<int, Layout> Paths()
    {
        var data = new TheoryData<int, Layout>();
        foreach (var width in KernelAssert.Widths)
            foreach (var layout in Enum.GetValues<Layout>()) data.Add(width, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_the_naive_product_for_every_tail(int width, Layout layout)
    {
        var seed = 0;
        foreach (var m in Sizes)
            foreach (var n in Sizes)
            {
                // k sweeps the sizes too, but only on a diagonal-ish subset to keep the run short.
                var k = Sizes[(Array.IndexOf(Sizes, m) + Array.IndexOf(Sizes, n)) % Sizes.Length];
                Check(width, layout, m, n, k, accumulate: (seed & 1) == 1, seed++);
            }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_the_naive_product_across_cache_blocks(int width, Layout layout)
    {
        // m > 120, n > 1024 and k > 256 cross the blocking boundaries (two at a time, to keep the naive
        // reference cheap); 30×576×25 is the seed network's conv1.
        Check(width, layout, 125, 1030, 3, accumulate: false, 1);
        Check(width, layout, 7, 1030, 261, accumulate: true, 2);
        Check(width, layout, 125, 19, 261, accumulate: false, 3);
        Check(width, layout, 30, 576, 25, accumulate: false, 4);
        Check(width, layout, 3, 5, 513, accumulate: true, 5);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void An_empty_inner_dimension_clears_or_keeps_c(int width, Layout layout)
    {
        Simd.Override = width;
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
            Simd.Override = 0;
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Each_row_is_bit_identical_whatever_the_number_of_rows(int width, Layout layout)
    {
        // The network relies on this: splitting a batch across threads must not change any sample's result.
        Simd.Override = width;
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
            Simd.Override = 0;
        }
    }

    [Fact]
    public void Every_width_gives_the_bits_of_the_native_one()
    {
        // Edge tiles of every width's MR × NR (12 × 32, 6 × 16, 6 × 8) and two k-chunks.
        const int m = 19, n = 45, k = 300;
        var a = KernelAssert.Random(m * k, 21);
        var b = KernelAssert.Random(k * n, 22);
        var native = new float[m * n];
        Gemm.MultiplyNN(m, n, k, a, b, native, accumulate: false);
        foreach (var width in KernelAssert.Widths)
        {
            var result = new float[m * n];
            Simd.Override = width;
            try
            {
                Gemm.MultiplyNN(m, n, k, a, b, result, accumulate: false);
            }
            finally
            {
                Simd.Override = 0;
            }
            Assert.True(native.AsSpan().SequenceEqual(result), $"width {width}");
        }
    }

    [Fact]
    public void Short_spans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNN(2, 2, 2, new float[3], new float[4], new float[4], false));
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyNT(2, 2, 2, new float[4], new float[4], new float[3], false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MultiplyTN(-1, 2, 2, new float[4], new float[4], new float[4], false));
    }

    static void Check(int width, Layout layout, int m, int n, int k, bool accumulate, int seed)
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

        Simd.Override = width;
        try
        {
            Multiply(layout, m, n, k, a, b, c, accumulate);
        }
        finally
        {
            Simd.Override = 0;
        }
        // Float summation error is at most about (k + 1)·u·Σ|aᵢbᵢ| (u = 2⁻²⁴).
        for (var i = 0; i < m * n; i++)
        {
            var tolerance = (k + 2) * 6e-8 * bound[i] + 1e-30;
            if (!(Math.Abs(c[i] - expected[i]) <= tolerance))
                Assert.Fail($"{layout} m={m} n={n} k={k} width={width} accumulate={accumulate}: C[{i / n},{i % n}] = {c[i]:R}, expected {expected[i]:R}");
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
