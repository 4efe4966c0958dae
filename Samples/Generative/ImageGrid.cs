using System.Buffers.Binary;
using System.IO.Compression;

namespace CnnGen.Samples.Generative;

/// <summary>Writes grey-scale images (28 × 28 digits) side by side into one PNG, written atomically.</summary>
internal static class ImageGrid
{
    /// <summary>
    /// Writes <paramref name="rows"/> × <paramref name="columns"/> images of <paramref name="size"/> × <paramref name="size"/>
    /// pixels, taken in row-major order from <paramref name="pixels"/> (values in [0, 1], clamped), with a
    /// <paramref name="border"/>-pixel grey border (0: a single image is written as it is).
    /// </summary>
    public static void Save(string path, ReadOnlySpan<float> pixels, int rows, int columns, int size = 28, int border = 2)
    {
        var width = columns * (size + border) + border;
        var height = rows * (size + border) + border;
        var image = new byte[height * width];
        Array.Fill(image, (byte)64);
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++)
        {
            var sample = pixels.Slice((r * columns + c) * size * size, size * size);
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var v = Math.Clamp(sample[y * size + x], 0f, 1f);
                image[(border + r * (size + border) + y) * width + border + c * (size + border) + x] = (byte)MathF.Round(v * 255);
            }
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, Png(image, width, height));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>An 8-bit grey-scale PNG: signature, IHDR, one zlib IDAT (filter 0 per row), IEND.</summary>
    static byte[] Png(byte[] image, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression, filter and interlace 0
        Chunk(output, "IHDR", header);
        using (var raw = new MemoryStream())
        {
            using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var y = 0; y < height; y++)
                {
                    zlib.WriteByte(0);
                    zlib.Write(image, y * width, width);
                }
            }
            Chunk(output, "IDAT", raw.ToArray());
        }
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typed = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++) typed[i] = (byte)type[i];
        data.CopyTo(typed, 4);
        output.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        output.Write(word);
    }

    static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
