using System.Diagnostics;
using CnnGen.Data;

namespace CnnGen.Samples.Generative;

/// <summary>
/// Trains <see cref="DenoisingAutoencoder"/> to restore digits under Gaussian noise (σ = 0.5, clamped to [0, 1]) with
/// its MeanSquaredError head against the clean digit, then reports the test MSE and writes out/autoencoder.png (rows:
/// noisy input, reconstruction, clean digit; one test digit of each class).
/// </summary>
internal static class DenoisingAutoencoderSample
{
    const int Batch = 64;
    const float NoiseStd = 0.5f;
    const int Pixels = DenoisingAutoencoder.Sizes.InputLength;

    public static void Run(Options options)
    {
        var epochs = options.Epochs ?? 10;
        var (train, test) = Digits.Load();
        var net = new DenoisingAutoencoder(Batch, options.Seed) { Threads = options.Threads };
        var adam = new Adam(learningRate: 1e-3);
        Console.WriteLine($"Denoising autoencoder on {train.Count} MNIST digits ({test.Count} test), noise σ = {NoiseStd}, Adam 1e-3, batch {Batch}, " +
                          $"{epochs} epochs, {net.Threads} threads, {net.ParameterCount:N0} parameters");
        Console.WriteLine(net.Summary);

        var batches = new MiniBatches(train, Batch, options.Seed);
        var noise = new SeededRandom(options.Seed + 1);
        var noisy = new float[Batch * Pixels];
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            batches.Shuffle();
            double total = 0;
            for (var b = 0; b < batches.BatchCount; b++)
            {
                var batch = batches.Fill(b);
                var input = noisy.AsSpan(0, batch.Inputs.Length);
                AddNoise(batch.Inputs, input, noise);
                total += net.TrainStep(input, batch.Inputs, adam) * batch.Count;
            }
            Console.WriteLine($"epoch {epoch,2}/{epochs}  train MSE {total / train.Count:F5}  {clock.Elapsed.TotalSeconds:F0}s");
        }

        // The test digits under their own fixed noise: the reconstruction's MSE against the clean digits, and the noisy input's.
        var testNoisy = new float[test.Count * Pixels];
        AddNoise(test.Images, testNoisy, new SeededRandom(12345));
        var reconstructed = new float[testNoisy.Length];
        net.Forward(testNoisy, reconstructed);
        var mse = MeanSquaredError(reconstructed, test.Images);
        Console.WriteLine($"test MSE {mse:F5} (the noisy input's: {MeanSquaredError(testNoisy, test.Images):F5}) over {test.Count} digits");

        var columns = new int[10];
        for (var digit = 0; digit < 10; digit++) columns[digit] = test.Labels.IndexOf(digit);
        var grid = new float[3 * 10 * Pixels];
        for (var c = 0; c < 10; c++)
        {
            var i = columns[c];
            testNoisy.AsSpan(i * Pixels, Pixels).CopyTo(grid.AsSpan(c * Pixels));
            reconstructed.AsSpan(i * Pixels, Pixels).CopyTo(grid.AsSpan((10 + c) * Pixels));
            test.Image(i).CopyTo(grid.AsSpan((20 + c) * Pixels));
        }
        var path = Path.Combine(options.Out, "autoencoder.png");
        ImageGrid.Save(path, grid, rows: 3, columns: 10);
        Console.WriteLine($"wrote {path} (rows: noisy input, reconstruction, clean digit)");
    }

    static void AddNoise(ReadOnlySpan<float> clean, Span<float> noisy, SeededRandom random)
    {
        for (var i = 0; i < clean.Length; i++) noisy[i] = Math.Clamp(clean[i] + NoiseStd * random.NextNormal(), 0f, 1f);
    }

    static double MeanSquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)(a[i] - b[i]) * (a[i] - b[i]);
        return sum / a.Length;
    }
}
