using System.Text.Json.Nodes;

using CnnGen.Tests.Weights;

namespace CnnGen.Tests.Reliability;

/// <summary>Valid weight files of the reliability networks, and edits of their header, for the catalogue and the fuzzer.</summary>
internal static class WeightFiles
{
    public static byte[] Of(INetwork network)
    {
        using var stream = new MemoryStream();
        CnnGen.Weights.SafeTensors.Save(network, stream);
        return stream.ToArray();
    }

    /// <summary>A valid file of <see cref="ReliabilityNet"/> whose running statistics are not the defaults.</summary>
    public static byte[] Reliability(int seed)
    {
        var network = new ReliabilityNet(seed: seed);
        for (var i = 0; i < network.State.Length; i++) network.State[i] = 0.25f * (i + 1) + seed;
        return Of(network);
    }

    /// <summary>The file with its header parsed, edited and written back (the data section kept, or replaced).</summary>
    public static byte[] Edit(byte[] file, Action<JsonObject> edit, Func<byte[], byte[]>? editData = null)
    {
        var (header, data) = SafeTensorsFile.Split(file);
        edit(header);
        return SafeTensorsFile.Join(header, editData is null ? data : editData(data));
    }

    /// <summary>The file with the first occurrence of <paramref name="find"/> in its header text replaced.</summary>
    public static byte[] Replace(byte[] file, string find, string replacement)
    {
        var text = SafeTensorsFile.HeaderText(file);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{find}' is not in the header {text}");
        return SafeTensorsFile.Join(text[..at] + replacement + text[(at + find.Length)..], SafeTensorsFile.Data(file));
    }
}
