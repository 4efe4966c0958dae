using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Layers;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Passes;

/// <summary>
/// Which buffers exist and who owns them, and so which <see cref="Value"/> each logical value is.
/// <list type="bullet">
/// <item>Outputs: one buffer per layer, kept for the whole step (backward reads them); a view such as Flatten reuses
/// its source's buffer (NCHW is already flat), and so does its gradient where it is its source's primary reader. A
/// fused-away value (<see cref="Fusion"/>) has no buffer.</item>
/// <item>Gradients: one per layer whose gradient <see cref="GradientSums"/> keeps, a skip gradient per output with
/// several contributing readers, and one shared scratch, as long as the longest output a single-input kernel must
/// add its gradient to (its kernel overwrites, so it writes the scratch, which is then added).</item>
/// <item>An inference-only instance keeps only what <c>Forward</c> needs: no gradients, and an activation only from the
/// step that writes it to the last step that reads it (the network output to the end), so activations whose lifetimes
/// do not overlap share a buffer (<see cref="ShareForInference"/>).</item>
/// </list>
/// </summary>
internal sealed class MemoryPlan
{
    readonly NetworkPlan _plan;
    readonly GradientSums _sums;
    readonly Fusion _fusion;

    public MemoryPlan(NetworkPlan plan, GradientSums sums, Fusion fusion)
    {
        _plan = plan;
        _sums = sums;
        _fusion = fusion;
    }

    int Count => _plan.ComputeLayerCount;

    bool IsAlias(int index) => LayerKinds.Definition(_plan.Layers[index].Kind).IsAlias;

    /// <summary>The layer that owns the buffer of layer <paramref name="index"/>'s output (-1: the network input).</summary>
    public int OutputOwner(int index)
    {
        while (index >= 0 && IsAlias(index)) index = _plan.Layers[index].Sources[0];
        return index;
    }

    /// <summary>The layer that owns the gradient buffer of layer <paramref name="index"/>'s output: a view shares its source's when it is that source's primary reader (-1: the caller's input gradient).</summary>
    public int GradientOwner(int index)
    {
        while (index >= 0 && IsAlias(index))
        {
            var source = _plan.Layers[index].Sources[0];
            if ((source >= 0 && !_sums.NeedsGradient(source)) || !_sums.IsPrimary(source, new GradientSums.Read(index, 0))) break;
            index = source;
        }
        return index;
    }

    /// <summary>The per-batch buffers: outputs, output gradients, skip gradients, each in layer order.</summary>
    public MemoryLayout Layout()
    {
        var buffers = new List<Value>();
        for (var i = 0; i < Count; i++)
        {
            if (OutputOwner(i) == i && !_fusion.IsFoldedIntoPool(i) && !_fusion.RectifiesInto(i)) buffers.Add(Own(i, ValueRole.Activation));
        }
        for (var i = 0; i < Count; i++)
        {
            if (_sums.NeedsGradient(i) && GradientOwner(i) == i && !_fusion.IsFoldedIntoPool(i) && !_fusion.IsBackwardFoldedIntoConv(i)) buffers.Add(Own(i, ValueRole.Gradient));
        }
        foreach (var j in _sums.SkipSources()) buffers.Add(Own(j, ValueRole.SkipGradient));
        return new MemoryLayout(buffers.ToEquatableArray(), AccumulationScratchLength(), _sums.HasInputSkip, EquatableArray<SharedBuffer>.Empty);
    }

