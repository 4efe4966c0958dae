using CnnGen.Generator.Tests.Infrastructure;

namespace CnnGen.Generator.Tests.Generator;

/// <summary>
/// The graph sample networks of Samples/Networks (ResNet-20 with blocks, MobileNet, Inception, U-Net), read from the
/// sample's source file: each generates without a diagnostic and its code is snapshotted, so a reader can follow every
/// branch (the comments name what each layer reads).
/// </summary>
public class SampleNetworkSnapshotTests
{
    public static TheoryData<string> Networks() => new("ResNet20", "MobileNet", "Inception", "UNet");

    [Theory]
    [MemberData(nameof(Networks))]
    public void Sample_network_generates_without_any_diagnostic(string network)
    {
        var (result, output) = GeneratorHarness.Run(SampleSource());
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.Problems(output, result));
        var generated = Assert.Single(result.Results.Single().GeneratedSources, s => s.HintName == $"CnnGen.Samples.{network}.g.cs");
        Snapshot.Verify(generated.SourceText.ToString(), nameof(SampleNetworkSnapshotTests), generated.HintName, network);
    }

    static string SampleSource([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "Samples", "Networks", "GraphNetworks.cs"));
}
