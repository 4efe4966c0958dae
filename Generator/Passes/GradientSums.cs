using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Passes;

/// <summary>
/// Which outputs need a gradient and how the gradients of an output read by several layers are summed.
/// <list type="bullet">
/// <item>A gradient is kept for every layer that reaches the output (every network trains, through its loss head or
/// <c>Backward</c>). A layer without parameters at or upstream of it (<see cref="ServesOnlyInput"/>) has a gradient only
/// for the network's input gradient, and backward computes it only when the caller asks for one.</item>
/// <item>When several readers contribute to one output's gradient, the earliest reader (the last whose backward runs)
/// is the primary read: it writes the output's gradient. The others write, in backward order, into its skip gradient
/// (the first overwrites, the rest add), which is added once the earliest reader is done. The order is fixed by the
/// declaration, so the sum has the same bits for any thread count. The network input (-1) is such an output too: its
/// gradient is the caller's <c>inputGradient</c>, with a skip gradient of its own when several layers read it.</item>
/// </list>
/// </summary>
internal sealed class GradientSums
{
    readonly NetworkPlan _plan;
    readonly bool[] _needsGradient;
    readonly bool[] _trainable;
    readonly List<Read>[] _reads;
    readonly List<Read>[] _contributing;
    readonly List<Read> _inputContributing = [];

    /// <summary>Layer <see cref="Reader"/> reads the output as its operand <see cref="Slot"/>.</summary>
    internal readonly record struct Read(int Reader, int Slot);

    /// <summary>
    /// Where one operand's gradient goes: the gradient of <see cref="Source"/> (-1: the network input) when it is the
    /// primary read, else its skip gradient; <see cref="Accumulate"/>: add to it rather than overwrite it.
    /// </summary>
    internal readonly record struct Target(int Source, bool IntoSkip, bool Accumulate);

    public GradientSums(NetworkPlan plan)
    {
        _plan = plan;
        var count = plan.ComputeLayerCount;
        _reads = new List<Read>[count];
        _contributing = new List<Read>[count];
        for (var j = 0; j < count; j++)
        {
            _reads[j] = [];
            _contributing[j] = [];
        }
        for (var r = 0; r < count; r++)
        {
            var sources = plan.Layers[r].Sources;
            for (var slot = 0; slot < sources.Count; slot++)
            {
                if (sources[slot] >= 0) _reads[sources[slot]].Add(new Read(r, slot));
            }
        }

        // Trainable upstream: parameters the optimizer updates at or before it along its sources (in a chain, every
        // earlier layer). Frozen parameters (Trainable = false) do not count: a frozen backbone has no backward work.
        var trainable = _trainable = new bool[count];
        for (var i = 0; i < count; i++)
        {
            trainable[i] = plan.Layers[i].IsTrainable;
            foreach (var source in plan.Layers[i].Sources)
            {
                if (source >= 0 && trainable[source]) trainable[i] = true;
            }
        }
        // Reaches the loss: the network output, or read by a layer that does.
        var reaches = _needsGradient = new bool[count];
        for (var i = count - 1; i >= 0; i--)
        {
            reaches[i] = i == count - 1;
            foreach (var read in _reads[i])
            {
                if (reaches[read.Reader]) reaches[i] = true;
            }
        }
        for (var j = 0; j < count; j++)
        {
            foreach (var read in _reads[j])
            {
                if (_needsGradient[read.Reader]) _contributing[j].Add(read);
            }
        }
        for (var r = 0; r < count; r++)
        {
            if (!_needsGradient[r]) continue;
            var sources = plan.Layers[r].Sources;
            for (var slot = 0; slot < sources.Count; slot++)
            {
                if (sources[slot] < 0) _inputContributing.Add(new Read(r, slot));
            }
        }
    }

    public int ComputeLayerCount => _plan.ComputeLayerCount;

    /// <summary>Whether the gradient of layer <paramref name="index"/>'s output is computed in backward.</summary>
    public bool NeedsGradient(int index) => index >= 0 && index < _needsGradient.Length && _needsGradient[index];

    /// <summary>
    /// Whether the gradient of layer <paramref name="index"/>'s output matters only for the network's input gradient: no
    /// parameters at or upstream of it, and it is not the network's output (always true for the network input, -1).
    /// Backward computes such a gradient only when the caller asks for the input gradient.
    /// </summary>
    public bool ServesOnlyInput(int index) => index < 0 || (NeedsGradient(index) && !_trainable[index] && index != ComputeLayerCount - 1);

