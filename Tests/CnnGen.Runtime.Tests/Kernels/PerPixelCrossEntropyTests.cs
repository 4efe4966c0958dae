using CnnGen.Kernels;
using CnnGen.Tests.Golden;

namespace CnnGen.Tests.Kernels;

/// <summary>
/// SoftmaxCrossEntropy with <c>spatial</c> = H·W: PyTorch's cross_entropy on (N, C, H, W) logits with an (N, H, W)
/// mask is the classifier loss on the (N·H·W, C) rows the pixels make, mean over all of them. The loss and the gradient
/// must be bit for bit the classifier kernel's on those rows (the same arithmetic, only strided); PyTorch agreement is the
/// golden twin GoldenPerPixelCrossEntropy's.
/// </summary>
public class PerPixelCrossEntropyTests
{
    const int Batch = 2, Classes = 3, Height = 4, Width = 5, Pixels = Height * Width;

    static float[] Rows(float[] nchw)
    {
        var rows = new float[nchw.Length];
        for (var n = 0; n < Batch; n++)
            for (var c = 0; c < Classes; c++)
                for (var p = 0; p < Pixels; p++)
                    rows[(n * Pixels + p) * Classes + c] = nchw[(n * Classes + c) * Pixels + p];
        return rows;
    }

    static int[] Mask()
    {
        var random = new SeededRandom(7);
        var labels = new int[Batch * Pixels];
        for (var i = 0; i < labels.Length; i++) labels[i] = random.NextInt(Classes);
        return labels;
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.2f)]
    public void Labels_per_pixel_give_the_bits_of_the_classifier_loss_on_the_pixel_rows(float smoothing)
    {
        var logits = KernelAssert.Random(Batch * Classes * Pixels, 11, 3f);
        var labels = Mask();
        var gradient = new float[logits.Length];
        var loss = Losses.SoftmaxCrossEntropy(logits, labels, gradient, Classes, Batch, smoothing, spatial: Pixels);

        var rowGradient = new float[logits.Length];
        var rowLoss = Losses.SoftmaxCrossEntropy(Rows(logits), labels, rowGradient, Classes, Batch * Pixels, smoothing);
        Assert.Equal(BitConverter.SingleToInt32Bits(rowLoss), BitConverter.SingleToInt32Bits(loss));
        Assert.Equal(rowGradient, Rows(gradient));
    }

    [Fact]
    public void Probability_targets_per_pixel_give_the_bits_of_the_classifier_loss_on_the_pixel_rows()
    {
        var logits = KernelAssert.Random(Batch * Classes * Pixels, 12, 3f);
        var targets = KernelAssert.Random(logits.Length, 13).Select(MathF.Abs).ToArray();
        var gradient = new float[logits.Length];
        var loss = Losses.SoftmaxCrossEntropy(logits, targets, gradient, Classes, Batch, 0.1f, spatial: Pixels);

        var rowGradient = new float[logits.Length];
        var rowLoss = Losses.SoftmaxCrossEntropy(Rows(logits), Rows(targets), rowGradient, Classes, Batch * Pixels, 0.1f);
        Assert.Equal(BitConverter.SingleToInt32Bits(rowLoss), BitConverter.SingleToInt32Bits(loss));
        Assert.Equal(rowGradient, Rows(gradient));
    }

    [Fact]
    public void Gradient_agrees_with_central_differences()
    {
        var logits = KernelAssert.Random(Batch * Classes * Pixels, 14, 2f);
        var labels = Mask();
        var gradient = new float[logits.Length];
        Losses.SoftmaxCrossEntropy(logits, labels, gradient, Classes, Batch, spatial: Pixels);
        KernelAssert.FiniteDifferences(logits, gradient, () => Losses.SoftmaxCrossEntropy(logits, labels, [], Classes, Batch, spatial: Pixels), "per-pixel cross-entropy");
    }

    [Fact]
    public void A_label_out_of_range_names_its_sample_and_pixel()
    {
        var logits = new float[Batch * Classes * Pixels];
        var labels = Mask();
        labels[Pixels + 7] = Classes;
        var error = Assert.Throws<ArgumentException>(() => Losses.SoftmaxCrossEntropy(logits, labels, [], Classes, Batch, spatial: Pixels));
        Assert.Contains("got 3 at sample 1, pixel 7", error.Message);
    }

    [Fact]
    public void The_generated_network_checks_the_mask_length_and_names_a_bad_label_by_row_and_column()
    {
        var fixture = GoldenFixture.Load("GoldenPerPixelCrossEntropy");
        var net = (IClassifierNetwork)GoldenNetworks.Create[fixture.Name](fixture.Batch);
        var labels = fixture.Labels!.ToArray();
        Assert.Equal(fixture.Batch * 6 * 8, labels.Length);

        var wrongCount = Assert.Throws<ArgumentException>(() => net.ComputeGradients(fixture.Input, labels.AsSpan(0, fixture.Batch)));
        Assert.Contains("one 6×8 mask per sample", wrongCount.Message);

        labels[8 * 6 * 1 + 8 * 2 + 5] = -1;
        var parameters = net.Parameters.ToArray();
        var bad = Assert.Throws<ArgumentException>(() => net.TrainStep(fixture.Input, labels, new Sgd(0.1)));
        Assert.Contains("got -1 at sample 1, pixel (row 2, column 5)", bad.Message);
        Assert.Equal(parameters, net.Parameters.ToArray());
    }
}
