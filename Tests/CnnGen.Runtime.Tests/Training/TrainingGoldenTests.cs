using System.Text.Json;
using CnnGen.Data;
using CnnGen.Tests.Kernels;

namespace CnnGen.Tests.Training;

/// <summary>Schedules, gradient clipping and the affine warp against PyTorch (tools/golden/make_training_golden.py).</summary>
public sealed class TrainingGoldenTests
{
    static readonly Lazy<JsonElement> Data = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Training", "Fixtures", "training.json"))).RootElement);

    public static JsonElement Fixture(string section) => Data.Value.GetProperty(section);

    public static TheoryData<string> Schedules()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture("schedules").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Every_step_of_the_schedule_matches_torch_lr_scheduler(string name)
    {
        var c = Fixture("schedules").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var args = c.GetProperty("args");
        double D(string key) => args.GetProperty(key).GetDouble();
        int I(string key) => args.GetProperty(key).GetInt32();
        ILearningRateSchedule schedule = c.GetProperty("kind").GetString() switch
        {
            "MultiStepDecay" => new MultiStepDecay(D("initial"), args.GetProperty("milestones").EnumerateArray().Select(m => m.GetInt32()).ToArray(), D("gamma")),
            "WarmupCosine" => new WarmupCosine(D("initial"), I("warmupSteps"), I("totalSteps"), D("minimum"), D("startFactor")),
            "OneCycle" => new OneCycle(D("maxLearningRate"), I("totalSteps"), D("pctStart"), D("divFactor"), D("finalDivFactor"), args.GetProperty("threePhase").GetBoolean()),
            "ReduceOnPlateau" => new ReduceOnPlateau(D("initial"), args.GetProperty("maximize").GetBoolean(), D("factor"), I("patience"), D("threshold"),
                args.GetProperty("absoluteThreshold").GetBoolean(), I("cooldown"), D("minimum")),
            var kind => throw new InvalidDataException($"unknown schedule {kind}"),
        };
        var expected = c.GetProperty("rates").Doubles();
        var metrics = c.TryGetProperty("metrics", out var m) ? m.Doubles() : null;
        for (var t = 0; t < expected.Length; t++)
        {
            var actual = schedule.LearningRateAt(t);
            // torch updates most rates recursively (lr·factor per step); the closed form differs by rounding only.
            Assert.True(Math.Abs(actual - expected[t]) <= 1e-12 + 1e-10 * Math.Abs(expected[t]), $"{name} step {t}: expected {expected[t]:R}, got {actual:R}");
            if (metrics is not null) ((IMetricSchedule)schedule).Observe(metrics[t]);
        }
    }

    [Fact]
    public void Clip_grad_norm_matches_torch()
    {
        foreach (var c in Fixture("clipping").EnumerateArray())
        {
            var gradients = c.GetProperty("gradients").Floats();
            var norm = GradientClipping.ClipGradNorm(gradients, c.GetProperty("maxNorm").GetDouble());
            Assert.Equal(c.GetProperty("norm").GetDouble(), norm, 1e-9 * norm);
            KernelAssert.Close(c.GetProperty("clipped").Doubles(), gradients, 1e-7, 1e-6, "clipped gradients");
        }
    }

    [Fact]
    public void Clipping_leaves_small_and_non_finite_gradients_alone_and_rejects_a_bad_norm()
    {
        float[] small = [0.3f, -0.4f];
        Assert.Equal(0.5, GradientClipping.ClipGradNorm(small, 1.0), 6);
        Assert.Equal([0.3f, -0.4f], small);
        float[] poisoned = [float.NaN, 3f];
        Assert.True(double.IsNaN(GradientClipping.ClipGradNorm(poisoned, 1.0)));
        Assert.Equal(3f, poisoned[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm(small, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm(small, double.PositiveInfinity));
    }

    [Fact]
    public void Affine_warp_matches_grid_sample_with_affine_grid()
    {
        foreach (var c in Fixture("warps").EnumerateArray())
        {
            int channels = c.GetProperty("channels").GetInt32(), height = c.GetProperty("height").GetInt32(), width = c.GetProperty("width").GetInt32();
            var image = c.GetProperty("image").Floats();
            RandomAffine.Warp(image, channels, height, width, c.GetProperty("degrees").GetDouble(), c.GetProperty("scale").GetDouble(), new float[image.Length]);
            KernelAssert.Close(c.GetProperty("warped").Doubles(), image, 1e-5, 1e-5, $"warp {c.GetProperty("degrees").GetDouble()}° ×{c.GetProperty("scale").GetDouble()}");
        }
    }
}

/// <summary>A dense head with <c>CrossEntropyLoss(label_smoothing=0.2)</c>: the attribute argument reaches the loss kernel.</summary>
[Network(6)]
[Dense(4)]
[SoftmaxCrossEntropy(LabelSmoothing = 0.2)]
public partial class SmoothedHead;

public sealed class LabelSmoothingTests
{
    [Fact]
    public void Label_smoothing_matches_torch_cross_entropy_loss_and_its_gradient()
    {
        foreach (var c in TrainingGoldenTests.Fixture("smoothing").EnumerateArray())
        {
            int batch = c.GetProperty("batch").GetInt32(), classes = c.GetProperty("classes").GetInt32();
            var smoothing = (float)c.GetProperty("smoothing").GetDouble();
            var logits = c.GetProperty("logits").Floats();
            var labels = c.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32()).ToArray();
            var gradient = new float[batch * classes];
            var loss = CnnGen.Kernels.Losses.SoftmaxCrossEntropy(logits, labels, gradient, classes, batch, smoothing);
            Assert.Equal(c.GetProperty("loss").GetDouble(), loss, 5e-6);
            KernelAssert.Close(c.GetProperty("gradient").Doubles(), gradient, 1e-7, 1e-5, $"smoothing {smoothing} gradient");

            // The same through one-hot probability targets (torch smooths those the same way).
            var targets = new float[batch * classes];
            for (var n = 0; n < batch; n++) targets[n * classes + labels[n]] = 1;
            var probabilityGradient = new float[batch * classes];
            Assert.Equal(c.GetProperty("loss").GetDouble(), CnnGen.Kernels.Losses.SoftmaxCrossEntropy(logits, targets, probabilityGradient, classes, batch, smoothing), 5e-6);
            KernelAssert.Close(c.GetProperty("gradient").Doubles(), probabilityGradient, 1e-7, 1e-5, $"smoothing {smoothing} probability-target gradient");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => CnnGen.Kernels.Losses.SoftmaxCrossEntropy(new float[3], [0], new float[3], 3, 1, 1.5f));
    }

    [Fact]
    public void The_attribute_argument_smooths_the_generated_networks_loss()
    {
        var network = new SmoothedHead(maxBatch: 3, seed: 1);
        var input = KernelAssert.Random(18, 4);
        int[] labels = [2, 0, 3];
        var logits = new float[12];
        network.Forward(input, logits);
        var expected = CnnGen.Kernels.Losses.SoftmaxCrossEntropy(logits, labels, new float[12], 4, 3, 0.2f);
        var plain = CnnGen.Kernels.Losses.SoftmaxCrossEntropy(logits, labels, new float[12], 4, 3);
        Assert.NotEqual(plain, expected);
        Assert.Equal(expected, network.ComputeGradients(input, labels));
        Assert.Equal(0.2, network.Layers[^1].Alpha, 6);
    }
}