    /// <summary>
    /// Whether the backward of layer <paramref name="index"/> serves only the network's input gradient: no parameters at
    /// or upstream of it. Unlike <see cref="ServesOnlyInput"/> this holds for the last layer too (whose output gradient
    /// is always written, but whose backward in a network without parameters only computes the input gradient).
    /// </summary>
    public bool BackwardServesOnlyInput(int index) => NeedsGradient(index) && !_trainable[index];

    /// <summary>Whether some layer that <paramref name="index"/> reads needs its gradient (the network input's: on request).</summary>
    public bool AnySourceNeedsGradient(int index)
    {
        foreach (var source in _plan.Layers[index].Sources)
        {
            if (source < 0 || NeedsGradient(source)) return true;
        }
        return false;
    }

    /// <summary>Whether several layers read the network input, so the gradients of all but one go through its skip gradient first.</summary>
    public bool HasInputSkip => _inputContributing.Count > 1;

    /// <summary>Whether the network input's skip gradient is added into the input gradient once <paramref name="reader"/>'s backward has run.</summary>
    public bool InputSkipCollectedAfter(int reader) => HasInputSkip && _inputContributing[0].Reader == reader;

    /// <summary>Whether layer <paramref name="index"/>'s output is read once, by <paramref name="reader"/>, which reads nothing else.</summary>
    public bool OnlyReadBy(int index, int reader)
    {
        if (_reads[index].Count != 1 || _reads[index][0].Reader != reader) return false;
        var sources = _plan.Layers[reader].Sources;
        return sources.Count == 1 && sources[0] == index;
    }

    /// <summary>Whether layer <paramref name="index"/>'s read of its (single) source is that source's primary read, or passes no gradient.</summary>
    public bool WritesSourceGradientFirstHand(int index)
    {
        var source = _plan.Layers[index].Sources[0];
        if (source >= 0 && !NeedsGradient(source)) return true;
        return IsPrimary(source, new Read(index, 0));
    }

    /// <summary>Whether <paramref name="read"/> writes the gradient of <paramref name="source"/> (-1: the network input) itself.</summary>
    public bool IsPrimary(int source, Read read) => Contributing(source) is { Count: > 0 } reads && reads[0] == read;

    /// <summary>The reads of layer <paramref name="index"/>'s output (-1: the network input's) that pass a gradient back.</summary>
    List<Read> Contributing(int index) => index < 0 ? _inputContributing : _contributing[index];

    /// <summary>The layers whose skip gradient is added into their gradient once <paramref name="reader"/>'s backward has run.</summary>
    public IEnumerable<int> SkipsCollectedAfter(int reader)
    {
        for (var j = 0; j < ComputeLayerCount; j++)
        {
            if (NeedsGradient(j) && _contributing[j].Count > 1 && _contributing[j][0].Reader == reader) yield return j;
        }
    }

    /// <summary>The readers of layer <paramref name="index"/> that write its skip gradient (every contributing reader but the earliest).</summary>
    public IEnumerable<int> SecondaryReaders(int index)
    {
        var seen = new HashSet<int>();
        for (var k = 1; k < _contributing[index].Count; k++)
        {
            if (seen.Add(_contributing[index][k].Reader)) yield return _contributing[index][k].Reader;
        }
    }

    /// <summary>Layers read by more than one contributing reader, so backward collects a second gradient for them.</summary>
    public IEnumerable<int> SkipSources()
    {
        for (var j = 0; j < ComputeLayerCount; j++)
        {
            if (NeedsGradient(j) && _contributing[j].Count > 1) yield return j;
        }
    }

    /// <summary>
    /// Where reader <paramref name="reader"/> puts the gradient of its operand <paramref name="slot"/>, or null when that
    /// operand needs none. Secondary reads run in backward order (later reader first, then by slot): the first one
    /// overwrites the skip gradient, the rest add to it.
    /// </summary>
    public Target? TargetOf(int reader, int slot)
    {
        var source = _plan.Layers[reader].Sources[slot];
        if (source >= 0 && !NeedsGradient(source)) return null;
        var reads = Contributing(source);
        var read = new Read(reader, slot);
        if (reads[0] == read) return new Target(source, IntoSkip: false, Accumulate: false);
        var firstProcessed = reads[1];
        for (var k = 2; k < reads.Count; k++)
        {
            var candidate = reads[k];
            if (candidate.Reader > firstProcessed.Reader || (candidate.Reader == firstProcessed.Reader && candidate.Slot < firstProcessed.Slot)) firstProcessed = candidate;
        }
        return new Target(source, IntoSkip: true, Accumulate: read != firstProcessed);
    }
}
