using CnnGen.Tests.Networks;

namespace CnnGen.Tests.Performance;

/// <summary>Runs alone: the worker threads are shared, so their byte counts must belong to these tests only.</summary>
[CollectionDefinition(nameof(PerformanceContract), DisableParallelization = true)]
public sealed class PerformanceContract;

/// <summary>
/// Issue 5's P8 and P9 as tests (never timing): after warm-up, Forward, ComputeGradients and TrainStep allocate
/// nothing on any thread, workers included (DESIGN §3 too), and 1, 2 or 3 threads train to bit-identical weights at
/// a batch the kernels really split.
/// </summary>
[Collection(nameof(PerformanceContract))]
public class PerformanceContractTests
{
    const int Batch = 20;

    [Theory]
    [InlineData("SimpleConvNet", 1)]
    [InlineData("SimpleConvNet", 2)]
    [InlineData("DeepConvNet", 1)]
    [InlineData("DeepConvNet", 2)]
    [InlineData("Tiny", 1)]
    [InlineData("Tiny", 2)]
    [InlineData("GraphLayersNet", 1)]
    [InlineData("GraphLayersNet", 2)]
    public void P8_forward_gradients_and_training_steps_allocate_zero_bytes_on_every_thread(string name, int threads)
    {
        var net = NetworkData.Create(name, Batch, seed: 1);
        net.Threads = threads;
        var input = NetworkData.Images(Batch, net.InputLength, seed: 2);
        var labels = NetworkData.Labels(Batch, net.OutputLength, seed: 3);
        var output = new float[Batch * net.OutputLength];
        var optimizer = new Adam(0.001);
        // Warm-up: first calls may allocate (JIT, per-thread scratch, lazily created optimizer state).
        for (var i = 0; i < 3; i++)
        {
            net.Forward(input, output);
            net.ComputeGradients(input, labels);
            net.TrainStep(input, labels, optimizer);
        }

        // The calling thread's bytes plus the worker threads' (the process total would count the test host too).
        long Allocated() => GC.GetAllocatedBytesForCurrentThread() + CnnGen.Threading.WorkerPool.WorkerAllocatedBytes;
        long Measure(Action call)
        {
            var before = Allocated();
            for (var i = 0; i < 3; i++) call();
            return Allocated() - before;
        }
        var forward = Measure(() => net.Forward(input, output));
        var gradients = Measure(() => net.ComputeGradients(input, labels));
        var train = Measure(() => net.TrainStep(input, labels, optimizer));
        Assert.True(forward == 0 && gradients == 0 && train == 0,
            $"{name} with {threads} thread(s), three calls each, all threads: Forward {forward} B, ComputeGradients {gradients} B, TrainStep {train} B (expected 0)");
    }

    [Theory]
    [InlineData("SimpleConvNet")]
    [InlineData("DeepConvNet")]
    [InlineData("Tiny")]
    [InlineData("GraphLayersNet")]
    public void P9_one_two_and_three_threads_train_to_bit_identical_weights(string name)
    {
        float[] Train(int threads)
        {
            var net = NetworkData.Create(name, Batch, seed: 11);
            net.Threads = threads;
            var optimizer = new Sgd(0.05, momentum: 0.9);
            for (var step = 0; step < 4; step++)
            {
                var input = NetworkData.Images(Batch, net.InputLength, seed: 100 + step);
                var labels = NetworkData.Labels(Batch, net.OutputLength, seed: 200 + step);
                net.TrainStep(input, labels, optimizer);
            }
            return net.Parameters.ToArray();
        }

        var one = Train(1);
        var two = Train(2);
        var three = Train(3);
        Assert.True(one.AsSpan().SequenceEqual(two), $"{name}: Threads = 1 and 2 trained to different weights");
        Assert.True(one.AsSpan().SequenceEqual(three), $"{name}: Threads = 1 and 3 trained to different weights");
    }
}
