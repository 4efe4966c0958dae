namespace CnnGen.Tests.Networks;

/// <summary>The network: a 3×3 ceil-mode window over a 2×2 input (PyTorch: a 1×1 map, the maximum).</summary>
[Network(1, 2, 2)]
[MaxPool2D(3, CeilMode = true)]
public partial class CeilMaxOverSmallInput;

/// <summary>A padded 5×5 ceil-mode average over a 1×3 input: two windows, each larger than the padded row.</summary>
[Network(1, 1, 3)]
[AvgPool2D(5, Stride = 2, Padding = 2, CeilMode = true)]
public partial class CeilAverageOverSmallInput;

/// <summary>The same without the padding in the divisor.</summary>
[Network(1, 1, 3)]
[AvgPool2D(5, Stride = 2, Padding = 2, CeilMode = true, CountIncludePad = false)]
public partial class CeilAverageWithoutPadding;

/// <summary>Ceil-mode windows larger than their input, in generated networks, against PyTorch 1.13 (values in each test).</summary>
public class CeilModeWindowTests
{
    [Fact]
    public void A_ceil_mode_max_window_larger_than_its_input_gives_pytorchs_maximum_and_gradient()
    {
        // F.max_pool2d(x, 3, ceil_mode=True) with x = [[0, 1], [2, 3]]: [[3]]; x.grad for dy = 1: [0, 0, 0, 1].
        var net = new CeilMaxOverSmallInput();
        Assert.Equal(1, CeilMaxOverSmallInput.Sizes.OutputLength);
        var output = new float[1];
        net.ForwardTraining([0, 1, 2, 3], output);
        Assert.Equal([3f], output);
        var inputGradient = new float[4];
        net.Backward([1], inputGradient);
        Assert.Equal([0f, 0, 0, 1], inputGradient);
    }

    [Fact]
    public void A_padded_ceil_mode_average_larger_than_its_input_divides_as_pytorch()
    {
        // F.avg_pool2d(x, 5, 2, 2, ceil_mode=True) with x = [[1, 2, 4]]: [[0.28, 0.28]] (7 / 25: the window clipped to
        // the padded input, 5×5); x.grad for dy = [1, 2]: 3 / 25 = 0.12 everywhere.
        var net = new CeilAverageOverSmallInput();
        var output = new float[2];
        net.ForwardTraining([1, 2, 4], output);
        Assert.Equal([7f / 25, 7f / 25], output);
        var inputGradient = new float[3];
        net.Backward([1, 2], inputGradient);
        Assert.Equal([1f / 25 + 2f / 25, 1f / 25 + 2f / 25, 1f / 25 + 2f / 25], inputGradient);

        // count_include_pad=False: 7 / 3 = 2.3333.
        var withoutPadding = new float[2];
        new CeilAverageWithoutPadding().Forward([1, 2, 4], withoutPadding);
        Assert.Equal([7f / 3, 7f / 3], withoutPadding);
    }
}
