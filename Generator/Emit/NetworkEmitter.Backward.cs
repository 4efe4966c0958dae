using System.Linq;
using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

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
    /// <c>RunBackward</c>: the program's backward steps, from the gradient of the last layer's output (already in its
    /// buffer). A step that only serves the input gradient runs only when the caller asked for one: one early return
    /// skips the rest, or a block guards that one step.
    /// </summary>
    void EmitRunBackward()
    {
        _w.Line("// Gradients from the gradient of the last layer's output (in its buffer), layers in reverse. Every backward kernel");
        _w.Line("// overwrites what it writes. The input gradient is computed only when inputGradient is not empty.");
        using (_w.Block("void RunBackward(global::System.ReadOnlySpan<float> input, global::System.Span<float> inputGradient, int batch)"))
        {
            EmitThreadScope();
            var first = true;
            foreach (var step in _program.Backward)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (!first) _w.Line();
                first = false;
                if (step.Guard == BackwardGuard.ReturnBefore)
                {
                    _w.Line(step.FirstTrainable is null
                        ? "// No layer has parameters: the rest only serves the input gradient."
                        : $"// The layers before {step.FirstTrainable} {(_plan.Layers.Any(l => l.IsFrozen) ? "train no parameters (theirs are frozen or absent)" : "have no parameters")}: their backward only serves the input gradient.");
                    _w.Line("if (inputGradient.IsEmpty) return;");
                    _w.Line();
                }
                _w.Line(Heading(step.Layer));
                if (step.Guard == BackwardGuard.InputGradientOnly)
                {
                    _w.Line("// No parameters at or upstream of it: only the input gradient needs it.");
                    using (_w.Block("if (!inputGradient.IsEmpty)")) EmitStepOps(step);
                    continue;
                }
                EmitStepOps(step);
            }
            if (first) _w.Line("// No layer computes: the input gradient is the output gradient.");
        }
        _w.Line();
    }

    void EmitStepOps(BackwardStep step)
    {
        EmitReadsComment(step.Layer);
        if (step.Layer.IsFrozen) _w.Line($"// {step.Layer.Name} is frozen (Trainable = false): it passes the gradient on and writes none of its own (those stay zero).");
        foreach (var op in step.Ops) _ops.Print(op);
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
            ? $"/// <param name=\"labels\">{LossDefinition.LabelsDoc(loss)}</param>"
            : LossDefinition.TakesLabels
                ? "/// <param name=\"targets\">Class probabilities, OutputLength per sample (as PyTorch's CrossEntropyLoss with probability targets).</param>"
                : "/// <param name=\"targets\">OutputLength target values per sample.</param>");
        _w.Line($"/// <exception cref=\"global::System.ArgumentException\">A length does not match, the batch exceeds <see cref=\"MaxBatch\"/>{(labels ? ", or a label is out of range" : "")}.</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The instance is inference-only, or another thread is using it.</exception>");
        using (_w.Block($"public float ComputeGradients(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<{targetType}> {targetName})"))
        {
            _w.Line("CheckTraining(nameof(ComputeGradients));");
            EmitExclusiveUse();
            _w.Line($"return ComputeGradientsCore(input, {targetName});");
        }
        _w.Line();

        using (_w.Block($"float ComputeGradientsCore(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<{targetType}> {targetName})"))
        {
            _w.Line("GrowTo(input.Length / InputLength);");
            _w.Line($"var batch = {Runtime}.NetworkGuards.CountBatch(input.Length, InputLength, MaxBatch);");
            _w.Line(labels
                ? LossDefinition.CheckLabelsCall(Loss!)
                : $"{Runtime}.NetworkGuards.CheckLength(targets.Length, batch * OutputLength, nameof(targets), \"samples × OutputLength\");");
            EmitBatchNormBatchCheck();
            _w.Line("RunForward(input, batch, training: true);");
            var predictions = OpPrinter.Span(_program.Output);
            // With no layer to train (none computes, or only Flattens do) the loss needs no gradient.
            var gradient = OpPrinter.Span(_program.OutputGradient ?? Value.Empty);
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
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The instance is inference-only, or another thread is using it.</exception>");
        using (_w.Block($"public float TrainStep(global::System.ReadOnlySpan<float> input, global::System.ReadOnlySpan<{targetType}> {targetName}, {Runtime}.IOptimizer optimizer)"))
        {
            _w.Line("global::System.ArgumentNullException.ThrowIfNull(optimizer);");
            _w.Line("CheckTraining(nameof(TrainStep));");
            EmitExclusiveUse();
            _w.Line($"var loss = ComputeGradientsCore(input, {targetName});");
            _w.Line("// The built-in optimizers split their update across the network's threads too.");
            _w.Line($"using var threadScope = {Runtime}.Threading.KernelThreads.Use(_threads);");
            _w.Line("optimizer.Step(_parameters, _gradients, s_tensors);");
            if (!_program.Derived.IsEmpty) _w.Line("_inferenceWeightsStale = true;");
            _w.Line("return loss;");
        }
        _w.Line();
    }
}
