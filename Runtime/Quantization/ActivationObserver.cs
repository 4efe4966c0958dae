namespace CnnGen.Quantization;

/// <summary>
/// Calibrates one activation tensor's <see cref="QuantizationParameters"/> from the values it takes on calibration
/// samples: over the whole range seen (PyTorch's <c>MinMaxObserver</c>), or over a central percentile of the values,
/// which ignores rare outliers that would otherwise stretch the steps.
/// </summary>
/// <remarks>The min/max observer keeps two numbers; the percentile observer keeps every value it is shown (4 bytes each).</remarks>
internal sealed class ActivationObserver
{
    readonly double _percentile;
    readonly List<float>? _values;
    float _min = float.PositiveInfinity, _max = float.NegativeInfinity;

    ActivationObserver(double percentile, bool keepValues)
    {
        _percentile = percentile;
        _values = keepValues ? [] : null;
    }

    /// <summary>An observer of the whole range: min and max of every value seen.</summary>
    public static ActivationObserver MinMax() => new(100, keepValues: false);

    /// <summary>
    /// An observer of the central <paramref name="percentile"/>: the range runs from the (100 − p)-th to the p-th
    /// percentile of the values seen, each interpolated linearly between order statistics (<c>numpy.percentile</c>'s
    /// default method).
    /// </summary>
    /// <param name="percentile">p in [50, 100] (e.g. 99.99); 100 is the whole range.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [50, 100].</exception>
    public static ActivationObserver Percentile(double percentile)
    {
        if (!(percentile >= 50 && percentile <= 100)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "expected a percentile in [50, 100]");
        return new(percentile, keepValues: true);
    }

    /// <summary>Samples observed so far (values).</summary>
    public long Count { get; private set; }

    /// <summary>Takes the values of one or more samples.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite (a calibration that diverged).</exception>
    public void Observe(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) throw new ArgumentException($"calibration value {v} is not finite", nameof(values));
            _min = MathF.Min(_min, v);
            _max = MathF.Max(_max, v);
        }
        _values?.AddRange(values);
        Count += values.Length;
    }

    /// <summary>The calibrated range [min, max]: the extremes seen, or the percentiles.</summary>
    /// <exception cref="InvalidOperationException">Nothing was observed.</exception>
    public (float Min, float Max) Range
    {
        get
        {
            if (Count == 0) throw new InvalidOperationException("no values were observed: calibrate with at least one sample");
            if (_values == null || _percentile >= 100) return (_min, _max);
            var sorted = _values.ToArray();
            Array.Sort(sorted);
            return (Quantile(sorted, (100 - _percentile) / 100), Quantile(sorted, _percentile / 100));
        }
    }

    /// <summary><see cref="QuantizationParameters.FromRange"/> of <see cref="Range"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was observed.</exception>
    public QuantizationParameters Parameters
    {
        get
        {
            var (min, max) = Range;
            return QuantizationParameters.FromRange(min, max);
        }
    }

    /// <summary>numpy's linear method: position q·(n − 1), interpolated between its two neighbours (in double).</summary>
    static float Quantile(float[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var t = position - below;
        double a = sorted[below], b = sorted[above];
        return (float)(t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t));
    }
}
