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
