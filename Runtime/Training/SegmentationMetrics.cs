namespace CnnGen.Training;

/// <summary>What <see cref="Evaluator.Evaluate(Data.SegmentationDataset)"/> measures over a set of masks.</summary>
/// <param name="PixelAccuracy">Fraction of all pixels whose largest logit is their label, in [0, 1].</param>
/// <param name="Loss">Mean per-pixel cross-entropy of the head (over all pixels of all samples).</param>
/// <param name="MeanIoU">Mean of <paramref name="ClassIoU"/> over the classes whose value is not NaN, in [0, 1].</param>
/// <param name="ClassIoU">Per class: intersection over union, TP / (TP + FP + FN) over all pixels; NaN for a class neither labelled nor predicted.</param>
public sealed record SegmentationMetrics(double PixelAccuracy, double Loss, double MeanIoU, IReadOnlyList<double> ClassIoU)
{
    /// <summary>The metrics of a [label, predicted channel] count matrix and a mean loss.</summary>
    internal static SegmentationMetrics FromCounts(long[,] counts, double loss)
    {
        var classes = counts.GetLength(0);
        var channels = counts.GetLength(1);
        long correct = 0, total = 0;
        var iou = new double[classes];
        double iouSum = 0;
        var present = 0;
        for (var c = 0; c < classes; c++)
        {
            long labelled = 0, predicted = 0;
            for (var p = 0; p < channels; p++) labelled += counts[c, p];
            for (var t = 0; t < classes; t++) predicted += counts[t, c];
            var hits = counts[c, c];
            correct += hits;
            total += labelled;
            var union = labelled + predicted - hits;
            iou[c] = union == 0 ? double.NaN : (double)hits / union;
            if (union == 0) continue;
            iouSum += iou[c];
            present++;
        }
        return new SegmentationMetrics(
            total == 0 ? double.NaN : (double)correct / total, total == 0 ? double.NaN : loss, present == 0 ? double.NaN : iouSum / present, iou);
    }
}
