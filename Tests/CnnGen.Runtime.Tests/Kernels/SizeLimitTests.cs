using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

/// <summary>The network: conv1's output is 64 × 1024 × 1024 = 67,108,864 values per sample.</summary>
[Network(1, 1024, 1024)]
[Conv2D(64, 3, Padding = 1, Bias = false)]
[GlobalAvgPool]
[Dense(2)]
[SoftmaxCrossEntropy]
public partial class MegapixelNet;

/// <summary>
/// Sizes past <c>int</c>: a geometry whose per-sample sizes (int properties) would wrap is refused before any loop runs,
/// and the constructor's maxBatch limit is the largest whose buffers fit one array.
/// </summary>
public class SizeLimitTests
{
    [Fact]
    public void A_convolution_whose_input_size_wraps_int_is_refused()
    {
        // 65536 × 65536 × 1 = 2^32 values per sample: the int InputLength wraps to 0.
        var g = new ConvGeometry(65536, 65536, 1, 1, 1, 1, 0);
        Assert.Equal(0, g.InputLength);
        var error = Assert.Throws<ArgumentException>(() => Conv2D.Forward([], new float[65536], [], new float[65536], g, batch: 1));
        Assert.Contains("4294967304", error.Message); // the padded per-sample size (+ 8 slack), in 64 bits
        Assert.Contains($"{Array.MaxLength}", error.Message);
    }

    [Fact]
    public void An_im2col_matrix_past_an_array_is_refused()
    {
        // Input 1 × 32768 × 32768 fits (2^30), but 3×3 columns are 9 × 2^30 values.
        var g = new ConvGeometry(1, 32768, 32768, 1, 3, 1, 1);
        var error = Assert.Throws<ArgumentException>(() => Conv2D.Forward([], new float[9], [], [], g, batch: 0));
        Assert.Contains("9663676416", error.Message);
    }

    [Fact]
    public void A_pooling_whose_input_size_wraps_int_is_refused()
    {
        var g = new PoolGeometry(65536, 65536, 2, 2, 2, 0);
        var error = Assert.Throws<ArgumentException>(() => MaxPool2D.Forward<byte>([], [], [], g, batch: 1));
        Assert.Contains("8589934592", error.Message);
        Assert.Throws<ArgumentException>(() => AvgPool2D.Forward([], [], g, batch: 1));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(int.MaxValue)]
    public void A_generated_network_refuses_a_max_batch_whose_buffers_pass_an_array_and_names_the_largest(int maxBatch)
    {
        // 64 × 1024 × 1024 per sample: Array.MaxLength / 67,108,864 = 31 samples fit, 32 do not (a wrapped int used
        // to give a 0-length buffer at 64 and an OverflowException at 32). Nothing is allocated before the check.
        const long perSample = 64L * 1024 * 1024;
        var largest = (int)(Array.MaxLength / perSample);
        Assert.Equal(31, largest);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MegapixelNet(maxBatch));
        Assert.Equal("maxBatch", error.ParamName);
        Assert.Equal(maxBatch, error.ActualValue);
        Assert.Contains($"{maxBatch} × {perSample}", error.Message);
        Assert.Contains($"the largest maxBatch that fits is {largest}", error.Message);
        // The boundary itself passes the same check (constructing it would allocate 2 × 8 GB).
        NetworkGuards.CheckMaxBatch(largest, perSample);
    }

    [Fact]
    public void An_evaluation_chunk_whose_outputs_pass_an_array_is_refused_naming_the_largest()
    {
        // int.MaxValue × 2 outputs wrapped to −2 before.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CnnGen.Training.Evaluator(new TwoLogitNet(), chunk: int.MaxValue));
        Assert.Equal("chunk", error.ParamName);
        Assert.Contains($"the largest chunk that fits is {Array.MaxLength / 2}", error.Message);
        new CnnGen.Training.Evaluator(new TwoLogitNet(), chunk: 1000);
    }

    [Fact]
    public void Forward_chunks_by_max_batch_with_a_partial_last_chunk()
    {
        // 7 samples in chunks of 3, 3, 1 (the loop advances by the chunk taken): the same as one sample at a time.
        var network = new TwoLogitNet(maxBatch: 3, seed: 4);
        var input = Enumerable.Range(0, 14).Select(i => (float)i - 6).ToArray();
        var output = KernelAssert.Poisoned(14);
        network.Forward(input, output);
        var single = new TwoLogitNet(maxBatch: 1, seed: 4);
        for (var n = 0; n < 7; n++)
        {
            var one = new float[2];
            single.Forward(input.AsSpan(2 * n, 2), one);
            Assert.Equal(one, output[(2 * n)..(2 * n + 2)]);
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(67_108_864L)]        // 64 × 1024 × 1024: a conv output of the network
    [InlineData(2_000_000_000L)]
    public void The_largest_max_batch_is_the_last_whose_buffers_fit_an_array(long sampleLength)
    {
        var largest = NetworkGuards.LargestMaxBatch(sampleLength);
        Assert.True((long)largest * sampleLength <= Array.MaxLength);
        Assert.True((long)(largest + 1) * sampleLength > Array.MaxLength || largest == int.MaxValue);
        NetworkGuards.CheckMaxBatch(largest, sampleLength);
        if (largest == int.MaxValue) return;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NetworkGuards.CheckMaxBatch(largest + 1, sampleLength));
        Assert.Equal("maxBatch", error.ParamName);
        Assert.Contains($"the largest maxBatch that fits is {largest}", error.Message);
    }
}
