using CnnGen.Data;

namespace CnnGen.Samples.Datasets;

/// <summary>The four IDX files of an MNIST-style folder: <c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c> (each optionally <c>.gz</c>).</summary>
public static class IdxFolder
{
    /// <summary>Paths of the four files in <paramref name="folder"/> (plain preferred over <c>.gz</c>), or null when one is missing.</summary>
    public static (string TrainImages, string TrainLabels, string TestImages, string TestLabels)? TryFind(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        string? Pick(string name)
        {
            foreach (var candidate in new[] { name, name + ".gz", name.Replace("-idx", ".idx") , name.Replace("-idx", ".idx") + ".gz" })
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path)) return path;
            }
            return null;
        }
        var trainImages = Pick("train-images-idx3-ubyte");
        var trainLabels = Pick("train-labels-idx1-ubyte");
        var testImages = Pick("t10k-images-idx3-ubyte");
        var testLabels = Pick("t10k-labels-idx1-ubyte");
        if (trainImages is null || trainLabels is null || testImages is null || testLabels is null) return null;
        return (trainImages, trainLabels, testImages, testLabels);
    }

    /// <summary>Loads the training and test sets of <paramref name="folder"/>; a missing file is a <see cref="FileNotFoundException"/> naming the expected names.</summary>
    public static (Dataset Train, Dataset Test) Load(string folder, int classes = 10)
    {
        var files = TryFind(folder) ?? throw new FileNotFoundException(
            $"{folder} does not hold the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (optionally .gz).");
        return (Dataset.FromIdx(files.TrainImages, files.TrainLabels, classes), Dataset.FromIdx(files.TestImages, files.TestLabels, classes));
    }
}