    /// <summary>
    /// The buffers of an inference-only instance: each activation the forward steps touch lives from the first step
    /// that touches it to the last (the network output to the end); two activations touched by one step never share,
    /// so no kernel reads and writes one buffer. Greedy in order of birth: an activation takes the free buffer closest
    /// above its length (else the longest free one, grown), or a new one.
    /// </summary>
    public static EquatableArray<SharedBuffer> ShareForInference(EquatableArray<ForwardStep> forward, Value output)
    {
        var lifetimes = new Dictionary<Value, (int Birth, int Death)>();
        var order = new List<Value>();
        for (var step = 0; step < forward.Count; step++)
        {
            foreach (var op in forward[step].Ops)
            {
                foreach (var value in op.Values())
                {
                    if (value.Role != ValueRole.Activation) continue;
                    var key = value with { OnlyWhenInputGradientWanted = false };
                    if (lifetimes.TryGetValue(key, out var life)) lifetimes[key] = (life.Birth, step);
                    else
                    {
                        lifetimes[key] = (step, step);
                        order.Add(key);
                    }
                }
            }
        }
        if (lifetimes.TryGetValue(output, out var last)) lifetimes[output] = (last.Birth, forward.Count);

        var buffers = new List<(int Length, int FreeAfter, List<Value> Values)>();
        foreach (var value in order)
        {
            var (birth, death) = lifetimes[value];
            var length = value.Shape.Length;
            var best = -1;
            for (var b = 0; b < buffers.Count; b++)
            {
                if (buffers[b].FreeAfter >= birth) continue;
                if (best < 0 || Better(buffers[b].Length, buffers[best].Length, length)) best = b;
            }
            if (best < 0)
            {
                buffers.Add((length, death, [value]));
                continue;
            }
            var chosen = buffers[best];
            chosen.Values.Add(value);
            buffers[best] = (System.Math.Max(chosen.Length, length), death, chosen.Values);
        }
        return buffers.Select(b => new SharedBuffer(b.Length, b.Values.ToEquatableArray())).ToEquatableArray();
    }

    /// <summary>Whether a free buffer of <paramref name="candidate"/> values suits <paramref name="needed"/> better than one of <paramref name="current"/>: the smallest that fits, else the largest.</summary>
    static bool Better(int candidate, int current, int needed) =>
        candidate >= needed ? current < needed || candidate < current : current < needed && candidate > current;

    /// <summary>
    /// The longest output among layers whose gradient a reader whose kernel overwrites (a single-input kind, a product)
    /// must add to: it writes a shared scratch buffer that is then added; 0 when no such read exists.
    /// </summary>
    int AccumulationScratchLength()
    {
        var length = 0;
        for (var r = 0; r < Count; r++)
        {
            if (!_sums.NeedsGradient(r) || !LayerKinds.Definition(_plan.Layers[r].Kind).OverwritesOperandGradients) continue;
            var sources = _plan.Layers[r].Sources;
            for (var slot = 0; slot < sources.Count; slot++)
            {
                var source = sources[slot];
                if (_sums.TargetOf(r, slot) is { Accumulate: true }) length = System.Math.Max(length, source < 0 ? _plan.Input.Length : _plan.Layers[source].Output.Length);
            }
        }
        return length;
    }

    Value Own(int index, ValueRole role) => new(role, _plan.Layers[index].Name, _plan.Layers[index].Output);

    /// <summary>Layer <paramref name="index"/>'s output (the network input for -1 and for views of it).</summary>
    public Value Output(int index)
    {
        var owner = OutputOwner(index);
        return owner < 0 ? new Value(ValueRole.NetworkInput, "", _plan.Input) : Own(owner, ValueRole.Activation);
    }

    /// <summary>The gradient of layer <paramref name="index"/>'s output (the caller's input gradient for the network input), or an empty span where none is kept.</summary>
    public Value Gradient(int index)
    {
        if (index >= 0 && !_sums.NeedsGradient(index)) return Value.Empty;
        var owner = GradientOwner(index);
        return owner < 0 ? new Value(ValueRole.InputGradient, "", _plan.Input) : Own(owner, ValueRole.Gradient);
    }

    /// <summary>The skip gradient of <paramref name="source"/>, a layer or the network input (-1).</summary>
    public Value Skip(int source) => source < 0 ? new Value(ValueRole.InputSkipGradient, "", _plan.Input) : Own(source, ValueRole.SkipGradient);

    /// <summary>The shared scratch sized for <paramref name="source"/>, a layer or the network input (-1).</summary>
    public Value Scratch(int source) => source < 0 ? new Value(ValueRole.Scratch, "", _plan.Input) : Own(source, ValueRole.Scratch);

    /// <summary>Where a target of <see cref="GradientSums"/> lives.</summary>
    public Value Target(GradientSums.Target target) => target.IntoSkip ? Skip(target.Source) : Gradient(target.Source);
}
