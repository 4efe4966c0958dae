using System.Text.Json;
using CnnGen.Tests.Kernels;

namespace CnnGen.Tests.Optimizers;

public class OptimizerTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture().EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_step_matches_torch_optim(string name)
    {
        var c = Fixture().EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var optimizer = Create(c.GetProperty("kind").GetString()!, c.GetProperty("options"));
        var parameters = c.GetProperty("initial").Floats();
        var expected = c.GetProperty("parameters").EnumerateArray().ToArray();
        var gradients = c.GetProperty("gradients").EnumerateArray().ToArray();
        Assert.True(gradients.Length >= 3);
        for (var step = 0; step < gradients.Length; step++)
        {
            optimizer.Step(parameters, gradients[step].Floats());
            KernelAssert.Close(expected[step].Doubles(), parameters, 1e-5, 1e-4, $"{name} step {step + 1}");
        }
    }

    public static TheoryData<string> Kinds() => new("Sgd", "SgdMomentum", "AdaGrad", "RmsProp", "RmsPropMomentum", "Adam", "AdamW");

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lengths_are_checked_and_steps_allocate_nothing_after_the_first(string kind)
    {
        var optimizer = kind switch
        {
            "Sgd" => (IOptimizer)new Sgd(0.1),
            "SgdMomentum" => new Sgd(0.1, momentum: 0.9),
            "AdaGrad" => new AdaGrad(),
            "RmsProp" => new RmsProp(),
            "RmsPropMomentum" => new RmsProp(momentum: 0.5),
            "Adam" => new Adam(),
            _ => new AdamW(),
        };
        var parameters = KernelAssert.Random(50, 1);
        var gradients = KernelAssert.Random(50, 2);

        var mismatch = Assert.Throws<ArgumentException>(() => optimizer.Step(parameters, gradients.AsSpan(0, 49)));
        Assert.Contains("50", mismatch.Message);
        Assert.Contains("49", mismatch.Message);

        optimizer.Step(parameters, gradients);
        var before = GC.GetAllocatedBytesForCurrentThread();
        optimizer.Step(parameters, gradients);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        var changed = Assert.Throws<ArgumentException>(() => optimizer.Step(parameters.AsSpan(0, 40), gradients.AsSpan(0, 40)));
        Assert.Contains("50", changed.Message);
        Assert.Contains("40", changed.Message);
    }

    // Every option that changes the formula: weight decay, dampening, Nesterov, momentum buffers, decoupled decay.
    static IOptimizer CreateWithOptions(string kind) => kind switch
    {
        "Sgd" => new Sgd(0.1, weightDecay: 0.01),
        "SgdMomentum" => new Sgd(0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01),
        "SgdNesterov" => new Sgd(0.1, momentum: 0.9, nesterov: true),
        "AdaGrad" => new AdaGrad(0.1, weightDecay: 0.01),
        "RmsProp" => new RmsProp(weightDecay: 0.01),
        "RmsPropMomentum" => new RmsProp(momentum: 0.5, weightDecay: 0.01),
        "Adam" => new Adam(weightDecay: 0.01),
        _ => new AdamW(),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    [InlineData("SgdNesterov")]
    public void Each_parameter_is_updated_as_if_it_were_alone(string kind)
    {
        // 37 values: whole blocks of vector lanes plus a tail; each value also stepped by its own one-element
        // optimizer, which takes the tail path only. The vectorised update must give the same bits.
        const int length = 37;
        var optimizer = CreateWithOptions(kind);
        var parameters = KernelAssert.Random(length, 3);
        var alone = parameters.Select(p => new[] { p }).ToArray();
        var optimizers = alone.Select(_ => CreateWithOptions(kind)).ToArray();
        for (var step = 0; step < 3; step++)
        {
            var gradients = KernelAssert.Random(length, 10 + step);
            optimizer.Step(parameters, gradients);
            for (var i = 0; i < length; i++) optimizers[i].Step(alone[i], gradients.AsSpan(i, 1));
            for (var i = 0; i < length; i++)
                Assert.True(BitConverter.SingleToInt32Bits(alone[i][0]) == BitConverter.SingleToInt32Bits(parameters[i]),
                    $"{kind} step {step + 1}, parameter {i}: {parameters[i]:R} in a vector, {alone[i][0]:R} alone");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Two_threads_give_the_bits_of_one(string kind)
    {
        // Over 3 parallel chunks of parameters plus a tail: the update is split across threads only above 2 chunks.
        const int length = 3 * 16384 + 37;
        float[] Train(int threads)
        {
            using var scope = Threading.KernelThreads.Use(threads);
            var optimizer = CreateWithOptions(kind);
            var parameters = KernelAssert.Random(length, 4);
            for (var step = 0; step < 2; step++) optimizer.Step(parameters, KernelAssert.Random(length, 20 + step));
            return parameters;
        }
        var one = Train(1);
        var two = Train(2);
        for (var i = 0; i < length; i++)
            Assert.True(BitConverter.SingleToInt32Bits(one[i]) == BitConverter.SingleToInt32Bits(two[i]), $"{kind}, parameter {i}: {one[i]:R} with 1 thread, {two[i]:R} with 2");
    }

    [Fact]
    public void The_learning_rate_can_be_changed_between_steps()
    {
        var optimizer = new Sgd(0.1);
        float[] parameters = [1f];
        optimizer.LearningRate = 0.5;
        optimizer.Step(parameters, [2f]);
        Assert.Equal(0f, parameters[0]);
        Assert.Equal(0.5, optimizer.LearningRate);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = -1);
    }

    [Fact]
    public void Invalid_hyper_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1, momentum: -1));
        Assert.Throws<ArgumentException>(() => new Sgd(0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => new Sgd(0.1, momentum: 0.9, nesterov: true, dampening: 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaGrad(epsilon: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(alpha: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(beta2: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(weightDecay: double.NaN));
    }

    static JsonElement Fixture() => KernelAssert.Fixture("Optimizers", "Fixtures", "optimizers.json").GetProperty("cases");

    static IOptimizer Create(string kind, JsonElement options)
    {
        double Get(string name, double fallback) => options.TryGetProperty(name, out var v) ? v.GetDouble() : fallback;
        var lr = Get("lr", double.NaN);
        var weightDecay = Get("weight_decay", kind == "AdamW" ? 0.01 : 0);
        return kind switch
        {
            "Sgd" => new Sgd(lr, Get("momentum", 0), options.TryGetProperty("nesterov", out var n) && n.GetBoolean(), weightDecay, Get("dampening", 0)),
            "AdaGrad" => new AdaGrad(lr, Get("eps", 1e-10), weightDecay),
            "RmsProp" => new RmsProp(lr, Get("alpha", 0.99), Get("eps", 1e-8), weightDecay, Get("momentum", 0)),
            "Adam" => new Adam(lr, Get("beta1", 0.9), Get("beta2", 0.999), Get("eps", 1e-8), weightDecay),
            "AdamW" => new AdamW(lr, Get("beta1", 0.9), Get("beta2", 0.999), Get("eps", 1e-8), weightDecay),
            _ => throw new InvalidOperationException(kind),
        };
    }
}
