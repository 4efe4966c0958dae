using System.ComponentModel;
namespace CnnGen.Quantization;

/// <summary>
/// Post-training static quantization of a float network, as a generated <c>Quantize</c> drives it: the float weights of
/// each Conv2D and Dense layer (a following batch norm folded in first, PyTorch's <c>fuse_conv_bn_eval</c>), then the
/// values every quantized activation tensor takes on the calibration samples, seen by one observer per tensor (the
/// extremes, PyTorch's <c>MinMaxObserver</c>, or a central percentile).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class Int8Calibration : Int8Source
{
    readonly double _percentile;
    readonly Dictionary<string, ActivationObserver> _observers = new(StringComparer.Ordinal);
    readonly Dictionary<string, (float[] Weight, float[] Bias)> _layers = new(StringComparer.Ordinal);
    float[] _rectified = [];

    /// <summary>A calibration whose observers keep the whole range (<paramref name="percentile"/> 100) or its central percentile.</summary>
    /// <param name="percentile">p in [50, 100]: each tensor's range runs from its (100 − p)-th to its p-th percentile (numpy's linear interpolation); 100 is min/max.</param>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [50, 100].</exception>
    public Int8Calibration(double percentile = 100)
    {
        if (!(percentile >= 50 && percentile <= 100)) throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "expected a percentile in [50, 100] (100: the whole range, PyTorch's MinMaxObserver)");
        _percentile = percentile;
    }

    /// <summary>
    /// The number of calibration samples in <paramref name="calibration"/>, after checking it holds n ≥ 1 whole samples of
    /// finite values.
    /// </summary>
    /// <param name="calibration">n × <paramref name="inputLength"/> floats.</param>
    /// <param name="inputLength">Values per sample.</param>
    /// <exception cref="ArgumentException">It is empty, not a whole number of samples, or holds a NaN or infinity (the message names the sample and position).</exception>
    public static int CountSamples(ReadOnlySpan<float> calibration, int inputLength)
    {
        if (calibration.IsEmpty)
            throw new ArgumentException($"calibration holds no values: expected n x {inputLength} floats (n >= 1 samples of InputLength values)", nameof(calibration));
        if (calibration.Length % inputLength != 0)
            throw new ArgumentException($"calibration holds {calibration.Length} values, not a whole number of samples of {inputLength} (InputLength)", nameof(calibration));
        for (var i = 0; i < calibration.Length; i++)
        {
            if (!float.IsFinite(calibration[i]))
                throw new ArgumentException($"calibration sample {i / inputLength} holds {calibration[i]} at position {i % inputLength}: expected finite values", nameof(calibration));
        }
        return calibration.Length / inputLength;
    }

    /// <summary>Takes a Conv2D or Dense layer's float weight and bias (copied).</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="weight">[rows, taps] (PyTorch's layout).</param>
    /// <param name="bias">[rows], or empty for a layer without bias.</param>
    /// <param name="rows">Output channels.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void AddLayer(string layer, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int rows)
    {
        if (rows <= 0 || weight.Length % rows != 0) throw new ArgumentException($"{layer}: weight holds {weight.Length} values, expected a multiple of {rows} rows", nameof(weight));
        if (!bias.IsEmpty && bias.Length != rows) throw new ArgumentException($"{layer}: bias holds {bias.Length} values, expected {rows} (or none)", nameof(bias));
        var b = new float[rows];
        bias.CopyTo(b);
        _layers[layer] = (weight.ToArray(), b);
    }

    /// <summary>Folds a batch norm into layer <paramref name="layer"/> (see <see cref="Kernels.BatchNorm.FoldIntoWeights"/>).</summary>
    /// <exception cref="ArgumentException">No such layer was added, or a length differs from its output channels.</exception>
    public void FoldBatchNorm(string layer, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon)
    {
        var (weight, bias) = Stored(layer);
        Kernels.BatchNorm.FoldIntoWeights(weight, bias, gamma, beta, runningMean, runningVariance, epsilon, weight, bias);
    }

    /// <summary>Shows tensor <paramref name="tensor"/>'s values on one or more samples to its observer, after <paramref name="rectifier"/>.</summary>
    /// <exception cref="ArgumentException">A value is not finite (the float network diverged on a calibration sample).</exception>
    public void Observe(string tensor, ReadOnlySpan<float> values, Int8Rectifier rectifier = Int8Rectifier.None)
    {
        if (!_observers.TryGetValue(tensor, out var observer))
            _observers[tensor] = observer = _percentile >= 100 ? ActivationObserver.MinMax() : ActivationObserver.Percentile(_percentile);
        if (rectifier == Int8Rectifier.None)
        {
            observer.Observe(values);
            return;
        }
        if (_rectified.Length < values.Length) _rectified = new float[values.Length];
        var rectified = _rectified.AsSpan(0, values.Length);
        var top = rectifier == Int8Rectifier.ReLU6 ? 6f : float.PositiveInfinity;
        // NaN stays NaN so that the observer refuses it.
        for (var i = 0; i < values.Length; i++) rectified[i] = float.IsNaN(values[i]) ? values[i] : MathF.Min(MathF.Max(values[i], 0f), top);
        observer.Observe(rectified);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Tensor <paramref name="tensor"/> was never observed.</exception>
    public override QuantizationParameters Parameters(string tensor) =>
        _observers.TryGetValue(tensor, out var observer) ? observer.Parameters : throw new ArgumentException($"tensor {tensor} was not observed during calibration", nameof(tensor));

    /// <inheritdoc />
    public override Int8Layer Layer(string layer, int rows, QuantizationParameters input, QuantizationParameters? output)
    {
        var (weight, bias) = Stored(layer);
        if (bias.Length != rows) throw new ArgumentException($"{layer}: {bias.Length} output channels were added, the network has {rows}", nameof(rows));
        return Int8Layer.Quantize(weight, bias, input, output);
    }

    (float[] Weight, float[] Bias) Stored(string layer) =>
        _layers.TryGetValue(layer, out var stored) ? stored : throw new ArgumentException($"layer {layer} was not added to the calibration", nameof(layer));
}
