namespace CnnGen.Data;

/// <summary>
/// A deterministic stratified split: each class contributes to each part in proportion to its size
/// (largest-remainder rounding, so the parts have exactly the requested sizes), and the samples taken
/// from a class are chosen by a seeded shuffle of that class.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>Indices of the training part and the test part (disjoint; each part sorted by class, then shuffled order).</summary>
    public static (int[] Train, int[] Test) Indices(ReadOnlySpan<int> labels, int classes, int trainCount, int testCount, int seed)
    {
        if (trainCount < 0 || testCount < 0 || (long)trainCount + testCount > labels.Length)
            throw new ArgumentException($"Expected train + test ≤ {labels.Length} samples, got {trainCount} + {testCount}.");

        var byClass = new List<int>[classes];
        for (var c = 0; c < classes; c++) byClass[c] = [];
        for (var i = 0; i < labels.Length; i++) byClass[labels[i]].Add(i);

        var sizes = new int[classes];
        for (var c = 0; c < classes; c++) sizes[c] = byClass[c].Count;
        var trainShares = Apportion(sizes, trainCount);
        var rest = new int[classes];
        for (var c = 0; c < classes; c++) rest[c] = sizes[c] - trainShares[c];
        // The test part is apportioned by class size too, capped by what each class has left.
        var testShares = Apportion(sizes, testCount, rest);

        var random = new SeededRandom(seed);
        var train = new List<int>(trainCount);
        var test = new List<int>(testCount);
        for (var c = 0; c < classes; c++)
        {
            var members = byClass[c].ToArray();
            Shuffle(members, random);
            train.AddRange(members.AsSpan(0, trainShares[c]));
            test.AddRange(members.AsSpan(trainShares[c], testShares[c]));
        }
        var trainArray = train.ToArray();
        var testArray = test.ToArray();
        // Mix the classes so that a consumer reading in order does not see one class after another.
        Shuffle(trainArray, random);
        Shuffle(testArray, random);
        return (trainArray, testArray);
    }

    /// <summary>Splits <paramref name="total"/> over classes in proportion to <paramref name="sizes"/>, never above <paramref name="caps"/>.</summary>
    static int[] Apportion(int[] sizes, int total, int[]? caps = null)
    {
        caps ??= sizes;
        long all = 0;
        foreach (var size in sizes) all += size;
        var shares = new int[sizes.Length];
        var remainders = new double[sizes.Length];
        var given = 0;
        for (var c = 0; c < sizes.Length; c++)
        {
            var exact = all == 0 ? 0 : (double)total * sizes[c] / all;
            shares[c] = Math.Min((int)Math.Floor(exact), caps[c]);
            remainders[c] = exact - shares[c];
            given += shares[c];
        }
        // Largest remainder first; ties go to the lower class so the result is deterministic.
        while (given < total)
        {
            var best = -1;
            for (var c = 0; c < sizes.Length; c++)
            {
                if (shares[c] >= caps[c]) continue;
                if (best < 0 || remainders[c] > remainders[best]) best = c;
            }
            if (best < 0) throw new ArgumentException($"Cannot take {total} samples: the classes hold too few.");
            shares[best]++;
            remainders[best] -= 1;
            given++;
        }
        return shares;
    }

    /// <summary>
    /// Disjoint random parts of [0, <paramref name="count"/>) of exactly the requested sizes, with no classes to stratify
    /// by (<c>torch.utils.data.random_split</c>): the first of a seeded shuffle, then the next.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes are negative or add up to more than <paramref name="count"/>.</exception>
    internal static (int[] Train, int[] Test) RandomIndices(int count, int trainCount, int testCount, int seed)
    {
        if (trainCount < 0 || testCount < 0 || (long)trainCount + testCount > count)
            throw new ArgumentOutOfRangeException(nameof(trainCount), $"Expected train {trainCount} + test {testCount} ≤ {count} samples, both ≥ 0.");
        var order = new int[count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Shuffle(order, new SeededRandom(seed));
        return (order[..trainCount], order[trainCount..(trainCount + testCount)]);
    }

    /// <summary>Fisher–Yates with the project's seeded generator (identical on every machine).</summary>
    internal static void Shuffle(Span<int> values, SeededRandom random)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
