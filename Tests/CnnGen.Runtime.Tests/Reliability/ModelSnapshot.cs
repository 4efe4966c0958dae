using System.Runtime.InteropServices;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// The bytes of a model's Parameters, State and (for trainable networks) Gradients, compared byte for byte so that
/// NaN payloads and negative zeros count too: "unchanged" means bit-identical, not approximately equal.
/// </summary>
internal sealed record ModelSnapshot(byte[] Parameters, byte[] State, byte[]? Gradients)
{
    public static ModelSnapshot Of(INetwork network) => new(
        Bytes(network.Parameters),
        Bytes(network.State),
        network is ITrainableNetwork trainable ? Bytes(trainable.Gradients) : null);

    /// <summary>Fails naming the first store that differs from <paramref name="network"/>'s.</summary>
    public void AssertUnchanged(INetwork network, string because)
    {
        var now = Of(network);
        Assert.True(Parameters.AsSpan().SequenceEqual(now.Parameters), $"Parameters changed: {because}");
        Assert.True(State.AsSpan().SequenceEqual(now.State), $"State changed: {because}");
        if (Gradients is not null) Assert.True(Gradients.AsSpan().SequenceEqual(now.Gradients), $"Gradients changed: {because}");
    }

    /// <summary>Whether <paramref name="network"/>'s parameters and state are bit-identical to this snapshot's.</summary>
    public bool SameWeights(INetwork network)
        => MemoryMarshal.AsBytes(network.Parameters).SequenceEqual(Parameters) && MemoryMarshal.AsBytes(network.State).SequenceEqual(State);

    /// <summary>Writes this snapshot's parameters and state back into <paramref name="network"/>.</summary>
    public void Restore(INetwork network)
    {
        MemoryMarshal.Cast<byte, float>(Parameters).CopyTo(network.Parameters);
        MemoryMarshal.Cast<byte, float>(State).CopyTo(network.State);
    }

    static byte[] Bytes(Span<float> values) => MemoryMarshal.AsBytes(values).ToArray();
}
