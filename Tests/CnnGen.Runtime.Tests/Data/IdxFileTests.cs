using System.IO.Compression;
using CnnGen.Data;

namespace CnnGen.Tests.Data;

public sealed class IdxFileTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-idx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static byte[] ImageFileBytes(int count, int rows, int columns)
    {
        var pixels = new byte[count * rows * columns];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 256);
        using var stream = new MemoryStream();
        IdxFile.WriteImages(stream, new IdxImages(count, rows, columns, pixels));
        return stream.ToArray();
    }

    string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Reads_what_it_wrote_with_big_endian_header()
    {
        var bytes = ImageFileBytes(3, 4, 5);
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5 }, bytes[..16]);
        var images = IdxFile.ReadImages(WriteFile("images-idx3-ubyte", bytes));
        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Columns));
        Assert.Equal(bytes[16..], images.Pixels);
    }

    [Fact]
    public void Reads_gzipped_files()
    {
        var raw = ImageFileBytes(2, 3, 3);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(raw);
        var images = IdxFile.ReadImages(WriteFile("images-idx3-ubyte.gz", compressed.ToArray()));
        Assert.Equal(raw[16..], images.Pixels);
    }

    [Fact]
    public void Reads_labels()
    {
        using var stream = new MemoryStream();
        IdxFile.WriteLabels(stream, [3, 1, 4, 1, 5]);
        Assert.Equal(new byte[] { 3, 1, 4, 1, 5 }, IdxFile.ReadLabels(WriteFile("labels-idx1-ubyte", stream.ToArray())));
    }

    [Fact]
    public void Truncated_data_names_the_file_and_both_sizes()
    {
        var bytes = ImageFileBytes(3, 4, 5);
        var path = WriteFile("short-idx3-ubyte", bytes[..^7]);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("60", error.Message);
        Assert.Contains("53", error.Message);
    }

    [Fact]
    public void Truncated_gzipped_data_is_an_error_not_a_short_read()
    {
        var raw = ImageFileBytes(3, 4, 5)[..^1];
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(raw);
        var path = WriteFile("short-idx3-ubyte.gz", compressed.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Truncated_header_is_an_error()
    {
        var path = WriteFile("header-idx3-ubyte", ImageFileBytes(1, 2, 2)[..10]);
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void Wrong_magic_names_expected_and_found()
    {
        using var stream = new MemoryStream();
        IdxFile.WriteLabels(stream, [1, 2, 3]);
        var path = WriteFile("labels-idx1-ubyte", stream.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("0x00000803", error.Message);
        Assert.Contains("0x00000801", error.Message);
    }

    [Fact]
    public void Absurd_declared_size_is_rejected_before_allocating()
    {
        byte[] header = [0, 0, 8, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28];
        var path = WriteFile("huge-idx3-ubyte", header);
        Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
    }

    [Fact]
    public void Dataset_normalises_pixels_to_unit_interval()
    {
        var images = new IdxImages(2, 1, 2, [0, 255, 51, 102]);
        var data = Dataset.FromBytes(images, [1, 0]);
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, data.Images.ToArray());
        Assert.Equal(new[] { 1, 0 }, data.Labels.ToArray());
    }

    [Fact]
    public void Label_out_of_range_is_an_error()
    {
        var images = new IdxImages(1, 1, 1, [0]);
        Assert.Throws<InvalidDataException>(() => Dataset.FromBytes(images, [10], classes: 10));
    }
}
