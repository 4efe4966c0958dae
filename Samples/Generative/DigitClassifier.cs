using CnnGen.Training;
using CnnGen.Weights;

namespace CnnGen.Samples.Generative;

/// <summary>
/// The judge of generated digits: the main job's SimpleConvNet (out/simpleconvnet.safetensors, written by
/// <c>dotnet run --project Samples/Mnist -c Release</c>), or, when that file is absent, the same network trained here the
/// same way (20 epochs of Adam 1e-3, batch 100, on the main job's 5,000 training digits).
/// </summary>
internal static class DigitClassifier
{
    public static SimpleConvNet Load(string outFolder, int threads)
    {
        var net = new SimpleConvNet(maxBatch: 100, seed: 0) { Threads = threads };
        var path = Path.Combine(outFolder, "simpleconvnet.safetensors");
        if (File.Exists(path))
        {
            SafeTensors.Load(net, path);
            Console.WriteLine($"classifier: {path} (the main job's SimpleConvNet)");
            return net;
        }
        Console.WriteLine($"classifier: {path} not found, training SimpleConvNet as the main job does (20 epochs, 5,000 digits) ...");
        var (train, test) = MainJobSplit();
        var result = new Trainer(new TrainerOptions { Epochs = 20, BatchSize = 100 }).Fit(net, new Adam(0.001), train, test);
        Console.WriteLine($"classifier: test accuracy {result.FinalTestAccuracy:P1}; saved to {path}");
        Directory.CreateDirectory(outFolder);
        SafeTensors.Save(net, path);
        return net;
    }

    /// <summary>The main job's 5,000 training and 1,000 held-out test digits (the judge never trains on the latter).</summary>
    public static (Data.Dataset Train, Data.Dataset Test) MainJobSplit()
    {
        var package = Datasets.MnistDigits.FindPackage() ?? throw new FileNotFoundException(Datasets.MnistDigits.HowToGet);
        return Datasets.MnistDigits.SeedProtocol(Datasets.MnistDigits.Load(package));
    }

    /// <summary>Classifies <paramref name="digits"/> (pixels in [0, 1]): the share with softmax confidence ≥ <paramref name="threshold"/>, and the classes among those.</summary>
    public static (double ConfidentShare, int[] ConfidentPerClass, int[] PredictedPerClass) Judge(SimpleConvNet net, ReadOnlySpan<float> digits, double threshold)
    {
        var count = digits.Length / SimpleConvNet.Sizes.InputLength;
        var logits = new float[count * SimpleConvNet.Sizes.OutputLength];
        net.Forward(digits, logits);
        var confident = new int[10];
        var predicted = new int[10];
        var total = 0;
        for (var n = 0; n < count; n++)
        {
            var row = logits.AsSpan(n * 10, 10);
            var best = 0;
            for (var c = 1; c < 10; c++) if (row[c] > row[best]) best = c;
            double sum = 0;
            for (var c = 0; c < 10; c++) sum += Math.Exp(row[c] - row[best]);
            predicted[best]++;
            if (1 / sum >= threshold)
            {
                confident[best]++;
                total++;
            }
        }
        return ((double)total / count, confident, predicted);
    }
}
