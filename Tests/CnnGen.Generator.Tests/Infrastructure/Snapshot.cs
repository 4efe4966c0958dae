using System.Runtime.CompilerServices;

namespace CnnGen.Generator.Tests.Infrastructure;

/// <summary>
/// Our own snapshot check (Verify is not available here): compares text with
/// <c>_snapshots/{TestClass}.{TestMethod}#{HintName}.verified.cs</c> next to the test sources. On a mismatch it writes
/// <c>*.received.cs</c> beside it and fails; set <c>CNNGEN_ACCEPT_SNAPSHOTS=1</c> to overwrite the verified file instead.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string testClass, string hintName, [CallerMemberName] string testMethod = "", [CallerFilePath] string sourceFile = "")
    {
        var folder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "_snapshots"));
        var stem = Path.Combine(folder, $"{testClass}.{testMethod}#{Path.GetFileNameWithoutExtension(hintName)}");
        var verifiedPath = stem + ".verified.cs";
        var receivedPath = stem + ".received.cs";
        var text = $"//HintName: {hintName}\n" + actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("CNNGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verifiedPath, text);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == text)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(receivedPath, text);
        var message = verified is null
            ? $"No snapshot yet: review {receivedPath}, then rename it to .verified.cs (or run with CNNGEN_ACCEPT_SNAPSHOTS=1)."
            : $"Snapshot differs at line {FirstDifference(verified, text)}: compare {receivedPath} with {verifiedPath}; accept with CNNGEN_ACCEPT_SNAPSHOTS=1.";
        Assert.Fail(message);
    }

    static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i]) return i + 1;
        }
        return Math.Min(a.Length, b.Length) + 1;
    }
}
