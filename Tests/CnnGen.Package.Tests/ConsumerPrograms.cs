namespace CnnGen.Package.Tests;

/// <summary>The Program.cs files of the consumer projects: what a user would write against the package.</summary>
internal static class ConsumerPrograms
{
    /// <summary>Parameters of <c>TinyNet</c>: conv1 4·1·3·3 + 4 = 40; dense1 3·(4·2·2) + 3 = 51.</summary>
    public const int TinyNetParameters = 91;

    public const string SuccessMarker = "CNNGEN-PACKAGE-OK";

    /// <summary>
    /// Declares a small ConvNet and trains it with a user-written SGD on 12 synthetic 6×6 images whose class is the
    /// bright band of rows; prints the generated parameter count, the loss before and after, and the accuracy.
    /// </summary>
    public const string Training = """
        using CnnGen;

        const int samples = 12;
        var images = new float[samples * TinyNet.InputLength];
        var labels = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            labels[i] = i % 3;
            for (var pixel = 0; pixel < TinyNet.InputLength; pixel++)
            {
                var row = pixel / 6;
                var noise = ((i * 37 + pixel * 11) % 17) / 170f;
                images[i * TinyNet.InputLength + pixel] = (row / 2 == labels[i] ? 1f : 0f) + noise;
            }
        }

        var network = new TinyNet(maxBatch: samples, seed: 1);
        Console.WriteLine($"parameters: {TinyNet.ParameterCount}");
        var optimizer = new PlainSgd(0.1);
        float first = 0, last = 0;
        for (var step = 0; step < 60; step++)
        {
            last = network.TrainStep(images, labels, optimizer);
            if (step == 0) first = last;
        }
        Console.WriteLine($"loss: {first:F4} -> {last:F4}");

        var correct = 0;
        for (var i = 0; i < samples; i++)
        {
            if (network.Predict(images.AsSpan(i * TinyNet.InputLength, TinyNet.InputLength)) == labels[i]) correct++;
        }
        Console.WriteLine($"accuracy: {correct}/{samples}");
        Console.WriteLine(last < first / 2 && correct == samples ? "CNNGEN-PACKAGE-OK" : "CNNGEN-PACKAGE-NOT-LEARNING");

        [Network(1, 6, 6)]
        [Conv2D(4, 3)]
        [ReLU]
        [MaxPool2D(2)]
        [Dense(3)]
        [SoftmaxCrossEntropy]
        public partial class TinyNet;

        /// <summary>Plain gradient descent: enough to show training works from the package alone.</summary>
        public sealed class PlainSgd(double learningRate) : IOptimizer
        {
            public double LearningRate { get; set; } = learningRate;

            public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
            {
                for (var i = 0; i < parameters.Length; i++) parameters[i] -= (float)(LearningRate * gradients[i]);
            }
        }
        """;

    /// <summary>A 5×5 convolution over a 4×4 input has an empty output: the analyzers must reject it at build time.</summary>
    public const string Broken = """
        using CnnGen;

        Console.WriteLine(BrokenNet.InputLength);

        [Network(1, 4, 4)]
        [Conv2D(2, 5)]
        [ReLU]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class BrokenNet;
        """;
}
