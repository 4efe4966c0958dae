using CnnGen.Data;
using CnnGen.Samples.Generative;

namespace CnnGen.Samples.FineTune;

/// <summary>
/// Writes real Fashion-MNIST images as an image folder once: <c>ROOT/{train,test}/N-name/i.png</c> (28×28 grey PNGs;
/// the class folders are prefixed with the label so that their ordinal order is Fashion-MNIST's label order).
/// </summary>
internal static class FashionFolder
{
    /// <summary>Images written per class: the first ones of each class in the training and test files.</summary>
    public const int TrainPerClass = 300, TestPerClass = 100;

    /// <summary>Writes the folder unless <c>ROOT/test</c> already holds every class; returns <paramref name="root"/>.</summary>
    /// <exception cref="FileNotFoundException">Fashion-MNIST is not installed (the message says how to get it).</exception>
    public static string Ensure(string root)
    {
        if (Complete(Path.Combine(root, "test"))) return root;
        var (train, test) = FashionMnist.Load();
        Write(train, Path.Combine(root, "train"), TrainPerClass);
        Write(test, Path.Combine(root, "test"), TestPerClass);
        Console.WriteLine($"wrote {10 * (TrainPerClass + TestPerClass)} Fashion-MNIST PNGs into {root}/{{train,test}}/<class>/");
        return root;
    }

    static string ClassFolder(int label) => $"{label}-{FashionMnist.ClassNames[label].Replace('/', '-').Replace(' ', '-')}";

    static bool Complete(string split)
        => Enumerable.Range(0, 10).All(label => Directory.Exists(Path.Combine(split, ClassFolder(label))) &&
                                                Directory.GetFiles(Path.Combine(split, ClassFolder(label)), "*.png").Length > 0);

    static void Write(Dataset data, string split, int perClass)
    {
        var written = new int[10];
        for (var i = 0; i < data.Count && written.Min() < perClass; i++)
        {
            var label = data.Label(i);
            if (written[label] == perClass) continue;
            ImageGrid.Save(Path.Combine(split, ClassFolder(label), $"{written[label]++:D4}.png"), data.Image(i), rows: 1, columns: 1, border: 0);
        }
    }
}
