using CnnGen.Data;

namespace CnnGen.Samples.Datasets;

/// <summary>Where the real datasets live on a machine: the repository's <c>.data</c> cache, <c>$CNNGEN_DATA</c> or <c>~/.cache/cnngen</c>.</summary>
public static class DataLocator
{
    /// <summary>Environment variable naming a data folder that takes precedence over the others.</summary>
    public const string EnvironmentVariable = "CNNGEN_DATA";

    /// <summary>
    /// Candidate data folders, most specific first: <c>$CNNGEN_DATA</c>; the nearest <c>.data</c> folder above
    /// the current directory, then above the application's folder; <c>~/.cache/cnngen</c>. Folders may not exist.
    /// </summary>
    public static IReadOnlyList<string> CandidateFolders()
    {
        var folders = new List<string>();
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) folders.Add(Path.GetFullPath(fromEnvironment));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var found = FindUpward(start, ".data");
            if (found is not null && !folders.Contains(found)) folders.Add(found);
        }
        folders.Add(UserCacheFolder);
        return folders;
    }

    /// <summary>The per-user cache folder <c>~/.cache/cnngen</c> (where a sample downloads data when nothing else is found).</summary>
    public static string UserCacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cnngen");

    static string? FindUpward(string start, string name)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, name);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
