using System.Text;
using CnnGen.Tests.Golden;

namespace CnnGen.Tests.Networks;

/// <summary>
/// Central differences against <see cref="ITrainableNetwork.Gradients"/>, every parameter, on networks that together hold
/// every layer kind and every loss: the golden networks (Conv2D with stride/padding/no bias, Dense with/without bias,
/// both pools with padding, GlobalAvgPool, Flatten, all activations, Softmax before MSE, BatchNorm 2-D and 1-D in training
/// mode, Add) and one with Dropout in training mode (the mask is held fixed by <see cref="ITrainableNetwork.Reseed"/>).
/// </summary>
/// <remarks>
/// The loss is a float32 sum of a few hundred terms, so its rounding error is ≈ 64·2⁻²⁴·|L|; the central difference
/// divides that by 2h, giving the absolute noise floor below. The truncation error is h²·L'''/6 ≈ 2e-5·L''' for h = 1e-2,
/// inside the 1e-2 relative part. A coordinate whose difference quotient changes between h and h/2 by more than the
/// tolerance has a ReLU, max-pool or L1 kink within h: it is skipped, and at most 5% (and 3 per network) may be skipped,
/// so a wrong gradient cannot hide there.
/// The generated API exposes no gradient with respect to the network input (the first layer skips it), so the input
/// side is checked through the layers: every layer kind sits after a Conv2D or Dense in at least one of these networks,
/// so its input-gradient code decides the gradients of that earlier layer's parameters, which are checked here.
/// </remarks>
public class GradientCheckTests
{
    const float Step = 1e-2f;
    const int Batch = 3;
    const int Seed = 11;

    public static TheoryData<string> Networks() => new(GoldenNetworks.Create.Keys.Order());

    [Theory]
    [MemberData(nameof(Networks))]
    public void Parameter_gradients_match_central_differences(string name)
    {
        var net = (ITrainableNetwork)GoldenNetworks.Create[name](Batch);
        var random = new SeededRandom(name.Aggregate(17L, (hash, c) => hash * 31 + c));
        Randomize(net, random);
        var input = Uniform(random, Batch * net.InputLength, -1, 1);
        var loss = LossFunction(net, input, random);

        var initialLoss = loss();
        var analytic = net.Gradients.ToArray();
        var parameters = net.Parameters;
        var numeric = new double[parameters.Length];
        var checkedCoordinates = new bool[parameters.Length];
        var noiseFloor = 64 * Math.Pow(2, -24) * (Math.Abs(initialLoss) + 1e-3) / Step;
        var skipped = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var wide = Difference(net, loss, i, Step);
            var narrow = Difference(net, loss, i, Step / 2);
            if (Math.Abs(wide - narrow) > Tolerance(wide, analytic[i], 4 * noiseFloor))
            {
                skipped++;
                continue;
            }
            numeric[i] = wide;
            checkedCoordinates[i] = true;
        }

        var report = new StringBuilder();
        foreach (var tensor in net.Tensors)
        {
            if (tensor.Store != TensorStore.Parameters) continue;
            double errorSquared = 0, analyticSquared = 0;
            for (var i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                if (!checkedCoordinates[i]) continue;
                var error = numeric[i] - analytic[i];
                errorSquared += error * error;
                analyticSquared += analytic[i] * analytic[i];
                if (Math.Abs(error) > Tolerance(numeric[i], analytic[i], noiseFloor) && report.Length < 2000)
                    report.AppendLine($"  {tensor.Name} flat {i - tensor.Offset}: analytic {analytic[i]:G6}, numeric {numeric[i]:G6}");
            }
            var normBound = 1e-2 * Math.Sqrt(analyticSquared) + Math.Sqrt(tensor.Length) * noiseFloor;
            if (Math.Sqrt(errorSquared) > normBound)
                report.AppendLine($"  {tensor.Name}: ‖numeric − analytic‖ = {Math.Sqrt(errorSquared):G4} > {normBound:G4}");
        }
        Assert.True(report.Length == 0, $"{name} (loss {initialLoss}, noise floor {noiseFloor:G3}):\n{report}");
        Assert.True(skipped <= Math.Min(3, parameters.Length / 20),
            $"{name}: {skipped} of {parameters.Length} coordinates sit on a kink (more than allowed): values not well separated");
    }

    /// <summary>(L(θᵢ + h) − L(θᵢ − h)) / (actual float step), restoring θᵢ.</summary>
    static double Difference(ITrainableNetwork net, Func<float> loss, int index, float h)
    {
        var original = net.Parameters[index];
        var up = original + h;
        var down = original - h;
        net.Parameters[index] = up;
        double lossUp = loss();
        net.Parameters[index] = down;
        double lossDown = loss();
        net.Parameters[index] = original;
        return (lossUp - lossDown) / ((double)up - down);
    }

    static double Tolerance(double a, double b, double absolute) => absolute + 1e-2 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>One training-mode loss evaluation with the same dropout masks every time.</summary>
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
