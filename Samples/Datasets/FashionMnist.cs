using CnnGen.Data;

namespace CnnGen.Samples.Datasets;

/// <summary>Fashion-MNIST (60,000 training and 10,000 test images of clothing, 10 classes) as installed by Debian's <c>dataset-fashion-mnist</c>.</summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package installs the IDX files.</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>How to get the data, for error messages.</summary>
    public const string HowToGet =
        "Fashion-MNIST was not found. Install it with `apt-get install dataset-fashion-mnist` (files in " + DebianFolder +
        "), put the four IDX files in $CNNGEN_DATA/fashion-mnist, or pass a folder of IDX files with --data DIR.";

    /// <summary>The first folder holding the four files: <c>$CNNGEN_DATA/fashion-mnist</c>, <c>.data/fashion-mnist</c>, <c>~/.cache/cnngen/fashion-mnist</c>, then the Debian folder.</summary>
    public static string? Find()
    {
        foreach (var folder in DataLocator.CandidateFolders().Select(f => Path.Combine(f, "fashion-mnist")).Append(DebianFolder))
        {
            if (IdxFolder.TryFind(folder) is not null) return folder;
        }
        return null;
    }

    /// <summary>Loads the 60,000 / 10,000 split; throws <see cref="FileNotFoundException"/> saying how to get the data when absent.</summary>
    public static (Dataset Train, Dataset Test) Load()
        => IdxFolder.Load(Find() ?? throw new FileNotFoundException(HowToGet));
}
