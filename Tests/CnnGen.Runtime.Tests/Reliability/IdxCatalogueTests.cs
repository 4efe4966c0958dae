using System.Buffers.Binary;
using System.IO.Compression;
using CnnGen.Data;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Corrupt IDX files (the MNIST family's format): wrong magic, type or dimension count, negative or absurd sizes,
/// truncation anywhere, broken gzip. Each is an <see cref="InvalidDataException"/> naming the file and what was
/// expected, and none allocates more than the file could hold.
/// </summary>
public sealed class IdxCatalogueTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-idx-reliability-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static readonly byte[] Images = ImageFile(count: 3, rows: 4, columns: 5);   // 16-byte header + 60 pixels
    static readonly byte[] Labels = LabelFile([3, 1, 4]);                       // 8-byte header + 3 labels

    static byte[] ImageFile(int count, int rows, int columns)
    {
        using var stream = new MemoryStream();
        IdxFile.WriteImages(stream, new IdxImages(count, rows, columns, [.. Enumerable.Range(0, count * rows * columns).Select(i => (byte)i)]));
        return stream.ToArray();
    }

    static byte[] LabelFile(byte[] labels)
    {
        using var stream = new MemoryStream();
        IdxFile.WriteLabels(stream, labels);
        return stream.ToArray();
    }

    static byte[] Gzip(byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(raw);
        return compressed.ToArray();
    }

    static byte[] WithWord(byte[] file, int offset, int value)
    {
        var copy = file.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(offset), value);
        return copy;
    }

    string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    void AssertRejected(bool images, string name, byte[] bytes, params string[] mentions)
    {
        var path = Write(name, bytes);
        var error = Assert.Throws<InvalidDataException>(() => { _ = images ? IdxFile.ReadImages(path).Pixels : IdxFile.ReadLabels(path); });
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        foreach (var part in mentions) Assert.Contains(part, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_file_read_as_images_names_both_magics()
        => AssertRejected(images: true, "labels-as-images", Labels, "expected magic 0x00000803", "found 0x00000801");

    [Fact]
    public void An_image_file_read_as_labels_names_both_magics()
        => AssertRejected(images: false, "images-as-labels", Images, "expected magic 0x00000801", "found 0x00000803");

    [Fact]
    public void A_float_typed_file_is_refused()
        => AssertRejected(images: true, "floats", WithWord(Images, 0, 0x00000D03), "expected magic 0x00000803", "found 0x00000D03");

    [Fact]
    public void A_four_dimensional_file_is_refused()
        => AssertRejected(images: true, "four-dims", WithWord(Images, 0, 0x00000804), "expected magic 0x00000803", "found 0x00000804");

    [Fact]
    public void A_negative_dimension_is_named()
        => AssertRejected(images: true, "negative", WithWord(Images, 8, -4), "dimension 1 has negative size -4");

    [Fact]
    public void Sizes_whose_product_is_absurd_are_refused_before_allocating()
    {
        var huge = WithWord(WithWord(Images, 4, 1 << 20), 8, 1 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(images: true, "huge", huge, "more than", "1048576×1048576");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Sizes_larger_than_the_file_are_refused_before_allocating()
    {
        var lying = WithWord(Images, 4, 1_000_000); // 1,000,000 × 4 × 5 = 20 MB declared, 60 bytes present
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(images: true, "lying", lying, "truncated", "20000000 data bytes", "holds 60");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Gzipped_sizes_larger_than_the_data_allocate_only_what_arrives()
    {
        var lying = Gzip(WithWord(Images, 4, 1_000_000));
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(images: true, "lying.gz", lying, "truncated", "20000000 data bytes", "holds 60");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20);
    }

    [Fact]
    public void Every_truncation_of_an_image_file_is_refused()
    {
        for (var length = 0; length < Images.Length; length++)
        {
            var expected = length < 16 ? "file ends inside the header" : $"holds {length - 16}";
            AssertRejected(images: true, $"images-{length}", Images[..length], expected);
            AssertRejected(images: true, $"images-{length}.gz", Gzip(Images[..length]), expected);
        }
    }

    [Fact]
    public void Every_truncation_of_a_label_file_is_refused()
    {
        for (var length = 0; length < Labels.Length; length++)
        {
            var expected = length < 8 ? "file ends inside the header" : $"holds {length - 8}";
            AssertRejected(images: false, $"labels-{length}", Labels[..length], expected);
        }
    }

    [Fact]
    public void A_broken_gzip_stream_names_the_file()
    {
        var gzip = Gzip(Images);
        gzip[12] ^= 0xFF; // inside the deflate stream
        gzip[20] ^= 0xFF;
        AssertRejected(images: true, "broken.gz", gzip);
    }

    [Fact]
    public void A_gzip_stream_cut_short_names_the_file()
        => AssertRejected(images: true, "cut.gz", Gzip(Images)[..^12]);

    [Fact]
    public void A_missing_file_is_a_file_not_found_error_naming_it()
    {
        var path = Path.Combine(_folder, "absent-idx3-ubyte");
        var error = Assert.Throws<FileNotFoundException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => Dataset.FromBytes(new IdxImages(3, 4, 5, new byte[60]), [1, 2], name: "pair"));
        Assert.Contains("3 images but 2 labels", error.Message);
    }

    [Fact]
    public void A_label_byte_beyond_the_classes_is_named()
    {
        var error = Assert.Throws<InvalidDataException>(() => Dataset.FromBytes(new IdxImages(2, 1, 1, [0, 0]), [1, 10], classes: 10, name: "pair"));
        Assert.Contains("label 1 is 10, expected a class in [0, 10)", error.Message);
    }

    [Fact]
    public void A_dataset_with_a_negative_label_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dataset(new float[2], [0, -1], 1, 1, 1, 10));
        Assert.Contains("Label 1 is -1, expected a class in [0, 10)", error.Message);
    }
}
