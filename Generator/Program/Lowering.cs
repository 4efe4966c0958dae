using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnGen.Generator.Layers;
using CnnGen.Generator.Model;
using CnnGen.Generator.Passes;

namespace CnnGen.Generator.Program;

/// <summary>
/// Lowers a <see cref="NetworkPlan"/> to its <see cref="NetworkProgram"/>: runs the passes (<see cref="GradientSums"/>,
/// <see cref="Passes.Fusion"/>, <see cref="MemoryPlan"/>), then asks each layer kind for its ops
/// (<see cref="LayerDefinition.Lower"/>, <see cref="LayerDefinition.LowerBackward"/>) through the queries below, and adds
/// the gradient sums after the backward step that completes them. Layers read decisions here; they make none.
/// </summary>
internal sealed class Lowering
{
    readonly GradientSums _sums;
    readonly MemoryPlan _memory;

    /// <summary>Set while lowering a backward step that runs only when the caller asked for the input gradient.</summary>
    bool _inputOnly;

    readonly List<Value> _derivedValues = [];
    readonly List<Op> _derivations = [];

    Lowering(NetworkPlan plan)
    {
        Plan = plan;
        _sums = new GradientSums(plan);
        Fusion = new Fusion(plan, _sums);
        InferenceFusion = new InferenceFusion(plan, _sums, Fusion);
        _memory = new MemoryPlan(plan, _sums, Fusion);
    }

    /// <summary>The network being lowered.</summary>
    public NetworkPlan Plan { get; }

    /// <summary>The fusion decisions.</summary>
    public Fusion Fusion { get; }

    /// <summary>What <c>Forward</c> does differently: batch norms folded, ReLUs applied by the layer before.</summary>
    public InferenceFusion InferenceFusion { get; }

    public static NetworkProgram Lower(NetworkPlan plan, CancellationToken cancellationToken) => new Lowering(plan).Build(cancellationToken);

    NetworkProgram Build(CancellationToken cancellationToken)
    {
        var forward = new List<ForwardStep>();
        foreach (var layer in Plan.Layers.Take(Plan.ComputeLayerCount))
        {
            cancellationToken.ThrowIfCancellationRequested();
            forward.Add(new ForwardStep(layer, LayerKinds.Definition(layer.Kind).Lower(this, layer).ToEquatableArray()));
        }
        var last = Plan.ComputeLayerCount - 1;
        var output = last < 0 ? new Value(ValueRole.NetworkInput, "", Plan.Input) : _memory.Output(last);
        // With no layer to train (none computes, or only views do) the output is the input, and so is its gradient.
        var outputGradient = last < 0 || _memory.GradientOwner(last) < 0 ? null : _memory.Gradient(last);
        var steps = forward.ToEquatableArray();
        var inference = LowerInference(cancellationToken);
        var memory = _memory.Layout() with { Inference = MemoryPlan.ShareForInference(inference, output) };
        var derived = _derivations.Count == 0 ? DerivedWeights.None : new DerivedWeights(_derivedValues.ToEquatableArray(), _derivations.ToEquatableArray());
        return new NetworkProgram(Plan, steps, LowerBackward(cancellationToken).ToEquatableArray(), memory, output, outputGradient, inference, derived);
    }

    /// <summary>The steps of <c>Forward</c>: each layer's inference ops, registering the derived tensors they read.</summary>
    EquatableArray<ForwardStep> LowerInference(CancellationToken cancellationToken)
    {
        var steps = new List<ForwardStep>();
        foreach (var layer in Plan.Layers.Take(Plan.ComputeLayerCount))
        {
            cancellationToken.ThrowIfCancellationRequested();
            steps.Add(new ForwardStep(layer, LayerKinds.Definition(layer.Kind).LowerInference(this, layer).ToEquatableArray()));
        }
        return steps.ToEquatableArray();
    }

    /// <summary>
    /// Registers <paramref name="derivation"/>, an op run by <c>DeriveInferenceWeights</c> whenever the parameters may
    /// have changed, and the derived tensors it writes (<see cref="DerivedWeights.Tensor"/>), which inference ops then read.
    /// </summary>
    public void Derive(Op derivation, params Value[] values)
    {
        _derivations.Add(derivation);
        _derivedValues.AddRange(values);
    }

