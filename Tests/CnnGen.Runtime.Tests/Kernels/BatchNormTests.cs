using System.Text.Json;
using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class BatchNormTests
{
    public static TheoryData<int> Cases() => new(0, 1);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch_training_forward_running_statistics_backward_and_inference(int index)
    {
        var c = KernelAssert.Fixture("Kernels", "Fixtures", "batchnorm.json").GetProperty("cases")[index];
        int batch = c.GetProperty("batch").GetInt32(), channels = c.GetProperty("channels").GetInt32(), spatial = c.GetProperty("spatial").GetInt32();
        var momentum = (float)c.GetProperty("momentum").GetDouble();
        var epsilon = (float)c.GetProperty("epsilon").GetDouble();
        var input = c.GetProperty("input").Floats();
        var gamma = c.GetProperty("gamma").Floats();
        var beta = c.GetProperty("beta").Floats();
        var runningMean = c.GetProperty("runningMean").Floats();
        var runningVariance = c.GetProperty("runningVariance").Floats();
        var output = KernelAssert.Poisoned(input.Length);
        var savedMean = new float[channels];
        var savedInverseStd = new float[channels];

        BatchNorm.ForwardTraining(input, output, gamma, beta, runningMean, runningVariance, savedMean, savedInverseStd, channels, spatial, batch, momentum, epsilon);
        KernelAssert.Close(Expect(c, "output"), output, 1e-5, 1e-4, "output");
        KernelAssert.Close(Expect(c, "runningMeanAfter"), runningMean, 1e-5, 1e-4, "running mean");
        KernelAssert.Close(Expect(c, "runningVarianceAfter"), runningVariance, 1e-5, 1e-4, "running variance (unbiased)");

        var gammaGradient = KernelAssert.Poisoned(channels);
        var betaGradient = KernelAssert.Poisoned(channels);
        var inputGradient = KernelAssert.Poisoned(input.Length);
        BatchNorm.Backward(input, c.GetProperty("outputGradient").Floats(), gamma, savedMean, savedInverseStd, gammaGradient, betaGradient, inputGradient, channels, spatial, batch);
        KernelAssert.Close(Expect(c, "gammaGradient"), gammaGradient, 1e-5, 1e-4, "gamma gradient");
        KernelAssert.Close(Expect(c, "betaGradient"), betaGradient, 1e-5, 1e-4, "beta gradient");
        KernelAssert.Close(Expect(c, "inputGradient"), inputGradient, 1e-5, 1e-4, "input gradient");

        BatchNorm.ForwardInference(input, output, gamma, beta, runningMean, runningVariance, channels, spatial, batch, epsilon);
        KernelAssert.Close(Expect(c, "inferenceOutput"), output, 1e-5, 1e-4, "inference output");
    }

    [Fact]
    public void Backward_agrees_with_central_differences()
    {
        const int batch = 3, channels = 2, spatial = 4;
        var input = KernelAssert.Random(batch * channels * spatial, 1, 2f);
        var gamma = KernelAssert.Random(channels, 2);
        var beta = KernelAssert.Random(channels, 3);
        var r = KernelAssert.Random(input.Length, 4);
        var output = new float[input.Length];
        var mean = new float[channels];
        var inverseStd = new float[channels];
        double Loss()
        {
            BatchNorm.ForwardTraining(input, output, gamma, beta, new float[channels], new float[channels], mean, inverseStd, channels, spatial, batch, 0.1f, 1e-5f);
            return KernelAssert.Dot(r, output);
        }

        Loss();
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        var dx = new float[input.Length];
        BatchNorm.Backward(input, r, gamma, mean, inverseStd, dGamma, dBeta, dx, channels, spatial, batch);
        KernelAssert.FiniteDifferences(input, dx, Loss, "dL/dx", step: 1e-2f, tolerance: 2e-2);
        KernelAssert.FiniteDifferences(gamma, dGamma, Loss, "dL/dgamma");
        KernelAssert.FiniteDifferences(beta, dBeta, Loss, "dL/dbeta");
    }

    [Fact]
    public void Training_on_a_single_value_per_channel_is_rejected_like_pytorch()
    {
        Assert.Throws<ArgumentException>(() => BatchNorm.ForwardTraining(new float[2], new float[2], [1, 1], [0, 0], new float[2], new float[2], new float[2], new float[2], 2, 1, 1, 0.1f, 1e-5f));
    }

    static double[] Expect(JsonElement c, string name) => c.GetProperty(name).Doubles();
}
