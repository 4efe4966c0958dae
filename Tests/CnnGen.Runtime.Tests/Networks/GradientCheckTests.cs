using System.Text;
using CnnGen.Tests.Golden;

namespace CnnGen.Tests.Networks;

/// <summary>
/// Finite differences of the loss against <see cref="IChainableNetwork.Gradients"/>, every parameter, and of Σ g·output
/// against Backward's input and parameter gradients, on networks that
/// together hold every layer kind and every loss: the golden networks (Conv2D with stride/padding/no bias, Dense
/// with/without bias, both pools with padding, GlobalAvgPool, Flatten, all activations, Softmax before MSE, BatchNorm
/// 2-D and 1-D in training mode, Add), the graph-network layer kinds (<see cref="LayerNetworks"/>) and one with Dropout in
/// training mode (the masks are held fixed by <see cref="IChainableNetwork.Reseed"/> before every evaluation).
/// </summary>
/// <remarks>
/// ReLU, LeakyReLU, max-pool and L1 make the loss only piecewise smooth, and in float32 the step h cannot be small
/// enough to miss every kink (a first-layer weight moves hundreds of pre-activations). So the check uses the fundamental
/// theorem of calculus, which holds across kinks: L(θ + h) − L(θ − h) = ∫ ∂L/∂θᵢ over [θ − h, θ + h]. The integral is the
/// composite trapezoid rule over <see cref="Panels"/> panels of our analytic gradient. Its error is Δ²·L'''/12 on smooth
/// pieces (≈ 1.3e-7·L''' here) plus at most Δ/2 × the jump at each kink, bounded by half the observed variation of the
/// sampled gradient divided by the panel count (the <c>kinks</c> term). The loss difference carries float32 rounding of
/// ≈ 64·2⁻²⁴·|L| per evaluation, divided by 2h (the <c>noise</c> term); 1e-2 relative covers float32 gradients.
/// The input gradient (Backward's) is checked directly, on every golden network including those without a loss head,
/// whose parameter-free first layers only run for it.
/// </remarks>
public class GradientCheckTests
{
    const float Step = 1e-2f;
    const int Panels = 16;
    const int Batch = 3;
    const int Seed = 11;

    public static TheoryData<string> Networks() => new(AllNames().Where(name => Create(name, 1) is ITrainableNetwork));

    public static TheoryData<string> AllNetworks() => new(AllNames());

    static IEnumerable<string> AllNames() => GoldenNetworks.Create.Keys.Concat(LayerNetworks.Create.Keys).Order();

    static INetwork Create(string name, int batch) => (GoldenNetworks.Create.TryGetValue(name, out var create) ? create : LayerNetworks.Create[name])(batch);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Parameter_gradients_integrate_to_the_loss_differences(string name)
    {
        var net = (ITrainableNetwork)Create(name, Batch);
        net.Threads = 1;
        var random = new SeededRandom(name.Aggregate(17L, (hash, c) => hash * 31 + c));
        Randomize(net, random);
        var input = Uniform(random, Batch * net.InputLength, -1, 1);
        var loss = LossFunction(net, input, random);
        var (failures, report) = Check(net.Parameters.Length, i => net.Parameters[i], (i, v) => net.Parameters[i] = v,
            () => loss(), i => net.Gradients[i], i => Locate(net, i), out var initialLoss, out var noise);
        Assert.True(failures == 0,
            $"{name} (loss {initialLoss}, noise {noise:G3}): {failures} of {net.Parameters.Length} parameters fail\n{report}");
    }