    /// <summary>
    /// The weight and bias of <paramref name="product"/> (a convolution or dense layer) with the batch norm after it
    /// folded in (<see cref="Passes.InferenceFusion.IsFoldedIntoProduct"/>): derived tensors, with their <see cref="FoldBatchNorm"/> registered.
    /// </summary>
    public (Value Weight, Value Bias) FoldedWeights(LayerPlan product)
    {
        var norm = Plan.Layers[product.Index + 1];
        var weight = DerivedWeights.Tensor(product.Name, "FoldedWeight", product.WeightLength);
        var bias = DerivedWeights.Tensor(product.Name, "FoldedBias", norm.Input.Channels);
        Derive(new FoldBatchNorm(BatchNormLayer.Config(norm), product.Name, Weight(product), Bias(product), Weight(norm), Bias(norm),
            Own(norm, ValueRole.RunningMean), Own(norm, ValueRole.RunningVariance), weight, bias), weight, bias);
        return (weight, bias);
    }

    /// <summary>
    /// The backward steps, layers in reverse. A layer without parameters at or upstream of it only serves the input
    /// gradient, so its step runs only when the caller asked for one: in a chain those layers come last, and one early
    /// return skips them all.
    /// </summary>
    List<BackwardStep> LowerBackward(CancellationToken cancellationToken)
    {
        var steps = new List<BackwardStep>();
        for (var i = Plan.ComputeLayerCount - 1; i >= 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!HasBackwardWork(i)) continue;
            var layer = Plan.Layers[i];
            var guard = BackwardGuard.Always;
            string? firstTrainable = null;
            var inputOnly = _sums.BackwardServesOnlyInput(i);
            if (inputOnly && !_inputOnly && OnlyInputWorkFrom(i))
            {
                guard = BackwardGuard.ReturnBefore;
                firstTrainable = Plan.Layers.Take(Plan.ComputeLayerCount).FirstOrDefault(l => l.IsTrainable)?.Name;
                _inputOnly = true;
            }
            var block = inputOnly && !_inputOnly;
            if (block)
            {
                guard = BackwardGuard.InputGradientOnly;
                _inputOnly = true;
            }
            var ops = LayerKinds.Definition(layer.Kind).LowerBackward(this, layer).ToList();
            ops.AddRange(Sums(layer));
            if (block) _inputOnly = false;
            steps.Add(new BackwardStep(layer, guard, ops.ToEquatableArray(), firstTrainable));
        }
        return steps;
    }

    /// <summary>Whether layer <paramref name="index"/>'s backward writes anything (a view that shares its source's gradient buffer does not).</summary>
    bool HasBackwardWork(int index)
    {
        var layer = Plan.Layers[index];
        if (!_sums.NeedsGradient(index)) return false;
        if (!layer.IsTrainable && !_sums.AnySourceNeedsGradient(index)) return false;
        return !LayerKinds.Definition(layer.Kind).IsAlias || _memory.GradientOwner(index) == index || HasSkipAfter(index);
    }

    /// <summary>Whether every layer from <paramref name="index"/> down to the first with backward work only serves the input gradient.</summary>
    bool OnlyInputWorkFrom(int index)
    {
        for (var j = index; j >= 0; j--)
        {
            if (HasBackwardWork(j) && !_sums.BackwardServesOnlyInput(j)) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="reader"/> is the earliest reader of an output that others read too, so its skip gradient is added after its backward.</summary>
    bool HasSkipAfter(int reader) => _sums.SkipsCollectedAfter(reader).Any() || _sums.InputSkipCollectedAfter(reader);

    /// <summary>
    /// The gradient sums that complete with <paramref name="layer"/>'s backward: its own path's gradient when a
    /// single-input kernel wrote the scratch, then the skip gradients of the outputs it is the earliest reader of.
    /// </summary>
    IEnumerable<Op> Sums(LayerPlan layer)
    {
        var definition = LayerKinds.Definition(layer.Kind);
        // A single-input kernel overwrites its input gradient: where that gradient is a sum, it wrote the scratch.
        if (!definition.ReadsOperands && _sums.TargetOf(layer.Index, 0) is { Accumulate: true } target)
        {
            var source = layer.Sources[0];
            yield return new AccumulateGradient(SourceName(source), _memory.Scratch(source), _memory.Target(target), Guarded(source));
        }
        foreach (var source in _sums.SkipsCollectedAfter(layer.Index))
        {
            var others = _sums.SecondaryReaders(source).Select(r => Plan.Layers[r]).ToList();
            var onlyAnAdd = others.Count == 1 && others[0].Kind == LayerKind.Add;
            yield return new CollectSkipGradient(Plan.Layers[source].Name, others.Select(o => o.Name).ToEquatableArray(), onlyAnAdd, _memory.Skip(source), _memory.Gradient(source), Guarded(source));
        }
        if (_sums.InputSkipCollectedAfter(layer.Index))
            yield return new CollectSkipGradient("", EquatableArray<string>.Empty, false, _memory.Skip(-1), _memory.Gradient(-1), Guarded(-1));
    }

    // ---- What a layer's lowering asks ----------------------------------------------------------------------------

    /// <summary>Layer <paramref name="index"/>'s output (-1: the network input).</summary>
    public Value Output(int index) => _memory.Output(index);

    /// <summary>What <paramref name="layer"/> reads (its first source's output).</summary>
    public Value Input(LayerPlan layer) => _memory.Output(layer.Sources[0]);

    /// <summary>What <paramref name="layer"/> writes.</summary>
    public Value Output(LayerPlan layer) => _memory.Output(layer.Index);

    /// <summary>Whether view <paramref name="layer"/> shares its source's gradient buffer, so its backward has nothing to do.</summary>
    public bool SharesSourceGradient(LayerPlan layer) => _memory.GradientOwner(layer.Index) != layer.Index;

    /// <summary>The gradient of <paramref name="layer"/>'s output (what its backward reads).</summary>
    public Value OutputGradient(LayerPlan layer) => _memory.Gradient(layer.Index);

    /// <summary>
    /// Where <paramref name="layer"/>'s backward writes the gradient of its (first) input: the source's gradient, its
    /// skip gradient, the accumulation scratch (added afterwards by an <see cref="AccumulateGradient"/>), or an empty
    /// span where none is kept. A single-input kernel skips the product for an empty span, which is what it gets for a
    /// gradient that only serves the network's input gradient when the caller asked for none.
    /// </summary>
    public Value InputGradient(LayerPlan layer)
    {
        if (_sums.TargetOf(layer.Index, 0) is not { } target) return Value.Empty;
        var source = layer.Sources[0];
        var value = target.Accumulate ? _memory.Scratch(source) : _memory.Target(target);
        return _inputOnly || value.Role == ValueRole.InputGradient || !_sums.ServesOnlyInput(source) ? value : value with { OnlyWhenInputGradientWanted = true };
    }

    /// <summary>Where the gradient of operand <paramref name="slot"/> goes, and whether to add to it, for kinds that read several; null when none is kept.</summary>
    public (Value Target, bool Accumulate)? GradientTarget(LayerPlan layer, int slot) =>
        _sums.TargetOf(layer.Index, slot) is { } target ? (_memory.Target(target), target.Accumulate) : null;

    /// <summary>The shared scratch sized for <paramref name="source"/> (-1: the network input), where an overwriting kernel writes a gradient that is then added.</summary>
    public Value Scratch(int source) => _memory.Scratch(source);

    /// <summary>
    /// Whether code storing a gradient of <paramref name="source"/> runs only when the caller asked for the input
    /// gradient: that gradient only serves it and no enclosing code is guarded already.
    /// </summary>
    public bool Guarded(int source) => !_inputOnly && _sums.ServesOnlyInput(source);

    /// <summary>The name of source <paramref name="source"/> (a layer index, -1 for the network input).</summary>
    public string SourceName(int source) => source < 0 ? LayerSpec.NetworkInputName : Plan.Layers[source].Name;

    /// <summary>A per-layer value of <paramref name="layer"/> that is not an activation: parameters, masks, saved statistics.</summary>
    public static Value Own(LayerPlan layer, ValueRole role, ElementType element = ElementType.Float32) => new(role, layer.Name, layer.Output, element);

    public static Value Weight(LayerPlan layer) => Own(layer, ValueRole.Weight);

    public static Value Bias(LayerPlan layer) => layer.BiasLength > 0 ? Own(layer, ValueRole.Bias) : Value.EmptyReadOnly;

    /// <summary>
    /// Where <paramref name="layer"/>'s backward writes its weight gradient: an empty span for a frozen layer
    /// (<c>Trainable = false</c>), whose kernel then computes only the gradient it passes on, so its entries of
    /// <c>Gradients</c> are never written and stay zero (PyTorch leaves their <c>grad</c> unset).
    /// </summary>
    public static Value WeightGradient(LayerPlan layer) => layer.IsFrozen ? Value.Empty : Own(layer, ValueRole.WeightGradient);

    /// <summary>Where <paramref name="layer"/>'s backward writes its bias gradient: empty without a bias or when frozen, as <see cref="WeightGradient"/>.</summary>
    public static Value BiasGradient(LayerPlan layer) => layer.BiasLength > 0 && !layer.IsFrozen ? Own(layer, ValueRole.BiasGradient) : Value.Empty;
}
