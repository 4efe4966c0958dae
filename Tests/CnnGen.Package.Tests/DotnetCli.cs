using System.Diagnostics;
using System.Text;

namespace CnnGen.Package.Tests;

/// <summary>The result of one <c>dotnet</c> command.</summary>
public sealed record CliResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"`dotnet {Command}` exited {ExitCode} after {Elapsed.TotalSeconds:F1} s:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI in a child process with a time limit. Build servers and node reuse are off so no
/// process outlives the command (a lingering MSBuild node would keep the output pipe open and the test waiting).
/// </summary>
internal static class DotnetCli
{
    /// <summary>Variables the test host sets that would redirect a child build to the host's MSBuild or packages.</summary>
    private static readonly string[] InheritedBuildVariables =
        ["MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "NUGET_PACKAGES"];

    public static CliResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in InheritedBuildVariables) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"`dotnet {string.Join(' ', arguments)}` did not finish within {timeout.TotalSeconds} s:{Environment.NewLine}{output}");
        }
        process.WaitForExit(); // flushes the asynchronous readers
        lock (output) return new CliResult(string.Join(' ', arguments), process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }
}
