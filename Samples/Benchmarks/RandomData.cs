namespace CnnGen.Benchmarks;

/// <summary>Seeded uniform data for the benchmarks' inputs and weights (the values do not matter, only that no NaN or denormal slows a kernel).</summary>
static class RandomData
{
    /// <summary><paramref name="count"/> floats uniform in [<paramref name="low"/>, <paramref name="high"/>), drawn from <paramref name="random"/>.</summary>
    public static float[] Uniform(long count, Random random, float low = 0f, float high = 1f)
    {
        var values = new float[count];
        Fill(values, random, low, high);
        return values;
    }

    /// <summary>Fills <paramref name="values"/> uniformly in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static void Fill(Span<float> values, Random random, float low = 0f, float high = 1f)
    {
        for (var i = 0; i < values.Length; i++) values[i] = (float)(low + random.NextDouble() * (high - low));
    }
}
