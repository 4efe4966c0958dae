namespace CnnGen.Weights;

/// <summary>
/// One key of a weight file: a model tensor (F32), a buffer whose value the loader ignores (a batch-norm layer's
/// <c>num_batches_tracked</c>: <see cref="Ignored"/>, <see cref="Tensor"/> null), or, in a header read without an
/// expected layout, any tensor as declared (<see cref="Tensor"/> null, not ignored).
/// </summary>
internal sealed record SafeTensorsEntry(string Name, string DataType, int[] Shape, long ByteLength, TensorInfo? Tensor, bool Ignored = false);

/// <summary>The keys a network's weight file holds, in file order.</summary>
internal sealed record SafeTensorsLayout(IReadOnlyList<SafeTensorsEntry> Entries)
{
    public const string Float32 = "F32";
    public const string Int64 = "I64";
    public const string Int32 = "I32";
    public const string BatchesTrackedSuffix = ".num_batches_tracked";

    /// <summary>The network's tensors, each batch-norm layer's counter right after its running variance (PyTorch's state_dict order).</summary>
    public static SafeTensorsLayout Of(INetwork network)
    {
        var batchNorms = new HashSet<string>();
        foreach (var layer in network.Layers)
        {
            if (layer.Kind == LayerKind.BatchNorm) batchNorms.Add(layer.Name);
        }
        var entries = new List<SafeTensorsEntry>();
        foreach (var tensor in network.Tensors)
        {
            entries.Add(new SafeTensorsEntry(tensor.Name, Float32, tensor.Shape, 4L * tensor.Length, tensor));
            if (tensor.Name.EndsWith(".running_var", StringComparison.Ordinal) && batchNorms.Remove(tensor.Name[..^".running_var".Length]))
                entries.Add(Counter(tensor.Name[..^".running_var".Length]));
        }
        foreach (var rest in batchNorms.Order(StringComparer.Ordinal)) entries.Add(Counter(rest));
        return new SafeTensorsLayout(entries);
    }

    static SafeTensorsEntry Counter(string layer) => new(layer + BatchesTrackedSuffix, Int64, [], 8, null, Ignored: true);
}
