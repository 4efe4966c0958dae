using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace CnnGen.Package.Tests;

/// <summary>The CnnGen package as a user gets it: its layout, and fresh projects that reference only it.</summary>
public sealed partial class PackageConsumptionTests(PackedPackage package, ITestOutputHelper output) : IClassFixture<PackedPackage>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void PackageHoldsTheRuntimeAndBothRoslynComponentsAndOnlyTheImageDecoderAsDependency()
    {
        output.WriteLine($"pack took {package.PackResult.Elapsed.TotalSeconds:F1} s");
        using var archive = ZipFile.OpenRead(package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/CnnGen.Runtime.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CnnGen.Generator.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/CnnGen.Analyzers.dll", entries);
        if (File.Exists(Path.Combine(package.RepositoryRoot, "CodeFixes", "CnnGen.CodeFixes.csproj")))
            Assert.Contains("analyzers/dotnet/cs/CnnGen.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));

        var metadata = Metadata(archive, "CnnGen");
        AssertUserFacingMetadata(metadata, "CnnGen", "source-generator");
        // The only dependency: the managed image decoder behind ImageFolder.
        var dependency = Assert.Single(metadata.Descendants(), e => e.Name.LocalName == "dependency");
        Assert.Equal("StbImageSharp", (string?)dependency.Attribute("id"));
    }

    [Fact]
    public void PackingTheRepositoryGivesExactlyThePackagesAUserInstalls()
    {
        var packages = Directory.GetFiles(package.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal([$"CnnGen.{package.Version}.nupkg", $"CnnGen.Onnx.{package.Version}.nupkg"], packages);
    }

    [Fact]
    public void OnnxPackageHoldsTheExporterAndBringsCnnGenWithItsRoslynComponents()
    {
        using var archive = ZipFile.OpenRead(package.OnnxPackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/CnnGen.Onnx.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));

        var metadata = Metadata(archive, "CnnGen.Onnx");
        AssertUserFacingMetadata(metadata, "CnnGen.Onnx", "onnx");
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        var cnnGen = Assert.Single(dependencies, d => (string?)d.Attribute("id") == "CnnGen");
        Assert.Equal(package.Version, (string?)cnnGen.Attribute("version"));
        // A default project dependency excludes "Build,Analyzers": installing CnnGen.Onnx alone would then bring the
        // runtime without the generator, and no network would be generated.
        Assert.DoesNotContain("Analyzers", (string?)cnnGen.Attribute("exclude") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Contains(dependencies, d => (string?)d.Attribute("id") == "Google.Protobuf");
    }

    private XElement Metadata(ZipArchive archive, string id)
    {
        using var nuspecStream = archive.GetEntry(id + ".nuspec")!.Open();
        return XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    /// <summary>What a user sees on the package's page: id, version, license, readme, description, repository link, tags.</summary>
    private void AssertUserFacingMetadata(XElement metadata, string id, string tag)
    {
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(id, Field("id"));
        Assert.Equal(package.Version, Field("version"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Contains(tag, Field("tags") ?? "");
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.StartsWith("https://", (string?)repository.Attribute("url"));
    }

    [Fact]
    public void ConsoleProjectDeclaresAndTrainsANetworkFromThePackageAlone()
    {
        var folder = package.CreateConsumer("TrainsFromPackage", ConsumerPrograms.Training);

        var build = DotnetCli.Run(folder, BuildTimeout, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");
        output.WriteLine($"build took {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.ExitCode == 0, build.ToString());
        // CS8032/CS9057: the compiler could not load a Roslyn component from the package (it would silently not run).
        Assert.DoesNotContain("CS8032", build.Output);
        Assert.DoesNotContain("CS9057", build.Output);
        Assert.True(Directory.Exists(Path.Combine(package.PackagesFolder, "cnngen", package.Version)), "restore did not use the project's own packages folder");

        var run = DotnetCli.Run(folder, RunTimeout, "run", "-c", "Release", "--no-build");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.ToString());
        // The count is a generated constant: it exists only because the generator from the package ran.
        Assert.Contains($"parameters: {ConsumerPrograms.TinyNetParameters}", run.Output);
        Assert.Contains(ConsumerPrograms.SuccessMarker, run.Output);
    }

    [Fact]
    public void ConsoleProjectTrainsOnAFolderOfImagesFineTunesAFrozenBackboneAndTrainsAnAutoencoderWithTrainerFit()
    {
        var folder = package.CreateConsumer("ImagesFromPackage", ConsumerPrograms.ImageFolderTraining);
        ConsumerPrograms.WriteStripeImages(Path.Combine(folder, "images"));

        var build = DotnetCli.Run(folder, BuildTimeout, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");
        output.WriteLine($"build took {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = DotnetCli.Run(folder, RunTimeout, "run", "-c", "Release", "--no-build");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("images: 16 of 3x8x8, classes: horizontal,vertical", run.Output);
        Assert.Contains("frozen backbone unchanged: True", run.Output);
        Assert.Contains(ConsumerPrograms.SuccessMarker, run.Output);
    }

    [Fact]
    public void BrokenNetworkFailsToBuildWithItsDiagnostic()
    {
        var folder = package.CreateConsumer("BrokenNetwork", ConsumerPrograms.Broken);

        var build = DotnetCli.Run(folder, BuildTimeout, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false");
        output.WriteLine($"build took {build.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(build.Output);
        Assert.NotEqual(0, build.ExitCode);
        if (package.HasAnalyzers)
        {
            Assert.Matches(CnnError(), build.Output);
        }
        else
        {
            // No analyzer exists yet: at least the generator ran and, as it must, emitted nothing for an invalid
            // network, so the generated member the program uses is missing.
            Assert.Contains("CS0117", build.Output);
        }
    }

    [GeneratedRegex(@"error CNN\d{4}")]
    private static partial Regex CnnError();
}
