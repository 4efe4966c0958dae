using System.Text;

namespace CnnGen.Zoo.Tests;

/// <summary>
/// The seeded formula that tools/golden/make_zoo_model_golden.py also computes, to the same bits, to draw every weight,
/// buffer and input of the zoo tests (so none is committed): for a key k and element i,
/// <c>h = FNV-1a-32(k)</c>, <c>x = fmix32(i · 0x9E3779B9 + h)</c> (MurmurHash3's finaliser, all mod 2³²),
/// <c>u = (x &gt;&gt; 8) · 2⁻²⁴ − 0.5</c> (exact in float32, in [−0.5, 0.5)), value = <c>offset + u · scale</c> with
/// each operation rounded to float32 (no fused multiply-add).
/// </summary>
public static class DrawnValues
{
    /// <summary>FNV-1a, 32 bits, over the key's UTF-8 bytes.</summary>
    public static uint Fnv1a(string key)
    {
        var h = 0x811C9DC5u;
        foreach (var b in Encoding.UTF8.GetBytes(key)) h = (h ^ b) * 0x01000193u;
        return h;
    }

    /// <summary>u in [−0.5, 0.5) for element <paramref name="index"/> of the key whose hash is <paramref name="keyHash"/>.</summary>
    public static float Uniform(uint keyHash, long index)
    {
        var x = unchecked((uint)index * 0x9E3779B9u + keyHash);
        x ^= x >> 16;
        x *= 0x85EBCA6Bu;
        x ^= x >> 13;
        x *= 0xC2B2AE35u;
        x ^= x >> 16;
        return (x >> 8) * (1f / (1 << 24)) - 0.5f;
    }

    /// <summary>Element <paramref name="index"/> of a drawn tensor: <c>offset + u · scale</c> in float32.</summary>
    public static float Value(uint keyHash, long index, float offset, float scale)
    {
        var product = Uniform(keyHash, index) * scale;
        return offset + product;
    }

    /// <summary>Fills <paramref name="destination"/> with elements 0, 1, … of the tensor drawn under <paramref name="key"/>.</summary>
    public static void Fill(string key, float offset, float scale, Span<float> destination)
    {
        var hash = Fnv1a(key);
        for (var i = 0; i < destination.Length; i++) destination[i] = Value(hash, i, offset, scale);
    }
}
