using System.Text.Json;
using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class LossTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in KernelAssert.Fixture("Kernels", "Fixtures", "losses.json").GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_pytorch_loss_and_gradient(string name)
    {
        var c = Case(name);
        var prediction = c.GetProperty("prediction").Floats();
        var target = c.GetProperty("target").Floats();
        var gradient = KernelAssert.Poisoned(prediction.Length);
        var loss = Evaluate(c, prediction, target, gradient);
        KernelAssert.Close([c.GetProperty("loss").GetDouble()], [loss], 1e-5, 1e-4, name + " loss");
        KernelAssert.Close(c.GetProperty("gradient").Doubles(), gradient, 1e-5, 1e-4, name + " gradient");

        // Loss only: an empty gradient span is allowed and gives the same value.
        Assert.Equal(loss, Evaluate(c, prediction, target, []));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_agrees_with_central_differences(string name)
    {
        var c = Case(name);
        var prediction = c.GetProperty("prediction").Floats();
        var target = c.GetProperty("target").Floats();
        var gradient = new float[prediction.Length];
        Evaluate(c, prediction, target, gradient);
        // L1 and SmoothL1 have kinks at |d| = 0 and |d| = beta, where the gradient is a convention (sign(0) = 0,
        // PyTorch's branch choice), not a derivative: coordinates near them are skipped.
        var kinked = name == "l1" || name.StartsWith("smooth_l1");
        var beta = name.StartsWith("smooth_l1") ? c.GetProperty("beta").GetDouble() : 0.0;
        var h = 1e-3f;
        for (var i = 0; i < prediction.Length; i++)
        {
            if (kinked)
            {
                var d = Math.Abs((double)prediction[i] - target[i]);
                if (d < 4 * h || Math.Abs(d - beta) < 4 * h) continue;
            }
            var original = prediction[i];
            prediction[i] = original + h;
            double plus = Evaluate(c, prediction, target, []);
            prediction[i] = original - h;
            double minus = Evaluate(c, prediction, target, []);
            prediction[i] = original;
            var numeric = (plus - minus) / ((double)(original + h) - (original - h));
            Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"{name}[{i}]: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Labels_outside_the_classes_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new float[6], [0, 3], new float[6], 3, 2));
        Assert.Contains("3", error.Message);
        Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(new float[6], [-1, 0], new float[6], 3, 2));
    }

    static JsonElement Case(string name) =>
        KernelAssert.Fixture("Kernels", "Fixtures", "losses.json").GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    static float Evaluate(JsonElement c, float[] prediction, float[] target, Span<float> gradient)
    {
        var name = c.GetProperty("name").GetString()!;
        if (name.StartsWith("cross_entropy"))
        {
            int classes = c.GetProperty("classes").GetInt32(), batch = c.GetProperty("batch").GetInt32();
            return name.StartsWith("cross_entropy_labels")
                ? Losses.SoftmaxCrossEntropy(prediction, target.Select(t => (int)t).ToArray(), gradient, classes, batch)
                : Losses.SoftmaxCrossEntropy(prediction, target, gradient, classes, batch);
        }
        if (name == "bce_with_logits") return Losses.BinaryCrossEntropyWithLogits(prediction, target, gradient);
        if (name == "mse") return Losses.MeanSquaredError(prediction, target, gradient);
        if (name == "l1") return Losses.L1(prediction, target, gradient);
        if (name.StartsWith("smooth_l1")) return Losses.SmoothL1(prediction, target, gradient, (float)c.GetProperty("beta").GetDouble());
        throw new InvalidOperationException("unknown case " + name);
    }
}
