using CnnGen.Data;

namespace CnnGen.Tests.Data;

public sealed class SplitTests
{
    static int[] Labels(params int[] perClass)
    {
        var labels = new List<int>();
        for (var c = 0; c < perClass.Length; c++) labels.AddRange(Enumerable.Repeat(c, perClass[c]));
        return [.. labels];
    }

    [Fact]
    public void Same_seed_gives_the_same_split_and_another_seed_a_different_one()
    {
        var labels = Labels(50, 70, 30);
        var a = StratifiedSplit.Indices(labels, 3, 100, 30, seed: 5);
        var b = StratifiedSplit.Indices(labels, 3, 100, 30, seed: 5);
        var c = StratifiedSplit.Indices(labels, 3, 100, 30, seed: 6);
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Test, b.Test);
        Assert.NotEqual(a.Train, c.Train);
    }

    [Fact]
    public void Parts_are_disjoint_exact_sized_and_proportional()
    {
        var labels = Labels(50, 70, 30);
        var (train, test) = StratifiedSplit.Indices(labels, 3, 100, 30, seed: 1);
        Assert.Equal(100, train.Length);
        Assert.Equal(30, test.Length);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(train.Length, train.Distinct().Count());
        // 100 of 150 → 2/3 of each class; 30 of 150 → 1/5 of each class.
        Assert.Equal(new[] { 33, 47, 20 }, CountPerClass(labels, train, 3));
        Assert.Equal(new[] { 10, 14, 6 }, CountPerClass(labels, test, 3));
    }

    static int[] CountPerClass(int[] labels, int[] indices, int classes)
    {
        var counts = new int[classes];
        foreach (var i in indices) counts[labels[i]]++;
        return counts;
    }

    [Fact]
    public void Real_digits_have_the_package_class_counts()
    {
        var digits = RealData.MnistDigits10k;
        Assert.Equal(10_000, digits.Count);
        Assert.Equal(MnistDigits.ClassCounts.ToArray(), digits.ClassCounts());
        Assert.Equal(784, digits.SampleLength);
        var images = digits.Images;
        var max = 0f;
        foreach (var v in images) max = Math.Max(max, v);
        Assert.Equal(1f, max);
    }

    [Fact]
    public void Seed_protocol_split_is_stratified_by_class_size()
    {
        var (train, test) = MnistDigits.SeedProtocol(RealData.MnistDigits10k);
        Assert.Equal(5000, train.Count);
        Assert.Equal(1000, test.Count);
        var all = MnistDigits.ClassCounts;
        var trainCounts = train.ClassCounts();
        var testCounts = test.ClassCounts();
        for (var c = 0; c < 10; c++)
        {
            Assert.InRange(trainCounts[c], all[c] / 2 - 1, all[c] / 2 + 1);
            Assert.InRange(testCounts[c], all[c] / 10 - 1, all[c] / 10 + 1);
        }
        var again = MnistDigits.SeedProtocol(RealData.MnistDigits10k);
        Assert.Equal(train.Labels.ToArray(), again.Train.Labels.ToArray());
        Assert.Equal(train.Images.ToArray(), again.Train.Images.ToArray());
    }

    [Fact]
    public void Nine_thousand_one_thousand_uses_every_digit_once()
    {
        var digits = RealData.MnistDigits10k;
        var (train, test) = StratifiedSplit.Indices(digits.Labels, 10, 9000, 1000, seed: 0);
        Assert.Equal(10_000, train.Concat(test).Distinct().Count());
    }

    [Fact]
    public void Mini_batches_cover_each_sample_once_per_epoch_and_reuse_one_buffer()
    {
        var images = new float[23];
        var labels = new int[23];
        for (var i = 0; i < 23; i++) { images[i] = i; labels[i] = i % 3; }
        var data = new Dataset(images, labels, 1, 1, 1, 3);
        var batches = new MiniBatches(data, 5, seed: 2);
        Assert.Equal(5, batches.BatchCount);
        batches.Shuffle();
        var seen = new List<float>();
        for (var b = 0; b < batches.BatchCount; b++)
        {
            var batch = batches.Fill(b);
            Assert.Equal(b == 4 ? 3 : 5, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                seen.Add(batch.Inputs[i]);
                Assert.Equal((int)batch.Inputs[i] % 3, batch.Labels[i]);
            }
        }
        Assert.Equal(Enumerable.Range(0, 23).Select(i => (float)i), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 23).Select(i => (float)i), seen);

        batches.Fill(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var b = 0; b < batches.BatchCount; b++) batches.Fill(b);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
