using CnnGen.Kernels;

namespace CnnGen.Tests.Kernels;

public class Conv2DTests
{
    public static TheoryData<ConvGeometry> Geometries() => new(Reference.ConvGeometries());

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_matches_the_naive_convolution(ConvGeometry g)
    {
        const int batch = 3;
        var input = KernelAssert.Random(batch * g.InputLength, 1);
        var weight = KernelAssert.Random(g.Filters * g.ColumnRows, 2);
        var bias = KernelAssert.Random(g.Filters, 3);

        var output = KernelAssert.Poisoned(batch * g.OutputLength);
        Conv2D.Forward(input, weight, bias, output, g, batch);
        KernelAssert.Close(Reference.ConvForward(input, weight, bias, g, batch), output, 1e-5, 1e-5, "with bias");

        Conv2D.Forward(input, weight, [], output, g, batch);
        KernelAssert.Close(Reference.ConvForward(input, weight, null, g, batch), output, 1e-5, 1e-5, "without bias");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_matches_the_naive_gradients_and_overwrites(ConvGeometry g)
    {
        const int batch = 3;
        var input = KernelAssert.Random(batch * g.InputLength, 4);
        var weight = KernelAssert.Random(g.Filters * g.ColumnRows, 5);
        var outputGradient = KernelAssert.Random(batch * g.OutputLength, 6);
        var (dw, db, dx) = Reference.ConvBackward(input, weight, outputGradient, g, batch);

        var weightGradient = KernelAssert.Poisoned(weight.Length);
        var biasGradient = KernelAssert.Poisoned(g.Filters);
        var inputGradient = KernelAssert.Poisoned(input.Length);
        // Twice: the second call must not add to the first.
        for (var call = 0; call < 2; call++)
        {
            Conv2D.Backward(input, weight, outputGradient, weightGradient, biasGradient, inputGradient, g, batch);
            KernelAssert.Close(dw, weightGradient, 1e-5, 1e-5, "weight gradient");
            KernelAssert.Close(db, biasGradient, 1e-5, 1e-5, "bias gradient");
            KernelAssert.Close(dx, inputGradient, 1e-5, 1e-5, "input gradient");
        }

        // Empty bias and input gradients are skipped.
        Conv2D.Backward(input, weight, outputGradient, weightGradient, [], [], g, batch);
        KernelAssert.Close(dw, weightGradient, 1e-5, 1e-5, "weight gradient without the others");
    }

    public static TheoryData<ConvGeometry> DifferenceGeometries() => new(
    [
        new ConvGeometry(2, 6, 5, 3, 3, 2, 1),
        new ConvGeometry(4, 7, 6, 4, 3, 1, 1, Groups: 4),              // depthwise
        new ConvGeometry(4, 9, 8, 6, 3, 2, 2, Groups: 2, Dilation: 2), // grouped, dilated
    ]);

    [Theory]
    [MemberData(nameof(DifferenceGeometries))]
    public void Backward_agrees_with_central_differences(ConvGeometry g)
    {
        const int batch = 2;
        var input = KernelAssert.Random(batch * g.InputLength, 7);
        var weight = KernelAssert.Random(g.Filters * g.ColumnRows, 8);
        var bias = KernelAssert.Random(g.Filters, 9);
        var r = KernelAssert.Random(batch * g.OutputLength, 10);
        var output = new float[r.Length];
        double Loss()
        {
            Conv2D.Forward(input, weight, bias, output, g, batch);
            return KernelAssert.Dot(r, output);
        }

        var weightGradient = new float[weight.Length];
        var biasGradient = new float[bias.Length];
        var inputGradient = new float[input.Length];
        Conv2D.Backward(input, weight, r, weightGradient, biasGradient, inputGradient, g, batch);
        KernelAssert.FiniteDifferences(weight, weightGradient, Loss, "dL/dW");
        KernelAssert.FiniteDifferences(bias, biasGradient, Loss, "dL/db");
        KernelAssert.FiniteDifferences(input, inputGradient, Loss, "dL/dx");
    }

    [Fact]
    public void Wrong_bias_length_is_rejected()
    {
        var g = new ConvGeometry(1, 4, 4, 2, 3, 1, 0);
        Assert.Throws<ArgumentException>(() =>
            Conv2D.Forward(new float[16], new float[18], new float[3], new float[8], g, 1));
    }
}
