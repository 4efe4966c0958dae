using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Loss heads. Each returns the mean loss and overwrites <c>gradient</c> with d(mean loss)/d(prediction).</summary>
/// <remarks>Losses are summed in double. An empty <c>gradient</c> computes the loss only (evaluation).</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Losses
{
    /// <summary>nn.CrossEntropyLoss(label_smoothing=<paramref name="labelSmoothing"/>) on logits [batch, classes] with integer labels; mean over the batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int classes, int batch, float labelSmoothing = 0)
    {
        CheckClasses(logits.Length, gradient.Length, classes, batch);
        KernelGuard.AtLeast(labels.Length, batch, nameof(labels));
        if (labelSmoothing != 0) return SmoothedCrossEntropy(logits, labels, gradient, classes, batch, CheckSmoothing(labelSmoothing));
        var total = 0.0;
        var scale = 1f / batch;
        for (var n = 0; n < batch; n++)
        {
            var label = Label(labels, n, classes);
            var row = logits.Slice(n * classes, classes);
            var max = Max(row);
            var sum = SumExp(row, max);
            total -= (row[label] - max) - Math.Log(sum);
            if (gradient.IsEmpty) continue;
            var g = gradient.Slice(n * classes, classes);
            for (var i = 0; i < classes; i++) g[i] = (float)(Math.Exp(row[i] - max) / sum) * scale;
            g[label] -= scale;
        }
        return batch == 0 ? float.NaN : (float)(total / batch);
    }

    /// <summary>
    /// Labels with <c>label_smoothing</c> ε: loss = logΣe^(x−m) − (1 − ε)·(x_label − m) − ε/K·Σ(x − m) (K classes, m the
    /// row's maximum); gradient = softmax(x) − (1 − ε)·onehot − ε/K, over the batch.
    /// </summary>
    static float SmoothedCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int classes, int batch, double smoothing)
    {
        var total = 0.0;
        var scale = 1.0 / batch;
        var spread = smoothing / classes;
        for (var n = 0; n < batch; n++)
        {
            var label = Label(labels, n, classes);
            var row = logits.Slice(n * classes, classes);
            // Every logit enters shifted by the row's maximum, as in the unsmoothed loss, so huge logits keep the log term.
            var max = Max(row);
            var sum = SumExp(row, max);
            var shiftedSum = 0.0;
            for (var i = 0; i < classes; i++) shiftedSum += row[i] - max;
            total += Math.Log(sum) - (1 - smoothing) * (row[label] - max) - spread * shiftedSum;
            if (gradient.IsEmpty) continue;
            var g = gradient.Slice(n * classes, classes);
            for (var i = 0; i < classes; i++) g[i] = (float)((Math.Exp(row[i] - max) / sum - spread - (i == label ? 1 - smoothing : 0)) * scale);
        }
        return batch == 0 ? float.NaN : (float)(total / batch);
    }

    /// <summary>label_smoothing: t ← (1 − ε)·t + ε/classes; ε = 0 leaves t exactly as given.</summary>
    static double Smoothed(float target, double smoothing, int classes) => smoothing == 0 ? target : (1 - smoothing) * target + smoothing / classes;

    static int Label(ReadOnlySpan<int> labels, int n, int classes)
    {
        var label = labels[n];
        return (uint)label < (uint)classes
            ? label
            : throw new ArgumentException($"Expected labels in [0, {classes}), got {label} at sample {n}.", nameof(labels));
    }

    static float CheckSmoothing(float labelSmoothing) => labelSmoothing is >= 0 and <= 1
        ? labelSmoothing
        : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Expected a label smoothing in [0, 1].");

    /// <summary>nn.CrossEntropyLoss(label_smoothing=<paramref name="labelSmoothing"/>) with class-probability targets [batch, classes]; mean over the batch.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, int classes, int batch, float labelSmoothing = 0)
    {
        CheckClasses(logits.Length, gradient.Length, classes, batch);
        KernelGuard.AtLeast(targets.Length, (long)batch * classes, nameof(targets));
        var smoothing = (double)CheckSmoothing(labelSmoothing);
        var total = 0.0;
        var scale = 1.0 / batch;
        for (var n = 0; n < batch; n++)
        {
            var row = logits.Slice(n * classes, classes);
            var target = targets.Slice(n * classes, classes);
            var max = Max(row);
            var sum = SumExp(row, max);
            var logSum = Math.Log(sum);
            var targetSum = 0.0;
            for (var i = 0; i < classes; i++)
            {
                var t = Smoothed(target[i], smoothing, classes);
                total -= t * ((row[i] - max) - logSum);
                targetSum += t;
            }
            if (gradient.IsEmpty) continue;
            // d/dx of −Σ t·log_softmax(x) = softmax(x)·Σt − t (targets need not sum to one).
            var g = gradient.Slice(n * classes, classes);
            for (var i = 0; i < classes; i++) g[i] = (float)((Math.Exp(row[i] - max) / sum * targetSum - Smoothed(target[i], smoothing, classes)) * scale);
        }
        return batch == 0 ? float.NaN : (float)(total / batch);
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
    static float Max(ReadOnlySpan<float> row)
    {
        var max = float.NegativeInfinity;
        foreach (var v in row) max = MathF.Max(max, v);
        return max;
    }

    /// <summary>Σ e^(x − max) in double: at least 1 (the maximum's own term) for a finite row.</summary>
    static double SumExp(ReadOnlySpan<float> row, float max)
    {
        var sum = 0.0;
        foreach (var v in row) sum += Math.Exp(v - max);
        return sum;
    }

    static void CheckClasses(int logitsLength, int gradientLength, int classes, int batch)
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least one class.");
        KernelGuard.NotNegative(batch, nameof(batch));
        KernelGuard.AtLeast(logitsLength, (long)batch * classes, "logits");
        if (gradientLength != 0) KernelGuard.AtLeast(gradientLength, (long)batch * classes, "gradient");
    }

    static int CheckElements(int predictionsLength, int targetsLength, int gradientLength)
    {
        KernelGuard.AtLeast(targetsLength, predictionsLength, "targets");
        if (gradientLength != 0) KernelGuard.AtLeast(gradientLength, predictionsLength, "gradient");
        return predictionsLength;
    }
}
