using CnnGen.Weights;

namespace CnnGen;

/// <summary>Weight loading that a generated network's own <c>Load(path)</c> (strict) leaves to the caller.</summary>
public static class NetworkWeights
{
    /// <summary>
    /// <c>net.Load(path, strict: false)</c>: PyTorch's <c>model.load_state_dict(state_dict, strict=False)</c> from a
    /// safetensors file — loads the keys the file and the network share, leaves missing tensors as they are and reads
    /// past unexpected keys, still refusing a shared key of another shape and writing nothing then. Fine-tuning loads a
    /// backbone this way under a new head. See <see cref="SafeTensors.Load(INetwork, string, bool)"/>.
    /// </summary>
    /// <returns>The missing and unexpected keys.</returns>
    /// <exception cref="InvalidDataException">A shared key's dtype or shape differs, the file is malformed, or (strict) the keys differ; nothing was written.</exception>
    public static LoadResult Load(this INetwork network, string path, bool strict) => SafeTensors.Load(network, path, strict);
}
