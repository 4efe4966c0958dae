using System.Runtime.InteropServices;

namespace CnnGen.Benchmarks;

/// <summary>Pins the calling thread to cores (Linux <c>sched_setaffinity</c> on thread id 0, i.e. this thread only).</summary>
static partial class Affinity
{
    /// <summary>Runs this thread on <paramref name="core"/> only.</summary>
    public static void Pin(int core) => Set(1UL << core);

    /// <summary>Lets this thread run on every core the process may use.</summary>
    public static void PinAll() => Set(Environment.ProcessorCount >= 64 ? ulong.MaxValue : (1UL << Environment.ProcessorCount) - 1);

    static void Set(ulong mask)
    {
        if (!OperatingSystem.IsLinux()) return;
        if (SchedSetAffinity(0, sizeof(ulong), ref mask) != 0)
            Console.Error.WriteLine($"sched_setaffinity failed (errno {Marshal.GetLastPInvokeError()}): timings are not pinned");
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint size, ref ulong mask);
}
