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
        var images = new float[samples * TinyNet.Sizes.InputLength];
        var labels = new int[samples];
        for (var i = 0; i < samples; i++)
        {
            labels[i] = i % 3;
            for (var pixel = 0; pixel < TinyNet.Sizes.InputLength; pixel++)
            {
                var row = pixel / 6;
                var noise = ((i * 37 + pixel * 11) % 17) / 170f;
                images[i * TinyNet.Sizes.InputLength + pixel] = (row / 2 == labels[i] ? 1f : 0f) + noise;
            }
        }

        var network = new TinyNet(maxBatch: samples, seed: 1);
        Console.WriteLine($"parameters: {TinyNet.Sizes.ParameterCount}");
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
            if (network.Predict(images.AsSpan(i * TinyNet.Sizes.InputLength, TinyNet.Sizes.InputLength)) == labels[i]) correct++;
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

        Console.WriteLine(BrokenNet.Sizes.InputLength);

        [Network(1, 4, 4)]
        [Conv2D(2, 5)]
        [ReLU]
        [Dense(2)]
        [SoftmaxCrossEntropy]
        public partial class BrokenNet;
        """;

    /// <summary>
    /// Loads a folder of BMP images (two classes: horizontal and vertical stripes, 10×12, resized to 8×8 and
    /// normalised), trains a classifier on it with <c>Trainer.Fit</c>, then an autoencoder on the same images as float
    /// targets; prints the shape, the accuracy and the reconstruction loss before and after. Then fine-tunes: a network
    /// with the classifier's convolution frozen loads its weights, gets a fresh head and trains only that head.
    /// </summary>
    public const string ImageFolderTraining = """
        using CnnGen;
        using CnnGen.Data;
        using CnnGen.Training;

        var folder = new ImageFolder("images");
        var data = folder.Load(new Compose(new Resize(8, 8), new Normalize([0.5f], [0.5f])));
        Console.WriteLine($"images: {data.Count} of {data.Channels}x{data.Height}x{data.Width}, classes: {string.Join(",", folder.ClassNames)}");

        var classifier = new StripeNet(maxBatch: 8, seed: 0);
        var result = new Trainer(new TrainerOptions { Epochs = 30, BatchSize = 8, Seed = 1 }).Fit(classifier, new Adam(0.01), data, data);
        Console.WriteLine($"accuracy: {result.FinalTestAccuracy:F3}");

        var pairs = TensorDataset.Reconstruction(data);
        var autoencoder = new Reconstructor(maxBatch: 8, seed: 0);
        var fit = new Trainer(new TrainerOptions { Epochs = 30, BatchSize = 8, Seed = 1 }).Fit(autoencoder, new Adam(0.01), pairs, pairs);
        Console.WriteLine($"reconstruction MSE: {fit.History[0].TestLoss:F4} -> {fit.Last!.TestLoss:F4}");

        classifier.Save("pretrained.safetensors");
        var tuned = new FrozenStripeNet();
        tuned.Load("pretrained.safetensors");
        foreach (var head in tuned.Tensors.ToArray().Where(t => t.Trainable)) tuned.Parameters.Slice(head.Offset, head.Length).Clear();
        var before = tuned.Parameters.ToArray();
        var tune = new Trainer(new TrainerOptions { Epochs = 30, BatchSize = 8, Seed = 1 }).Fit(tuned, new AdamW(0.01, weightDecay: 0.1), data, data);
        var kept = tuned.Tensors.ToArray().Where(t => !t.Trainable).All(t => tuned.Parameters.Slice(t.Offset, t.Length).SequenceEqual(before.AsSpan(t.Offset, t.Length)));
        Console.WriteLine($"fine-tuned head: accuracy {tune.FinalTestAccuracy:F3}, frozen backbone unchanged: {kept}");
        if (result.FinalTestAccuracy >= 0.9 && fit.Last.TestLoss < 0.5 * fit.History[0].TestLoss && kept && tune.FinalTestAccuracy >= 0.9)
            Console.WriteLine("CNNGEN-PACKAGE-OK");

        [Network(3, 8, 8)]
        [Conv2D(4, 3, Padding = 1)] [ReLU] [MaxPool2D(2)] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class StripeNet;

        [Network(3, 8, 8)]
        [Conv2D(8, 3, Padding = 1)] [ReLU] [Conv2D(3, 3, Padding = 1)] [MeanSquaredError]
        public partial class Reconstructor;

        [Network(3, 8, 8)]
        [Conv2D(4, 3, Padding = 1, Trainable = false)] [ReLU] [MaxPool2D(2)] [Dense(2)] [SoftmaxCrossEntropy]
        public partial class FrozenStripeNet;
        """;

    /// <summary>Writes 8 + 8 uncompressed 24-bit BMP files (12 wide, 10 high) into <c>horizontal/</c> and <c>vertical/</c> under <paramref name="root"/>.</summary>
    public static void WriteStripeImages(string root)
    {
        const int width = 12, height = 10;
        for (var i = 0; i < 16; i++)
        {
            var horizontal = i % 2 == 0;
            var pixels = new byte[height, width, 3];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var stripe = horizontal ? y / 2 % 2 == 0 : x / 2 % 2 == 0;
                    var noise = (i * 53 + y * 31 + x * 17) % 40;
                    for (var c = 0; c < 3; c++) pixels[y, x, c] = (byte)((stripe ? 200 : 30) + noise - 20 + c * 5);
                }
            }
            var folder = Path.Combine(root, horizontal ? "horizontal" : "vertical");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, $"{i:D2}.bmp"), Bmp(pixels));
        }
    }

    /// <summary>A bottom-up 24-bit BI_RGB bitmap (BGR, rows padded to 4 bytes).</summary>
    static byte[] Bmp(byte[,,] rgb)
    {
        int height = rgb.GetLength(0), width = rgb.GetLength(1);
        var stride = (width * 3 + 3) / 4 * 4;
        var file = new byte[54 + stride * height];
        void Int(int offset, int value) => BitConverter.GetBytes(value).CopyTo(file, offset);
        file[0] = (byte)'B';
        file[1] = (byte)'M';
        Int(2, file.Length);
        Int(10, 54);
        Int(14, 40);
        Int(18, width);
        Int(22, height);
        file[26] = 1;
        file[28] = 24;
        Int(34, stride * height);
        for (var y = 0; y < height; y++)
        {
            var row = 54 + (height - 1 - y) * stride;
            for (var x = 0; x < width; x++)
            {
                file[row + x * 3] = rgb[y, x, 2];
                file[row + x * 3 + 1] = rgb[y, x, 1];
                file[row + x * 3 + 2] = rgb[y, x, 0];
            }
        }
        return file;
    }
}
