using System.Diagnostics;
using CnnGen.Data;

namespace CnnGen.Samples.Generative;

/// <summary>
/// A DCGAN on the real MNIST digits (Radford et al. 2015, as PyTorch's DCGAN example trains it): Adam(2e-4, β1 = 0.5)
/// for both networks, the discriminator on BCE-with-logits of real digits labelled 1 plus generated ones labelled 0, the
/// generator on BCE of the discriminator's verdict on its digits labelled 1 (the non-saturating loss), its gradient
/// reaching the generator through the discriminator's input gradient: ForwardTraining and Backward on both networks.
/// Writes out/gan-epoch-N.png (64 digits from fixed noise, inference mode) after every epoch and the generator's weights,
/// then judges 1,000 generated digits with the main job's SimpleConvNet: the share it classifies with confidence ≥ 0.9,
/// and the classes among them, beside the same share on 1,000 real digits the judge has never seen.
/// </summary>
internal static class DcganSample
{
    const int Batch = 64;
    const int Noise = DcganGenerator.Sizes.InputLength;
    const int Pixels = DcganGenerator.Sizes.OutputLength;
    const double Threshold = 0.9;

    public static void Run(Options options)
    {
        var epochs = options.Epochs ?? 30;
        var (train, _) = Digits.Load();
        var generator = new DcganGenerator(Batch, options.Seed) { Threads = options.Threads };
        var discriminator = new DcganDiscriminator(Batch, options.Seed + 1) { Threads = options.Threads };
        var adamG = new Adam(learningRate: 2e-4, beta1: 0.5);
        var adamD = new Adam(learningRate: 2e-4, beta1: 0.5);
        Console.WriteLine($"DCGAN on {train.Count} MNIST digits, Adam 2e-4 β1 0.5, batch {Batch}, {epochs} epochs, {options.Threads} threads");
        Console.WriteLine(generator.Summary);
        Console.WriteLine(discriminator.Summary);

        var random = new SeededRandom(options.Seed + 2);
        var fixedNoise = Normal(random, 64 * Noise);
        var z = new float[Batch * Noise];
        var real = new float[Batch * Pixels];
        var fake = new float[Batch * Pixels];
        var fakeGradient = new float[Batch * Pixels];
        var logits = new float[Batch];
        var logitGradient = new float[Batch];
        var ones = Enumerable.Repeat(1f, Batch).ToArray();
        var zeros = new float[Batch];
        var discriminatorGradient = new float[DcganDiscriminator.Sizes.ParameterCount];
        var samples = new float[64 * Pixels];

        var batches = new MiniBatches(train, Batch, options.Seed);
        var clock = Stopwatch.StartNew();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            batches.Shuffle();
            double lossD = 0, lossG = 0, realScore = 0, fakeScore = 0;
            for (var b = 0; b < batches.BatchCount; b++)
            {
                var batch = batches.Fill(b);
                var n = batch.Count;
                // Digits in [-1, 1], the range of the generator's tanh.
                for (var i = 0; i < n * Pixels; i++) real[i] = 2 * batch.Inputs[i] - 1;
                for (var i = 0; i < n * Noise; i++) z[i] = random.NextNormal();
                generator.ForwardTraining(z.AsSpan(0, n * Noise), fake.AsSpan(0, n * Pixels));

                // Discriminator: errD_real + errD_fake, one Adam step on the sum of both gradients.
                lossD += discriminator.ComputeGradients(real.AsSpan(0, n * Pixels), ones.AsSpan(0, n));
                discriminator.Gradients.CopyTo(discriminatorGradient);
                lossD += discriminator.ComputeGradients(fake.AsSpan(0, n * Pixels), zeros.AsSpan(0, n));
                Add(discriminator.Gradients, discriminatorGradient);
                adamD.Step(discriminator.Parameters, discriminatorGradient);

                // Generator: BCE(D(G(z)), 1) on the updated discriminator; d/dlogit of the mean is (σ(logit) − 1) / n.
                discriminator.ForwardTraining(fake.AsSpan(0, n * Pixels), logits.AsSpan(0, n));
                for (var i = 0; i < n; i++)
                {
                    var p = 1 / (1 + Math.Exp(-logits[i]));
                    logitGradient[i] = (float)((p - 1) / n);
                    lossG += Softplus(-logits[i]) / n;
                    fakeScore += p / n;
                }
                discriminator.Backward(logitGradient.AsSpan(0, n), fakeGradient.AsSpan(0, n * Pixels));
                generator.Backward(fakeGradient.AsSpan(0, n * Pixels), Span<float>.Empty);
                adamG.Step(generator.Parameters, generator.Gradients);

                discriminator.Forward(real.AsSpan(0, n * Pixels), logits.AsSpan(0, n));
                for (var i = 0; i < n; i++) realScore += 1 / (1 + Math.Exp(-logits[i])) / n;
            }
            var count = batches.BatchCount;
            generator.Forward(fixedNoise, samples);
            var path = Path.Combine(options.Out, $"gan-epoch-{epoch}.png");
            ImageGrid.Save(path, ToUnit(samples), rows: 8, columns: 8);
            Console.WriteLine($"epoch {epoch,2}/{epochs}  loss D {lossD / count:F3}  loss G {lossG / count:F3}  D(real) {realScore / count:F2}  " +
                              $"D(G(z)) {fakeScore / count:F2}  {clock.Elapsed.TotalSeconds:F0}s  → {path}");
        }

