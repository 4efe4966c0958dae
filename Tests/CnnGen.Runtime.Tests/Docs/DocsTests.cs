using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace CnnGen.Tests.Docs;

/// <summary>
/// The docs that list what the code does, checked against the code so they cannot lag: INTEROP's ONNX operator table
/// against the layer kinds the exporter translates, the README's option list against the options the MNIST sample
/// parses, and the README's links against the files of the repository.
/// </summary>
public sealed partial class DocsTests
{
    static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root(), .. parts]));

    [GeneratedRegex(@"LayerKind\.(\w+)")]
    private static partial Regex LayerKindReference();

    [GeneratedRegex("\"(--[a-z][a-z-]*)\"")]
    private static partial Regex OptionLiteral();

    [GeneratedRegex(@"\]\(([^)#\s]+)")]
    private static partial Regex MarkdownLink();

    [Fact]
    public void Interop_lists_every_layer_kind_the_ONNX_exporter_translates()
    {
        var translated = LayerKindReference().Matches(Read("Onnx", "LayerTranslator.cs")).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Contains("Conv2D", translated);
        var interop = Read("docs", "INTEROP.md");
        var table = interop[interop.IndexOf("| CnnGen layer | ONNX nodes |", StringComparison.Ordinal)..];
        var firstColumns = table.Split('\n').TakeWhile(line => line.StartsWith('|')).Select(line => line.Split('|')[1]).ToArray();
        var missing = translated.Where(kind => !firstColumns.Any(cell => Regex.IsMatch(cell, $@"`{kind}[`(]"))).ToArray();
        Assert.True(missing.Length == 0, $"docs/INTEROP.md's ONNX table has no row for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Readme_names_every_option_of_the_MNIST_sample()
    {
        var parsed = OptionLiteral().Matches(Read("Samples", "Mnist", "Options.cs")).Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Contains("--epochs", parsed);
        var readme = Read("README.md");
        var missing = parsed.Where(option => !readme.Contains($"`{option}", StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, $"README.md does not name: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Readme_and_docs_link_only_inside_the_repository()
    {
        var files = new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root(), "docs"), "*.md").Select(f => Path.GetRelativePath(Root(), f)));
        var broken = new List<string>();
        foreach (var file in files)
        {
            foreach (Match link in MarkdownLink().Matches(Read(file)))
            {
                var target = link.Groups[1].Value;
                if (target.StartsWith("http", StringComparison.Ordinal)) continue;
                var resolved = Path.GetFullPath(Path.Combine(Root(), Path.GetDirectoryName(file)!, target));
                if (!resolved.StartsWith(Root(), StringComparison.Ordinal) || !(File.Exists(resolved) || Directory.Exists(resolved)))
                    broken.Add($"{file}: {target}");
            }
        }
        Assert.True(broken.Count == 0, "Links outside the repository or to nothing:\n" + string.Join("\n", broken));
    }
}
