using CnnGen.Samples;
using CnnGen.Tests.Networks;
using Xunit.Abstractions;

namespace CnnGen.Tests.Quantization;

/// <summary>
/// Every int8 path of the generated <c>Quantized</c>: a batch norm folded into a convolution, a depthwise convolution
/// with a ReLU6 clamp, a 1×1 convolution, an Add with its ReLU fused, average pooling, a Concat of two scales, a Tanh in
/// float, global average pooling, a dense layer writing the logits.
/// </summary>
[Network(3, 10, 10)]
[Conv2D(8, 3, Padding = 1, Bias = false, Name = "stem")] [BatchNorm(Name = "bn")] [ReLU(Name = "r1")]
[Conv2D(8, 3, Padding = 1, Groups = 8, Name = "dw")] [ReLU6(Name = "r6")]
[Conv2D(8, 1, Name = "pw")] [Add("r1", Name = "sum")] [ReLU(Name = "r2")]
[AvgPool2D(2, Name = "avg")] [Conv2D(4, 3, Padding = 1, Name = "c3")] [Concat("avg", "c3", Name = "cat")]
[Tanh] [GlobalAvgPool] [Dense(5, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class MixedInt8Net;

/// <summary>The generated int8 form of a network (DESIGN §6): calibration, forward, determinism, the file, the summary.</summary>
public class GeneratedInt8Tests(ITestOutputHelper output)
{
    static MixedInt8Net Mixed()
    {
        var net = new MixedInt8Net(maxBatch: 4, seed: 7) { Threads = 1 };
        // Running statistics and affine parameters far from the identity, so that a wrong fold shows.
        var random = new SeededRandom(11);
        foreach (var tensor in net.Tensors)
        {
            var values = (tensor.Store == TensorStore.Parameters ? net.Parameters : net.State).Slice(tensor.Offset, tensor.Length);
            if (tensor.Name == "bn.running_mean" || tensor.Name == "bn.bias") foreach (ref var v in values) v = random.NextSingle() - 0.5f;
            if (tensor.Name == "bn.running_var" || tensor.Name == "bn.weight") foreach (ref var v in values) v = 0.5f + random.NextSingle();
        }
        return net;
    }

    /// <summary>max |int8 − float| over the outputs, relative to the float outputs' largest magnitude; and the share of equal argmaxes.</summary>
    static (double Error, double Agreement) Compare(ReadOnlySpan<float> float32, ReadOnlySpan<float> int8, int classes)
    {
        double error = 0, largest = 0;
        for (var i = 0; i < float32.Length; i++)
        {
            error = Math.Max(error, Math.Abs(int8[i] - float32[i]));
            largest = Math.Max(largest, Math.Abs(float32[i]));
        }
        var same = 0;
        for (var n = 0; n < float32.Length / classes; n++)
        {
            if (NetworkGuards.ArgMax(float32.Slice(n * classes, classes)) == NetworkGuards.ArgMax(int8.Slice(n * classes, classes))) same++;
        }
        return (error / largest, (double)same / (float32.Length / classes));
    }

    [Fact]
    public void The_int8_forward_follows_the_float_network()
    {
        const int samples = 64;
        var simple = new SimpleConvNet(maxBatch: 16, seed: 3) { Threads = 1 };
        var images = NetworkData.Images(samples, SimpleConvNet.Sizes.InputLength, 5);
        var q = simple.Quantize(images.AsSpan(0, 32 * SimpleConvNet.Sizes.InputLength));
        var expected = new float[samples * 10];
        var actual = new float[samples * 10];
        simple.Forward(images, expected);
        q.Forward(images, actual);
        var (error, agreement) = Compare(expected, actual, 10);
        output.WriteLine($"SimpleConvNet: max |int8 - float| = {error:P2} of the largest output; argmax agreement {agreement:P1}");
        // 8-bit activations and weights: each output within a few percent of the range, almost every argmax the same.
        Assert.True(error < 0.03, $"max error {error:P2} of the largest output");
        Assert.True(agreement >= 0.95, $"argmax agreement {agreement:P1}");

        var mixed = Mixed();
        var inputs = NetworkData.Images(samples, MixedInt8Net.Sizes.InputLength, 6);
        var mq = mixed.Quantize(inputs);
        var mixedExpected = new float[samples * 5];
        var mixedActual = new float[samples * 5];
        mixed.Forward(inputs, mixedExpected);
        mq.Forward(inputs, mixedActual);
        (error, agreement) = Compare(mixedExpected, mixedActual, 5);
        output.WriteLine($"MixedInt8Net: max |int8 - float| = {error:P2} of the largest output; argmax agreement {agreement:P1}");
        Assert.True(error < 0.03, $"max error {error:P2} of the largest output");
        Assert.True(agreement >= 0.9, $"argmax agreement {agreement:P1}");
    }

    [Fact]
    public void The_same_bits_on_one_and_two_threads_in_chunks_and_one_sample_at_a_time()
    {
        var net = Mixed();
        var inputs = NetworkData.Images(7, MixedInt8Net.Sizes.InputLength, 8);
        var q = net.Quantize(inputs);
        Assert.Equal(net.MaxBatch, q.MaxBatch);
        var one = new float[7 * 5];
        var two = new float[7 * 5];
        q.Threads = 1;
        q.Forward(inputs, one);
        q.Threads = 2;
        q.Forward(inputs, two);
        Assert.Equal(one, two);
        for (var n = 0; n < 7; n++)
        {
            var single = new float[5];
            q.Forward(inputs.AsSpan(n * MixedInt8Net.Sizes.InputLength, MixedInt8Net.Sizes.InputLength), single);
            Assert.Equal(one.AsSpan(n * 5, 5).ToArray(), single);
            Assert.Equal(NetworkGuards.ArgMax(single), q.Predict(inputs.AsSpan(n * MixedInt8Net.Sizes.InputLength, MixedInt8Net.Sizes.InputLength)));
        }
    }

    [Fact]
    public void Quantizing_twice_gives_the_same_network_and_the_float_network_is_unchanged()
    {
        var net = Mixed();
        var parameters = net.Parameters.ToArray();
        var state = net.State.ToArray();
        var inputs = NetworkData.Images(5, MixedInt8Net.Sizes.InputLength, 9);
        var a = new float[5 * 5];
        var b = new float[5 * 5];
        net.Quantize(inputs).Forward(inputs, a);
        net.Quantize(inputs).Forward(inputs, b);
        Assert.Equal(a, b);
        Assert.Equal(parameters, net.Parameters.ToArray());
        Assert.Equal(state, net.State.ToArray());
    }

    [Fact]
    public void Save_then_Load_gives_the_same_bits_and_a_damaged_or_foreign_file_is_refused()
    {
        var net = Mixed();
        var inputs = NetworkData.Images(6, MixedInt8Net.Sizes.InputLength, 10);
        var q = net.Quantize(inputs);
        var folder = Directory.CreateTempSubdirectory("cnngen-int8-");
        try
        {
            var path = Path.Combine(folder.FullName, "mixed.int8.safetensors");
            q.Save(path);
            Assert.Single(Directory.GetFiles(folder.FullName));
            var loaded = MixedInt8Net.Quantized.Load(path, maxBatch: 2);
            loaded.Threads = 1;
            var expected = new float[6 * 5];
            var actual = new float[6 * 5];
            q.Forward(inputs, expected);
            loaded.Forward(inputs, actual);
            Assert.Equal(expected, actual);

            // Another network's int8 file: names and shapes differ.
            var simplePath = Path.Combine(folder.FullName, "simple.int8.safetensors");
            new SimpleConvNet(maxBatch: 1, seed: 0).Quantize(new float[SimpleConvNet.Sizes.InputLength]).Save(simplePath);
            var foreign = Assert.Throws<InvalidDataException>(() => MixedInt8Net.Quantized.Load(simplePath));
            Assert.Contains("tensor names do not match", foreign.Message);

            // A zero point of 300 (little-endian int32 at the key's offset) is refused by name.
            var bytes = File.ReadAllBytes(path);
            var headerLength = (int)BitConverter.ToUInt64(bytes, 0);
            var header = System.Text.Json.JsonDocument.Parse(bytes.AsMemory(8, headerLength));
            var begin = header.RootElement.GetProperty("r1.zero_point").GetProperty("data_offsets")[0].GetInt32();
            BitConverter.GetBytes(300).CopyTo(bytes, 8 + headerLength + begin);
            var damaged = Path.Combine(folder.FullName, "damaged.int8.safetensors");
            File.WriteAllBytes(damaged, bytes);
            var refused = Assert.Throws<InvalidDataException>(() => MixedInt8Net.Quantized.Load(damaged));
            Assert.Contains("r1", refused.Message);
            Assert.Contains("300", refused.Message);

            File.WriteAllBytes(damaged, bytes.AsSpan(0, bytes.Length - 1).ToArray());
            Assert.Contains("data bytes", Assert.Throws<InvalidDataException>(() => MixedInt8Net.Quantized.Load(damaged)).Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bad_calibration_input_is_refused_with_what_was_expected()
    {
        var net = new SimpleConvNet(maxBatch: 2, seed: 1);
        var empty = Assert.Throws<ArgumentException>(() => net.Quantize(ReadOnlySpan<float>.Empty));
        Assert.Contains("n x 784", empty.Message);
        var partial = Assert.Throws<ArgumentException>(() => net.Quantize(new float[783]));
        Assert.Contains("not a whole number of samples of 784", partial.Message);
        var images = new float[2 * SimpleConvNet.Sizes.InputLength];
        images[SimpleConvNet.Sizes.InputLength + 5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => net.Quantize(images));
        Assert.Contains("sample 1 holds NaN at position 5", nan.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Quantize(new float[SimpleConvNet.Sizes.InputLength], percentile: 40));
        // An inference-only instance's activations share buffers: nothing to observe them in.
        var inferenceOnly = Assert.Throws<InvalidOperationException>(() => new SimpleConvNet(1, 0, training: false).Quantize(new float[SimpleConvNet.Sizes.InputLength]));
        Assert.Contains("Quantize needs a training instance", inferenceOnly.Message);
    }

    [Fact]
    public void A_percentile_calibration_clips_the_outliers_a_min_max_one_keeps()
    {
        var net = new SimpleConvNet(maxBatch: 8, seed: 2) { Threads = 1 };
        var images = NetworkData.Images(16, SimpleConvNet.Sizes.InputLength, 12);
        images[3] = 40f; // one outlier stretches the input's min/max range 40 times
        var minMax = net.Quantize(images);
        var percentile = net.Quantize(images, percentile: 99.9);
        var clean = NetworkData.Images(16, SimpleConvNet.Sizes.InputLength, 13);
        var expected = new float[16 * 10];
        var a = new float[16 * 10];
        var b = new float[16 * 10];
        net.Forward(clean, expected);
        minMax.Forward(clean, a);
        percentile.Forward(clean, b);
        var (minMaxError, _) = Compare(expected, a, 10);
        var (percentileError, _) = Compare(expected, b, 10);
        output.WriteLine($"min/max {minMaxError:P2}, 99.9th percentile {percentileError:P2} of the largest output");
        Assert.True(percentileError < minMaxError, $"percentile {percentileError:P2}, min/max {minMaxError:P2}");
    }

    [Fact]
    public void The_summary_says_which_layers_run_in_int8()
    {
        var summary = Mixed().Quantize(new float[MixedInt8Net.Sizes.InputLength]).Summary;
        Assert.Contains("stem (Conv2D)                int8", summary);
        Assert.Contains("bn (BatchNorm)               folded into stem's weights", summary);
        Assert.Contains("r6 (ReLU6)                   a clamp of dw's output", summary);
        Assert.Contains("r2 (ReLU)                    a clamp of sum's output", summary);
        Assert.Contains("tanh1 (Tanh)                 float, between a dequantize and a quantize", summary);
        Assert.EndsWith("13 of 14 layers in int8, 1 in float", summary);
    }
}

/// <summary>The generated int8 forward allocates nothing after a warm call.</summary>
/// <remarks>In the non-parallel collection: the workers' allocation count is shared with every other test that runs kernels.</remarks>
[Collection(nameof(Performance.PerformanceContract))]
public class GeneratedInt8AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_int8_forward_allocates_nothing_after_a_warm_call(int threads)
    {
        var inputs = NetworkData.Images(5, MixedInt8Net.Sizes.InputLength, 14);
        var q = new MixedInt8Net(maxBatch: 2, seed: 1).Quantize(inputs);
        q.Threads = threads;
        var outputs = new float[5 * 5];
        q.Forward(inputs, outputs);
        q.Predict(inputs.AsSpan(0, MixedInt8Net.Sizes.InputLength));
        var workersBefore = CnnGen.Threading.WorkerPool.WorkerAllocatedBytes;
        var before = GC.GetAllocatedBytesForCurrentThread();
        q.Forward(inputs, outputs);
        q.Predict(inputs.AsSpan(0, MixedInt8Net.Sizes.InputLength));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, CnnGen.Threading.WorkerPool.WorkerAllocatedBytes - workersBefore);
    }
}
