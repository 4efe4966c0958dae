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

    /// <summary>
    /// A call that finds the instance busy (another thread inside it) is refused before it touches anything. The busy
    /// mark is set by hand here, which makes the overlap certain instead of a race the test might lose.
    /// </summary>
    [Fact]
    public void A_call_on_an_instance_busy_in_another_thread_is_refused_and_changes_nothing()
    {
        var network = new ReliabilityNet(maxBatch: 4, seed: 3);
        var busy = typeof(ReliabilityNet).GetField("_busy", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        var input = Networks.NetworkData.Images(4, ReliabilityNet.Sizes.InputLength, 7);
        var labels = Networks.NetworkData.Labels(4, ReliabilityNet.Sizes.OutputLength, 7);
        var output = new float[4 * ReliabilityNet.Sizes.OutputLength];
        var before = ModelSnapshot.Of(network);

        busy.SetValue(network, 1);
        var forward = Assert.Throws<InvalidOperationException>(() => network.Forward(input, output));
        Assert.Contains("ReliabilityNet is already running a call on another thread", forward.Message);
        Assert.Throws<InvalidOperationException>(() => network.Predict(input.AsSpan(0, ReliabilityNet.Sizes.InputLength)));
        Assert.Throws<InvalidOperationException>(() => network.ComputeGradients(input, labels));
        Assert.Throws<InvalidOperationException>(() => network.TrainStep(input, labels, new Adam(0.01)));
        before.AssertUnchanged(network, "a refused call");

        busy.SetValue(network, 0);
        network.TrainStep(input, labels, new Adam(0.01));
        Assert.Equal(0, (int)busy.GetValue(network)!);
    }
}
