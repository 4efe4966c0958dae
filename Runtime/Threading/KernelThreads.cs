using System.ComponentModel;
namespace CnnGen.Threading;

/// <summary>The number of threads the kernels may use on the calling thread (generated networks set it from <c>Threads</c>).</summary>
/// <remarks>
/// Ambient rather than a kernel argument so that every kernel signature stays as it is; thread-static so that two
/// networks trained on two threads do not see each other's setting. Kernels partition their work in a way that does
/// not depend on this number: results are bit-identical for any value.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class KernelThreads
{
    [ThreadStatic] static int t_current;

    /// <summary>Threads available to kernels called from this thread (at least 1; default 1).</summary>
    public static int Current => t_current < 1 ? 1 : t_current;

    /// <summary>Sets <see cref="Current"/> until the returned scope is disposed (then restores the previous value).</summary>
    /// <param name="threads">At least 1.</param>
    public static Scope Use(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var previous = t_current;
        t_current = threads;
        return new Scope(previous);
    }

    /// <summary>Restores the previous thread count when disposed (a struct: a <c>using</c> of it allocates nothing).</summary>
    public readonly struct Scope : IDisposable
    {
        readonly int _previous;
        internal Scope(int previous) => _previous = previous;

        /// <summary>Restores the thread count that was in force before <see cref="Use"/>.</summary>
        public void Dispose() => t_current = _previous;
    }
}
