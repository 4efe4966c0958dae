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
    /// The layers before the first one with parameters only serve the input gradient, so their backward sits in one
    /// block that runs only when the caller asked for it; the first layer writes the caller's span directly.
    /// </summary>
    void EmitRunBackward()
    {
        _w.Line("// Gradients from the gradient of the last layer's output (in its buffer), layers in reverse. Every backward kernel");
        _w.Line("// overwrites what it writes. The input gradient is computed only when inputGradient is not empty.");
        using (_w.Block("void RunBackward(global::System.ReadOnlySpan<float> input, global::System.Span<float> inputGradient, int batch)"))
        {
            EmitThreadScope();
            var firstTrainable = _buffers.FirstTrainable;
            var first = true;
            for (var i = LastCompute; i >= 0; i--)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var layer = _plan.Layers[i];
                if (i == firstTrainable - 1 && HasBackwardWork(0, firstTrainable))
                {
                    if (!first) _w.Line();
                    first = false;
                    _w.Line(firstTrainable < _plan.ComputeLayerCount
                        ? $"// The layers before {_plan.Layers[firstTrainable].Name} have no parameters: their backward only serves the input gradient."
                        : "// No layer has parameters: backward only serves the input gradient.");
                    _w.Line("if (inputGradient.IsEmpty) return;");
                    _inputOnly = true;
                }
                if (!HasBackwardWork(i, i + 1)) continue;
                if (!first) _w.Line();
                first = false;
                _w.Line(Heading(layer));
                EmitLayerBackward(layer);
                EmitSkipCollection(i);
            }
            _inputOnly = false;
            if (first) _w.Line("// No layer computes: the input gradient is the output gradient.");
        }
        _w.Line();
    }

    /// <summary>Whether a layer in [<paramref name="start"/>, <paramref name="end"/>) has backward code (a Flatten has none unless an Add's gradient is collected after it).</summary>
    bool HasBackwardWork(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (!Definition(_plan.Layers[i]).IsAlias || HasSkipAfter(i)) return true;
        }
        return false;
    }

    /// <summary>Set while writing the backward of the layers that only serve the input gradient (it runs only when one is asked for).</summary>
    bool _inputOnly;

    /// <summary>
    /// The span of the gradient of layer <paramref name="index"/>'s output, as a backward kernel writes it. A gradient
    /// that only serves the input gradient, written by a layer that runs in every backward pass, becomes empty (so the
    /// kernel skips that product) unless the caller asked for the input gradient.
    /// </summary>
    internal string GradientOf(int index)
    {
        var span = _buffers.Gradient(index);
        if (_inputOnly || span == "inputGradient" || !_buffers.ServesOnlyInput(index)) return span;
        return $"(inputGradient.IsEmpty ? default : {span})";
    }

    /// <summary>Whether an <c>Add</c> reads layer <paramref name="consumer"/> − 1's output, so its skip gradient is added once the consumer's backward has run.</summary>
    bool HasSkipAfter(int consumer)
    {
        foreach (var source in _buffers.SkipSources())
        {
            if (source.Index == consumer - 1) return true;
        }
        return false;
    }

    void EmitSkipCollection(int consumer)
    {
        foreach (var source in _buffers.SkipSources())
        {
            if (source.Index != consumer - 1) continue;
            _w.Line($"// {source.Name} also feeds an Add: its output gradient is the sum of both paths.");
            if (!_inputOnly && _buffers.ServesOnlyInput(source.Index)) _w.Line("if (!inputGradient.IsEmpty)");
            Call("Elementwise.AddInPlace", $"source: {BufferPlan.Skip(source)}", $"target: {_buffers.Gradient(source.Index)}");
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

    void EmitLayerBackward(LayerPlan layer) => Definition(layer).EmitBackward(this, layer);
}
