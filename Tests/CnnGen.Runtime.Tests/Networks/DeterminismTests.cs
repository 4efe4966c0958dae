namespace CnnGen.Tests.Networks;

/// <summary>DESIGN §3: same seed + same data → bit-identical results, whatever <see cref="INetwork.Threads"/> is.</summary>
public class DeterminismTests
{
    const int Batch = 2;
    const int Steps = 10;

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int, int), float[]> Trained = new();

    /// <summary>One reference run per (network, seed, threads), shared by the tests that compare against it.</summary>
    static float[] Reference(string name, int seed, int threads) => Trained.GetOrAdd((name, seed, threads), key => Train(key.Item1, key.Item2, key.Item3));

    static float[] Train(string name, int seed, int threads)
    {
        var net = NetworkData.Create(name, Batch, seed);
        net.Threads = threads;
        var input = NetworkData.Images(Batch, net.InputLength, seed: 5);
        var labels = NetworkData.Labels(Batch, net.OutputLength, seed: 6);
        var optimizer = new Adam(0.001);
        for (var i = 0; i < Steps; i++) net.TrainStep(input, labels, optimizer);
        return net.Parameters.ToArray();
    }

    [Theory]
    [InlineData("SimpleConvNet")]
    [InlineData("DeepConvNet")]
    [InlineData("Tiny")]
    public void Same_seed_gives_bit_identical_parameters(string name)
    {
        var first = Reference(name, seed: 42, threads: 1);
        var second = Train(name, seed: 42, threads: 1);
        AssertBitIdentical(name, "two runs with seed 42", first, second);
    }

    [Theory]
    [InlineData("SimpleConvNet")]
    [InlineData("DeepConvNet")]
    public void Different_seeds_give_different_parameters(string name)
    {
        var first = Reference(name, seed: 42, threads: 1);
        var second = Train(name, seed: 43, threads: 1);
        Assert.False(first.AsSpan().SequenceEqual(second), $"{name}: seeds 42 and 43 trained to the same parameters");
    }

    [Theory]
    [InlineData("SimpleConvNet")]
    [InlineData("DeepConvNet")]
    [InlineData("Tiny")]
    public void One_and_two_threads_give_bit_identical_parameters(string name)
    {
        var single = Reference(name, seed: 42, threads: 1);
        var dual = Train(name, seed: 42, threads: 2);
        AssertBitIdentical(name, "Threads = 1 vs Threads = 2", single, dual);
    }

    [Fact]
    public void Reseed_repeats_the_dropout_masks()
    {
        // DeepConvNet's dropout makes two gradient calls differ unless the stream restarts.
        var net = NetworkData.Create("DeepConvNet", Batch, seed: 3);
        var input = NetworkData.Images(Batch, net.InputLength, seed: 8);
        var labels = NetworkData.Labels(Batch, net.OutputLength, seed: 9);
        net.Reseed(5);
        var first = net.ComputeGradients(input, labels);
        var firstGradients = net.Gradients.ToArray();
        var unseeded = net.ComputeGradients(input, labels);
        net.Reseed(5);
        var again = net.ComputeGradients(input, labels);
        Assert.Equal(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(again));
        AssertBitIdentical("DeepConvNet", "gradients after Reseed(5) twice", firstGradients, net.Gradients.ToArray());
        Assert.NotEqual(BitConverter.SingleToInt32Bits(first), BitConverter.SingleToInt32Bits(unseeded));
    }

    static void AssertBitIdentical(string name, string what, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{name}, {what}: parameter {i} differs: {expected[i]:R} vs {actual[i]:R}");
        }
    }
}
