using System.Text.Json;
using CnnGen.Data;

namespace CnnGen.Tests.Data;

/// <summary>
/// Decoding and the image transforms against torchvision 0.14.1 on small committed images
/// (<c>tools/golden/make_image_golden.py</c>): ToTensor of PNG, BMP and grey files, Resize/resized_crop with
/// <c>antialias=False</c>, CenterCrop (with its padding), hflip and Normalize.
/// </summary>
public sealed class ImageGoldenTests
{
    internal static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "images");

    static readonly JsonElement Fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFolder, "images.json"))).RootElement;

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Fixture.GetProperty("cases").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            if (name != JpegCase) data.Add(name);
        }
        return data;
    }

    const string JpegCase = "to_tensor_jpeg";

    static JsonElement Case(string name) => Fixture.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    static ImageTensor Run(JsonElement c)
    {
        var image = ImageFile.Read(Path.Combine(FixtureFolder, c.GetProperty("file").GetString()!), c.GetProperty("channels").GetInt32());
        var random = new SeededRandom(0);
        foreach (var step in c.GetProperty("steps").EnumerateArray()) image = Step(step).Apply(image, random);
        return image;
    }

    static IImageTransform Step(JsonElement step)
    {
        int[] Size() => [.. step.GetProperty("size").EnumerateArray().Select(v => v.GetInt32())];
        float[] Floats(string name) => [.. step.GetProperty(name).EnumerateArray().Select(v => v.GetSingle())];
        return step.GetProperty("op").GetString() switch
        {
            "resize" => Size() is [var s] ? new Resize(s) : new Resize(Size()[0], Size()[1]),
            "center_crop" => new CenterCrop(Size()[0], Size()[1]),
            "resized_crop" => new FixedWindowCrop(step.GetProperty("top").GetInt32(), step.GetProperty("left").GetInt32(),
                step.GetProperty("height").GetInt32(), step.GetProperty("width").GetInt32(), Size()[0], Size()[1]),
            "hflip" => new RandomHorizontalFlip(1.0),
            "normalize" => new Normalize(Floats("mean"), Floats("std")),
            var op => throw new InvalidDataException($"Unknown step {op}."),
        };
    }

    /// <summary>RandomResizedCrop with its window drawn: <c>F.resized_crop</c>.</summary>
    sealed class FixedWindowCrop(int top, int left, int height, int width, int outHeight, int outWidth) : IImageTransform
    {
        public ImageTensor Apply(ImageTensor image, SeededRandom random)
            => RandomResizedCrop.ResizedCrop(image, top, left, height, width, outHeight, outWidth);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_torchvision(string name)
    {
        var c = Case(name);
        var image = Run(c);
        Assert.Equal([.. c.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32())], new[] { image.Channels, image.Height, image.Width });
        var expected = c.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(expected, image.Pixels);
    }

    [Fact]
    public void Jpeg_decodes_within_one_level_of_libjpeg()
    {
        // stb_image and libjpeg (PIL) round their inverse DCTs differently; on a smooth picture they agree within a level.
        var c = Case(JpegCase);
        var image = Run(c);
        var expected = c.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(expected.Length, image.Pixels.Length);
        var worst = expected.Zip(image.Pixels, (e, a) => Math.Abs(e - a) * 255).Max();
        Assert.True(worst <= 1.0001, $"Largest difference {worst} levels.");
    }

    [Fact]
    public void Image_folder_lists_classes_and_samples_as_torchvision()
    {
        var root = Path.Combine(FixtureFolder, "folder");
        var folder = new ImageFolder(root);
        var expected = Fixture.GetProperty("folder");
        Assert.Equal(expected.GetProperty("classes").EnumerateArray().Select(v => v.GetString()), folder.ClassNames);
        var samples = expected.GetProperty("samples").EnumerateArray()
            .Select(s => (Path.Combine(root, s[0].GetString()!), s[1].GetInt32())).ToArray();
        Assert.Equal(samples, folder.Samples);
    }
}
