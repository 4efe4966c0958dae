using System.Collections.Generic;
using CnnGen.Generator.Layers;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

/// <summary>
/// Decides which buffer holds each layer's output and output gradient, for a network that is a graph: a layer reads the
/// outputs named by its <see cref="LayerPlan.Sources"/>, and an output may have several readers.
/// <list type="bullet">
/// <item>Outputs: one buffer per layer, kept for the whole step (backward reads them); Flatten reuses its source's
/// buffer (NCHW is already flat).</item>
/// <item>Gradients: kept for every layer that reaches the output (every network trains, through its loss head or
/// <c>Backward</c>). A layer without parameters at or upstream of it (<see cref="ServesOnlyInput"/>) has a gradient only
/// for the network's input gradient, and backward computes it only when the caller asks for one. When several
/// readers contribute to one layer's gradient, the earliest reader (the last whose backward runs) writes the layer's
/// gradient buffer; the others write, in backward order, into its skip-gradient buffer (the first overwrites, the rest
/// add), which is then added once the earliest reader is done. The order is fixed by the declaration, so the sum has the
/// same bits for any thread count. The network input is such an output too: its gradient is the caller's
/// <c>inputGradient</c>, with a skip buffer of its own when several layers read it.</item>
/// <item>Fusions, only where no other reader needs the unfused value: a ReLU before a max pooling has no buffers at all
/// (<see cref="IsFoldedIntoPool"/>); a convolution followed by a ReLU writes the rectified map into the ReLU's buffer
/// (<see cref="RectifiesInto"/>); a ReLU before a convolution has its backward done by the convolution's
/// (<see cref="IsBackwardFoldedIntoConv"/>).</item>
/// </list>
/// </summary>
internal sealed class BufferPlan
{
    readonly NetworkPlan _plan;
    readonly bool[] _needsGradient;
    readonly bool[] _trainable;
    readonly List<Read>[] _reads;
    readonly List<Read>[] _contributing;
    readonly List<Read> _inputContributing = [];

    /// <summary>Layer <see cref="Reader"/> reads the output as its operand <see cref="Slot"/>.</summary>
    internal readonly record struct Read(int Reader, int Slot);

    /// <summary>Where one operand's gradient goes: a span expression, and whether to add to it rather than overwrite it.</summary>
    internal readonly record struct GradientTarget(string Span, bool Accumulate);

    public BufferPlan(NetworkPlan plan)
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

