using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

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

    public static int HeaderLength(byte[] file) => (int)BinaryPrimitives.ReadUInt64LittleEndian(file);

    public static string HeaderText(byte[] file) => Encoding.UTF8.GetString(file, 8, HeaderLength(file));

    public static byte[] Data(byte[] file) => file[(8 + HeaderLength(file))..];

    public static byte[] Join(string header, byte[] data) => Join(Encoding.UTF8.GetBytes(header), data);

    public static byte[] Join(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>The file with its header parsed, edited and written back (the data section kept, or replaced).</summary>
    public static byte[] Edit(byte[] file, Action<JsonObject> edit, Func<byte[], byte[]>? editData = null)
    {
        var header = (JsonObject)JsonNode.Parse(HeaderText(file))!;
        edit(header);
        var data = Data(file);
        return Join(header.ToJsonString(), editData is null ? data : editData(data));
    }

    /// <summary>The file with the first occurrence of <paramref name="find"/> in its header text replaced.</summary>
    public static byte[] Replace(byte[] file, string find, string replacement)
    {
        var text = HeaderText(file);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{find}' is not in the header {text}");
        return Join(text[..at] + replacement + text[(at + find.Length)..], Data(file));
    }
}
