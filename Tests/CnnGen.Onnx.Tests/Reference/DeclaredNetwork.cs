namespace CnnGen.Onnx.Tests.Reference;

/// <summary>
/// A hand-declared <see cref="INetwork"/> whose forward pass is <see cref="ReferenceForward"/>: it lets the exporter be
/// checked layer kind by layer kind without the generator, and mirrors the generator's contract (PyTorch tensor
/// shapes; Parameters hold each layer's weight then bias; State holds running mean then variance).
/// </summary>
internal sealed class DeclaredNetwork : INetwork
{
    private readonly LayerInfo[] _layers;
    private readonly TensorInfo[] _tensors;
    private readonly float[] _parameters;
    private readonly float[] _state;

    private DeclaredNetwork(LayerInfo[] layers, TensorInfo[] tensors)
    {
        _layers = layers;
        _tensors = tensors;
        _parameters = new float[tensors.Where(t => t.Store == TensorStore.Parameters).Sum(t => t.Length)];
        _state = new float[tensors.Where(t => t.Store == TensorStore.State).Sum(t => t.Length)];
        InputLength = ReferenceForward.Product(layers[0].InputShape);
        OutputLength = ReferenceForward.Product(layers.Last(layer => !layer.IsLoss).OutputShape);
    }

    public static Builder Input(params int[] shape) => new(shape);

    public int InputLength { get; }
    public int OutputLength { get; }
    public int ParameterCount => _parameters.Length;
    public int MaxBatch => 1;
    public int Threads { get; set; } = 1;
    public Span<float> Parameters => _parameters;
    public Span<float> State => _state;
    public ReadOnlySpan<TensorInfo> Tensors => _tensors;
    public ReadOnlySpan<LayerInfo> Layers => _layers;
    public string Summary => string.Join(Environment.NewLine, _layers.Select(layer => layer.ToString()));

    public void Forward(ReadOnlySpan<float> input, Span<float> output) => ReferenceForward.Run(_layers, TensorValues, input, output);

    public int Predict(ReadOnlySpan<float> sample)
    {
        var output = new float[OutputLength];
        Forward(sample, output);
        return Array.IndexOf(output, output.Max());
    }

    private float[] TensorValues(string name)
    {
        var tensor = _tensors.Single(t => t.Name == name);
        var store = tensor.Store == TensorStore.Parameters ? _parameters : _state;
        return store.AsSpan(tensor.Offset, tensor.Length).ToArray();
    }

    /// <summary>Appends layers in order, inferring each output shape the way the generator does.</summary>
    internal sealed class Builder(int[] inputShape)
    {
        private readonly List<LayerInfo> _layers = [];
        private readonly List<(string Name, int[] Shape, TensorStore Store)> _tensors = [];
        private readonly Dictionary<string, int> _counts = [];
        private int[] _shape = inputShape;

        public Builder Conv(int filters, int kernel, int stride = 1, int padding = 0, bool bias = true)
        {
            var name = NextName("conv");
            var (oh, ow) = (Out(_shape[1], kernel, stride, padding), Out(_shape[2], kernel, stride, padding));
            _tensors.Add((name + ".weight", [filters, _shape[0], kernel, kernel], TensorStore.Parameters));
            if (bias) _tensors.Add((name + ".bias", [filters], TensorStore.Parameters));
            return Add(new LayerInfo(name, LayerKind.Conv2D, _shape, [filters, oh, ow]) { Kernel = kernel, Stride = stride, Padding = padding, HasBias = bias });
        }

        public Builder Dense(int units, bool bias = true)
        {
            var name = NextName("dense");
            _tensors.Add((name + ".weight", [units, ReferenceForward.Product(_shape)], TensorStore.Parameters));
            if (bias) _tensors.Add((name + ".bias", [units], TensorStore.Parameters));
            return Add(new LayerInfo(name, LayerKind.Dense, _shape, [units]) { HasBias = bias });
        }

        public Builder Pool(LayerKind kind, int size, int stride, int padding = 0) =>
            Add(new LayerInfo(NextName("pool"), kind, _shape, [_shape[0], Out(_shape[1], size, stride, padding), Out(_shape[2], size, stride, padding)])
            { Kernel = size, Stride = stride, Padding = padding });

        public Builder GlobalAvgPool() => Add(new LayerInfo(NextName("gap"), LayerKind.GlobalAvgPool, _shape, [_shape[0]]));

        public Builder Flatten() => Add(new LayerInfo(NextName("flatten"), LayerKind.Flatten, _shape, [ReferenceForward.Product(_shape)]));

        /// <summary>A shape-preserving layer: activations, dropout, softmax.</summary>
        public Builder Elementwise(LayerKind kind, double alpha = 0) =>
            Add(new LayerInfo(NextName(kind.ToString().ToLowerInvariant()), kind, _shape, _shape) { Alpha = alpha });

        public Builder BatchNorm(double epsilon = 1e-5)
        {
            var name = NextName("bn");
            foreach (var (suffix, store) in new[] { ("weight", TensorStore.Parameters), ("bias", TensorStore.Parameters), ("running_mean", TensorStore.State), ("running_var", TensorStore.State) })
                _tensors.Add(($"{name}.{suffix}", [_shape[0]], store));
            return Add(new LayerInfo(name, LayerKind.BatchNorm, _shape, _shape) { Momentum = 0.1, Epsilon = epsilon });
        }

        public Builder Residual(string from) => Add(new LayerInfo(NextName("add"), LayerKind.Add, _shape, _shape) { AddFrom = from });

        public Builder Loss(LayerKind kind) => Add(new LayerInfo(NextName("loss"), kind, _shape, [1]));

        /// <summary>The name the next layer of this prefix will get (for <see cref="Residual"/>).</summary>
        public string LastName => _layers[^1].Name;

        public DeclaredNetwork Build()
        {
            // Parameters first (in layer order), then State: the weight-file layout.
            var tensors = new List<TensorInfo>();
            foreach (var store in new[] { TensorStore.Parameters, TensorStore.State })
            {
                var offset = 0;
                foreach (var (name, shape, tensorStore) in _tensors.Where(t => t.Store == store))
                {
                    tensors.Add(new TensorInfo(name, shape, tensorStore, offset));
                    offset += ReferenceForward.Product(shape);
                }
            }
            return new DeclaredNetwork([.. _layers], [.. tensors]);
        }

        private Builder Add(LayerInfo layer)
        {
            _layers.Add(layer);
            _shape = layer.OutputShape;
            return this;
        }

        private string NextName(string prefix)
        {
            _counts[prefix] = _counts.GetValueOrDefault(prefix) + 1;
            return prefix + _counts[prefix];
        }

        private static int Out(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;
    }
}
