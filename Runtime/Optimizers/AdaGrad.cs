namespace CnnGen;

/// <summary>AdaGrad (<c>torch.optim.Adagrad</c> without learning-rate decay, initial accumulator 0).</summary>
/// <remarks>g = g + λp; s += g²; p −= lr·g / (√s + ε).</remarks>
public sealed class AdaGrad : IOptimizer
{
    readonly double _epsilon, _weightDecay;
    double _learningRate;
    float[]? _sum;
    int _length = -1;

    /// <summary>Creates the optimizer; defaults as in <c>torch.optim.Adagrad</c>.</summary>
    /// <param name="learningRate">Step size, ≥ 0.</param>
    /// <param name="epsilon">Added to the root of the accumulator, ≥ 0.</param>
    /// <param name="weightDecay">L2 penalty λ added to the gradient, ≥ 0.</param>
    public AdaGrad(double learningRate = 0.01, double epsilon = 1e-10, double weightDecay = 0)
    {
        _learningRate = OptimizerState.NonNegative(learningRate, nameof(learningRate));
        _epsilon = OptimizerState.NonNegative(epsilon, nameof(epsilon));
        _weightDecay = OptimizerState.NonNegative(weightDecay, nameof(weightDecay));
    }

    /// <inheritdoc />
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = OptimizerState.NonNegative(value, nameof(value));
    }

    /// <inheritdoc />
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        var length = _length = OptimizerState.CheckStep(parameters.Length, gradients.Length, _length);
        var sum = OptimizerState.Ensure(ref _sum, length);
        for (var i = 0; i < length; i++)
        {
            var g = gradients[i] + _weightDecay * parameters[i];
            sum[i] = (float)(sum[i] + g * g);
            parameters[i] = (float)(parameters[i] - _learningRate * g / (Math.Sqrt(sum[i]) + _epsilon));
        }
    }
}
