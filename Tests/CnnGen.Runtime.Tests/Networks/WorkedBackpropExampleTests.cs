namespace CnnGen.Tests.Networks;

/// <summary>The classic worked back-propagation example (Mazur, "A Step by Step Backpropagation Example"), whose hand-computed numbers are public.</summary>
[Network(2)]
[Dense(2)]
[Sigmoid]
[Dense(2)]
[Sigmoid]
[MeanSquaredError]
public partial class WorkedExampleNet;

public class WorkedBackpropExampleTests
{
    static readonly float[] Input = [0.05f, 0.10f];
    static readonly float[] Target = [0.01f, 0.99f];

    static WorkedExampleNet CreateWithHandWeights()
    {
        var net = new WorkedExampleNet();
        // dense1.weight [[w1, w2], [w3, w4]], dense1.bias b1 (both), dense2.weight [[w5, w6], [w7, w8]], dense2.bias b2.
        float[] values = [0.15f, 0.20f, 0.25f, 0.30f, 0.35f, 0.35f, 0.40f, 0.45f, 0.50f, 0.55f, 0.60f, 0.60f];
        Assert.Equal(values.Length, net.Parameters.Length);
        values.CopyTo(net.Parameters);
        return net;
    }

    [Fact]
    public void Forward_gives_the_published_outputs()
    {
        var net = CreateWithHandWeights();
        var output = new float[2];
        net.Forward(Input, output);
        Assert.Equal(0.75136507, output[0], 5e-6);
        Assert.Equal(0.77292847, output[1], 5e-6);
    }

    [Fact]
    public void Loss_is_the_published_total_error()
    {
        // The article's "total error" is ½Σ(t − o)² = 0.298371109; MSE (mean over the 2 outputs) is the same number.
        var net = CreateWithHandWeights();
        var loss = net.ComputeGradients(Input, Target);
        Assert.Equal(0.298371109, loss, 5e-6);
    }

    [Fact]
    public void One_sgd_step_gives_the_published_weights()
    {
        var net = CreateWithHandWeights();
        net.TrainStep(Input, Target, new Sgd(0.5));
        var p = net.Parameters.ToArray();
        // The article's updated weights (its biases are held fixed; ours move too, which does not change the weights of this one step).
        float[] firstLayer = [0.149780716f, 0.19956143f, 0.24975114f, 0.29950229f];
        float[] secondLayer = [0.35891648f, 0.408666186f, 0.511301270f, 0.561370121f];
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(firstLayer[i], p[i], 5e-6);
            Assert.Equal(secondLayer[i], p[6 + i], 5e-6);
        }
        // Biases move by −0.5·δ with the article's deltas δo = (0.138498562, −0.038098236), δh = (0.008771354, 0.009954254).
        float[] firstBias = [0.345614323f, 0.345022873f];
        float[] secondBias = [0.530750719f, 0.619049118f];
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(firstBias[i], p[4 + i], 5e-6);
            Assert.Equal(secondBias[i], p[10 + i], 5e-6);
        }
    }
}
