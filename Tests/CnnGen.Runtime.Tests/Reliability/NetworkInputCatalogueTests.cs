using CnnGen.Samples;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Bad arguments to the generated API (DESIGN §3): each case must throw one specific exception type whose message
/// names the expected value, and leave Parameters, State and Gradients bit-identical (and the optimizer unused).
/// </summary>
public sealed class NetworkInputCatalogueTests
{
    const int MaxBatch = 2;
    const int In = ReliabilityNet.Sizes.InputLength;   // 25
    const int Out = ReliabilityNet.Sizes.OutputLength; // 3

    /// <summary>Counts optimizer steps: a rejected TrainStep must not take one.</summary>
    sealed class CountingOptimizer : IOptimizer
    {
        public int Steps { get; private set; }
        public double LearningRate { get; set; } = 0.1;
        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients) => Steps++;
    }

    sealed record Case(Type Exception, Action<ReliabilityNet, CountingOptimizer> Call, params string[] Mentions);

    static float[] Inputs(int samples, int extra = 0) => [.. Enumerable.Range(0, samples * In + extra).Select(i => (i % 7) / 7f)];

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["Forward: input not a multiple of InputLength"] = new(typeof(ArgumentException), (n, _) => n.Forward(Inputs(1, 4), new float[Out]), "InputLength = 25", "29"),
        ["Forward: input shorter than one sample"] = new(typeof(ArgumentException), (n, _) => n.Forward(new float[24], new float[Out]), "InputLength = 25", "24"),
        ["Forward: output too short"] = new(typeof(ArgumentException), (n, _) => n.Forward(Inputs(2), new float[2 * Out - 1]), "Expected 6 values", "got 5"),
        ["Forward: output too long"] = new(typeof(ArgumentException), (n, _) => n.Forward(Inputs(2), new float[2 * Out + 1]), "Expected 6 values", "got 7"),
        ["Forward: output for an empty input"] = new(typeof(ArgumentException), (n, _) => n.Forward([], new float[Out]), "Expected 0 values", "got 3"),
        ["Predict: sample too short"] = new(typeof(ArgumentException), (n, _) => n.Predict(new float[In - 1]), "Expected 25 values", "got 24"),
        ["Predict: two samples"] = new(typeof(ArgumentException), (n, _) => n.Predict(Inputs(2)), "Expected 25 values", "got 50"),
        ["Predict: empty sample"] = new(typeof(ArgumentException), (n, _) => n.Predict([]), "Expected 25 values", "got 0"),
        ["ComputeGradients: batch > MaxBatch"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(3), [0, 1, 2]), "MaxBatch = 2", "got 3"),
        ["TrainStep: batch > MaxBatch"] = new(typeof(ArgumentException), (n, o) => n.TrainStep(Inputs(3), [0, 1, 2], o), "MaxBatch = 2", "got 3"),
        ["ComputeGradients: empty batch"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients([], ReadOnlySpan<int>.Empty), "at least one sample", "empty"),
        ["TrainStep: empty batch"] = new(typeof(ArgumentException), (n, o) => n.TrainStep([], ReadOnlySpan<int>.Empty, o), "at least one sample", "empty"),
        ["ComputeGradients: partial sample"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(1, 1), [0]), "InputLength = 25", "26"),
        ["ComputeGradients: negative label"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(2), [0, -1]), "[0, 3)", "-1 at index 1"),
        ["ComputeGradients: label = classes"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(2), [3, 0]), "[0, 3)", "3 at index 0"),
        ["ComputeGradients: label int.MaxValue"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(1), [int.MaxValue]), "[0, 3)", "2147483647"),
        ["ComputeGradients: label int.MinValue"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(1), [int.MinValue]), "[0, 3)", "-2147483648"),
        ["TrainStep: label = classes"] = new(typeof(ArgumentException), (n, o) => n.TrainStep(Inputs(2), [1, 3], o), "[0, 3)", "3 at index 1"),
        ["ComputeGradients: fewer labels than samples"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(2), [1]), "one label per sample (2)", "got 1"),
        ["ComputeGradients: more labels than samples"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(1), [1, 2]), "one label per sample (1)", "got 2"),
        ["ComputeGradients: targets too short"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(2), new float[2 * Out - 1]), "Expected 6 values", "got 5"),
        ["ComputeGradients: targets too long"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(1), new float[2 * Out]), "Expected 3 values", "got 6"),
        ["TrainStep: targets of the wrong length"] = new(typeof(ArgumentException), (n, o) => n.TrainStep(Inputs(2), new float[Out], o), "Expected 6 values", "got 3"),
        ["ComputeGradients: targets with batch > MaxBatch"] = new(typeof(ArgumentException), (n, _) => n.ComputeGradients(Inputs(3), new float[3 * Out]), "MaxBatch = 2", "got 3"),
        ["TrainStep: null optimizer"] = new(typeof(ArgumentNullException), (n, _) => n.TrainStep(Inputs(1), [0], null!), "optimizer"),
        ["Threads = 0"] = new(typeof(ArgumentOutOfRangeException), (n, _) => n.Threads = 0, "at least 1", "got 0"),
        ["Threads = -3"] = new(typeof(ArgumentOutOfRangeException), (n, _) => n.Threads = -3, "at least 1", "got -3"),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Bad_arguments_throw_a_named_error_and_change_nothing(string name)
    {
        var @case = Cases[name];
        var network = new ReliabilityNet(MaxBatch, seed: 5);
        network.State.Fill(0.5f);
        network.ComputeGradients(Inputs(2), [2, 0]); // non-zero gradients, so "unchanged" means something
        var optimizer = new CountingOptimizer();
        var before = ModelSnapshot.Of(network);
        var threads = network.Threads;

        var error = Assert.Throws(@case.Exception, () => @case.Call(network, optimizer));

        foreach (var part in @case.Mentions) Assert.Contains(part, error.Message, StringComparison.Ordinal);
        before.AssertUnchanged(network, name);
        Assert.Equal(0, optimizer.Steps);
        Assert.Equal(threads, network.Threads);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void A_max_batch_below_one_is_refused_with_its_value(int maxBatch)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ReliabilityNet(maxBatch));
        Assert.Contains($"maxBatch must be at least 1, got {maxBatch}", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleConvNet(maxBatch));
    }

    [Fact]
    public void Forward_of_zero_samples_is_a_no_op()
    {
        var network = new ReliabilityNet(MaxBatch, seed: 5);
        var before = ModelSnapshot.Of(network);
        network.Forward([], []);
        before.AssertUnchanged(network, "Forward of zero samples");
    }

    [Fact]
    public void The_seed_networks_refuse_the_same_way()
    {
        var network = new SimpleConvNet(MaxBatch, seed: 1);
        var before = ModelSnapshot.Of(network);
        var input = new float[3 * SimpleConvNet.Sizes.InputLength];
        var error = Assert.Throws<ArgumentException>(() => network.ComputeGradients(input, [0, 1, 2]));
        Assert.Contains("MaxBatch = 2", error.Message);
        error = Assert.Throws<ArgumentException>(() => network.ComputeGradients(input[..SimpleConvNet.Sizes.InputLength], [10]));
        Assert.Contains("[0, 10)", error.Message);
        before.AssertUnchanged(network, "SimpleConvNet rejected calls");
    }
}
