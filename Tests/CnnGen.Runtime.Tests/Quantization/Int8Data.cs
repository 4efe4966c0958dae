using CnnGen.Quantization;

namespace CnnGen.Tests.Quantization;

/// <summary>Seeded int8 operands: activations over [0, 255], weights over [−127, 127], biases and multipliers that spread the outputs over the 8-bit range.</summary>
static class Int8Data
{
    public static byte[] Activations(int length, int seed)
    {
        var random = new Random(seed);
        var values = new byte[length];
        random.NextBytes(values);
        return values;
    }

    public static sbyte[] Weights(int length, int seed)
    {
        var random = new Random(seed);
        var values = new sbyte[length];
        for (var i = 0; i < length; i++) values[i] = (sbyte)random.Next(-127, 128);
        return values;
    }

    public static int[] Biases(int length, int taps, int seed)
    {
        var random = new Random(seed);
        var values = new int[length];
        for (var i = 0; i < length; i++) values[i] = random.Next(-3000, 3000) * (int)Math.Sqrt(taps);
        return values;
    }

    /// <summary>Factors taking a typical accumulator (≈ 5400 · √taps) to about 40 output steps, varying per channel.</summary>
    public static float[] Multipliers(int length, int taps, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = (float)((0.5 + random.NextDouble()) * 40 / (5400 * Math.Sqrt(taps)));
        return values;
    }

    /// <summary>Every int8 path this process runs.</summary>
    public static Int8Path[] Paths => Enum.GetValues<Int8Path>().Where(Int8Paths.IsSupported).ToArray();

    /// <summary>Runs <paramref name="action"/> with <paramref name="path"/> forced on this thread.</summary>
    public static T On<T>(Int8Path path, Func<T> action)
    {
        Int8Paths.Override = (int)path;
        try
        {
            return action();
        }
        finally
        {
            Int8Paths.Override = 0;
        }
    }
}
