namespace CnnGen.Data;

/// <summary>
/// Labelled images held in memory: <see cref="Count"/> samples of <see cref="SampleLength"/> floats
/// (channels × height × width, NCHW, normalised to [0, 1]) and one integer label each.
/// </summary>
public sealed class Dataset
{
    readonly float[] _images;
    readonly int[] _labels;

    /// <summary>Wraps <paramref name="images"/> ([n, C·H·W]) and <paramref name="labels"/> ([n], each in [0, <paramref name="classes"/>)).</summary>
    public Dataset(float[] images, int[] labels, int channels, int height, int width, int classes)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"Expected a positive sample shape, got {channels}×{height}×{width}.");
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least one class.");
        var sampleLength = channels * height * width;
        if (images.Length != (long)labels.Length * sampleLength)
            throw new ArgumentException($"Expected {labels.Length} labels × {sampleLength} values = {(long)labels.Length * sampleLength} image values, got {images.Length}.", nameof(images));
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"Label {i} is {labels[i]}, expected a class in [0, {classes}).", nameof(labels));
        }
        _images = images;
        _labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Channels of one image.</summary>
    public int Channels { get; }

    /// <summary>Height of one image.</summary>
    public int Height { get; }

    /// <summary>Width of one image.</summary>
    public int Width { get; }

    /// <summary>Number of classes; labels lie in [0, Classes).</summary>
    public int Classes { get; }

    /// <summary>Floats per sample: Channels · Height · Width.</summary>
    public int SampleLength => Channels * Height * Width;

    /// <summary>All images, sample after sample.</summary>
    public ReadOnlySpan<float> Images => _images;

    /// <summary>All labels.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The pixels of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => _images.AsSpan(checked(index * SampleLength), SampleLength);

    /// <summary>The label of sample <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>Samples per class, indexed by class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes];
        foreach (var label in _labels) counts[label]++;
        return counts;
    }

    /// <summary>A new dataset holding copies of the samples at <paramref name="indices"/>, in that order.</summary>
    /// <exception cref="ArgumentException">The copies would exceed one array (indices repeat a sample that often).</exception>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        var length = (long)indices.Length * SampleLength;
        if (length > Array.MaxLength)
            throw new ArgumentException($"{indices.Length} samples × {SampleLength} values = {length} exceeds the {Array.MaxLength} an array holds.", nameof(indices));
        var images = new float[length];
        var labels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            Image(indices[i]).CopyTo(images.AsSpan(i * SampleLength));
            labels[i] = _labels[indices[i]];
        }
        return new Dataset(images, labels, Channels, Height, Width, Classes);
    }

    /// <summary>The first <paramref name="count"/> samples (a copy).</summary>
    public Dataset Take(int count)
    {
        if ((uint)count > (uint)Count) throw new ArgumentOutOfRangeException(nameof(count), count, $"Expected at most {Count} samples.");
        var indices = new int[count];
        for (var i = 0; i < count; i++) indices[i] = i;
        return Subset(indices);
    }

    /// <summary>
    /// Splits into disjoint training and test sets of exactly the requested sizes, each holding every class in
    /// proportion to its share of this dataset (see <see cref="StratifiedSplit"/>). The same seed gives the same split.
    /// </summary>
    public (Dataset Train, Dataset Test) Split(int trainCount, int testCount, int seed = 0)
    {
        var (train, test) = StratifiedSplit.Indices(_labels, Classes, trainCount, testCount, seed);
        return (Subset(train), Subset(test));
    }

    /// <summary>Images of bytes (0–255) become floats in [0, 1]; labels are bytes in [0, classes).</summary>
    public static Dataset FromBytes(IdxImages images, byte[] labels, int classes = 10, string name = "dataset")
    {
        if (images.Count != labels.Length)
            throw new InvalidDataException($"{name}: {images.Count} images but {labels.Length} labels.");
        var pixels = new float[images.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = images.Pixels[i] / 255f;
        var classLabels = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classes)
                throw new InvalidDataException($"{name}: label {i} is {labels[i]}, expected a class in [0, {classes}).");
            classLabels[i] = labels[i];
        }
        return new Dataset(pixels, classLabels, 1, images.Rows, images.Columns, classes);
    }

    /// <summary>Reads a pair of IDX files (images and labels, gzipped or not).</summary>
    public static Dataset FromIdx(string imagesPath, string labelsPath, int classes = 10)
        => FromBytes(IdxFile.ReadImages(imagesPath), IdxFile.ReadLabels(labelsPath), classes, $"{imagesPath} + {labelsPath}");
}
