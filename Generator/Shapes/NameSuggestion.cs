using System;
using System.Collections.Generic;

namespace CnnGen.Generator.Shapes;

/// <summary>
/// The layer name a mistyped one most likely meant, for the CNN0401 code fix: a name equal but for case, else the one
/// name within a small edit distance (adjacent transpositions count once), else none when no name or several are that close.
/// </summary>
internal static class NameSuggestion
{
    public static string? Closest(string typed, IReadOnlyList<string> names)
    {
        string? caseOnly = null;
        foreach (var name in names)
        {
            if (!string.Equals(name, typed, StringComparison.OrdinalIgnoreCase)) continue;
            if (caseOnly is not null) return null;
            caseOnly = name;
        }
        if (caseOnly is not null) return caseOnly;

        // One edit per three characters typed, at least one: "conv1" → "conv2" is a guess, "a" → "stem" is not.
        var limit = Math.Max(1, typed.Length / 3);
        string? best = null;
        var bestDistance = limit + 1;
        var tied = false;
        foreach (var name in names)
        {
            if (Math.Abs(name.Length - typed.Length) > limit) continue;
            var distance = Distance(typed, name);
            if (distance < bestDistance) (best, bestDistance, tied) = (name, distance, false);
            else if (distance == bestDistance && name != best) tied = true;
        }
        return tied ? null : best;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
