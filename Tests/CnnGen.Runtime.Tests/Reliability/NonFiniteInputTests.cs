using CnnGen.Data;
using CnnGen.Samples;
using CnnGen.Training;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// NaN and infinity in inputs (the documented behaviour, docs/RELIABILITY.md): the generated API does not scan inputs;
/// Forward propagates NaN to every output of the affected sample (like PyTorch) and leaves the other samples exact;
/// a gradient call returns a NaN loss; the Trainer sees that loss before the optimizer step, stops with the step
/// number and restores the parameters and state of the last step whose loss was finite.
/// </summary>
public sealed class NonFiniteInputTests
{
    static float[] Inputs(int samples, int length, int seed) => Networks.NetworkData.Images(samples, length, seed);

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Forward_makes_every_output_of_the_poisoned_sample_non_finite_and_leaves_the_others_exact(float poison)
    {
        foreach (var network in new INetwork[] { new ReliabilityNet(maxBatch: 3, seed: 1), new SimpleConvNet(maxBatch: 3, seed: 1), new DeepConvNet(maxBatch: 3, seed: 1) })
        {
            var length = network.InputLength;
            var clean = Inputs(3, length, 2);
            var expected = new float[3 * network.OutputLength];
            network.Forward(clean, expected);

            var poisoned = clean.ToArray();
            poisoned[length + length / 2] = poison; // the middle pixel of sample 1
            var actual = new float[3 * network.OutputLength];
            var before = ModelSnapshot.Of(network);
            network.Forward(poisoned, actual);

            var outputs = network.OutputLength;
            Assert.Equal(expected[..outputs], actual[..outputs]);
            Assert.Equal(expected[(2 * outputs)..], actual[(2 * outputs)..]);
            Assert.All(actual[outputs..(2 * outputs)], value => Assert.False(float.IsFinite(value), $"{network.GetType().Name}: a {poison} input gave a finite output {value}"));
            before.AssertUnchanged(network, "inference must not change the model");
        }
    }

    [Fact]
    public void A_gradient_call_on_a_nan_input_returns_a_nan_loss()
    {
        var network = new ReliabilityNet(maxBatch: 2, seed: 1);
        var input = Inputs(2, ReliabilityNet.Sizes.InputLength, 3);
        input[7] = float.NaN;
        Assert.True(float.IsNaN(network.ComputeGradients(input, [0, 1])));
    }

    /// <summary>Plain SGD that records the parameters and state after every step, so the test knows each step's values.</summary>
    sealed class RecordingSgd(INetwork network, double learningRate) : IOptimizer
    {
        public double LearningRate { get; set; } = learningRate;
        public List<(float[] Parameters, float[] State)> After { get; } = [];
        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i] -= (float)LearningRate * gradients[i];
            After.Add((parameters.ToArray(), network.State.ToArray()));
        }
    }

    static Dataset Samples(int count, int seed, int poisonedSample = -1, float poison = float.NaN)
    {
        var images = Inputs(count, ReliabilityNet.Sizes.InputLength, seed);
        if (poisonedSample >= 0) images[poisonedSample * ReliabilityNet.Sizes.InputLength + 12] = poison;
        return new Dataset(images, Networks.NetworkData.Labels(count, 3, seed + 1), 1, 5, 5, 3);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void The_trainer_reports_a_poisoned_sample_as_divergence_and_keeps_the_last_good_step(float poison)
    {
        var network = new ReliabilityNet(maxBatch: 4, seed: 3);
        network.State.Fill(1f);
        var initial = (network.Parameters.ToArray(), network.State.ToArray());
        var optimizer = new RecordingSgd(network, 0.05);
        var train = Samples(40, seed: 5, poisonedSample: 29, poison: poison);

        var result = new Trainer(new TrainerOptions { Epochs = 3, BatchSize = 4, Seed = 1, MeasureTrainAccuracy = false }).Fit(network, optimizer, train);

        Assert.Equal(StopReason.Diverged, result.Reason);
        var step = (int)result.DivergedAtStep!.Value;
        Assert.InRange(step, 1, 10); // the poisoned sample is met in the first epoch
        Assert.Equal(step - 1, result.Steps);
        Assert.Contains($"step {step}", result.Message);
        // Step `step` met the poison; its parameters (after step - 1) gave that loss, so the trainer goes back to the
        // parameters and running statistics that gave step - 1 its finite loss: those after step - 2.
        var (parameters, state) = step >= 3 ? optimizer.After[step - 3] : initial;
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(state, network.State.ToArray());
        Assert.All(network.State.ToArray(), value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void An_exploding_learning_rate_is_stopped_with_its_step_and_finite_parameters()
    {
        var network = new ReliabilityNet(maxBatch: 4, seed: 3);
        var result = new Trainer(new TrainerOptions { Epochs = 20, BatchSize = 4, MeasureTrainAccuracy = false })
            .Fit(network, new Sgd(1e30), Samples(40, seed: 6));
        Assert.Equal(StopReason.Diverged, result.Reason);
        Assert.Contains($"step {result.DivergedAtStep}", result.Message);
        Assert.All(network.Parameters.ToArray(), value => Assert.True(float.IsFinite(value)));
        Assert.All(network.State.ToArray(), value => Assert.True(float.IsFinite(value)));
    }
}
