using StbImageSharp;

namespace CnnGen.Data;

/// <summary>
/// Decodes PNG, JPEG and BMP files (8 bits per channel; also GIF's first frame, TGA, PSD) into a CHW
/// <see cref="ImageTensor"/> in [0, 1]: what <c>torchvision.transforms.ToTensor()</c> makes of a PIL image.
/// Decoding is managed code (stb_image's C# port) and safe on several threads at once.
/// </summary>
public static class ImageFile
{
    /// <summary>The file name extensions <see cref="ImageFolder"/> picks up (lower case, with the dot).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp"];

    /// <summary>Reads and decodes the image at <paramref name="path"/> (see <see cref="Decode"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not an image this decoder reads; the message names the file.</exception>
    public static ImageTensor Read(string path, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(File.ReadAllBytes(path), channels, path);
    }

    /// <summary>
    /// Decodes the encoded image <paramref name="bytes"/> into <paramref name="channels"/> × H × W floats, each byte b
    /// becoming b / 255 (<c>ToTensor</c>). With 3 channels a grey image is repeated into R, G and B (PIL's
    /// <c>convert("RGB")</c>); with 1 channel a colour image becomes grey as stb_image computes it, (77·R + 150·G + 29·B) / 256,
    /// which differs from PIL's <c>convert("L")</c> by up to one level. Alpha is dropped.
    /// </summary>
    /// <param name="bytes">A whole PNG, JPEG or BMP file.</param>
    /// <param name="channels">1 (grey) or 3 (RGB).</param>
    /// <param name="name">Names the image in error messages.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 or 3.</exception>
    /// <exception cref="InvalidDataException">The bytes are not an image this decoder reads.</exception>
    public static ImageTensor Decode(byte[] bytes, int channels = 3, string name = "image")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected 1 (grey) or 3 (RGB) channels.");
        ImageResult decoded;
        try
        {
            decoded = ImageResult.FromMemory(bytes, channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException or OverflowException)
        {
            throw new InvalidDataException($"{name}: not a PNG, JPEG or BMP image this decoder reads ({e.Message}).", e);
        }
        if (decoded?.Data is null || decoded.Width <= 0 || decoded.Height <= 0)
            throw new InvalidDataException($"{name}: not a PNG, JPEG or BMP image this decoder reads.");
        return FromInterleaved(decoded.Data, channels, decoded.Height, decoded.Width);
    }

    /// <summary>Bytes in HWC order (as decoders produce them) to floats in CHW order, each divided by 255.</summary>
    /// <exception cref="ArgumentException">The length is not channels · height · width.</exception>
    public static ImageTensor FromInterleaved(ReadOnlySpan<byte> bytes, int channels, int height, int width)
    {
        if (bytes.Length != (long)channels * height * width)
            throw new ArgumentException($"Expected {height}×{width}×{channels} = {(long)channels * height * width} bytes, got {bytes.Length}.", nameof(bytes));
        var pixels = new float[bytes.Length];
        var plane = height * width;
        for (var p = 0; p < plane; p++)
        {
            for (var c = 0; c < channels; c++) pixels[c * plane + p] = bytes[p * channels + c] / 255f;
        }
        return new ImageTensor(pixels, channels, height, width);
    }
}
