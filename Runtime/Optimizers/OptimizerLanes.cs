using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CnnGen.Threading;

namespace CnnGen;

/// <summary>An optimizer's formula on lanes of doubles (the state vectors a given optimizer does not keep are ignored).</summary>
interface ILaneUpdate
{
    /// <summary>The new parameters from the parameters and gradients; updates the state in place (rounded to float where the optimizer stores it).</summary>
    Vector<double> Apply(Vector<double> parameter, Vector<double> gradient, ref Vector<double> first, ref Vector<double> second);
}

/// <summary>An optimizer's update for one parameter group: its learning rate scaled, its weight decay on or off.</summary>
interface IGroupUpdates<TUpdate>
    where TUpdate : struct, ILaneUpdate
{
    /// <summary>The update of a group whose learning rate is the optimizer's times <paramref name="learningRateFactor"/>, decayed or not.</summary>
    TUpdate ForGroup(double learningRateFactor, bool weightDecay);
}

/// <summary>
/// Runs an optimizer's update over the parameter vector a block of lanes at a time. Optimizers compute in double, as
/// their scalar formulas did: each lane goes through exactly the scalar operations (widen, the double arithmetic,
/// round to float), so results do not depend on the lane count. The tail goes through the same update, zero-padded.
/// </summary>
static class OptimizerLanes
{
    /// <summary>Parameters per parallel item: whole blocks of lanes, so only the last item has a tail.</summary>
    const int Chunk = 16384;

    /// <summary>
    /// <paramref name="first"/> and <paramref name="second"/> are the state buffers (empty when not kept), as long as
    /// the parameters. Runs in chunks across <see cref="KernelThreads.Current"/> threads when there are several:
    /// every element gets the same operations wherever it sits, so the bits do not depend on the thread count.
    /// </summary>
    public static unsafe void Run<TUpdate>(in TUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where TUpdate : struct, ILaneUpdate
    {
        var length = parameters.Length;
        if (KernelThreads.Current <= 1 || length < 2 * Chunk)
        {
            RunRange(update, parameters, gradients, first, second);
            return;
        }
        var job = LanesJob<TUpdate>.Instance ??= new LanesJob<TUpdate>();
        fixed (float* p = parameters, g = gradients, s1 = first, s2 = second)
        {
            job.Update = update; job.Parameters = p; job.Gradients = g; job.First = s1; job.Second = s2; job.Length = length;
            job.HasFirst = !first.IsEmpty; job.HasSecond = !second.IsEmpty;
            WorkerPool.Run(job, (length + Chunk - 1) / Chunk);
        }
    }

    /// <summary>
    /// Runs each segment's update (<see cref="IGroupUpdates{TUpdate}.ForGroup"/>) over its parameters and state; what no
    /// segment covers (frozen tensors) is left untouched.
    /// </summary>
    public static void RunSegments<TGroups, TUpdate>(in TGroups groups, ReadOnlySpan<ParameterSegment> segments, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where TGroups : struct, IGroupUpdates<TUpdate>
        where TUpdate : struct, ILaneUpdate
    {
        foreach (var segment in segments)
        {
            var (offset, length) = (segment.Offset, segment.Length);
            Run(groups.ForGroup(segment.LearningRateFactor, segment.WeightDecay), parameters.Slice(offset, length), gradients.Slice(offset, length),
                first.IsEmpty ? default : first.Slice(offset, length), second.IsEmpty ? default : second.Slice(offset, length));
        }
    }

    /// <summary>One chunk of parameters per item.</summary>
    sealed unsafe class LanesJob<TUpdate> : ParallelJob
        where TUpdate : struct, ILaneUpdate
    {
        [ThreadStatic] public static LanesJob<TUpdate>? Instance;

        public TUpdate Update;
        public float* Parameters, Gradients, First, Second;
        public int Length;
        public bool HasFirst, HasSecond;

        public override void Run(int item)
        {
            var start = item * Chunk;
            var count = Math.Min(Chunk, Length - start);
            RunRange(Update, new Span<float>(Parameters + start, count), new ReadOnlySpan<float>(Gradients + start, count),
                HasFirst ? new Span<float>(First + start, count) : default, HasSecond ? new Span<float>(Second + start, count) : default);
        }
    }

    static void RunRange<TUpdate>(in TUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where TUpdate : struct, ILaneUpdate
    {
        var length = parameters.Length;
        var lanes = Vector<float>.Count;
        ref var p = ref MemoryMarshal.GetReference(parameters);
        ref var g = ref MemoryMarshal.GetReference(gradients);
        ref var s1 = ref MemoryMarshal.GetReference(first);
        ref var s2 = ref MemoryMarshal.GetReference(second);
        bool hasFirst = !first.IsEmpty, hasSecond = !second.IsEmpty;
        var i = 0;
        for (; i + lanes <= length; i += lanes)
        {
            var offset = (nuint)i;
            var parameter = Vector.LoadUnsafe(ref p, offset);
            var a = hasFirst ? Vector.LoadUnsafe(ref s1, offset) : default;
            var b = hasSecond ? Vector.LoadUnsafe(ref s2, offset) : default;
            Apply(update, ref parameter, Vector.LoadUnsafe(ref g, offset), ref a, ref b);
            parameter.StoreUnsafe(ref p, offset);
            if (hasFirst) a.StoreUnsafe(ref s1, offset);
            if (hasSecond) b.StoreUnsafe(ref s2, offset);
        }
        if (i < length) Tail(update, parameters[i..], gradients[i..], hasFirst ? first[i..] : default, hasSecond ? second[i..] : default);
    }

    static void Tail<TUpdate>(in TUpdate update, Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> first, Span<float> second)
        where TUpdate : struct, ILaneUpdate
    {
        Vector<float> parameter = default, gradient = default, a = default, b = default;
        var count = parameters.Length;
        parameters.CopyTo(Lanes(ref parameter));
        gradients.CopyTo(Lanes(ref gradient));
        first.CopyTo(Lanes(ref a));
        second.CopyTo(Lanes(ref b));
        Apply(update, ref parameter, gradient, ref a, ref b);
        Lanes(ref parameter)[..count].CopyTo(parameters);
        Lanes(ref a)[..first.Length].CopyTo(first);
        Lanes(ref b)[..second.Length].CopyTo(second);
    }

    static Span<float> Lanes(ref Vector<float> vector) => MemoryMarshal.CreateSpan(ref Unsafe.As<Vector<float>, float>(ref vector), Vector<float>.Count);

    /// <summary>The float lanes as two double vectors through the formula, and back (rounding to nearest, as a <c>(float)</c> cast).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Apply<TUpdate>(in TUpdate update, ref Vector<float> parameter, Vector<float> gradient, ref Vector<float> first, ref Vector<float> second)
        where TUpdate : struct, ILaneUpdate
    {
        Vector.Widen(parameter, out var p0, out var p1);
        Vector.Widen(gradient, out var g0, out var g1);
        Vector.Widen(first, out var a0, out var a1);
        Vector.Widen(second, out var b0, out var b1);
        p0 = update.Apply(p0, g0, ref a0, ref b0);
        p1 = update.Apply(p1, g1, ref a1, ref b1);
        parameter = Vector.Narrow(p0, p1);
        first = Vector.Narrow(a0, a1);
        second = Vector.Narrow(b0, b1);
    }

    /// <summary>The value rounded to float and widened again: a double formula's intermediate that the scalar code stored as a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> RoundToFloat(Vector<double> value)
    {
        Vector.Widen(Vector.Narrow(value, value), out var low, out _);
        return low;
    }
}
