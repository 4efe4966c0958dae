using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

internal sealed partial class NetworkEmitter
{
    void EmitTraining()
    {
        if (LossDefinition.TakesLabels)
        {
            EmitComputeGradients(labels: true);
            EmitTrainStep(labels: true);
        }
        EmitComputeGradients(labels: false);
        EmitTrainStep(labels: false);
    }

    /// <summary>
    /// <c>RunBackward</c>: the layers in reverse, from the gradient of the last layer's output (already in its buffer).
    /// A layer without parameters at or upstream of it only serves the input gradient, so its backward runs only when
    /// the caller asked for one: in a chain those layers come last, and one early return skips them all.
    /// </summary>
    void EmitRunBackward()
    {
        _w.Line("// Gradients from the gradient of the last layer's output (in its buffer), layers in reverse. Every backward kernel");
        _w.Line("// overwrites what it writes. The input gradient is computed only when inputGradient is not empty.");
        using (_w.Block("void RunBackward(global::System.ReadOnlySpan<float> input, global::System.Span<float> inputGradient, int batch)"))
        {
            EmitThreadScope();
            var first = true;
            for (var i = LastCompute; i >= 0; i--)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var layer = _plan.Layers[i];
                if (!HasBackwardWork(i)) continue;
                if (!first) _w.Line();
                first = false;
                var inputOnly = _buffers.BackwardServesOnlyInput(i);
                if (inputOnly && !_inputOnly && OnlyInputWorkFrom(i))
                {
                    var firstTrainable = System.Linq.Enumerable.FirstOrDefault(ComputeLayers(), l => l.ParameterCount > 0);
                    _w.Line(firstTrainable is null
                        ? "// No layer has parameters: the rest only serves the input gradient."
                        : $"// The layers before {firstTrainable.Name} have no parameters: their backward only serves the input gradient.");
                    _w.Line("if (inputGradient.IsEmpty) return;");
                    _w.Line();
                    _inputOnly = true;
                }
                _w.Line(Heading(layer));
                if (inputOnly && !_inputOnly)
                {
                    _w.Line("// No parameters at or upstream of it: only the input gradient needs it.");
                    using (_w.Block("if (!inputGradient.IsEmpty)"))
                    {
                        _inputOnly = true;
                        EmitLayerBackward(layer);
                        EmitSkipCollection(i);
                        _inputOnly = false;
                    }
                    continue;
                }
                EmitLayerBackward(layer);
                EmitSkipCollection(i);
            }
            _inputOnly = false;
            if (first) _w.Line("// No layer computes: the input gradient is the output gradient.");
        }
        _w.Line();
    }

    /// <summary>Whether layer <paramref name="index"/>'s backward writes anything (a Flatten that shares its source's gradient buffer does not).</summary>
    bool HasBackwardWork(int index)
    {
        var layer = _plan.Layers[index];
        if (!_buffers.NeedsGradient(index)) return false;
        if (layer.ParameterCount == 0 && !_buffers.AnySourceNeedsGradient(index)) return false;
        return !Definition(layer).IsAlias || _buffers.GradientOwner(index) == index || HasSkipAfter(index);
    }

    /// <summary>Whether every layer from <paramref name="index"/> down to the first with backward work only serves the input gradient.</summary>
    bool OnlyInputWorkFrom(int index)
    {
        for (var j = index; j >= 0; j--)
        {
            if (HasBackwardWork(j) && !_buffers.BackwardServesOnlyInput(j)) return false;
        }
        return true;
    }

    /// <summary>Set while writing backward code that runs only when the caller asked for the input gradient.</summary>
    bool _inputOnly;

    /// <summary>
    /// <paramref name="span"/>, the gradient of source <paramref name="source"/> as a single-input kernel writes it; where
    /// that gradient only serves the input gradient and the writer runs in every backward pass, an empty span unless the
    /// caller asked for the input gradient, so the kernel skips the product.
    /// </summary>
    internal string OnlyWhenInputGradientWanted(int source, string span) =>
        _inputOnly || span == "inputGradient" || !_buffers.ServesOnlyInput(source) ? span : $"(inputGradient.IsEmpty ? default : {span})";

    /// <summary>
    /// Writes what <paramref name="emit"/> writes (code storing a gradient of source <paramref name="source"/>), inside
    /// <c>if (!inputGradient.IsEmpty)</c> where that gradient only serves the input gradient and no enclosing code is
    /// guarded already: the store is skipped when no input gradient is wanted (and could not go into an empty one).
    /// </summary>
    internal void GuardedForInput(int source, System.Action emit)
    {
        var guard = !_inputOnly && _buffers.ServesOnlyInput(source);
        if (guard)
        {
            _w.Line("if (!inputGradient.IsEmpty)");
            _w.Indent();
        }
        emit();
        if (guard) _w.Outdent();
    }

    /// <summary>Whether <paramref name="reader"/> is the earliest reader of a layer that others read too, so that layer's skip gradient is added after its backward.</summary>
    bool HasSkipAfter(int reader) => System.Linq.Enumerable.Any(_buffers.SkipsCollectedAfter(reader)) || _buffers.InputSkipCollectedAfter(reader);

    void EmitSkipCollection(int reader)
    {
        foreach (var source in _buffers.SkipsCollectedAfter(reader))
        {
            var others = System.Linq.Enumerable.ToList(_buffers.SecondaryReaders(source.Index));
            _w.Line(others.Count == 1 && others[0].Kind == LayerKind.Add
                ? $"// {source.Name} also feeds an Add: its output gradient is the sum of both paths."
                : $"// {source.Name} also feeds {string.Join(", ", System.Linq.Enumerable.Select(others, o => o.Name))}: its output gradient is the sum of every path, added in this fixed order.");
            GuardedForInput(source.Index, () => Call("Elementwise.AddInPlace", $"source: {BufferPlan.Skip(source)}", $"target: {_buffers.Gradient(source.Index)}"));
        }
        if (_buffers.InputSkipCollectedAfter(reader))
        {
            _w.Line("// The network input feeds several layers: its gradient is the sum of every path, added in this fixed order.");
            GuardedForInput(-1, () => Call("Elementwise.AddInPlace", $"source: {BufferPlan.InputSkip}", "target: inputGradient"));
        }
    }

    void EmitComputeGradients(bool labels)
    {
        var loss = Loss!;
        var targetName = labels ? "labels" : "targets";
        var targetType = labels ? "int" : "float";
        _w.Line("/// <summary>");
        _w.Line($"/// Training-mode forward and backward pass: returns the mean {loss.Kind} loss and overwrites <see cref=\"Gradients\"/>.");
        _w.Line("/// Every argument is checked before anything changes.");
        _w.Line("/// </summary>");
        _w.Line($"/// <param name=\"input\">1 to <see cref=\"MaxBatch\"/> samples of {_plan.Input} values each.</param>");
        _w.Line(labels
            ? "/// <param name=\"labels\">One class index in [0, OutputLength) per sample.</param>"
            : LossDefinition.TakesLabels
                ? "/// <param name=\"targets\">Class probabilities, OutputLength per sample (as PyTorch's CrossEntropyLoss with probability targets).</param>"
                : "/// <param name=\"targets\">OutputLength target values per sample.</param>");
        _w.Line($"/// <exception cref=\"global::System.ArgumentException\">A length does not match, the batch exceeds <see cref=\"MaxBatch\"/>{(labels ? ", or a label is out of range" : "")}.</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">Another thread is using this instance.</exception>");
        using (_w.Block($"public float ComputeGradients(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<{targetType}> {targetName})"))
        {
            EmitExclusiveUse();
            _w.Line($"return ComputeGradientsCore(input, {targetName});");
        }
        _w.Line();

        using (_w.Block($"float ComputeGradientsCore(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<{targetType}> {targetName})"))
        {
            _w.Line($"var batch = {Runtime}.NetworkGuards.CountBatch(input.Length, InputLength, MaxBatch);");
            _w.Line(labels
                ? $"{Runtime}.NetworkGuards.CheckLabels(labels, batch, OutputLength);"
                : $"{Runtime}.NetworkGuards.CheckLength(targets.Length, batch * OutputLength, nameof(targets), \"samples × OutputLength\");");
            EmitBatchNormBatchCheck();
            _w.Line("RunForward(input, batch, training: true);");
            var predictions = _plan.ComputeLayerCount == 0 ? "input" : _buffers.Output(LastCompute);
            // With no layer to train (none computes, or only Flattens do) the loss needs no gradient.
            var gradient = _plan.ComputeLayerCount == 0 || _buffers.GradientOwner(LastCompute) < 0 ? "global::System.Span<float>.Empty" : _buffers.Gradient(LastCompute);
            _w.Line($"var loss = {LossDefinition.LossCall(loss, predictions, targetName, gradient)};");
            _w.Line("RunBackward(input, inputGradient: default, batch);");
            _w.Line("return loss;");
        }
        _w.Line();
    }

    /// <summary>The smallest batch that gives every batch norm more than one value per channel.</summary>
    int MinimumTrainingBatch()
    {
        var minimum = 1;
        foreach (var layer in ComputeLayers()) minimum = System.Math.Max(minimum, Definition(layer).MinimumTrainingBatch(layer));
        return minimum;
    }

    void EmitTrainStep(bool labels)
    {
        var targetName = labels ? "labels" : "targets";
        var targetType = labels ? "int" : "float";
        _w.Line($"/// <summary><see cref=\"ComputeGradients(global::System.ReadOnlySpan{{float}}, global::System.ReadOnlySpan{{{targetType}}})\"/> then one step of <paramref name=\"optimizer\"/>; returns the mean loss.</summary>");
        _w.Line("/// <param name=\"input\">1 to <see cref=\"MaxBatch\"/> samples.</param>");
        _w.Line($"/// <param name=\"{targetName}\">As for ComputeGradients.</param>");
        _w.Line("/// <param name=\"optimizer\">Updates <see cref=\"Parameters\"/> from <see cref=\"Gradients\"/>.</param>");
        using (_w.Block($"public float TrainStep(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<{targetType}> {targetName}, {Runtime}.IOptimizer optimizer)"))
        {
            _w.Line("global::System.ArgumentNullException.ThrowIfNull(optimizer);");
            EmitExclusiveUse();
            _w.Line($"var loss = ComputeGradientsCore(input, {targetName});");
            _w.Line("// The built-in optimizers split their update across the network's threads too.");
            _w.Line($"using var threadScope = {Runtime}.Threading.KernelThreads.Use(_threads);");
            _w.Line("optimizer.Step(_parameters, _gradients);");
            _w.Line("return loss;");
        }
        _w.Line();
    }

    void EmitLayerBackward(LayerPlan layer)
    {
        EmitReadsComment(layer);
        var definition = Definition(layer);
        definition.EmitBackward(this, layer);
        // A single-input kernel overwrites its input gradient: where that gradient is a sum, it wrote the scratch.
        if (!definition.ReadsOperands && _buffers.Target(layer.Index, 0) is { Accumulate: true } target)
        {
            _w.Line($"// {SourceName(layer.Sources[0])} is read by several layers: this path's gradient is added to the others'.");
            GuardedForInput(layer.Sources[0], () => Call("Elementwise.AddInPlace", $"source: {_buffers.ScratchFor(layer.Sources[0])}", $"target: {target.Span}"));
        }
    }
}