    /// <summary>
    /// The chaining API on every golden network (with and without a loss head, which it ignores): after
    /// ForwardTraining, Backward(g) must give the gradient of Σ g·output with respect to every input value and every
    /// parameter. The input side goes through every layer kind's input-gradient code, the first layer's included.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllNetworks))]
    public void Backward_input_and_parameter_gradients_integrate_to_the_differences_of_the_output_projection(string name)
    {
        var net = (IChainableNetwork)Create(name, Batch);
        net.Threads = 1;
        var random = new SeededRandom(name.Aggregate(29L, (hash, c) => hash * 31 + c));
        Randomize(net, random);
        var input = Uniform(random, Batch * net.InputLength, -1, 1);
        var outputGradient = Uniform(random, Batch * net.OutputLength, -1, 1);
        var output = new float[outputGradient.Length];
        var inputGradient = new float[input.Length];
        float Projection()
        {
            net.Reseed(Seed);
            net.ForwardTraining(input, output);
            net.Backward(outputGradient, inputGradient);
            var sum = 0.0;
            for (var i = 0; i < output.Length; i++) sum += (double)outputGradient[i] * output[i];
            return (float)sum;
        }

        var (inputFailures, inputReport) = Check(input.Length, i => input[i], (i, v) => input[i] = v,
            Projection, i => inputGradient[i], i => $"input[{i / net.InputLength},{i % net.InputLength}]", out var initial, out var noise);
        var (parameterFailures, parameterReport) = Check(net.Parameters.Length, i => net.Parameters[i], (i, v) => net.Parameters[i] = v,
            Projection, i => net.Gradients[i], i => Locate(net, i), out _, out _);
        Assert.True(inputFailures + parameterFailures == 0,
            $"{name} (Σ g·output {initial}, noise {noise:G3}): {inputFailures} of {input.Length} input values and " +
            $"{parameterFailures} of {net.Parameters.Length} parameters fail\n{inputReport}{parameterReport}");
    }

    /// <summary>
    /// Moves each value across [v − h, v + h] in <see cref="Panels"/> panels and compares the function's difference
    /// with the trapezoid integral of the analytic gradient read after each evaluation (see the remarks).
    /// </summary>
    static (int Failures, string Report) Check(int count, Func<int, float> get, Action<int, float> set, Func<float> function,
        Func<int, float> gradientAt, Func<int, string> locate, out float initialValue, out double noise)
    {
        initialValue = function();
        noise = 64 * Math.Pow(2, -24) * (Math.Abs(initialValue) + 1e-3) / Step;
        var report = new StringBuilder();
        var failures = 0;
        var gradient = new double[Panels + 1];
        var points = new float[Panels + 1];
        for (var i = 0; i < count; i++)
        {
            var original = get(i);
            double down = 0, up = 0;
            for (var k = 0; k <= Panels; k++)
            {
                points[k] = original - Step + 2 * Step * k / Panels;
                set(i, points[k]);
                var value = function();
                gradient[k] = gradientAt(i);
                if (k == 0) down = value;
                if (k == Panels) up = value;
            }
            set(i, original);

            var width = (double)points[Panels] - points[0];
            double integral = 0, variation = 0;
            for (var k = 0; k < Panels; k++)
            {
                integral += ((double)points[k + 1] - points[k]) * (gradient[k] + gradient[k + 1]) / 2;
                variation += Math.Abs(gradient[k + 1] - gradient[k]);
            }
            var difference = (up - down) / width;
            var averageGradient = integral / width;
            var kinks = variation / (2 * Panels);
            var tolerance = noise + kinks + 1e-2 * Math.Max(Math.Abs(difference), Math.Abs(averageGradient));
            if (Math.Abs(difference - averageGradient) <= tolerance) continue;
            if (failures++ < 10)
                report.AppendLine($"  {locate(i)}: mean analytic gradient {averageGradient:G6}, difference {difference:G6}, tolerance {tolerance:G3}");
        }
        return (failures, report.ToString());
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
            // A (C, H, W) head classifies each pixel over the C channels: one label per pixel.
            var shape = net.Layers[^1].InputShape;
            var (classes, pixels) = shape.Length == 3 ? (shape[0], shape[1] * shape[2]) : (net.OutputLength, 1);
            var labels = new int[Batch * pixels];
            for (var i = 0; i < labels.Length; i++) labels[i] = random.NextInt(classes);
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
