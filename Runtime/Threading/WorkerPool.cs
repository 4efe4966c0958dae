using System.Runtime.ExceptionServices;

namespace CnnGen.Threading;

/// <summary>One unit of parallel work: items 0..count−1, each independent of the others and of who runs it.</summary>
/// <remarks>
/// Kernels keep one instance per job kind and calling thread and refill its fields per call, so that a parallel
/// region allocates nothing (no closures). Results must depend on the item index only, never on the thread.
/// </remarks>
abstract class ParallelJob
{
    public abstract void Run(int item);
}

/// <summary>
/// Persistent worker threads shared by every network. A region runs on at most <see cref="KernelThreads.Current"/>
/// threads (the caller included), items dealt round-robin; each item writes its own output, so who runs it never
/// changes a result. One region at a time: a nested or concurrent region runs on its caller alone.
/// </summary>
static class WorkerPool
{
    static readonly Lock s_gate = new();
    // SemaphoreSlim creates its lock object up front; ManualResetEventSlim would allocate one the first time a wait blocks.
    static readonly SemaphoreSlim s_done = new(0);
    static SemaphoreSlim[] s_wake = [];
    static long[] s_workerAllocated = [];
    static ParallelJob? s_job;
    static int s_items, s_participants, s_pending, s_width, s_int8Path;
    static ExceptionDispatchInfo? s_failure;
    // True on workers and on a caller inside its region: a nested region there runs serially (Lock is re-entrant).
    [ThreadStatic] static bool t_inRegion;

    /// <summary>Runs job.Run(0..items−1) and returns when all are done.</summary>
    public static void Run(ParallelJob job, int items)
    {
        var threads = Math.Min(KernelThreads.Current, items);
        if (threads <= 1 || t_inRegion || !s_gate.TryEnter())
        {
            for (var i = 0; i < items; i++) job.Run(i);
            return;
        }
        t_inRegion = true;
        try
        {
            EnsureWorkers(threads - 1);
            s_job = job;
            s_items = items;
            // The caller's forced vector width and int8 path (tests) hold for the whole region; the bits are the same either way.
            s_width = Kernels.Simd.Override;
            s_int8Path = Quantization.Int8Paths.Override;
            s_participants = threads;
            s_failure = null;
            s_pending = threads - 1;
            for (var w = 0; w < threads - 1; w++) s_wake[w].Release();
            Drain(job, items, participant: 0, threads);
            s_done.Wait();
            s_job = null;
            s_failure?.Throw();
        }
        finally
        {
            t_inRegion = false;
            s_gate.Exit();
        }
    }

    // Static assignment (participant p runs items p, p + n, ...): every thread meets the same items each call, so
    // its per-thread scratch reaches its final size during warm-up and later calls allocate nothing.
    static void Drain(ParallelJob job, int items, int participant, int participants)
    {
        for (var item = participant; item < items; item += participants)
        {
            try
            {
                job.Run(item);
            }
            catch (Exception e)
            {
                s_failure ??= ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    static void EnsureWorkers(int count)
    {
        if (s_wake.Length >= count) return;
        var wake = new SemaphoreSlim[count];
        Array.Copy(s_wake, wake, s_wake.Length);
        for (var w = s_wake.Length; w < count; w++)
        {
            var signal = wake[w] = new SemaphoreSlim(0);
            var index = w;
            new Thread(() => WorkerLoop(signal, index)) { IsBackground = true, Name = $"CnnGen worker {w + 1}" }.Start();
        }
        var allocated = new long[count];
        Array.Copy(s_workerAllocated, allocated, s_workerAllocated.Length);
        s_workerAllocated = allocated;
        s_wake = wake;
    }

    /// <summary>Managed bytes the workers have allocated so far, each as of the end of its last region (tests of P8).</summary>
    internal static long WorkerAllocatedBytes
    {
        get
        {
            lock (s_gate)
            {
                long sum = 0;
                foreach (var bytes in s_workerAllocated) sum += bytes;
                return sum;
            }
        }
    }

    static void WorkerLoop(SemaphoreSlim signal, int index)
    {
        t_inRegion = true;
        while (true)
        {
            signal.Wait();
            Kernels.Simd.Override = s_width;
            Quantization.Int8Paths.Override = s_int8Path;
            Drain(s_job!, s_items, index + 1, s_participants);
            s_workerAllocated[index] = GC.GetAllocatedBytesForCurrentThread();
            if (Interlocked.Decrement(ref s_pending) == 0) s_done.Release();
        }
    }
}
