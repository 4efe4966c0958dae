using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Passes;

/// <summary>
/// The int8 form of a lowered network (DESIGN §6): a batch norm read only after a convolution or dense layer is folded
/// into it; a ReLU or ReLU6 that is the only reader of a convolution, dense layer or Add becomes that op's clamp;
/// Conv2D (every kind), Dense, max, average and global average pooling, Add, Concat and the remaining ReLU/ReLU6 run
/// in int8; views and inference-mode dropout read the same bytes; element-wise activations and softmax run in float
/// between a dequantize and a quantize. Any other kind (or a batch norm that cannot be folded) refuses the network:
/// it then gets no <c>Quantized</c> class. Each calibrated tensor names the float value it is observed on, in the
/// buffers of a training instance (where every activation has its own).
/// </summary>
internal sealed class Quantization
{
    readonly NetworkProgram _program;
    readonly NetworkPlan _plan;
    readonly int[] _readers;
    readonly HashSet<string> _buffers;
    readonly Dictionary<int, Int8Tensor?> _tensorOf = new();
    readonly List<Int8Tensor> _tensors = [];
    readonly Dictionary<int, (Int8Mode Mode, string Into)> _fused = new();
    readonly InferenceFusion _folding;

    Quantization(NetworkProgram program)
    {
        _program = program;
        _plan = program.Plan;
        _readers = new int[_plan.ComputeLayerCount];
        foreach (var layer in _plan.Layers.Take(_plan.ComputeLayerCount))
        {
            foreach (var source in layer.Sources)
            {
                if (source >= 0) _readers[source]++;
            }
        }
        _buffers = new HashSet<string>(program.Memory.Buffers.Where(v => v.Role == ValueRole.Activation).Select(v => v.Owner));
        var sums = new GradientSums(_plan);
        _folding = new InferenceFusion(_plan, sums, new Fusion(_plan, sums));
    }

    int Count => _plan.ComputeLayerCount;

    public static QuantizedProgram Quantize(NetworkProgram program, CancellationToken cancellationToken) => new Quantization(program).Run(cancellationToken);

    QuantizedProgram Run(CancellationToken cancellationToken)
    {
        if (Count == 0) return Refuse("no layer computes");
        var input = Add(new Int8Tensor(LayerSpec.NetworkInputName, _plan.Input.Length, LayerSpec.NetworkInputName, new Value(ValueRole.NetworkInput, "", _plan.Input), Int8Rectifier.None));
        _tensorOf[-1] = input;
        var steps = new List<Int8Step>();
        for (var i = 0; i < Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layer = _plan.Layers[i];
            if (_fused.TryGetValue(i, out var fused))
            {
                steps.Add(new Int8Step(layer, fused.Mode, fused.Into, EquatableArray<Int8Op>.Empty));
                continue;
            }
            var step = Lower(i);
            if (step is null) return Refuse($"layer {layer.Description} has no int8 kernel nor float fallback");
            steps.Add(step);
        }
        var epilogue = _tensorOf[Count - 1] is { } last ? new Int8Op[] { new DequantizeOutput(last) } : [];
        return new QuantizedProgram(_program, new Int8Op[] { new QuantizeInput(input) }.ToEquatableArray(), steps.ToEquatableArray(), epilogue.ToEquatableArray(), _tensors.ToEquatableArray(), null);
    }

    QuantizedProgram Refuse(string why) => new(_program, EquatableArray<Int8Op>.Empty, EquatableArray<Int8Step>.Empty, EquatableArray<Int8Op>.Empty, EquatableArray<Int8Tensor>.Empty, why);

    Int8Step? Lower(int i)
    {
        var layer = _plan.Layers[i];
        var ops = _program.Forward[i].Ops;
        Int8Tensor In(int slot = 0) => _tensorOf[layer.Sources[slot]] ?? throw new System.InvalidOperationException("a dequantized tensor is read");
        Int8Step Step(Int8Mode mode, params Int8Op[] list) => new(layer, mode, null, list.ToEquatableArray());
        switch (ops.FirstOrDefault())
        {
            case Conv2DForward conv:
            {
                var (folded, clamp, end) = Chain(i);
                var output = end == Count - 1 && clamp == Int8Rectifier.None ? null : Calibrated(end);
                SetTensor(i, end, output);
                return Step(Int8Mode.Int8, new Int8Conv2D(conv, folded, In(), output, clamp));
            }
            case DenseForward dense:
            {
                var (folded, clamp, end) = Chain(i);
                var output = end == Count - 1 && clamp == Int8Rectifier.None ? null : Calibrated(end);
                SetTensor(i, end, output);
                return Step(Int8Mode.Int8, new Int8Dense(dense, layer.Name, folded, In(), output, clamp));
            }
            case MaxPool2DForward pool:
                return Step(Int8Mode.Int8, new Int8MaxPool(pool.Config, In(), Shared(i, In())));
            case AvgPool2DForward pool:
                return Step(Int8Mode.Int8, new Int8AvgPool(pool.Config, In(), Own(i)));
            case GlobalAvgPoolForward pool:
                return Step(Int8Mode.Int8, new Int8GlobalAvgPool(pool.Config, In(), Own(i)));
            case Program.Add:
            {
                var clamp = RectifierAfter(i);
                var end = clamp == Int8Rectifier.None ? i : i + 1;
                if (end != i) _fused[end] = (Int8Mode.ClampOf, layer.Name);
                var output = Calibrated(end);
                SetTensor(i, end, output);
                var list = new List<Int8Op>();
                for (var k = 1; k < layer.Sources.Count; k++)
                    list.Add(new Int8Add(k == 1 ? In(0) : output, In(k), output, k == layer.Sources.Count - 1 ? clamp : Int8Rectifier.None));
                return Step(Int8Mode.Int8, [.. list]);
            }
            case ConcatForward:
            {
                var output = Own(i);
                return Step(Int8Mode.Int8, [.. ops.Cast<ConcatForward>().Select((c, k) => new Int8Concat(c.Block, In(k), output))]);
            }
            case ViewOf or DropoutForward or Dropout2DForward:
                _tensorOf[i] = In();
                return Step(Int8Mode.SameBytes);
            case ActivationForward or Fused when layer.Kind is LayerKind.ReLU or LayerKind.ReLU6:
                return Step(Int8Mode.Int8, new Int8Clamp(In(), Shared(i, In()), layer.Kind == LayerKind.ReLU ? Int8Rectifier.ReLU : Int8Rectifier.ReLU6));
            case ActivationForward or SoftmaxForward:
            {
                var output = i == Count - 1 ? null : Calibrated(i);
                _tensorOf[i] = output;
                return Step(Int8Mode.Float, new FloatBetween(ops[0], layer.Input.Length, In(), output));
            }
            default:
                return null;
        }
    }

