using System.Diagnostics;
using Xunit.Abstractions;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Seeded mutation fuzzing of the safetensors loader (docs/RELIABILITY.md): every mutant either loads or throws
/// <see cref="InvalidDataException"/>; nothing else escapes, a refused load leaves Parameters, State and Gradients
/// bit-identical, and no load allocates more than <see cref="AllocationBound"/> of its file size.
/// Knobs: CNNGEN_FUZZ_CASES (default 100,000), CNNGEN_FUZZ_SEED (default 20261124).
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    const int DefaultCases = 100_000;
    const long DefaultSeed = 20261124;

    /// <summary>Allowed allocation for loading an <paramref name="fileLength"/>-byte file: a small multiple of it plus a fixed
    /// allowance for the layout, the JSON document, the exception and its message, and the first 64 KB header
    /// buffer of an unseekable stream.</summary>
    static long AllocationBound(long fileLength) => 8 * fileLength + 160 * 1024;

    static int Knob(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    [Fact]
    public void Mutated_weight_files_load_or_throw_only_invalid_data_and_never_corrupt_the_model()
    {
        var cases = Knob("CNNGEN_FUZZ_CASES", DefaultCases);
        var seed = long.TryParse(Environment.GetEnvironmentVariable("CNNGEN_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        byte[][] corpus = [.. Enumerable.Range(1, 4).Select(WeightFiles.Reliability), WeightFiles.Of(new ReliabilityWideNet(seed: 1))];

        var network = new ReliabilityNet(maxBatch: 2, seed: 9);
        network.ComputeGradients(new float[2 * ReliabilityNet.Sizes.InputLength], [1, 2]);
        var pristine = ModelSnapshot.Of(network);
        var failures = new List<string>();
        var loaded = 0;
        var byKind = new int[WeightFileMutator.Kinds.Length];
        var messages = new Dictionary<string, int>();
        long worstAllocation = 0, worstAllocationFile = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < cases && failures.Count < 10; i++)
        {
            var random = WeightFileMutator.CaseRandom(seed, i);
            var mutant = WeightFileMutator.Mutate(corpus, random, out var kind);
            byKind[kind]++;
            var seekable = (i & 1) == 0;
            Stream stream = seekable ? new MemoryStream(mutant, writable: false) : new ForwardOnlyStream(mutant);
            var replay = $"case {i} (seed {seed}, {WeightFileMutator.Kinds[kind]}, {(seekable ? "seekable" : "unseekable")}, {mutant.Length} bytes)";

            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                network.Load(stream);
                loaded++;
                pristine.Restore(network);
            }
            catch (InvalidDataException e)
            {
                var category = Category(e.Message);
                messages[category] = messages.GetValueOrDefault(category) + 1;
                if (!pristine.SameWeights(network)) failures.Add($"{replay}: the refused load changed the model ({e.Message})");
            }
            catch (Exception e)
            {
                failures.Add($"{replay}: {e.GetType().Name} escaped: {e.Message}");
                pristine.Restore(network);
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationBound(mutant.Length)) failures.Add($"{replay}: allocated {allocated} bytes, bound {AllocationBound(mutant.Length)}");
            if (allocated > worstAllocation) (worstAllocation, worstAllocationFile) = (allocated, mutant.Length);
        }
        clock.Stop();

        output.WriteLine($"{cases} mutants (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s: {loaded} loaded, {cases - loaded} refused with InvalidDataException.");
        output.WriteLine($"by mutation: {string.Join(", ", WeightFileMutator.Kinds.Select((k, j) => $"{k} {byKind[j]}"))}");
        output.WriteLine($"worst allocation: {worstAllocation} bytes for a {worstAllocationFile}-byte file");
        foreach (var (category, count) in messages.OrderByDescending(p => p.Value)) output.WriteLine($"  {count,7}  {category}");

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(gradientsUnchanged(network), "a load touched Gradients");
        // The mutations must reach every check: the JSON parser, the layout checks and the data-length checks.
        Assert.True(messages.Keys.Count(k => k.Contains("JSON")) > 0 && messages.Count >= 12, $"only {messages.Count} kinds of refusal: the mutator is too weak");
        Assert.True(loaded > 0, "no mutant loaded: data-only mutations should");

        bool gradientsUnchanged(ReliabilityNet n) => ModelSnapshot.Of(n).Gradients!.AsSpan().SequenceEqual(pristine.Gradients);
    }

    /// <summary>A refusal message without the numbers and names that vary, so the distinct checks can be counted.</summary>
    static string Category(string message)
    {
        var text = message.StartsWith("safetensors stream: ", StringComparison.Ordinal) ? message["safetensors stream: ".Length..] : message;
        var cut = text.IndexOfAny([':', '[', '(']);
        var head = cut > 0 ? text[..cut] : text;
        return new string([.. head.Where(c => !char.IsAsciiDigit(c))]).Trim();
    }
}
