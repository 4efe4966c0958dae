using System.Globalization;
using System.Text;
using CnnGen.Weights;

namespace CnnGen.Training;

/// <summary>The per-epoch history as CSV (one header line, one row per epoch), for spreadsheets and plotting scripts.</summary>
public static class MetricsLog
{
    /// <summary>
    /// The column names, in order: accuracies (pixel accuracies for segmentation) and the mean intersection over union
    /// are fractions in [0, 1], losses means (empty when not measured), times in seconds.
    /// </summary>
    public const string Header = "epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_accuracy,test_loss,learning_rate,training_seconds,evaluation_seconds,samples_per_second,test_mean_iou";

    /// <summary>The CSV text of <paramref name="history"/> (invariant culture, round-trip numbers).</summary>
    public static string Format(IEnumerable<EpochResult> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var e in history)
        {
            text.AppendJoin(',', e.Epoch.ToString(CultureInfo.InvariantCulture), Number(e.TrainLoss), Number(e.TrainAccuracy), Number(e.ValidationLoss),
                Number(e.ValidationAccuracy), Number(e.TestAccuracy), Number(e.TestLoss), Number(e.LearningRate), Number(e.TrainingTime.TotalSeconds),
                Number(e.EvaluationTime.TotalSeconds), Number(e.SamplesPerSecond), Number(e.TestMeanIoU)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically (the whole file is replaced).</summary>
    public static void Write(string path, IEnumerable<EpochResult> history)
    {
        var bytes = Encoding.UTF8.GetBytes(Format(history));
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
