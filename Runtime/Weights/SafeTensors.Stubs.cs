// TEMPORARY: signatures the generated Save/Load call; the weights session replaces this file.
namespace CnnGen.Weights;

/// <summary>Reads and writes a network's tensors as safetensors (8-byte header length, JSON header, little-endian F32).</summary>
public static class SafeTensors
{
    /// <summary>Writes every tensor of <paramref name="network"/>.</summary>
    public static void Save(INetwork network, Stream stream) => throw new NotImplementedException();
    /// <summary>Writes atomically: a temporary file beside <paramref name="path"/>, then a rename.</summary>
    public static void Save(INetwork network, string path) => throw new NotImplementedException();
    /// <summary>Validates the whole file against <see cref="INetwork.Tensors"/> before changing the model.</summary>
    public static void Load(INetwork network, Stream stream) => throw new NotImplementedException();
    /// <summary>Loads from a file.</summary>
    public static void Load(INetwork network, string path) => throw new NotImplementedException();
}
