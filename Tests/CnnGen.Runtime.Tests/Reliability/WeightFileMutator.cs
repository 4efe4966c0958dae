using System.Buffers.Binary;
using System.Text;
using CnnGen.Tests.Weights;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Deterministic mutations of valid weight files: bit flips, byte splices between files, insertions and deletions,
/// truncation and appended garbage, length-prefix edits, and header edits that keep the length prefix consistent
/// (so the mutant reaches the JSON and layout checks instead of dying at the first length test).
/// Case <c>i</c> of seed <c>s</c> always gives the same file, so a failure can be replayed alone.
/// </summary>
internal static class WeightFileMutator
{
    public static readonly string[] Kinds =
        ["bit flips", "header bit flips", "splice", "insert/delete", "truncate/append", "header number", "header character", "length prefix", "header swap", "stacked"];

    static readonly string[] Numbers =
        ["0", "-1", "1", "2", "3", "7", "8", "72", "340", "348", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616", "1e309", "1.5", "-0", "00", "1e2", "null", "\"2\"", "[]", "{}"];

    static readonly byte[] Characters = "{}[]\",:\\ 0-.eE"u8.ToArray().Concat(new byte[] { 0x00, 0x80, 0xC3, 0xED, 0xFF }).ToArray();

    /// <summary>The random stream of case <paramref name="index"/> (SplitMix64 of seed and index: independent of the runtime's hashing).</summary>
    public static Random CaseRandom(long seed, long index)
    {
        var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Random((int)(z ^ (z >> 31)));
    }

    public static byte[] Mutate(byte[][] corpus, Random random, out int kind)
    {
        kind = random.Next(Kinds.Length);
        var file = corpus[random.Next(corpus.Length)];
        if (kind != Kinds.Length - 1) return Apply(kind, file, corpus, random);
        var steps = random.Next(2, 5);
        for (var s = 0; s < steps; s++) file = Apply(random.Next(Kinds.Length - 1), file, corpus, random);
        return file;
    }

    static byte[] Apply(int kind, byte[] source, byte[][] corpus, Random random)
    {
        var file = source.ToArray();
        switch (kind)
        {
            case 0: // bit flips anywhere
                if (file.Length == 0) return file;
                for (int n = random.Next(1, 9), i = 0; i < n; i++) file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                return file;
            case 1: // bit flips in the length prefix and header only
            {
                var end = Math.Min(file.Length, 8 + SafeHeaderLength(file));
                if (end == 0) return file;
                for (int n = random.Next(1, 4), i = 0; i < n; i++) file[random.Next(end)] ^= (byte)(1 << random.Next(8));
                return file;
            }
            case 2: // overwrite a run with bytes from another valid file (same or different offset)
            {
                var donor = corpus[random.Next(corpus.Length)];
                if (file.Length == 0 || donor.Length == 0) return file;
                var length = random.Next(1, Math.Min(64, Math.Min(file.Length, donor.Length)) + 1);
                var from = random.Next(donor.Length - length + 1);
                var to = random.Next(2) == 0 ? Math.Min(from, file.Length - length) : random.Next(file.Length - length + 1);
                Array.Copy(donor, from, file, to, length);
                return file;
            }
            case 3: // insert random bytes, or delete a run
            {
                var at = random.Next(file.Length + 1);
                if (random.Next(2) == 0)
                {
                    var inserted = new byte[random.Next(1, 17)];
                    random.NextBytes(inserted);
                    return [.. file[..at], .. inserted, .. file[at..]];
                }
                var count = Math.Min(random.Next(1, 17), file.Length - at);
                return [.. file[..at], .. file[(at + count)..]];
            }
            case 4: // truncate, or append garbage
            {
                if (random.Next(2) == 0) return file[..random.Next(file.Length + 1)];
                var tail = new byte[random.Next(1, 65)];
                random.NextBytes(tail);
                return [.. file, .. tail];
            }
            case 5: // replace one number of the header with an interesting token
                return EditHeader(file, random, header =>
                {
                    var digits = Enumerable.Range(0, header.Length).Where(i => char.IsAsciiDigit(header[i]) && (i == 0 || !char.IsAsciiDigit(header[i - 1]))).ToArray();
                    if (digits.Length == 0) return header;
                    var start = digits[random.Next(digits.Length)];
                    var end = start;
                    while (end < header.Length && char.IsAsciiDigit(header[end])) end++;
                    return header[..start] + Numbers[random.Next(Numbers.Length)] + header[end..];
                });
            case 6: // replace, insert or delete one header character (structure, quotes, escapes, invalid UTF-8)
            {
                var length = SafeHeaderLength(file);
                if (length == 0 || file.Length < 8 + length) return file;
                var header = file.AsSpan(8, length).ToArray();
                var at = random.Next(header.Length);
                var character = Characters[random.Next(Characters.Length)];
                header = random.Next(3) switch
                {
                    0 => [.. header[..at], character, .. header[(at + 1)..]],
                    1 => [.. header[..at], character, .. header[at..]],
                    _ => [.. header[..at], .. header[(at + 1)..]],
                };
                return SafeTensorsFile.Join(header, file[(8 + length)..]);
            }
            case 7: // an interesting length prefix
            {
                if (file.Length < 8) return file;
                var length = (ulong)SafeHeaderLength(file);
                ulong[] candidates = [0, 1, 2, 7, 8, length - 1, length + 1, length - 8, length + 8, (ulong)file.Length, (ulong)file.Length - 8, (ulong)file.Length - 7,
                    100_000_000, 100_000_001, uint.MaxValue, 1UL << 32, long.MaxValue, 1UL << 63, ulong.MaxValue];
                BinaryPrimitives.WriteUInt64LittleEndian(file, candidates[random.Next(candidates.Length)]);
                return file;
            }
            default: // swap two bracketed arrays of the header (shapes and offsets trade places)
                return EditHeader(file, random, header =>
                {
                    var arrays = new List<(int Start, int End)>();
                    for (var i = header.IndexOf('['); i >= 0; i = header.IndexOf('[', i + 1))
                    {
                        var close = header.IndexOf(']', i);
                        if (close > i) arrays.Add((i, close + 1));
                    }
                    if (arrays.Count < 2) return header;
                    var a = arrays[random.Next(arrays.Count)];
                    var b = arrays[random.Next(arrays.Count)];
                    if (a.Start > b.Start) (a, b) = (b, a);
                    if (a.End > b.Start) return header;
                    return header[..a.Start] + header[b.Start..b.End] + header[a.End..b.Start] + header[a.Start..a.End] + header[b.End..];
                });
        }
    }

    /// <summary>Edits the header text (when it is readable) and rewrites the length prefix to match.</summary>
    static byte[] EditHeader(byte[] file, Random random, Func<string, string> edit)
    {
        var length = SafeHeaderLength(file);
        if (length == 0 || file.Length < 8 + length) return file;
        var header = Encoding.UTF8.GetString(file, 8, length);
        return SafeTensorsFile.Join(edit(header), file[(8 + length)..]);
    }

    /// <summary>The declared header length when it fits in the file, else 0.</summary>
    static int SafeHeaderLength(byte[] file)
    {
        if (file.Length < 8) return 0;
        var length = BinaryPrimitives.ReadUInt64LittleEndian(file);
        return length <= (ulong)(file.Length - 8) ? (int)length : 0;
    }
}
