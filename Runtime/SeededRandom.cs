namespace CnnGen;

/// <summary>
/// A small, fast, seeded generator (xoshiro128**, seeded through SplitMix64): the same seed gives the same
/// sequence on every machine and .NET version, which <see cref="System.Random"/> does not promise.
/// </summary>
public sealed class SeededRandom
{
    uint _s0, _s1, _s2, _s3;
    float _spareNormal;
    bool _hasSpareNormal;

    /// <summary>A generator whose sequence depends only on <paramref name="seed"/>.</summary>
    public SeededRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        ulong Next()
        {
            unchecked
            {
                x += 0x9E3779B97F4A7C15UL;
                var z = x;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }
        var a = Next();
        var b = Next();
        _s0 = (uint)a; _s1 = (uint)(a >> 32); _s2 = (uint)b; _s3 = (uint)(b >> 32);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt32()
    {
        unchecked
        {
            var result = RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 9;
            _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
            _s2 ^= t;
            _s3 = RotateLeft(_s3, 11);
            return result;
        }
    }

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1.0f / 16777216.0f);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (((ulong)NextUInt32() << 21) ^ (NextUInt32() >> 11)) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>) (Lemire's multiply-shift, unbiased enough for shuffling).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "Expected a positive bound.");
        return (int)(((ulong)NextUInt32() * (ulong)maxExclusive) >> 32);
    }

    /// <summary>Standard normal N(0, 1) (Box–Muller, both values used).</summary>
    public float NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        double u1;
        do u1 = NextDouble(); while (u1 <= double.Epsilon);
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = (float)(radius * Math.Sin(2.0 * Math.PI * u2));
        _hasSpareNormal = true;
        return (float)(radius * Math.Cos(2.0 * Math.PI * u2));
    }

    /// <summary>
    /// The generator's whole state (the four words and the cached second normal): setting it makes the generator
    /// continue exactly where the one it was read from was. What a training checkpoint saves.
    /// </summary>
    public SeededRandomState State
    {
        get => new(_s0, _s1, _s2, _s3, _hasSpareNormal, _spareNormal);
        set
        {
            if ((value.S0 | value.S1 | value.S2 | value.S3) == 0)
                throw new ArgumentException("A xoshiro128** state of four zero words is invalid (the generator would only return zeros).", nameof(value));
            (_s0, _s1, _s2, _s3, _hasSpareNormal, _spareNormal) = (value.S0, value.S1, value.S2, value.S3, value.HasSpareNormal, value.SpareNormal);
        }
    }

    static uint RotateLeft(uint value, int count) => (value << count) | (value >> (32 - count));
}

/// <summary>The state of a <see cref="SeededRandom"/>: its four xoshiro128** words and the cached second Box–Muller value.</summary>
public readonly record struct SeededRandomState(uint S0, uint S1, uint S2, uint S3, bool HasSpareNormal, float SpareNormal)
{
    /// <summary>A text form (hex words and the spare normal's bits) that <see cref="Parse"/> reads back exactly.</summary>
    public override string ToString()
        => $"{S0:x8}{S1:x8}{S2:x8}{S3:x8}{(HasSpareNormal ? 1 : 0)}{BitConverter.SingleToUInt32Bits(SpareNormal):x8}";

    /// <summary>Reads <see cref="ToString"/>'s form; throws <see cref="FormatException"/> on anything else.</summary>
    public static SeededRandomState Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 41 || text[32] is not ('0' or '1'))
            throw new FormatException($"Expected a random state of 41 characters (4 × 8 hex digits, 0 or 1, 8 hex digits), got '{text}'.");
        uint Word(int start) => uint.TryParse(text.AsSpan(start, 8), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var w)
            ? w : throw new FormatException($"Expected hex digits at {start} of the random state '{text}'.");
        return new(Word(0), Word(8), Word(16), Word(24), text[32] == '1', BitConverter.UInt32BitsToSingle(Word(33)));
    }
}
