using System.Buffers.Binary;
using CnnGen.Onnx.Protos;
using Google.Protobuf;

namespace CnnGen.Onnx;

/// <summary>
/// Accumulates an ONNX graph: nodes, graph inputs and outputs, and initializers copied from the network's
/// <see cref="INetwork.Tensors"/> the first time a node names them (so unused tensors are not exported).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly INetwork? _network;
    private readonly Dictionary<string, TensorInfo> _tensors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _initializers = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(INetwork? network, string graphName)
    {
        _network = network;
        if (network is not null)
            foreach (var tensor in network.Tensors) _tensors[tensor.Name] = tensor;
        Graph = new GraphProto { Name = graphName };
    }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph { get; }

    /// <summary>Declares a float graph input [N, perSample...] with a dynamic batch dimension.</summary>
    public void AddInput(string name, IReadOnlyList<int> perSample) => Graph.Input.Add(FloatValue(name, perSample));

    /// <summary>Declares a float graph output [N, perSample...] with a dynamic batch dimension.</summary>
    public void AddOutput(string name, IReadOnlyList<int> perSample) => Graph.Output.Add(FloatValue(name, perSample));

    /// <summary>Appends a node with one output and returns that output's name.</summary>
    public string AddNode(string opType, string nodeName, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Whether the network has a tensor with this weight-file key.</summary>
    public bool HasTensor(string key) => _tensors.ContainsKey(key);

    /// <summary>The number of values of the network's tensor <paramref name="key"/>.</summary>
    public int TensorLength(string key) => _tensors[key].Length;

    /// <summary>The network's tensor <paramref name="key"/> as an initializer (added once); returns its name.</summary>
    public string Tensor(string key)
    {
        if (!_tensors.TryGetValue(key, out var tensor))
            throw new InvalidOperationException($"The network has no tensor '{key}' (its Tensors are: {string.Join(", ", _tensors.Keys)}).");
        if (_initializers.Add(key))
        {
            var store = tensor.Store == TensorStore.Parameters ? _network!.Parameters : _network!.State;
            Graph.Initializer.Add(FloatTensor(key, tensor.Shape, store.Slice(tensor.Offset, tensor.Length)));
        }
        return key;
    }

    /// <summary>A constant float initializer of <paramref name="length"/> copies of <paramref name="value"/>; returns its name.</summary>
    public string FilledTensor(string name, int length, float value)
    {
        if (_initializers.Add(name))
        {
            var values = new float[length];
            Array.Fill(values, value);
            Graph.Initializer.Add(FloatTensor(name, [length], values));
        }
        return name;
    }

    /// <summary>A constant 1-D float initializer of the given values (Resize scales); returns its name.</summary>
    public string FloatsTensor(string name, params float[] values)
    {
        if (_initializers.Add(name)) Graph.Initializer.Add(FloatTensor(name, [values.Length], values));
        return name;
    }

    /// <summary>A constant rank-0 float initializer (Clip bounds, constants of a formula); returns its name.</summary>
    public string ScalarTensor(string name, float value)
    {
        if (_initializers.Add(name))
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
            tensor.FloatData.Add(value);
            Graph.Initializer.Add(tensor);
        }
        return name;
    }

    /// <summary>A constant int64 initializer (shapes for Reshape); returns its name.</summary>
    public string Int64Tensor(string name, params long[] values)
    {
        if (_initializers.Add(name))
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
            tensor.Dims.Add(values.Length);
            tensor.Int64Data.AddRange(values);
            Graph.Initializer.Add(tensor);
        }
        return name;
    }

    /// <summary>A constant int8 initializer (quantized weights, their zero points); returns its name.</summary>
    public string SByteTensor(string name, IReadOnlyList<int> shape, ReadOnlySpan<sbyte> values)
    {
        if (_initializers.Add(name))
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int8 };
            foreach (var dimension in shape) tensor.Dims.Add(dimension);
            tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
            Graph.Initializer.Add(tensor);
        }
        return name;
    }

    /// <summary>A constant int32 initializer (quantized biases and their zero points), little-endian raw data; returns its name.</summary>
    public string Int32Tensor(string name, IReadOnlyList<int> shape, ReadOnlySpan<int> values)
    {
        if (_initializers.Add(name))
        {
            var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int32 };
            foreach (var dimension in shape) tensor.Dims.Add(dimension);
            var bytes = new byte[values.Length * sizeof(int)];
            for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
            tensor.RawData = ByteString.CopyFrom(bytes);
            Graph.Initializer.Add(tensor);
        }
        return name;
    }

    /// <summary>A constant rank-0 uint8 initializer (an activation's zero point); returns its name.</summary>
    public string ByteScalar(string name, byte value)
    {
        if (_initializers.Add(name))
            Graph.Initializer.Add(new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Uint8, RawData = ByteString.CopyFrom(value) });
        return name;
    }

    /// <summary>An INT attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A STRING attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) };

    /// <summary>A FLOAT attribute.</summary>
    public static AttributeProto Float(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    /// <summary>Float values as raw little-endian bytes, as the ONNX spec requires for <c>raw_data</c>.</summary>
    private static TensorProto FloatTensor(string name, IReadOnlyList<int> shape, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (var dimension in shape) tensor.Dims.Add(dimension);
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    private static ValueInfoProto FloatValue(string name, IReadOnlyList<int> perSample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxExport.BatchDimension });
        foreach (var dimension in perSample)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dimension });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
