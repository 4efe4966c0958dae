using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace CnnGen.Tests.Weights;

/// <summary>Splits a safetensors file into its header JSON and data, and reassembles edited versions (for corruption tests).</summary>
internal static class SafeTensorsFile
{
    /// <summary>The header's length as the file's first 8 bytes declare it.</summary>
    public static int HeaderLength(byte[] file) => (int)BinaryPrimitives.ReadUInt64LittleEndian(file);

    public static string HeaderText(byte[] file) => Encoding.UTF8.GetString(file, 8, HeaderLength(file));

    public static byte[] Data(byte[] file) => file[(8 + HeaderLength(file))..];

    public static (JsonObject Header, byte[] Data) Split(byte[] file) => ((JsonObject)JsonNode.Parse(HeaderText(file))!, Data(file));

    public static byte[] Join(JsonObject header, byte[] data) => Join(header.ToJsonString(), data);

    public static byte[] Join(string header, byte[] data) => Join(Encoding.UTF8.GetBytes(header), data);

    public static byte[] Join(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }
}
