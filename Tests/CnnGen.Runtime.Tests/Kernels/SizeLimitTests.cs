using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

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