        // Trainable upstream: parameters at or before it along its sources (in a chain, every earlier layer).
        var trainable = _trainable = new bool[count];
        for (var i = 0; i < count; i++)
        {
            trainable[i] = plan.Layers[i].ParameterCount > 0;
            foreach (var source in plan.Layers[i].Sources)
            {
                if (source >= 0 && trainable[source]) trainable[i] = true;
            }
        }
        // Reaches the loss: the network output, or read by a layer that does.
        var reaches = new bool[count];
        for (var i = count - 1; i >= 0; i--)
        {
            reaches[i] = i == count - 1;
            foreach (var read in _reads[i])
            {
                if (reaches[read.Reader]) reaches[i] = true;
            }
        }
        _needsGradient = new bool[count];
        for (var i = 0; i < count; i++)
        {
            _needsGradient[i] = reaches[i];
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

    /// <summary>Whether several layers read the network input, so the gradients of all but one go through <see cref="InputSkip"/> first.</summary>
    public bool HasInputSkip => _inputContributing.Count > 1;

    /// <summary>The network input's skip gradient: what its readers other than the earliest write.</summary>
    public const string InputSkip = "_inputSkipGradient.AsSpan(0, batch * InputLength)";

    /// <summary>Whether the network input's skip gradient is added into the input gradient once <paramref name="reader"/>'s backward has run.</summary>
    public bool InputSkipCollectedAfter(int reader) => HasInputSkip && _inputContributing[0].Reader == reader;

    public int ComputeLayerCount => _plan.ComputeLayerCount;

    /// <summary>The layers reading layer <paramref name="index"/>'s output, by reader then operand slot.</summary>
    public IReadOnlyList<Read> Reads(int index) => _reads[index];

    /// <summary>Whether layer <paramref name="index"/>'s output is read once, by <paramref name="reader"/>, which reads nothing else.</summary>
    bool OnlyReadBy(int index, int reader)
    {
        if (_reads[index].Count != 1 || _reads[index][0].Reader != reader) return false;
        var sources = _plan.Layers[reader].Sources;
        return sources.Count == 1 && sources[0] == index;
    }

    /// <summary>Whether layer <paramref name="index"/>'s read of its (single) source is that source's primary read, or passes no gradient.</summary>
    bool WritesSourceGradientFirstHand(int index)
    {
        var source = _plan.Layers[index].Sources[0];
        if (source >= 0 && !NeedsGradient(source)) return true;
        return Primary(source) == new Read(index, 0);
    }

    /// <summary>
    /// Whether layer <paramref name="index"/> is a ReLU whose only reader is the max pooling right after it: the
    /// pooling rectifies its pooled values instead (max pooling commutes with ReLU) and its backward applies the
    /// ReLU's mask, so the rectified map, a full-resolution activation, is never written or read.
    /// </summary>
    public bool IsFoldedIntoPool(int index)
    {
        if (index < 0 || index + 1 >= ComputeLayerCount) return false;
        if (_plan.Layers[index].Kind != LayerKind.ReLU || _plan.Layers[index + 1].Kind != LayerKind.MaxPool2D) return false;
        return OnlyReadBy(index, index + 1) && WritesSourceGradientFirstHand(index);
    }

    /// <summary>
    /// Whether convolution <paramref name="index"/> is followed by a ReLU (not folded into a pooling) that is its only
    /// reader: the convolution then stores ReLU(output) straight into the ReLU's buffer. Its backward needs only its
    /// input and output gradient, and the ReLU's backward reads its own output, so nothing reads the raw map.
    /// </summary>
    public bool RectifiesInto(int index)
    {
        if (index < 0 || index + 1 >= ComputeLayerCount) return false;
        if (_plan.Layers[index].Kind != LayerKind.Conv2D || _plan.Layers[index + 1].Kind != LayerKind.ReLU) return false;
        return !IsFoldedIntoPool(index + 1) && OnlyReadBy(index, index + 1);
    }

    /// <summary>
    /// Whether layer <paramref name="index"/> is a ReLU read only by the convolution after it, with a gradient to pass
    /// on: the convolution's backward masks its input gradient by the ReLU's output (its own input) as it stores it,
    /// writing the gradient of the ReLU's input directly.
    /// </summary>
    public bool IsBackwardFoldedIntoConv(int index)
    {
        if (index < 0 || index + 1 >= ComputeLayerCount) return false;
        if (_plan.Layers[index].Kind != LayerKind.ReLU || _plan.Layers[index + 1].Kind != LayerKind.Conv2D) return false;
        var source = _plan.Layers[index].Sources[0];
        return (source < 0 ? !HasInputSkip : NeedsGradient(source)) && OnlyReadBy(index, index + 1) && WritesSourceGradientFirstHand(index);
    }

    /// <summary>Whether the gradient of layer <paramref name="index"/>'s output is computed in backward.</summary>
    public bool NeedsGradient(int index) => index >= 0 && index < _needsGradient.Length && _needsGradient[index];

    /// <summary>Whether some layer that <paramref name="index"/> reads needs its gradient (the network input's: on request).</summary>
    public bool AnySourceNeedsGradient(int index)
    {
        foreach (var source in _plan.Layers[index].Sources)
        {
            if (source < 0 || NeedsGradient(source)) return true;
        }
        return false;
    }

    /// <summary>The reads of layer <paramref name="index"/>'s output (-1: the network input's) that pass a gradient back.</summary>
    List<Read> Contributing(int index) => index < 0 ? _inputContributing : _contributing[index];

    /// <summary>The read that writes layer <paramref name="index"/>'s gradient buffer: its earliest contributing reader.</summary>
    Read? Primary(int index) => Contributing(index).Count > 0 ? Contributing(index)[0] : null;

    /// <summary>The layers whose skip gradient is added into their gradient once <paramref name="reader"/>'s backward has run.</summary>
    public IEnumerable<LayerPlan> SkipsCollectedAfter(int reader)
    {
        for (var j = 0; j < ComputeLayerCount; j++)
        {
            if (NeedsGradient(j) && _contributing[j].Count > 1 && _contributing[j][0].Reader == reader) yield return _plan.Layers[j];
        }
    }

    /// <summary>The readers of layer <paramref name="index"/> that write its skip gradient (every contributing reader but the earliest).</summary>
    public IEnumerable<LayerPlan> SecondaryReaders(int index)
    {
        var seen = new HashSet<int>();
        for (var k = 1; k < _contributing[index].Count; k++)
        {
            if (seen.Add(_contributing[index][k].Reader)) yield return _plan.Layers[_contributing[index][k].Reader];
        }
    }

    /// <summary>
    /// Where reader <paramref name="reader"/> puts the gradient of its operand <paramref name="slot"/>, or null when that
    /// operand needs none. Secondary reads run in backward order (later reader first, then by slot): the first one
    /// overwrites the skip gradient, the rest add to it.
    /// </summary>
    public GradientTarget? Target(int reader, int slot)
    {
        var source = _plan.Layers[reader].Sources[slot];
        if (source >= 0 && !NeedsGradient(source)) return null;
        var reads = Contributing(source);
        var read = new Read(reader, slot);
        if (reads[0] == read) return new GradientTarget(Gradient(source), false);
        var firstProcessed = reads[1];
        for (var k = 2; k < reads.Count; k++)
        {
            var candidate = reads[k];
            if (candidate.Reader > firstProcessed.Reader || (candidate.Reader == firstProcessed.Reader && candidate.Slot < firstProcessed.Slot)) firstProcessed = candidate;
        }
        return new GradientTarget(source < 0 ? InputSkip : Skip(_plan.Layers[source]), read != firstProcessed);
    }

    /// <summary>The layer that owns the buffer of layer <paramref name="index"/>'s output (-1: the network input).</summary>
    public int OutputOwner(int index)
    {
        while (index >= 0 && IsAlias(index)) index = _plan.Layers[index].Sources[0];
        return index;
    }

    /// <summary>The layer that owns the gradient buffer of layer <paramref name="index"/>'s output: a Flatten shares its source's when it is that source's primary reader (-1: the caller's input gradient).</summary>
    public int GradientOwner(int index)
    {
        while (index >= 0 && IsAlias(index))
        {
            var source = _plan.Layers[index].Sources[0];
            if ((source >= 0 && !NeedsGradient(source)) || Primary(source) != new Read(index, 0)) break;
            index = source;
        }
        return index;
    }

    bool IsAlias(int index) => LayerKinds.Definition(_plan.Layers[index].Kind).IsAlias;

    /// <summary>Layers whose output buffer is allocated.</summary>
    public IEnumerable<LayerPlan> OutputBuffers()
    {
        for (var i = 0; i < ComputeLayerCount; i++)
        {
            if (OutputOwner(i) == i && !IsFoldedIntoPool(i) && !RectifiesInto(i)) yield return _plan.Layers[i];
        }
    }

    /// <summary>Layers whose output-gradient buffer is allocated.</summary>
    public IEnumerable<LayerPlan> GradientBuffers()
    {
        for (var i = 0; i < ComputeLayerCount; i++)
        {
            if (NeedsGradient(i) && GradientOwner(i) == i && !IsFoldedIntoPool(i) && !IsBackwardFoldedIntoConv(i)) yield return _plan.Layers[i];
        }
    }

    /// <summary>Layers read by more than one contributing reader, so backward collects a second gradient for them.</summary>
    public IEnumerable<LayerPlan> SkipSources()
    {
        for (var j = 0; j < ComputeLayerCount; j++)
        {
            if (NeedsGradient(j) && _contributing[j].Count > 1) yield return _plan.Layers[j];
        }
    }

    /// <summary>
    /// The longest output among layers whose gradient a single-operand reader must add to (its kernel overwrites, so it
    /// writes a shared scratch buffer that is then added); 0 when no such read exists.
    /// </summary>
    public int AccumulationScratchLength()
    {
        var length = 0;
        for (var r = 0; r < ComputeLayerCount; r++)
        {
            if (!NeedsGradient(r) || LayerKinds.Definition(_plan.Layers[r].Kind).ReadsOperands) continue;
            var source = _plan.Layers[r].Sources[0];
            if (Target(r, 0) is { Accumulate: true }) length = System.Math.Max(length, source < 0 ? _plan.Input.Length : _plan.Layers[source].Output.Length);
        }
        return length;
    }

    /// <summary>The span of layer <paramref name="index"/>'s output for the current batch (<c>input</c> for -1).</summary>
    public string Output(int index)
    {
        var owner = OutputOwner(index);
        if (owner < 0) return "input";
        var layer = _plan.Layers[owner];
        return $"{Names.Field(layer, "Output")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";
    }

    /// <summary>The span of the gradient of layer <paramref name="index"/>'s output (<c>inputGradient</c>, the caller's, maybe empty, for the network input), or an empty span where none is kept.</summary>
    public string Gradient(int index)
    {
        if (index >= 0 && !NeedsGradient(index)) return "global::System.Span<float>.Empty";
        var owner = GradientOwner(index);
        if (owner < 0) return "inputGradient";
        var layer = _plan.Layers[owner];
        return $"{Names.Field(layer, "OutputGradient")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";
    }

    public static string Skip(LayerPlan source) => $"{Names.Field(source, "SkipGradient")}.AsSpan(0, batch * {Names.Pascal(source)}OutputLength)";

    /// <summary>The shared scratch that an overwriting backward kernel writes before its result is added: sized for <paramref name="source"/>.</summary>
    public static string Scratch(LayerPlan source) => $"_gradientScratch.AsSpan(0, batch * {Names.Pascal(source)}OutputLength)";

    /// <summary><see cref="Scratch"/> for source <paramref name="source"/>, a layer or the network input (-1).</summary>
    public string ScratchFor(int source) => source < 0 ? "_gradientScratch.AsSpan(0, batch * InputLength)" : Scratch(_plan.Layers[source]);
}
