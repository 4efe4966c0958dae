using System.Text;
using CnnGen.Tests.Golden;

namespace CnnGen.Tests.Networks;

/// <summary>
/// Finite differences of the loss against <see cref="IChainableNetwork.Gradients"/>, every parameter, on networks that
/// together hold every layer kind and every loss: the golden networks (Conv2D with stride/padding/no bias, Dense
/// with/without bias, both pools with padding, GlobalAvgPool, Flatten, all activations, Softmax before MSE, BatchNorm
/// 2-D and 1-D in training mode, Add) and one with Dropout in training mode (the masks are held fixed by
/// <see cref="IChainableNetwork.Reseed"/> before every evaluation).
/// </summary>
/// <remarks>
/// ReLU, LeakyReLU, max-pool and L1 make the loss only piecewise smooth, and in float32 the step h cannot be small
/// enough to miss every kink (a first-layer weight moves hundreds of pre-activations). So the check uses the fundamental
/// theorem of calculus, which holds across kinks: L(θ + h) − L(θ − h) = ∫ ∂L/∂θᵢ over [θ − h, θ + h]. The integral is the
/// composite trapezoid rule over <see cref="Panels"/> panels of our analytic gradient. Its error is Δ²·L'''/12 on smooth
/// pieces (≈ 2e-6·L''' here) plus at most Δ/2 × the jump at each kink, bounded by half the observed variation of the
/// sampled gradient divided by the panel count (the <c>kinks</c> term). The loss difference carries float32 rounding of
/// ≈ 64·2⁻²⁴·|L| per evaluation, divided by 2h (the <c>noise</c> term); 1e-2 relative covers float32 gradients.
/// The generated API exposes no gradient with respect to the network input (the first layer skips it), so the input
/// side is checked through the layers: every layer kind sits after a Conv2D or Dense in at least one of these networks,
/// so its input-gradient code decides the gradients of that earlier layer's parameters, which are checked here.
/// </remarks>
public class GradientCheckTests
{
    const float Step = 1e-2f;
    const int Panels = 8;
    const int Batch = 3;
    const int Seed = 11;

    public static TheoryData<string> Networks() => new(GoldenNetworks.Create.Keys.Order());

    [Theory]
    [MemberData(nameof(Networks))]
    public void Parameter_gradients_integrate_to_the_loss_differences(string name)
    {
        var net = (ITrainableNetwork)GoldenNetworks.Create[name](Batch);
        net.Threads = 1;
        var random = new SeededRandom(name.Aggregate(17L, (hash, c) => hash * 31 + c));
        Randomize(net, random);
        var input = Uniform(random, Batch * net.InputLength, -1, 1);
        var loss = LossFunction(net, input, random);

        var initialLoss = loss();
        var noise = 64 * Math.Pow(2, -24) * (Math.Abs(initialLoss) + 1e-3) / Step;
        var report = new StringBuilder();
        var failures = 0;
        var gradient = new double[Panels + 1];
        var points = new float[Panels + 1];
        for (var i = 0; i < net.Parameters.Length; i++)
        {
            var original = net.Parameters[i];
            double lossDown = 0, lossUp = 0;
            for (var k = 0; k <= Panels; k++)
            {
                points[k] = original - Step + 2 * Step * k / Panels;
                net.Parameters[i] = points[k];
                var value = loss();
                gradient[k] = net.Gradients[i];
                if (k == 0) lossDown = value;
                if (k == Panels) lossUp = value;
            }
            net.Parameters[i] = original;

            var width = (double)points[Panels] - points[0];
            double integral = 0, variation = 0;
            for (var k = 0; k < Panels; k++)
            {
                integral += ((double)points[k + 1] - points[k]) * (gradient[k] + gradient[k + 1]) / 2;
                variation += Math.Abs(gradient[k + 1] - gradient[k]);
            }
            var difference = (lossUp - lossDown) / width;
            var averageGradient = integral / width;
            var kinks = variation / (2 * Panels);
            var tolerance = noise + kinks + 1e-2 * Math.Max(Math.Abs(difference), Math.Abs(averageGradient));
            if (Math.Abs(difference - averageGradient) <= tolerance) continue;
            if (failures++ < 10)
                report.AppendLine($"  {Locate(net, i)}: mean analytic gradient {averageGradient:G6}, loss difference {difference:G6}, tolerance {tolerance:G3}");
        }
        Assert.True(failures == 0,
            $"{name} (loss {initialLoss}, noise {noise:G3}): {failures} of {net.Parameters.Length} parameters fail\n{report}");
    }

    static string Locate(INetwork net, int index)
    {
        foreach (var tensor in net.Tensors)
            if (tensor.Store == TensorStore.Parameters && index >= tensor.Offset && index < tensor.Offset + tensor.Length)
                return $"{tensor.Name} flat {index - tensor.Offset}";
        return $"parameter {index}";
    }

    /// <summary>One training-mode loss evaluation (it also overwrites Gradients) with the same dropout masks every time.</summary>
    static Func<float> LossFunction(ITrainableNetwork net, float[] input, SeededRandom random)
    {
        if (net is IClassifierNetwork classifier)
        {
            var labels = new int[Batch];
            for (var i = 0; i < Batch; i++) labels[i] = random.NextInt(net.OutputLength);
            return () => { classifier.Reseed(Seed); return classifier.ComputeGradients(input, labels); };
        }
        var targets = Uniform(random, Batch * net.OutputLength, 0, 1);
        return () => { net.Reseed(Seed); return net.ComputeGradients(input, targets); };
    }

    /// <summary>Parameters in ±0.6 (weights of these small layers stay in the sigmoid/tanh linear range), running variances positive.</summary>
    static void Randomize(INetwork net, SeededRandom random)
    {
        Uniform(random, net.Parameters.Length, -0.6f, 0.6f).CopyTo(net.Parameters);
        foreach (var tensor in net.Tensors)
        {
            if (tensor.Store != TensorStore.State) continue;
            var variance = tensor.Name.EndsWith("running_var", StringComparison.Ordinal);
            Uniform(random, tensor.Length, variance ? 0.5f : -0.5f, variance ? 2f : 0.5f).CopyTo(net.State.Slice(tensor.Offset));
        }
    }

    static float[] Uniform(SeededRandom random, int length, float low, float high)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = low + (high - low) * random.NextSingle();
        return values;
    }
}
