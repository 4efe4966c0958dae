using System.Text.Json;

namespace CnnGen.Tests.Kernels;

/// <summary>Random data, tolerance checks, finite differences and fixture loading for the kernel tests.</summary>
static class KernelAssert
{
    /// <summary>Every vector width this CPU runs (128, 256 with FMA, 512), for <c>Simd.Override</c>.</summary>
    public static int[] Widths => new[] { 128, 256, 512 }.Where(w => w <= CnnGen.Kernels.Simd.Native).ToArray();

    /// <summary>Uniform values in [−scale, scale) from a fixed seed.</summary>
    public static float[] Random(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    /// <summary>A buffer full of NaN: a kernel that must overwrite it leaves no NaN behind.</summary>
    public static float[] Poisoned(int length)
    {
        var values = new float[length];
        Array.Fill(values, float.NaN);
        return values;
    }

    /// <summary>Fails unless |actual − expected| ≤ absolute + relative·|expected| everywhere.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
    {
        Assert.True(actual.Length >= expected.Length, $"{what}: expected {expected.Length} values, got {actual.Length}");
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = absolute + relative * Math.Abs(expected[i]);
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:G3})");
        }
    }

    /// <summary>Same, with float expectations (e.g. from a fixture).</summary>
    public static void Close(IReadOnlyList<double> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what) =>
        Close(expected.ToArray().AsSpan(), actual, absolute, relative, what);

    /// <summary>Σ r·y in double: the scalar loss of the finite-difference checks.</summary>
    public static double Dot(ReadOnlySpan<float> r, ReadOnlySpan<float> y)
    {
        var sum = 0.0;
        for (var i = 0; i < r.Length; i++) sum += (double)r[i] * y[i];
        return sum;
    }

    /// <summary>
    /// Compares analytic gradients of L = Σ rᵢ·yᵢ with central differences for up to <paramref name="samples"/>
    /// coordinates of <paramref name="variable"/> (spread over the whole tensor).
    /// </summary>
    public static void FiniteDifferences(float[] variable, ReadOnlySpan<float> analytic, Func<double> loss, string what, float step = 1e-2f, double tolerance = 1e-2, int samples = 24)
    {
        var stride = Math.Max(1, variable.Length / samples);
        for (var i = 0; i < variable.Length; i += stride)
        {
            var original = variable[i];
            variable[i] = original + step;
            var plus = loss();
            variable[i] = original - step;
            var minus = loss();
            variable[i] = original;
            // Divide by the float steps actually taken, not by 2h.
            var numeric = (plus - minus) / ((double)(original + step) - (double)(original - step));
            var limit = tolerance * Math.Max(1.0, Math.Abs(numeric));
            if (!(Math.Abs(analytic[i] - numeric) <= limit))
                Assert.Fail($"{what}[{i}]: analytic {analytic[i]:R}, central difference {numeric:R}");
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> at every vector width this CPU has and on 1 and 2 kernel threads, and fails unless every
    /// run returns the same bits as the first.
    /// </summary>
    public static void SameBitsOnEveryWidthAndThreadCount(Func<float[][]> run, string what)
    {
        float[][]? first = null;
        var firstRun = "";
        foreach (var bits in Widths)
            foreach (var threads in new[] { 1, 2 })
            {
                float[][] results;
                CnnGen.Kernels.Simd.Override = bits;
                try
                {
                    using var scope = CnnGen.Threading.KernelThreads.Use(threads);
                    results = run();
                }
                finally
                {
                    CnnGen.Kernels.Simd.Override = 0;
                }
                var name = $"{bits} bits, {threads} thread(s)";
                if (first == null)
                {
                    first = results;
                    firstRun = name;
                    continue;
                }
                for (var r = 0; r < results.Length; r++)
                    for (var i = 0; i < results[r].Length; i++)
                        if (BitConverter.SingleToInt32Bits(results[r][i]) != BitConverter.SingleToInt32Bits(first[r][i]))
                            Assert.Fail($"{what}: result {r}[{i}] is {results[r][i]:R} at {name}, {first[r][i]:R} at {firstRun}");
            }
    }

    /// <summary>One case of the zoo fixture (tools/golden/make_zoo_golden.py), by its path of property names.</summary>
    public static JsonElement ZooCase(params string[] path)
    {
        var element = Fixture("Kernels", "Fixtures", "zoo.json");
        foreach (var name in path) element = element.GetProperty(name);
        return element;
    }

    /// <summary>The i-th tensor of a fixture case's list property ("inputs", "inputGradients", "parameters", "parameterGradients").</summary>
    public static float[] Tensor(this JsonElement element, string list, int i) => element.GetProperty(list)[i].Floats();

    public static int Int(this JsonElement element, string name) => element.GetProperty(name).GetInt32();

    /// <summary>Reads a JSON fixture copied next to the test assembly.</summary>
    public static JsonElement Fixture(params string[] path)
    {
        var file = Path.Combine([AppContext.BaseDirectory, .. path]);
        Assert.True(File.Exists(file), $"missing fixture {file}: run tools/golden/make_kernel_golden.py");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.Clone();
    }

    public static float[] Floats(this JsonElement element) => element.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    public static double[] Doubles(this JsonElement element) => element.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
