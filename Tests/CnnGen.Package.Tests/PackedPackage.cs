using System.Security.Cryptography;
using System.Text;

namespace CnnGen.Package.Tests;

/// <summary>
/// Packs the solution once per test run, as <c>dotnet pack</c> at the repository root does, into a local feed, with a version no earlier run
/// used (a re-packed same version would be shadowed by the packages folder). Work lives in one temp folder per
/// checkout, reused between runs (the consumers' packages folder).
/// </summary>
public sealed class PackedPackage
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromSeconds(120);

    public PackedPackage()
    {
        RepositoryRoot = FindRepositoryRoot();
        WorkRoot = Path.Combine(Path.GetTempPath(), "cnngen-package-tests", ShortHash(RepositoryRoot));
        Feed = Path.Combine(WorkRoot, "feed");
        PackagesFolder = Path.Combine(WorkRoot, "packages");
        ProjectsFolder = Path.Combine(WorkRoot, "projects");
        Version = "0.0.0-test." + DateTime.UtcNow.Ticks;

        // Earlier runs' packages and consumers are never reused (unique versions); drop them so the folder stays small.
        DeleteIfExists(Feed);
        DeleteIfExists(ProjectsFolder);
        DeleteIfExists(Path.Combine(PackagesFolder, "cnngen"));
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(ProjectsFolder);

        // --no-build: the test project's references built the packable projects and the Roslyn components in this
        // configuration; every other project of the solution is not packable and packs nothing.
        PackResult = DotnetCli.Run(RepositoryRoot, PackTimeout,
            "pack", Path.Combine(RepositoryRoot, "CnnGen.sln"), "--no-build",
            "-c", BuildConfiguration, "-o", Feed, "-p:PackageVersion=" + Version, "--disable-build-servers", "-nodeReuse:false");
        if (PackResult.ExitCode != 0) throw new InvalidOperationException("Packing CnnGen failed: " + PackResult);
        PackagePath = Path.Combine(Feed, $"CnnGen.{Version}.nupkg");
        OnnxPackagePath = Path.Combine(Feed, $"CnnGen.Onnx.{Version}.nupkg");
        RegistrySources = ReadRegistrySources(RepositoryRoot);
    }

    /// <summary>The configuration this test assembly (and so the packed Runtime) was built in.</summary>
    public static string BuildConfiguration { get; } =
        typeof(PackedPackage).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "BuildConfiguration").Value!;

    public string RepositoryRoot { get; }
    public string WorkRoot { get; }
    public string Feed { get; }
    public string PackagesFolder { get; }
    public string ProjectsFolder { get; }
    public string Version { get; }
    /// <summary>The <c>CnnGen</c> package: runtime, generator, analyzers and code fixes.</summary>
    public string PackagePath { get; }

    /// <summary>The <c>CnnGen.Onnx</c> package: ONNX export.</summary>
    public string OnnxPackagePath { get; }
    public CliResult PackResult { get; }

    /// <summary>The machine's enabled package sources, as <c>dotnet nuget list source</c> shows them.</summary>
    public IReadOnlyList<string> RegistrySources { get; }

    /// <summary>Whether the Analyzers project declares any DiagnosticAnalyzer yet (until then only the generator can be observed).</summary>
    public bool HasAnalyzers =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "Analyzers"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(path => File.ReadAllText(path).Contains("[DiagnosticAnalyzer(", StringComparison.Ordinal));

    /// <summary>
    /// Writes a console project that references only the packed CnnGen, with its own nuget.config (cleared sources:
    /// the local feed and the machine's registry) and its own packages folder; returns its folder.
    /// </summary>
    public string CreateConsumer(string name, string program)
    {
        var folder = Path.Combine(ProjectsFolder, name);
        Directory.CreateDirectory(folder);
        // Empty Directory.Build.* files stop MSBuild from importing anything above the temp folder.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CnnGen" Version="[{Version}]" />
              </ItemGroup>
            </Project>
            """);
        var config = new StringBuilder();
        config.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
        config.AppendLine("<configuration>");
        config.AppendLine($"""  <config><add key="globalPackagesFolder" value="{PackagesFolder}" /></config>""");
        config.AppendLine("  <packageSources>");
        config.AppendLine("    <clear />");
        config.AppendLine($"""    <add key="local" value="{Feed}" />""");
        for (var i = 0; i < RegistrySources.Count; i++)
            config.AppendLine($"""    <add key="registry{i}" value="{RegistrySources[i]}" />""");
        config.AppendLine("  </packageSources>");
        config.AppendLine("</configuration>");
        File.WriteAllText(Path.Combine(folder, "nuget.config"), config.ToString());
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        return folder;
    }

    private static IReadOnlyList<string> ReadRegistrySources(string workingDirectory)
    {
        var result = DotnetCli.Run(workingDirectory, TimeSpan.FromSeconds(30), "nuget", "list", "source", "--format", "short");
        // Short format: one line per source, "E <url>" when enabled, "D <url>" when disabled.
        return result.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select(line => line[2..].Trim())
            .ToList();
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CnnGen.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("CnnGen.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ShortHash(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();

    private static void DeleteIfExists(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
