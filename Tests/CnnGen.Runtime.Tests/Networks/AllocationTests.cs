namespace CnnGen.Tests.Networks;

/// <summary>DESIGN §3: after the first call, Forward, ComputeGradients and TrainStep allocate nothing.</summary>
public class AllocationTests
{
    const int Batch = 2;

    [Theory]
    [InlineData("SimpleConvNet", 1)]
    [InlineData("SimpleConvNet", 2)]
    [InlineData("DeepConvNet", 1)]
    [InlineData("DeepConvNet", 2)]
    public void Steady_state_calls_allocate_zero_bytes(string name, int threads)
    {
        var net = NetworkData.Create(name, Batch, seed: 1);
        net.Threads = threads;
        var input = NetworkData.Images(Batch, net.InputLength, seed: 2);
        var labels = NetworkData.Labels(Batch, net.OutputLength, seed: 3);
        var output = new float[Batch * net.OutputLength];
        var optimizer = new Adam(0.001);

        // Warm-up: first calls may allocate (JIT, lazily created optimizer state).
        for (var i = 0; i < 2; i++)
        {
            net.Forward(input, output);
            net.ComputeGradients(input, labels);
            net.TrainStep(input, labels, optimizer);
        }

        var forward = Measure(() => net.Forward(input, output));
        var gradients = Measure(() => net.ComputeGradients(input, labels));
        var train = Measure(() => net.TrainStep(input, labels, optimizer));
        Assert.True(forward == 0 && gradients == 0 && train == 0,
            $"{name} with {threads} thread(s) allocated: Forward {forward} B, ComputeGradients {gradients} B, TrainStep {train} B (expected 0)");
    }

    static long Measure(Action call)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
