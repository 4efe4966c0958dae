using CnnGen.Data;
using CnnGen.Training;

namespace CnnGen.Samples.Generative;

/// <summary>
/// Trains <see cref="DigitUNet"/> with <c>Trainer.Fit</c> to label every pixel of real MNIST digits (background, or the
/// digit's class where its ink is: <see cref="DigitMasks"/>), then reports pixel accuracy and mean intersection over
/// union on the 1,000 test digits and writes out/segmentation.png (rows: digit, true mask, predicted mask; one test
/// digit of each class; a mask's grey level is its class, background black).
/// </summary>
internal static class SegmentationSample
{
    const int Batch = 50;

    public static void Run(Options options)
    {
        var epochs = options.Epochs ?? 3;
        var (digits, testDigits) = Digits.Load();
        var (train, test) = (DigitMasks.Of(digits), DigitMasks.Of(testDigits));
        var net = new DigitUNet(seed: options.Seed) { Threads = options.Threads };
        Console.WriteLine($"U-Net segmentation of {train.Count} MNIST digits ({test.Count} test) into {DigitMasks.Classes} classes per pixel, " +
                          $"Adam 2e-3, batch {Batch}, {epochs} epochs, {net.Threads} threads, {net.ParameterCount:N0} parameters");
        Console.WriteLine(net.Summary);

        var trainer = new Trainer(new TrainerOptions { Epochs = epochs, BatchSize = Batch, Seed = options.Seed, MeasureTrainAccuracy = false, ReportEveryBatches = 60 });
        var result = trainer.Fit(net, new Adam(learningRate: 2e-3), train, test, progress: new Progress<TrainingProgress>(Report));
        Console.WriteLine(result.Message);

        var metrics = new Evaluator(net).Evaluate(test);
        Console.WriteLine($"test: pixel accuracy {metrics.PixelAccuracy:P2}, mean IoU {metrics.MeanIoU:F4} over {test.Count} digits " +
                          $"(all-background would score {BackgroundShare(test):P2} pixel accuracy)");
        Console.WriteLine("IoU per class: " + string.Join(", ", metrics.ClassIoU.Select((iou, c) => $"{DigitMasks.ClassNames[c]} {iou:F3}")));
        SavePicture(net, testDigits, test, Path.Combine(options.Out, "segmentation.png"));
    }

    static void Report(TrainingProgress p)
    {
        if (p.Phase == TrainingPhase.Batch) Console.WriteLine($"epoch {p.Epoch}/{p.Epochs}  batch {p.Batch,3}/{p.Batches}  loss {p.Loss:F4}");
        else if (p.Completed is { } e)
            Console.WriteLine($"epoch {e.Epoch}: train loss {e.TrainLoss:F4}, test loss {e.TestLoss:F4}, pixel accuracy {e.TestAccuracy:P2}, mean IoU {e.TestMeanIoU:F4}, {e.TrainingTime.TotalSeconds:F0}s");
    }

    static double BackgroundShare(SegmentationDataset data)
    {
        var background = 0;
        foreach (var label in data.Masks) background += label == 0 ? 1 : 0;
        return (double)background / data.Masks.Length;
    }

    static void SavePicture(DigitUNet net, Dataset digits, SegmentationDataset masks, string path)
    {
        const int pixels = DigitUNet.Sizes.InputLength;
        var grid = new float[3 * 10 * pixels];
        var logits = new float[DigitUNet.Sizes.OutputLength];
        for (var digit = 0; digit < 10; digit++)
        {
            var i = digits.Labels.IndexOf(digit);
            digits.Image(i).CopyTo(grid.AsSpan(digit * pixels));
            net.Forward(digits.Image(i), logits);
            for (var p = 0; p < pixels; p++)
            {
                var best = 0;
                for (var c = 1; c < DigitMasks.Classes; c++) if (logits[c * pixels + p] > logits[best * pixels + p]) best = c;
                grid[(10 + digit) * pixels + p] = Grey(masks.Mask(i)[p]);
                grid[(20 + digit) * pixels + p] = Grey(best);
            }
        }
        ImageGrid.Save(path, grid, rows: 3, columns: 10);
        Console.WriteLine($"wrote {path} (rows: digit, true mask, predicted mask; grey level = class)");
    }

    static float Grey(int label) => label == 0 ? 0 : 0.3f + 0.07f * label;
}
