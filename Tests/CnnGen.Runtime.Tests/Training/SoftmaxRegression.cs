namespace CnnGen.Tests.Training;

/// <summary>
/// A hand-written classifier (one dense layer + softmax cross-entropy) that implements the generated-network
/// contract, so the trainer can be tested on its own. It also carries a fake state tensor so that restores of
/// <see cref="INetwork.State"/> are observable: every gradient call adds 1 to it.
/// </summary>
internal sealed class SoftmaxRegression : IClassifierNetwork
{
    readonly float[] _parameters;
    readonly float[] _gradients;
    readonly float[] _state = new float[1];
    readonly float[] _logits;
    readonly TensorInfo[] _tensors;
    readonly LayerInfo[] _layers;

    public SoftmaxRegression(int inputs, int classes, int maxBatch)
    {
        InputLength = inputs;
        OutputLength = classes;
        MaxBatch = maxBatch;
        _parameters = new float[classes * inputs + classes];
        _gradients = new float[_parameters.Length];
        _logits = new float[maxBatch * classes];
        _tensors =
        [
            new("dense1.weight", [classes, inputs], TensorStore.Parameters, 0),
            new("dense1.bias", [classes], TensorStore.Parameters, classes * inputs),
            new("counter", [1], TensorStore.State, 0),
        ];
        _layers = [new("dense1", LayerKind.Dense, [inputs], [classes]) { HasBias = true }];
    }

    public int InputLength { get; }
    public int OutputLength { get; }
    public int ParameterCount => _parameters.Length;
    public int MaxBatch { get; }
    public int Threads { get; set; } = 1;
    public Span<float> Parameters => _parameters;
    public Span<float> Gradients => _gradients;

    // No batch norm: any batch of one sample or more trains.
    public int MinimumTrainingBatch => 1;
    public Span<float> State => _state;
    public ReadOnlySpan<TensorInfo> Tensors => _tensors;
    public ReadOnlySpan<LayerInfo> Layers => _layers;
    public string Summary => "dense1";
    public int GradientCalls { get; private set; }

    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        var n = input.Length / InputLength;
        for (var s = 0; s < n; s++) Logits(input.Slice(s * InputLength, InputLength), output.Slice(s * OutputLength, OutputLength));
    }

    public int Predict(ReadOnlySpan<float> sample)
    {
        Span<float> logits = stackalloc float[OutputLength];
        Logits(sample, logits);
        var best = 0;
        for (var c = 1; c < OutputLength; c++) if (logits[c] > logits[best]) best = c;
        return best;
    }

    void Logits(ReadOnlySpan<float> x, Span<float> logits)
    {
        var bias = _parameters.AsSpan(OutputLength * InputLength);
        for (var c = 0; c < OutputLength; c++)
        {
            var row = _parameters.AsSpan(c * InputLength, InputLength);
            var sum = bias[c];
            for (var i = 0; i < InputLength; i++) sum += row[i] * x[i];
            logits[c] = sum;
        }
    }

    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<int> labels)
    {
        GradientCalls++;
        _state[0] += 1;
        var n = labels.Length;
        Array.Clear(_gradients);
        var weightGradient = _gradients.AsSpan(0, OutputLength * InputLength);
        var biasGradient = _gradients.AsSpan(OutputLength * InputLength);
        double loss = 0;
        for (var s = 0; s < n; s++)
        {
            var x = input.Slice(s * InputLength, InputLength);
            var logits = _logits.AsSpan(s * OutputLength, OutputLength);
            Logits(x, logits);
            var max = float.NegativeInfinity;
            foreach (var v in logits) max = Math.Max(max, v);
            double sum = 0;
            foreach (var v in logits) sum += Math.Exp(v - max);
            loss += Math.Log(sum) + max - logits[labels[s]];
            for (var c = 0; c < OutputLength; c++)
            {
                var g = (float)(Math.Exp(logits[c] - max) / sum) - (c == labels[s] ? 1f : 0f);
                g /= n;
                biasGradient[c] += g;
                var row = weightGradient.Slice(c * InputLength, InputLength);
                for (var i = 0; i < InputLength; i++) row[i] += g * x[i];
            }
        }
        return (float)(loss / n);
    }

    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, IOptimizer optimizer)
    {
        var loss = ComputeGradients(input, labels);
        optimizer.Step(Parameters, Gradients);
        return loss;
    }

    public float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> targets) => throw new NotSupportedException();
    public float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, IOptimizer optimizer) => throw new NotSupportedException();
    public void Reseed(int seed) => TrainingRandom = new SeededRandom(seed);

    public SeededRandom TrainingRandom { get; private set; } = new(0);

    // The trainer uses neither; the generated networks' chaining members are tested on generated networks.
    public void ForwardTraining(ReadOnlySpan<float> input, Span<float> output) => throw new NotSupportedException();
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotSupportedException();
}

/// <summary>Plain gradient descent, p -= lr · g (the trainer's tests do not depend on the optimizers under development).</summary>
internal sealed class PlainSgd(double learningRate) : IOptimizer
{
    public double LearningRate { get; set; } = learningRate;
    public List<double> RatesSeen { get; } = [];

    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (RatesSeen.Count == 0 || RatesSeen[^1] != LearningRate) RatesSeen.Add(LearningRate);
        var rate = (float)LearningRate;
        for (var i = 0; i < parameters.Length; i++) parameters[i] -= rate * gradients[i];
    }
}
