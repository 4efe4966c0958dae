using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Loss heads. Each returns the mean loss and overwrites <c>gradient</c> with d(mean loss)/d(prediction).</summary>
/// <remarks>Losses are summed in double. An empty <c>gradient</c> computes the loss only (evaluation).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Losses
{
    /// <summary>
    /// nn.CrossEntropyLoss(label_smoothing=<paramref name="labelSmoothing"/>) on logits [batch, classes, spatial] with
    /// integer labels [batch, spatial] (spatial = H·W: one class index per pixel, the classes along dim 1 as in PyTorch;
    /// 1 for a classifier's [batch, classes]); mean over batch × spatial, PyTorch's default reduction.
    /// </summary>
    /// <exception cref="ArgumentException">A label is outside [0, classes) (the message names the sample and pixel).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1], or spatial &lt; 1.</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int classes, int batch, float labelSmoothing = 0, int spatial = 1)
    {
        CheckClasses(logits.Length, gradient.Length, classes, batch, spatial);
        var rows = batch * spatial;
        KernelGuard.AtLeast(labels.Length, rows, nameof(labels));
        var smoothing = (double)CheckSmoothing(labelSmoothing);
        var total = 0.0;
        var scale = 1f / rows;
        for (var n = 0; n < batch; n++)
        {
            for (var p = 0; p < spatial; p++)
            {
                // Pixel p of sample n: its classes lie `spatial` apart (NCHW), a classifier's are contiguous.
                var row = new Row(n * classes * spatial + p, spatial, classes);
                var label = Label(labels, n, p, spatial, classes);
                total += smoothing == 0
                    ? CrossEntropyRow(logits, row, label, gradient, scale)
                    : SmoothedCrossEntropyRow(logits, row, label, gradient, 1.0 / rows, smoothing);
            }
        }
        return rows == 0 ? float.NaN : (float)(total / rows);
    }

    /// <summary>The positions of one softmax row in an NCHW buffer: <c>Count</c> values from <c>Start</c>, <c>Stride</c> apart.</summary>
    readonly record struct Row(int Start, int Stride, int Count)
    {
        public int this[int i] => Start + i * Stride;
    }

    /// <summary>−log_softmax(x)[label] for one row; gradient = (softmax(x) − onehot)·scale.</summary>
    static double CrossEntropyRow(ReadOnlySpan<float> logits, Row row, int label, Span<float> gradient, float scale)
    {
        var max = Max(logits, row);
        var sum = SumExp(logits, row, max);
        var loss = -((logits[row[label]] - max) - Math.Log(sum));
        if (gradient.IsEmpty) return loss;
        for (var i = 0; i < row.Count; i++) gradient[row[i]] = (float)(Math.Exp(logits[row[i]] - max) / sum) * scale;
        gradient[row[label]] -= scale;
        return loss;
    }

    /// <summary>
    /// Labels with <c>label_smoothing</c> ε: loss = logΣe^(x−m) − (1 − ε)·(x_label − m) − ε/K·Σ(x − m) (K classes, m the
    /// row's maximum); gradient = (softmax(x) − (1 − ε)·onehot − ε/K)·scale.
    /// </summary>
    static double SmoothedCrossEntropyRow(ReadOnlySpan<float> logits, Row row, int label, Span<float> gradient, double scale, double smoothing)
    {
        var classes = row.Count;
        var spread = smoothing / classes;
        // Every logit enters shifted by the row's maximum, as in the unsmoothed loss, so huge logits keep the log term.
        var max = Max(logits, row);
        var sum = SumExp(logits, row, max);
        var shiftedSum = 0.0;
        for (var i = 0; i < classes; i++) shiftedSum += logits[row[i]] - max;
        var loss = Math.Log(sum) - (1 - smoothing) * (logits[row[label]] - max) - spread * shiftedSum;
        if (gradient.IsEmpty) return loss;
        for (var i = 0; i < classes; i++) gradient[row[i]] = (float)((Math.Exp(logits[row[i]] - max) / sum - spread - (i == label ? 1 - smoothing : 0)) * scale);
        return loss;
    }

    /// <summary>label_smoothing: t ← (1 − ε)·t + ε/classes; ε = 0 leaves t exactly as given.</summary>
    static double Smoothed(float target, double smoothing, int classes) => smoothing == 0 ? target : (1 - smoothing) * target + smoothing / classes;

    static int Label(ReadOnlySpan<int> labels, int n, int p, int spatial, int classes)
    {
        var label = labels[n * spatial + p];
        return (uint)label < (uint)classes
            ? label
            : throw new ArgumentException(spatial == 1
                ? $"Expected labels in [0, {classes}), got {label} at sample {n}."
                : $"Expected labels in [0, {classes}), got {label} at sample {n}, pixel {p}.", nameof(labels));
    }

    static float CheckSmoothing(float labelSmoothing) => labelSmoothing is >= 0 and <= 1
        ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Expected a label smoothing in [0, 1].");

    /// <summary>
    /// nn.CrossEntropyLoss(label_smoothing=<paramref name="labelSmoothing"/>) with class-probability targets laid out as
    /// the logits, [batch, classes, spatial] (spatial = H·W, 1 for a classifier); mean over batch × spatial.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1], or spatial &lt; 1.</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, int classes, int batch, float labelSmoothing = 0, int spatial = 1)
    {
        CheckClasses(logits.Length, gradient.Length, classes, batch, spatial);
        KernelGuard.AtLeast(targets.Length, (long)batch * classes * spatial, nameof(targets));
        var smoothing = (double)CheckSmoothing(labelSmoothing);
        var rows = batch * spatial;
        var total = 0.0;
        var scale = 1.0 / rows;
        for (var n = 0; n < batch; n++)
        {
            for (var p = 0; p < spatial; p++)
            {
                var row = new Row(n * classes * spatial + p, spatial, classes);
                var max = Max(logits, row);
                var sum = SumExp(logits, row, max);
                var logSum = Math.Log(sum);
                var targetSum = 0.0;
                for (var i = 0; i < classes; i++)
                {
                    var t = Smoothed(targets[row[i]], smoothing, classes);
                    total -= t * ((logits[row[i]] - max) - logSum);
                    targetSum += t;
                }
                if (gradient.IsEmpty) continue;
                // d/dx of −Σ t·log_softmax(x) = softmax(x)·Σt − t (targets need not sum to one).
                for (var i = 0; i < classes; i++)
                    gradient[row[i]] = (float)((Math.Exp(logits[row[i]] - max) / sum * targetSum - Smoothed(targets[row[i]], smoothing, classes)) * scale);
            }
        }
        return rows == 0 ? float.NaN : (float)(total / rows);
    }

    /// <summary>nn.BCEWithLogitsLoss, mean over elements.</summary>
    public static float BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        var count = CheckElements(logits.Length, targets.Length, gradient.Length);
        var total = 0.0;
        var scale = 1.0 / count;
        for (var i = 0; i < count; i++)
        {
            double x = logits[i], t = targets[i];
            // max(x, 0) − x·t + log(1 + e^−|x|): never exponentiates a positive number.
            total += Math.Max(x, 0.0) - x * t + Math.Log(1.0 + Math.Exp(-Math.Abs(x)));
            if (!gradient.IsEmpty)
            {
                var sigmoid = x >= 0 ? 1.0 / (1.0 + Math.Exp(-x)) : Math.Exp(x) / (1.0 + Math.Exp(x));
                gradient[i] = (float)((sigmoid - t) * scale);
            }
        }
        return (float)(total / count);
    }

    /// <summary>nn.MSELoss, mean over elements.</summary>
    public static float MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        var count = CheckElements(predictions.Length, targets.Length, gradient.Length);
        var total = 0.0;
        var scale = 2.0 / count;
        for (var i = 0; i < count; i++)
        {
            var d = (double)predictions[i] - targets[i];
            total += d * d;
            if (!gradient.IsEmpty) gradient[i] = (float)(d * scale);
        }
        return (float)(total / count);
    }

    /// <summary>nn.L1Loss, mean over elements (sign(0) = 0).</summary>
    public static float L1(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient)
    {
        var count = CheckElements(predictions.Length, targets.Length, gradient.Length);
        var total = 0.0;
        var scale = 1.0 / count;
        for (var i = 0; i < count; i++)
        {
            var d = (double)predictions[i] - targets[i];
            total += Math.Abs(d);
            if (!gradient.IsEmpty) gradient[i] = (float)(Sign(d) * scale);
        }
        return (float)(total / count);
    }

    /// <summary>nn.SmoothL1Loss with threshold beta, mean over elements.</summary>
    /// <remarks>The gradient follows PyTorch 1.13's kernel exactly, including −1/N for a zero difference when beta = 0.</remarks>
    public static float SmoothL1(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, float beta)
    {
        if (!(beta >= 0f)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "Expected a non-negative beta.");
        var count = CheckElements(predictions.Length, targets.Length, gradient.Length);
        var total = 0.0;
        var scale = 1.0 / count;
        for (var i = 0; i < count; i++)
        {
            var d = (double)predictions[i] - targets[i];
            var magnitude = Math.Abs(d);
            // beta = 0 is L1 (as PyTorch special-cases it): the quadratic branch never applies.
            var quadratic = magnitude < beta;
            total += quadratic ? 0.5 * d * d / beta : magnitude - 0.5 * beta;
            // PyTorch's backward: d ≤ −β → −1, d ≥ β → 1, else d/β (so with β = 0 a zero difference gets −1).
            if (!gradient.IsEmpty) gradient[i] = (float)((d <= -beta ? -1.0 : d >= beta ? 1.0 : d / beta) * scale);
        }
        return (float)(total / count);
    }

    static double Sign(double value) => value > 0 ? 1.0 : value < 0 ? -1.0 : 0.0;

    // log_softmax(x) = (x − max) − log Σ e^(x − max) and softmax(x) = e^(x − max) / Σ e^(x − max): the shifted logits
    // are never added back to max, which at |x| ≳ 1e13 would round the log term (≤ log classes) away. x − max is a
    // float subtraction, as in PyTorch's kernel, so a spread beyond float range gives −∞ there too; the sum is in double.

    /// <summary>The row's largest value (NaN if any is NaN, like torch.max).</summary>
    static float Max(ReadOnlySpan<float> values, Row row)
    {
        var max = float.NegativeInfinity;
        for (var i = 0; i < row.Count; i++) max = MathF.Max(max, values[row[i]]);
        return max;
    }

    /// <summary>Σ e^(x − max) in double: at least 1 (the maximum's own term) for a finite row.</summary>
    static double SumExp(ReadOnlySpan<float> values, Row row, float max)
    {
        var sum = 0.0;
        for (var i = 0; i < row.Count; i++) sum += Math.Exp(values[row[i]] - max);
        return sum;
    }

    static void CheckClasses(int logitsLength, int gradientLength, int classes, int batch, int spatial)
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least one class.");
        if (spatial <= 0) throw new ArgumentOutOfRangeException(nameof(spatial), spatial, "Expected at least one pixel per sample.");
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(logitsLength, (long)batch * classes * spatial, "logits");
        if (gradientLength != 0) KernelGuard.AtLeast(gradientLength, (long)batch * classes * spatial, "gradient");
    }

    static int CheckElements(int predictionsLength, int targetsLength, int gradientLength)
    {
        KernelGuard.AtLeast(targetsLength, predictionsLength, "targets");
        if (gradientLength != 0) KernelGuard.AtLeast(gradientLength, predictionsLength, "gradient");
        return predictionsLength;
    }
}
