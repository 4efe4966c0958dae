using CnnGen.Samples;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Instances are independent: no kernel, optimizer or random stream shares mutable state between networks, so
/// trainings run in parallel threads are bit-identical to the same trainings run one after the other. (One
/// instance used from two threads at once is unsupported: see docs/RELIABILITY.md.)
/// </summary>
public sealed class ConcurrencyTests
{
    /// <summary>Trains a fresh network of kind <paramref name="kind"/> for a few Adam steps (fewer for the 434k-parameter SimpleConvNet, to stay within seconds); returns its parameters and state.</summary>
    static byte[] Train(string kind, int seed)
    {
        ITrainableNetwork network = kind == nameof(SimpleConvNet) ? new SimpleConvNet(maxBatch: 4, seed) : new ReliabilityNet(maxBatch: 4, seed);
        var classifier = (IClassifierNetwork)network;
        network.Threads = 1;
        var optimizer = new Adam(0.01);
        var steps = kind == nameof(SimpleConvNet) ? 4 : 12;
        for (var step = 0; step < steps; step++)
        {
            var input = Networks.NetworkData.Images(4, network.InputLength, seed * 100 + step);
            var labels = Networks.NetworkData.Labels(4, network.OutputLength, seed * 100 + step);
            classifier.TrainStep(input, labels, optimizer);
        }
        return [.. ModelSnapshot.Of(network).Parameters, .. ModelSnapshot.Of(network).State];
    }

    [Theory]
    [InlineData(nameof(ReliabilityNet))]
    [InlineData(nameof(SimpleConvNet))]
    public void Trainings_in_parallel_threads_equal_the_same_trainings_in_sequence(string kind)
    {
        int[] seeds = [1, 2, 3, 4];
        var sequential = seeds.Select(seed => Train(kind, seed)).ToArray();
        for (var repeat = 0; repeat < 2; repeat++)
        {
            var parallel = new byte[seeds.Length][];
            using var start = new Barrier(seeds.Length);
            var threads = seeds.Select((seed, i) => new Thread(() =>
            {
                start.SignalAndWait();
                parallel[i] = Train(kind, seed);
            })).ToArray();
            foreach (var thread in threads) thread.Start();
            foreach (var thread in threads) thread.Join();
            for (var i = 0; i < seeds.Length; i++)
                Assert.True(sequential[i].AsSpan().SequenceEqual(parallel[i]), $"{kind} seed {seeds[i]}, repeat {repeat}: the parallel training differs from the sequential one");
        }
        Assert.False(sequential[0].AsSpan().SequenceEqual(sequential[1]), "different seeds should train differently");
    }
}
