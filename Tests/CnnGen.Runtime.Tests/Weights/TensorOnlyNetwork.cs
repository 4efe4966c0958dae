namespace CnnGen.Tests.Weights;

/// <summary>
/// A network that only has tensors (no computation): conv1, a batch-norm bn1 with running statistics, dense1.
/// Enough to test weight files without the generator.
/// </summary>
internal sealed class TensorOnlyNetwork : INetwork
{
    readonly float[] _parameters;
    readonly float[] _state;
    readonly TensorInfo[] _tensors;
    readonly LayerInfo[] _layers;

    public TensorOnlyNetwork(int seed = 0)
    {
        _tensors =
        [
            new("conv1.weight", [2, 1, 3, 3], TensorStore.Parameters, 0),
            new("conv1.bias", [2], TensorStore.Parameters, 18),
            new("bn1.weight", [2], TensorStore.Parameters, 20),
            new("bn1.bias", [2], TensorStore.Parameters, 22),
            new("dense1.weight", [3, 8], TensorStore.Parameters, 24),
            new("dense1.bias", [3], TensorStore.Parameters, 48),
            new("bn1.running_mean", [2], TensorStore.State, 0),
            new("bn1.running_var", [2], TensorStore.State, 2),
        ];
        _layers =
        [
            new("conv1", LayerKind.Conv2D, [1, 4, 4], [2, 2, 2]) { Kernel = 3, Stride = 1, HasBias = true },
            new("bn1", LayerKind.BatchNorm, [2, 2, 2], [2, 2, 2]) { Momentum = 0.1, Epsilon = 1e-5 },
            new("dense1", LayerKind.Dense, [8], [3]) { HasBias = true },
        ];
        _parameters = new float[51];
        _state = new float[4];
        var random = new SeededRandom(seed);
        for (var i = 0; i < _parameters.Length; i++) _parameters[i] = random.NextNormal();
        for (var i = 0; i < _state.Length; i++) _state[i] = random.NextSingle() + 0.5f;
    }

    public int InputLength => 16;
    public int OutputLength => 3;
    public int ParameterCount => _parameters.Length;
    public int MaxBatch => 1;
    public int Threads { get; set; } = 1;
    public Span<float> Parameters => _parameters;
    public Span<float> State => _state;
    public ReadOnlySpan<TensorInfo> Tensors => _tensors;
    public ReadOnlySpan<LayerInfo> Layers => _layers;
    public string Summary => "";
    public void Forward(ReadOnlySpan<float> input, Span<float> output) => throw new NotSupportedException();
    public int Predict(ReadOnlySpan<float> sample) => throw new NotSupportedException();

    public float[] AllValues() => [.. _parameters, .. _state];
}
