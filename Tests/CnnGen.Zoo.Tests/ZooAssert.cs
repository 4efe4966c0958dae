using Xunit.Abstractions;
using CnnGen.Tests.Golden;
using CnnGen.Weights;

namespace CnnGen.Zoo.Tests;

/// <summary>The checks every zoo family goes through, against its fixture from tools/golden/make_zoo_model_golden.py.</summary>
public static class ZooAssert
{
    /// <summary>
    /// torchvision's state_dict (drawn) loads strictly: the network's tensors are exactly torchvision's float keys, the
    /// file without its last key is refused, the whole file loads; then eval <c>Forward</c> on the drawn batch equals
    /// PyTorch's float64 output within <see cref="GoldenAssert.IsClose"/>. Returns the largest |ours − PyTorch|.
    /// </summary>
    public static double MatchesTorchvision(INetwork net, string family, ITestOutputHelper log)
    {
        var fixture = ZooFixture.Read(family);
        Assert.Equal(3 * fixture.Size * fixture.Size, net.InputLength);
        LoadsStrictly(net, fixture);

        var input = fixture.Input(fixture.Size, fixture.Batch);
        var output = new float[fixture.Batch * net.OutputLength];
        net.Forward(input, output);
        GoldenAssert.Close(family, "eval output", output, fixture.Output, net, null);
        var error = MaxError(output, fixture.Output);
        log.WriteLine($"{family}: {fixture.Keys.Length} state_dict keys, {net.Parameters.Length} parameters, max |ours - PyTorch| {error:E2} over {output.Length} logits (largest |logit| {fixture.Output.Max(Math.Abs):G4})");
        return error;
    }

    /// <summary>Loads the drawn state_dict, after checking the names match and that one key fewer is refused.</summary>
    public static void LoadsStrictly(INetwork net, ZooFixture fixture)
    {
        var floatKeys = fixture.Keys.Where(k => k.DataType == "F32").Select(k => k.Name).Order(StringComparer.Ordinal).ToArray();
        var ours = net.Tensors.ToArray().Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(floatKeys, ours);
        var shortened = fixture.Keys.Where(k => k.DataType == "F32").SkipLast(1).ToArray();
        var refusal = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(net, new StateDictStream(shortened)));
        Assert.Contains("missing " + fixture.Keys.Last(k => k.DataType == "F32").Name, refusal.Message);
        SafeTensors.Load(net, new StateDictStream(fixture.Keys));
    }

    /// <summary>
    /// One training-mode step at the fixture's small input size: the mean cross-entropy and every parameter's gradient at
    /// the sampled indices equal PyTorch's (batch-norm on batch statistics).
    /// </summary>
    public static void TrainingStepMatches(IClassifierNetwork net, string family, ITestOutputHelper log)
    {
        var fixture = ZooFixture.Read(family);
        var step = fixture.Training ?? throw new InvalidOperationException($"{family}.json has no training step");
        Assert.Equal(3 * step.Size * step.Size, net.InputLength);
        LoadsStrictly(net, fixture);
        var input = fixture.Input(step.Size, step.Labels.Length);
        var loss = net.ComputeGradients(input, step.Labels);
        GoldenAssert.Close(family, "training loss", loss, step.Loss);

        var tensors = net.Tensors.ToArray().Where(t => t.Store == TensorStore.Parameters).ToDictionary(t => t.Name);
        Assert.Equal(step.Gradients.Select(g => g.Name).Order(StringComparer.Ordinal), tensors.Keys.Order(StringComparer.Ordinal));
        var failures = new List<string>();
        var compared = 0;
        var maxError = 0.0;
        foreach (var sample in step.Gradients)
        {
            var tensor = tensors[sample.Name];
            for (var k = 0; k < sample.Indices.Length; k++)
            {
                var ours = net.Gradients[tensor.Offset + sample.Indices[k]];
                maxError = Math.Max(maxError, Math.Abs(ours - sample.Values[k]));
                compared++;
                if (!GoldenAssert.IsClose(ours, sample.Values[k]))
                    failures.Add($"  {sample.Name} (flat {sample.Indices[k]}): ours {ours:R}, PyTorch {sample.Values[k]:R}");
            }
        }
        Assert.True(failures.Count == 0, $"{family} training step: {failures.Count} of {compared} sampled gradients differ "
            + $"(tolerance 1e-4 + 2e-3·|torch|), in parameter order (first and last):\n{string.Join("\n", failures.Take(6).Concat(failures.TakeLast(6)))}");
        log.WriteLine($"{family} at {step.Size} px: loss {loss} (PyTorch {step.Loss}), {compared} sampled gradients over {step.Gradients.Length} parameters, max |ours - PyTorch| {maxError:E2}, largest |gradient| {step.Gradients.Max(g => g.Values.Max(Math.Abs)):G4}");
    }

    static double MaxError(ReadOnlySpan<float> ours, ReadOnlySpan<double> torch)
    {
        var max = 0.0;
        for (var i = 0; i < ours.Length; i++) max = Math.Max(max, Math.Abs(ours[i] - torch[i]));
        return max;
    }
}
