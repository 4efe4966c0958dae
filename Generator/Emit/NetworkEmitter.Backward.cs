using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

internal sealed partial class NetworkEmitter
{
    void EmitTraining()
    {
        var loss = Loss!;
        var lossName = loss.Kind.ToString();
        if (LossDefinition.TakesLabels)
        {
            EmitComputeGradients(labels: true);
            EmitTrainStep(labels: true);
        }
        EmitComputeGradients(labels: false);
        EmitTrainStep(labels: false);

        _w.Line("/// <summary>Restarts the training-time random stream (dropout masks) from <paramref name=\"seed\"/>, like <c>torch.manual_seed</c>.</summary>");
        _w.Line($"public void Reseed(int seed) => _trainingRandom = new {Runtime}.SeededRandom({Runtime}.NetworkGuards.TrainingSeed(seed));");
        _w.Line("/// <summary>The training-time random stream (dropout masks); a checkpoint saves its state.</summary>");
        _w.Line($"public {Runtime}.SeededRandom TrainingRandom => _trainingRandom;");
        _w.Line();

        _w.Line($"// Gradients of the mean {lossName} loss, layers in reverse. Every backward kernel overwrites what it writes.");
        using (_w.Block("void RunBackward(global::System.ReadOnlySpan<float> input, int batch)"))
        {
            EmitThreadScope();
            var first = true;
            for (var i = LastCompute; i >= 0; i--)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var layer = _plan.Layers[i];
                if (!_buffers.NeedsGradient(i)) continue;
                if (layer.ParameterCount == 0 && !_buffers.AnySourceNeedsGradient(i)) continue;
                if (Definition(layer).IsAlias && _buffers.GradientOwner(i) != i && !HasSkipAfter(i)) continue;
                if (!first) _w.Line();
                first = false;
                _w.Line(Heading(layer));
                EmitLayerBackward(layer);
                EmitSkipCollection(i);
            }
            if (first) _w.Line("// No layer has parameters: nothing to propagate.");
        }
        _w.Line();
    }

    /// <summary>Whether <paramref name="reader"/> is the earliest reader of a layer that others read too, so that layer's skip gradient is added after its backward.</summary>
    bool HasSkipAfter(int reader) => System.Linq.Enumerable.Any(_buffers.SkipsCollectedAfter(reader));

    void EmitSkipCollection(int reader)
    {
        foreach (var source in _buffers.SkipsCollectedAfter(reader))
        {
            var others = System.Linq.Enumerable.ToList(_buffers.SecondaryReaders(source.Index));
            _w.Line(others.Count == 1 && others[0].Kind == LayerKind.Add
                ? $"// {source.Name} also feeds an Add: its output gradient is the sum of both paths."
                : $"// {source.Name} also feeds {string.Join(", ", System.Linq.Enumerable.Select(others, o => o.Name))}: its output gradient is the sum of every path, added in this fixed order.");
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
            var minimumBatch = MinimumTrainingBatch();
            if (minimumBatch > 1)
            {
                _w.Line("// Batch norm over a single value per channel has no variance (PyTorch refuses it too).");
                _w.Line($"{Runtime}.NetworkGuards.CheckBatchNormBatch(batch, minimum: {minimumBatch});");
            }
            _w.Line("RunForward(input, batch, training: true);");
            var predictions = _plan.ComputeLayerCount == 0 ? "input" : _buffers.Output(LastCompute);
            var gradient = _plan.ComputeLayerCount == 0 ? "_lossGradient.AsSpan(0, batch * OutputLength)" : _buffers.Gradient(LastCompute);
            _w.Line($"var loss = {LossDefinition.LossCall(loss, predictions, targetName, gradient)};");
            _w.Line("RunBackward(input, batch);");
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
            Call("Elementwise.AddInPlace", $"source: {BufferPlan.Scratch(_plan.Layers[layer.Sources[0]])}", $"target: {target.Span}");
        }
    }
}