    /// <summary>
    /// After convolution or dense layer <paramref name="i"/>: the batch norm folded into it and the ReLU/ReLU6 it clamps
    /// by (each only when it is the sole reader of what comes before it), and the last layer of that chain.
    /// </summary>
    (BatchNormForward? Folded, Int8Rectifier Clamp, int End) Chain(int i)
    {
        var name = _plan.Layers[i].Name;
        var end = i;
        BatchNormForward? folded = null;
        // The pairs the float Forward folds too (InferenceFusion), one decision for both.
        if (_folding.IsFoldedIntoProduct(end + 1) && _program.Forward[end + 1].Ops.FirstOrDefault() is BatchNormForward norm)
        {
            folded = norm;
            _fused[++end] = (Int8Mode.FoldedInto, name);
        }
        var clamp = RectifierAfter(end);
        if (clamp != Int8Rectifier.None) _fused[++end] = (Int8Mode.ClampOf, name);
        return (folded, clamp, end);
    }

    /// <summary>The ReLU or ReLU6 right after layer <paramref name="i"/> when it is that layer's only reader.</summary>
    Int8Rectifier RectifierAfter(int i) =>
        !ReadsOnly(i + 1, i) ? Int8Rectifier.None
        : _plan.Layers[i + 1].Kind switch
        {
            LayerKind.ReLU => Int8Rectifier.ReLU,
            LayerKind.ReLU6 => Int8Rectifier.ReLU6,
            _ => Int8Rectifier.None,
        };

    /// <summary>Whether layer <paramref name="reader"/> exists, reads only <paramref name="source"/>, and is its only reader.</summary>
    bool ReadsOnly(int reader, int source) =>
        reader < Count && _plan.Layers[reader].Sources.Count == 1 && _plan.Layers[reader].Sources[0] == source && _readers[source] == 1;

    void SetTensor(int first, int last, Int8Tensor? tensor)
    {
        for (var j = first; j <= last; j++) _tensorOf[j] = tensor;
    }

    Int8Tensor Own(int i)
    {
        var tensor = Calibrated(i);
        _tensorOf[i] = tensor;
        return tensor;
    }

    /// <summary>A tensor of layer <paramref name="i"/>'s output with <paramref name="parameters"/>' scale and zero point.</summary>
    Int8Tensor Shared(int i, Int8Tensor parameters)
    {
        var layer = _plan.Layers[i];
        var tensor = Add(new Int8Tensor(layer.Name, layer.Output.Length, parameters.Parameters, null, Int8Rectifier.None));
        _tensorOf[i] = tensor;
        return tensor;
    }

    /// <summary>
    /// A calibrated tensor of layer <paramref name="i"/>'s output, observed on its float value; where the float program
    /// has none (a ReLU folded into the max pooling after it), on the value before the ReLU, rectified.
    /// </summary>
    Int8Tensor Calibrated(int i)
    {
        var layer = _plan.Layers[i];
        var observed = i;
        var rectifier = Int8Rectifier.None;
        while (observed >= 0 && !_buffers.Contains(_plan.Layers[observed].Name) && _plan.Layers[observed].Kind is LayerKind.ReLU or LayerKind.ReLU6)
        {
            if (rectifier != Int8Rectifier.ReLU6) rectifier = _plan.Layers[observed].Kind == LayerKind.ReLU6 ? Int8Rectifier.ReLU6 : Int8Rectifier.ReLU;
            observed = _plan.Layers[observed].Sources[0];
        }
        var value = observed < 0 ? new Value(ValueRole.NetworkInput, "", _plan.Input) : new Value(ValueRole.Activation, _plan.Layers[observed].Name, _plan.Layers[observed].Output);
        return Add(new Int8Tensor(layer.Name, layer.Output.Length, layer.Name, value, rectifier));
    }

    Int8Tensor Add(Int8Tensor tensor)
    {
        _tensors.Add(tensor);
        return tensor;
    }
}
