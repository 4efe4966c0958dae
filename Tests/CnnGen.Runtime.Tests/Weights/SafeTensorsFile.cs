using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace CnnGen.Tests.Weights;

/// <summary>Splits a safetensors file into its header JSON and data, and reassembles edited versions (for corruption tests).</summary>
internal static class SafeTensorsFile
{
    public static (JsonObject Header, byte[] Data) Split(byte[] file)
    {
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        var header = (JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(file, 8, length))!;
        return (header, file[(8 + length)..]);
    }

    public static byte[] Join(JsonObject header, byte[] data) => Join(Encoding.UTF8.GetBytes(header.ToJsonString()), data);

    public static byte[] Join(byte[] header, byte[] data)
    {
        var file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }
}
