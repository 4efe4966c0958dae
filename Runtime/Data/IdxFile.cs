using System.Buffers.Binary;
using System.IO.Compression;

namespace CnnGen.Data;

/// <summary>Images read from an IDX file (<c>*-idx3-ubyte</c>): <see cref="Count"/> images of <see cref="Rows"/> × <see cref="Columns"/> bytes.</summary>
/// <param name="Count">Number of images.</param>
/// <param name="Rows">Height of each image.</param>
/// <param name="Columns">Width of each image.</param>
/// <param name="Pixels">All pixels, image after image, row-major (0 = background, 255 = ink in MNIST).</param>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);

/// <summary>
/// Reads and writes the IDX format of the MNIST family (big-endian header: two zero bytes, a type byte
/// 0x08 for unsigned bytes, a dimension count, then one 32-bit size per dimension, then the data).
/// Files ending in <c>.gz</c> (or starting with the gzip magic) are decompressed on the fly.
/// Every mismatch is an <see cref="InvalidDataException"/> that names the file, what was expected and what was found.
/// </summary>
public static class IdxFile
{
    /// <summary>Magic number of an image file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Largest element count accepted, so a corrupt header cannot ask for a huge allocation.</summary>
    const long MaxElements = int.MaxValue - 64;

    /// <summary>Reads an image file (<c>*-idx3-ubyte</c> or <c>*-idx3-ubyte.gz</c>).</summary>
    public static IdxImages ReadImages(string path) => Read(path, ReadImages);

    /// <summary>Reads an image file from <paramref name="stream"/> (already decompressed); <paramref name="name"/> appears in error messages.</summary>
    public static IdxImages ReadImages(Stream stream, string name)
    {
        var sizes = ReadHeader(stream, name, ImagesMagic, "images (idx3)");
        var pixels = ReadExactly(stream, name, (long)sizes[0] * sizes[1] * sizes[2]);
        return new IdxImages(sizes[0], sizes[1], sizes[2], pixels);
    }

    /// <summary>Reads a label file (<c>*-idx1-ubyte</c> or <c>*-idx1-ubyte.gz</c>).</summary>
    public static byte[] ReadLabels(string path) => Read(path, ReadLabels);

    /// <summary>Reads a label file from <paramref name="stream"/> (already decompressed); <paramref name="name"/> appears in error messages.</summary>
    public static byte[] ReadLabels(Stream stream, string name)
    {
        var sizes = ReadHeader(stream, name, LabelsMagic, "labels (idx1)");
        return ReadExactly(stream, name, sizes[0]);
    }

    /// <summary>Writes an uncompressed image file.</summary>
    public static void WriteImages(Stream stream, IdxImages images)
    {
        if (images.Pixels.Length != (long)images.Count * images.Rows * images.Columns)
            throw new ArgumentException($"Expected {images.Count}×{images.Rows}×{images.Columns} = {(long)images.Count * images.Rows * images.Columns} pixels, got {images.Pixels.Length}.", nameof(images));
        WriteHeader(stream, ImagesMagic, [images.Count, images.Rows, images.Columns]);
        stream.Write(images.Pixels);
    }

    /// <summary>Writes an uncompressed label file.</summary>
    public static void WriteLabels(Stream stream, ReadOnlySpan<byte> labels)
    {
        WriteHeader(stream, LabelsMagic, [labels.Length]);
        stream.Write(labels);
    }

    /// <summary>Opens <paramref name="path"/> for reading, through a gzip decoder when the file is gzipped.</summary>
    public static Stream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[2];
        var read = file.Read(start);
        file.Position = 0;
        var gzipped = read == 2 && start[0] == 0x1F && start[1] == 0x8B;
        return gzipped ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
    }

    static T Read<T>(string path, Func<Stream, string, T> read)
    {
        using var stream = OpenRead(path);
        try
        {
            return read(stream, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // The gzip decoder's own errors do not say which file was corrupt; ours already do.
            throw new InvalidDataException($"{path}: not a valid gzip file: {e.Message}", e);
        }
    }

    static int[] ReadHeader(Stream stream, string name, int expectedMagic, string kind)
    {
        Span<byte> word = stackalloc byte[4];
        ReadHeaderBytes(stream, name, word, "magic number");
        var magic = BinaryPrimitives.ReadInt32BigEndian(word);
        if (magic != expectedMagic)
            throw new InvalidDataException($"{name}: not an IDX {kind} file: expected magic 0x{expectedMagic:X8}, found 0x{magic:X8}.");

        var sizes = new int[expectedMagic & 0xFF];
        long elements = 1;
        for (var i = 0; i < sizes.Length; i++)
        {
            ReadHeaderBytes(stream, name, word, $"size of dimension {i}");
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(word);
            if (sizes[i] < 0)
                throw new InvalidDataException($"{name}: dimension {i} has negative size {sizes[i]}.");
            elements *= sizes[i];
            if (elements > MaxElements)
                throw new InvalidDataException($"{name}: the header declares more than {MaxElements} values (sizes {string.Join("×", sizes[..(i + 1)])}): not a plausible IDX file.");
        }
        return sizes;
    }

    static void ReadHeaderBytes(Stream stream, string name, Span<byte> destination, string what)
    {
        var read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read != destination.Length)
            throw new InvalidDataException($"{name}: file ends inside the header: expected 4 bytes for the {what}, found {read}.");
    }

    static byte[] ReadExactly(Stream stream, string name, long count)
    {
        // A seekable file can be checked before allocating; a gzip stream grows its buffer as data arrives,
        // so a header that lies about the size cannot force a huge allocation either way.
        if (stream.CanSeek && stream.Length - stream.Position < count)
            throw new InvalidDataException($"{name}: truncated: the header declares {count} data bytes, the file holds {stream.Length - stream.Position}.");
        var data = new byte[Math.Min(count, stream.CanSeek ? count : 1 << 20)];
        long read = 0;
        while (read < count)
        {
            if (read == data.Length) Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            var got = stream.Read(data, (int)read, data.Length - (int)read);
            if (got == 0)
                throw new InvalidDataException($"{name}: truncated: the header declares {count} data bytes, the file holds {read}.");
            read += got;
        }
        return data;
    }

    static void WriteHeader(Stream stream, int magic, int[] sizes)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, magic);
        stream.Write(word);
        foreach (var size in sizes)
        {
            BinaryPrimitives.WriteInt32BigEndian(word, size);
            stream.Write(word);
        }
    }
}
