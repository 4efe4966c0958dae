namespace CnnGen.Data;

/// <summary>
/// Labelled images on disk, one subfolder per class (<c>torchvision.datasets.ImageFolder</c>): <c>root/cat/1.png</c>,
/// <c>root/dog/a/2.jpg</c>… Classes are the subfolders sorted by name (ordinal, as Python sorts), labelled 0, 1, … in
/// that order; each class's images are the PNG, JPEG and BMP files anywhere below its folder (extension in any case),
/// sorted by folder path, then by name. Only the file list is read up front; images are decoded when asked for
/// (<see cref="Read(int)"/>, <see cref="Load"/>, <see cref="ImageBatches"/>).
/// </summary>
public sealed class ImageFolder
{
    readonly string[] _classes;
    readonly (string Path, int Label)[] _samples;

    /// <summary>Lists the classes and images under <paramref name="root"/>; images decode into <paramref name="channels"/> channels.</summary>
    /// <param name="root">The folder holding one subfolder per class.</param>
    /// <param name="channels">1 (grey) or 3 (RGB, torchvision's default loader); see <see cref="ImageFile.Decode"/>.</param>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 or 3.</exception>
    /// <exception cref="InvalidDataException"><paramref name="root"/> has no subfolder, or a class folder holds no image (the message names it).</exception>
    public ImageFolder(string root, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected 1 (grey) or 3 (RGB) channels.");
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"The image folder {root} does not exist.");
        Root = root;
        Channels = channels;
        _classes = [.. Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        if (_classes.Length == 0)
            throw new InvalidDataException($"{root} holds no class folders: expected one subfolder per class, each holding {string.Join("/", ImageFile.Extensions)} files.");
        var samples = new List<(string, int)>();
        for (var label = 0; label < _classes.Length; label++)
        {
            var folder = Path.Combine(root, _classes[label]);
            var before = samples.Count;
            foreach (var directory in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories).Prepend(folder).Order(StringComparer.Ordinal))
            {
                foreach (var file in Directory.GetFiles(directory).Where(IsImage).Order(StringComparer.Ordinal)) samples.Add((file, label));
            }
            if (samples.Count == before)
                throw new InvalidDataException($"The class folder {folder} holds no {string.Join("/", ImageFile.Extensions)} file.");
        }
        _samples = [.. samples];
    }

    static bool IsImage(string path) => ImageFile.Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The folder the classes are read from.</summary>
    public string Root { get; }

    /// <summary>Channels every image is decoded into.</summary>
    public int Channels { get; }

    /// <summary>Class names (the subfolders), by label (<c>ImageFolder.classes</c>).</summary>
    public IReadOnlyList<string> ClassNames => _classes;

    /// <summary>Every image's path and label, in order (<c>ImageFolder.samples</c>).</summary>
    public IReadOnlyList<(string Path, int Label)> Samples => _samples;

    /// <summary>Number of images.</summary>
    public int Count => _samples.Length;

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => _samples[index].Label;

    /// <summary>Decodes image <paramref name="index"/> (CHW, values in [0, 1]).</summary>
    /// <exception cref="InvalidDataException">The file is not an image the decoder reads.</exception>
    public ImageTensor Read(int index) => ImageFile.Read(_samples[index].Path, Channels);

    /// <summary>
    /// Decodes every image and applies <paramref name="transform"/> (which must give every image the same size), into an
    /// in-memory <see cref="Dataset"/> for <see cref="Training.Trainer"/>. Image i's random draws come from its own stream
    /// of <paramref name="seed"/> and i: the same seed gives the same bits on every thread count. Decodes on
    /// <paramref name="workers"/> threads.
    /// </summary>
    /// <exception cref="InvalidDataException">An image does not decode, or comes out another size than the first (the message names both and says to add a Resize or crop).</exception>
    public Dataset Load(IImageTransform? transform = null, int seed = 0, int workers = 0)
    {
        var decoder = new SampleDecoder(this, transform, seed);
        var length = decoder.SampleLength;
        if ((long)length * Count > Array.MaxLength)
            throw new InvalidOperationException($"{Count} images of {decoder.Shape} = {(long)length * Count} values exceed the {Array.MaxLength} an array holds: stream them with ImageBatches instead.");
        var images = new float[length * Count];
        var labels = new int[Count];
        decoder.Decode(Enumerable.Range(0, Count).ToArray(), epoch: 0, images, labels, SampleDecoder.Workers(workers));
        return new Dataset(images, labels, decoder.Shape.Channels, decoder.Shape.Height, decoder.Shape.Width, _classes.Length);
    }
}
