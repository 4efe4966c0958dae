extern alias analyzers;
using analyzers::CnnGen.Analyzers;
using analyzers::CnnGen.Generator.Model;

namespace CnnGen.Generator.Tests.Analyzers;

/// <summary>The descriptors (constant IDs and severities, for release tracking) must match the shared catalogue.</summary>
public class DescriptorCatalogueTests
{
    [Fact]
    public void EveryProblemKindHasADescriptorWithTheCatalogueIdAndSeverity()
    {
        foreach (var kind in Enum.GetValues<ProblemKind>())
        {
            var info = ProblemCatalog.Get(kind);
            var descriptor = DiagnosticDescriptors.ByKind[kind];
            Assert.Equal(info.Id, descriptor.Id);
            Assert.Equal(info.Title, descriptor.Title.ToString());
            Assert.Equal(info.MessageFormat, descriptor.MessageFormat.ToString());
            Assert.Equal(info.Severity.ToString(), descriptor.DefaultSeverity.ToString());
            Assert.Equal("CnnGen", descriptor.Category);
            Assert.Equal($"https://github.com/cnngen/cnngen/blob/main/docs/diagnostics/{info.Id}.md", descriptor.HelpLinkUri);
        }
    }

    [Fact]
    public void IdsAreUniqueAndEveryOneHasADocsPage()
    {
        var ids = new NetworkAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(Enum.GetValues<ProblemKind>().Length, ids.Count);
        var docs = Path.Combine(RepositoryRoot(), "docs", "diagnostics");
        foreach (var id in ids)
            Assert.True(File.Exists(Path.Combine(docs, id + ".md")), $"missing docs/diagnostics/{id}.md");
    }

    [Fact]
    public void ReleaseTrackingListsEveryId()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new NetworkAnalyzer().SupportedDiagnostics)
            Assert.Contains($"{descriptor.Id} | CnnGen | {descriptor.DefaultSeverity} |", unshipped);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CnnGen.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("repository root (CnnGen.sln) not found above " + AppContext.BaseDirectory);
    }
}
