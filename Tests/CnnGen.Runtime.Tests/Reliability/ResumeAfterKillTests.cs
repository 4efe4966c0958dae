using System.Diagnostics;
using Xunit.Abstractions;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// A training process killed with SIGKILL at random moments (mid-epoch, mid-checkpoint) and restarted with resume each
/// time ends with final weights byte-identical to an uninterrupted run's (CnnGen.Reliability.Child's TrainingRun),
/// on a different thread count too.
/// </summary>
public sealed class ResumeAfterKillTests(ITestOutputHelper output) : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static string Child()
    {
        var child = Path.Combine(AppContext.BaseDirectory, "CnnGen.Reliability.Child.dll");
        Assert.True(File.Exists(child), $"the crash child is not built next to the tests: {child}");
        return child;
    }

    [Fact]
    public void Killed_at_random_steps_and_resumed_the_run_ends_with_the_uninterrupted_runs_bytes()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CNNGEN_RESUME_KILLS"), out var k) && k > 0 ? k : 5;
        var reference = Directory.CreateDirectory(Path.Combine(_folder, "reference")).FullName;
        var (exited, lines) = Run(reference, threads: 2, killAfterStep: null, killDelayMs: 0);
        Assert.True(exited, "the uninterrupted run did not finish");
        var totalSteps = lines.Count(l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.Equal(24, totalSteps);

        var killed = Directory.CreateDirectory(Path.Combine(_folder, "killed")).FullName;
        var random = new Random(15);
        var killPoints = new List<string>();
        var reachedStep = 0;
        for (var round = 0; ; round++)
        {
            Assert.True(round <= kills, "the killed run never finished");
            // Kill after a random step beyond the last one reached (a resumed run reports every step after its
            // checkpoint, which is at most that step); the child goes on computing while the kill lands, mid-step or
            // mid-checkpoint, after a random delay. After the planned kills, let it finish.
            int? target = round < kills && reachedStep + 1 < totalSteps ? random.Next(reachedStep + 1, Math.Min(totalSteps, reachedStep + 8)) : null;
            var (finished, output1) = Run(killed, threads: 1, target, killDelayMs: random.Next(0, 40));
            var lastStep = output1.LastOrDefault(l => l.StartsWith("step ", StringComparison.Ordinal)) ?? "no step";
            if (finished)
            {
                killPoints.Add($"finished ({output1.Last()})");
                break;
            }
            killPoints.Add($"killed after '{lastStep}' (target {target})");
            // The child may run past the target before the kill lands: its checkpoint can be beyond the target, and a
            // resumed run reports only the steps after it, so the next target must lie past the last step reported.
            var lastReported = lastStep.StartsWith("step ", StringComparison.Ordinal) ? int.Parse(lastStep[5..], System.Globalization.CultureInfo.InvariantCulture) : 0;
            reachedStep = Math.Max(reachedStep, Math.Max(target!.Value, lastReported));
        }
        var expected = File.ReadAllBytes(Path.Combine(reference, "final.safetensors"));
        var actual = File.ReadAllBytes(Path.Combine(killed, "final.safetensors"));
        output.WriteLine($"{killPoints.Count - 1} kills: {string.Join("; ", killPoints)}");
        output.WriteLine($"final weights: {expected.Length} bytes, identical: {expected.AsSpan().SequenceEqual(actual)}");
        Assert.True(killPoints.Count >= 4, "at least three kills must have hit a running process");
        Assert.Equal(expected, actual);
        Assert.Equal(File.ReadAllLines(Path.Combine(reference, "metrics.csv")).Select(Deterministic), File.ReadAllLines(Path.Combine(killed, "metrics.csv")).Select(Deterministic));
    }

    /// <summary>The CSV columns that do not depend on time (epoch, losses, accuracies, learning rate).</summary>
    static string Deterministic(string line) => string.Join(',', line.Split(',').Take(8));

    /// <summary>
    /// Runs the child to the end, or kills it (SIGKILL) <paramref name="killDelayMs"/> after it reports step
    /// <paramref name="killAfterStep"/>. A child to be killed runs paced: it waits for a go after each step, and the
    /// target step's go is sent just before the delay, so the kill lands within the next step (mid-step,
    /// mid-checkpoint, or waiting) however loaded the machine is, never after the run has finished.
    /// </summary>
    static (bool Finished, List<string> Lines) Run(string folder, int threads, int? killAfterStep, int killDelayMs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { Child(), "train", folder, threads.ToString(System.Globalization.CultureInfo.InvariantCulture) }) info.ArgumentList.Add(argument);
        if (killAfterStep is not null) info.ArgumentList.Add("paced");
        var lines = new List<string>();
        using var reached = new ManualResetEventSlim();
        using var process = new Process { StartInfo = info };
        var input = new Lock();
        void Go()
        {
            lock (input)
            {
                try { process.StandardInput.WriteLine("go"); process.StandardInput.Flush(); }
                catch (IOException) { } // the child has exited or been killed
            }
        }
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            lock (lines) lines.Add(line);
            if (killAfterStep is { } target && line == $"step {target}") reached.Set();
            else if (killAfterStep is not null && !reached.IsSet && line.StartsWith("step ", StringComparison.Ordinal)) Go();
            if (line.StartsWith("done", StringComparison.Ordinal)) reached.Set();
        };
        process.Start();
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        if (killAfterStep is not null)
        {
            // A resumed run may already be past the target: then it runs to the end and is not killed.
            var clock = Stopwatch.StartNew();
            while (!reached.Wait(20) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5)) { }
            if (!process.HasExited)
            {
                Go();
                Thread.Sleep(killDelayMs);
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { } // exited in between
            }
        }
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "the child hung");
        process.WaitForExit();
        lock (lines)
        {
            var finished = lines.Any(l => l.StartsWith("done", StringComparison.Ordinal));
            if (finished) Assert.True(process.ExitCode == 0, $"the child failed: {stderr.Result}");
            else if (killAfterStep is null) Assert.Fail($"the child stopped without finishing: exit {process.ExitCode}, {stderr.Result}");
            return (finished, [.. lines]);
        }
    }
}
