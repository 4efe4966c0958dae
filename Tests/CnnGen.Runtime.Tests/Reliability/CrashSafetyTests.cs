using System.Diagnostics;
using CnnGen.Samples;
using CnnGen.Weights;
using Xunit.Abstractions;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Save(path) is atomic: killing the saving process at any moment, or a write failing at any byte, leaves the previous
/// file complete and loadable; a location that cannot be written to fails without touching the file that is there.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("cnngen-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Killing_the_process_during_Save_leaves_a_complete_saved_version()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("CNNGEN_CRASH_ROUNDS"), out var r) && r > 0 ? r : 4;
        var child = Path.Combine(AppContext.BaseDirectory, "CnnGen.Reliability.Child.dll");
        Assert.True(File.Exists(child), $"the crash child is not built next to the tests: {child}");
        var path = Path.Combine(_folder, "model.safetensors");
        var random = new Random(7);
        var killedMidSave = 0;
        var clock = Stopwatch.StartNew();

        for (var round = 0; round < rounds; round++)
        {
            var (beganAtKill, endedAtKill, lastBegun, lastEnded) = RunAndKill(child, path, delayMs: random.Next(0, 300));
            if (lastBegun > lastEnded) killedMidSave++;

            var network = new SimpleConvNet();
            network.Load(path);
            var version = (int)(network.Parameters[0] / 1000);
            var expected = new float[SimpleConvNet.Sizes.ParameterCount];
            SavedVersion.Fill(expected, version);
            Assert.True(network.Parameters.SequenceEqual(expected), $"round {round}: the file is not exactly version {version}");
            // The newest save that completed: the last one the child reported ended, or the one in flight if its rename landed.
            Assert.InRange(version, lastEnded, lastBegun);
            output.WriteLine($"round {round}: killed after 'end {endedAtKill}' / 'begin {beganAtKill}' (drained: end {lastEnded}, begin {lastBegun}); file holds version {version}");
        }
        var leftovers = Directory.GetFiles(_folder, ".model.safetensors.*.tmp").Length;
        output.WriteLine($"{rounds} kills in {clock.Elapsed.TotalSeconds:F1} s, {killedMidSave} during a save; {leftovers} temporary files left by the killed saves");
    }

    /// <summary>Starts the child, waits for its first complete save, sleeps <paramref name="delayMs"/>, kills it.</summary>
    static (int BeganAtKill, int EndedAtKill, int LastBegun, int LastEnded) RunAndKill(string child, string path, int delayMs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(child);
        info.ArgumentList.Add(path);
        int begun = 0, ended = 0;
        using var firstSave = new ManualResetEventSlim();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            var number = int.Parse(line[(line.IndexOf(' ') + 1)..]);
            if (line.StartsWith("begin", StringComparison.Ordinal)) Volatile.Write(ref begun, number);
            else
            {
                Volatile.Write(ref ended, number);
                firstSave.Set();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        if (!firstSave.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the child did not finish a save within 60 s: {process.StandardError.ReadToEnd()}");
        }
        Thread.Sleep(delayMs);
        var atKill = (Volatile.Read(ref begun), Volatile.Read(ref ended));
        process.Kill(entireProcessTree: true);
        process.WaitForExit(); // also drains the redirected output
        return (atKill.Item1, atKill.Item2, begun, ended);
    }

    /// <summary>Accepts <paramref name="limit"/> bytes, then fails like a full disk; or fails on the <paramref name="failingCall"/>-th write call.</summary>
    sealed class FailingStream(Stream inner, long limit, int failingCall = int.MaxValue) : Stream
    {
        long _written;
        int _calls;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush()
        {
            if (limit == long.MinValue) throw new IOException("flush failed (simulated)");
            inner.Flush();
        }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (++_calls == failingCall) throw new IOException($"write call {_calls} failed (simulated)");
            var allowed = (int)Math.Clamp(limit - _written, 0, buffer.Length);
            inner.Write(buffer[..allowed]);
            _written += allowed;
            if (allowed < buffer.Length) throw new IOException("No space left on device (simulated).");
        }
    }

    void AssertOldFileIntact(string path, byte[] oldBytes, string because)
    {
        Assert.True(oldBytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"the previous file changed: {because}");
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failure_at_every_byte_and_every_write_call_leaves_the_previous_file()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        new ReliabilityNet(seed: 1).Save(path);
        var oldBytes = File.ReadAllBytes(path);
        var newer = new ReliabilityNet(seed: 2);
        var newLength = WeightFiles.Of(newer).Length;

        for (var limit = 0; limit < newLength; limit++)
        {
            var error = Assert.Throws<IOException>(() => SafeTensors.Save(newer, path, file => new FailingStream(file, limit)));
            Assert.Contains("simulated", error.Message);
            AssertOldFileIntact(path, oldBytes, $"failure after {limit} bytes");
        }
        var calls = 0;
        SafeTensors.Save(newer, Path.Combine(_folder, "count"), file => new CountingStream(file, () => calls++));
        File.Delete(Path.Combine(_folder, "count"));
        Assert.True(calls > 3, $"only {calls} write calls");
        for (var call = 1; call <= calls; call++)
        {
            Assert.Throws<IOException>(() => SafeTensors.Save(newer, path, file => new FailingStream(file, long.MaxValue, call)));
            AssertOldFileIntact(path, oldBytes, $"failure at write call {call}");
        }
        Assert.Throws<IOException>(() => SafeTensors.Save(newer, path, file => new FailingStream(file, long.MinValue)));
        AssertOldFileIntact(path, oldBytes, "failure on flush");

        var check = new ReliabilityNet(seed: 3);
        check.Load(path);
        Assert.Equal(oldBytes, WeightFiles.Of(check));
        output.WriteLine($"{newLength} byte positions, {calls} write calls and 1 flush failed; the previous file survived each");
    }

    sealed class CountingStream(Stream inner, Action onWrite) : InterceptedWriteStream(inner)
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            onWrite();
            Inner.Write(buffer);
        }
    }

    [Fact]
    public void Saving_into_an_unwritable_folder_fails_and_keeps_the_old_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "locked")).FullName;
        var path = Path.Combine(folder, "model.safetensors");
        new ReliabilityNet(seed: 1).Save(path);
        var oldBytes = File.ReadAllBytes(path);
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("this test locks folders with Unix modes or chattr");
        var how = Lock(folder);
        try
        {
            Assert.True(how is not null, "could not make a folder unwritable here (neither chmod nor chattr +i works)");
            var error = Assert.ThrowsAny<Exception>(() => new ReliabilityNet(seed: 2).Save(path));
            Assert.True(error is UnauthorizedAccessException or IOException, $"{error.GetType().Name}: {error.Message}");
            Assert.Contains(folder, error.Message);
            output.WriteLine($"locked with {how}: {error.GetType().Name}: {error.Message}");
        }
        finally
        {
            Unlock(folder, how);
        }
        AssertOldFileIntact(path, oldBytes, "save into a locked folder");
    }

    [Fact]
    public void Saving_into_a_missing_folder_or_over_a_folder_fails_naming_the_path()
    {
        var missing = Path.Combine(_folder, "no-such-folder", "model.safetensors");
        var error = Assert.Throws<DirectoryNotFoundException>(() => new ReliabilityNet().Save(missing));
        Assert.Contains("no-such-folder", error.Message);

        var folder = Directory.CreateDirectory(Path.Combine(_folder, "a-folder")).FullName;
        Assert.ThrowsAny<IOException>(() => new ReliabilityNet().Save(folder));
        Assert.True(Directory.Exists(folder));
        Assert.Equal(["a-folder"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_name_of_the_longest_legal_length_saves()
    {
        var path = Path.Combine(_folder, new string('m', 240) + ".st"); // 243 bytes: legal on every common file system
        var network = new ReliabilityNet(seed: 4);
        network.Save(path);
        var check = new ReliabilityNet(seed: 5);
        check.Load(path);
        Assert.Equal(WeightFiles.Of(network), WeightFiles.Of(check));
    }

    /// <summary>Makes <paramref name="folder"/> unwritable: chmod 555 (ordinary users) or chattr +i (root ignores modes).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    static string? Lock(string folder)
    {
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (!Writable(folder)) return "chmod 555";
        if (Run("chattr", "+i", folder) && !Writable(folder)) return "chattr +i";
        return null;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    static void Unlock(string folder, string? how)
    {
        if (how == "chattr +i") Run("chattr", "-i", folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    static bool Writable(string folder)
    {
        var probe = Path.Combine(folder, ".probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    static bool Run(string tool, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