        var weights = Path.Combine(options.Out, "dcgan-generator.safetensors");
        Weights.SafeTensors.Save(generator, weights);
        Console.WriteLine($"saved {weights}");

        // The figure of merit: 1,000 digits from fresh noise, judged by a classifier CnnGen trained. In inference mode
        // (batch norm on its running statistics), and as PyTorch's DCGAN example samples, in training mode (batches of 64).
        var classifier = DigitClassifier.Load(options.Out, options.Threads);
        // The yardstick: the same measure on real digits the judge has never seen.
        var heldOut = DigitClassifier.MainJobSplit().Test;
        var yardstick = DigitClassifier.Judge(classifier, heldOut.Images, Threshold);
        Console.WriteLine($"yardstick: the judge's {heldOut.Count} held-out real digits classified with confidence ≥ {Threshold}: {yardstick.ConfidentShare:P1}");
        var noise = Normal(new SeededRandom(options.Seed + 3), 1000 * Noise);
        var judged = new float[1000 * Pixels];
        generator.Forward(noise, judged);
        Report("inference mode", DigitClassifier.Judge(classifier, ToUnit(judged), Threshold));
        for (var start = 0; start < 1000; start += Batch)
        {
            var n = Math.Min(Batch, 1000 - start);
            generator.ForwardTraining(noise.AsSpan(start * Noise, n * Noise), judged.AsSpan(start * Pixels, n * Pixels));
        }
        Report("training mode, batches of 64", DigitClassifier.Judge(classifier, ToUnit(judged), Threshold));
    }

    static void Report(string mode, (double Share, int[] Confident, int[] Predicted) judged)
    {
        var present = judged.Confident.Count(c => c > 0);
        Console.WriteLine($"{mode}: generated digits classified with confidence ≥ {Threshold}: {judged.Share:P1} (goal ≥ 80%); " +
                          $"classes among them: {present} of 10 (goal 10)");
        Console.WriteLine($"  confident per class: {string.Join(" ", judged.Confident.Select((c, k) => $"{k}:{c}"))}");
        Console.WriteLine($"  predicted per class: {string.Join(" ", judged.Predicted.Select((c, k) => $"{k}:{c}"))}");
    }

    static float[] Normal(SeededRandom random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = random.NextNormal();
        return values;
    }

    static float[] ToUnit(float[] tanh) => tanh.Select(v => (v + 1) / 2).ToArray();

    static void Add(ReadOnlySpan<float> source, Span<float> target)
    {
        for (var i = 0; i < target.Length; i++) target[i] += source[i];
    }

    static double Softplus(double x) => x > 20 ? x : Math.Log(1 + Math.Exp(x));
}
