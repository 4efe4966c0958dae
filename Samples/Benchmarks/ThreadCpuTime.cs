using System.Runtime.InteropServices;

namespace CnnGen.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): on a host shared with other work, a
/// one-thread kernel's CPU time leaves out the time it spent descheduled, which wall time does not.
/// </summary>
static partial class ThreadCpuTime
{
    const int ThreadCpuClock = 3;

    /// <summary>Milliseconds of CPU time this thread has used; NaN where the clock is not available.</summary>
    public static double Milliseconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ThreadCpuClock, out var time) != 0) return double.NaN;
        return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
    }

    /// <summary>The CPU times (ms) of <paramref name="runs"/> calls after <paramref name="warmup"/> untimed ones.</summary>
    public static double[] Sample(Action action, int runs, int warmup)
    {
        for (var i = 0; i < warmup; i++) action();
        var samples = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Milliseconds();
            action();
            samples[i] = Milliseconds() - start;
        }
        return samples;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
