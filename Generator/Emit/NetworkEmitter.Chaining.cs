namespace CnnGen.Generator.Emit;

/// <summary>
/// The chaining members every network has, with or without a loss head (DESIGN §3): <c>ForwardTraining</c> keeps the
/// activations of a training-mode pass, <c>Backward</c> runs the backward pass from a gradient the caller computed (a
/// loss of their own, the next network's input gradient) and hands back the input gradient.
/// </summary>
internal sealed partial class NetworkEmitter
{
    void EmitChainingFields()
    {
        _w.Line("float[] _trainingInput = [];");
        _w.Line("int _backwardBatch;");
        if (_program.Memory.HasInputSkip) _w.Line("float[] _inputSkipGradient = [];");
    }

    void EmitChainingAllocations()
    {
        _w.Line("_trainingInput = new float[maxBatch * InputLength];");
        if (_program.Memory.HasInputSkip) _w.Line("_inputSkipGradient = new float[maxBatch * InputLength];");
    }

    void EmitChaining()
    {
        _w.Line("/// <summary>Restarts the training-time random stream (dropout masks) from <paramref name=\"seed\"/>, like <c>torch.manual_seed</c>.</summary>");
        _w.Line($"public void Reseed(int seed) => _trainingRandom = new {Runtime}.SeededRandom({Runtime}.NetworkGuards.TrainingSeed(seed));");
        _w.Line("/// <summary>The training-time random stream (dropout masks); a checkpoint saves its state.</summary>");
        _w.Line($"public {Runtime}.SeededRandom TrainingRandom => _trainingRandom;");
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Training-mode forward pass (dropout drawn, batch norm on batch statistics, running statistics updated) that keeps");
        _w.Line("/// what <see cref=\"Backward\"/> needs: PyTorch's <c>out = net(x)</c> after <c>net.train()</c>. The loss head, if any, is not applied.");
        _w.Line("/// </summary>");
        _w.Line($"/// <param name=\"input\">1 to <see cref=\"MaxBatch\"/> samples of {_plan.Input} values each, NCHW.</param>");
        _w.Line($"/// <param name=\"output\">Receives {_plan.Output} values per sample.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">The input is not 1 to MaxBatch whole samples, or the output length differs from samples × OutputLength.</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The instance is inference-only, or another thread is using it.</exception>");
        using (_w.Block("public void ForwardTraining(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)"))
        {
            _w.Line("CheckTraining(nameof(ForwardTraining));");
            EmitExclusiveUse();
            _w.Line("GrowTo(input.Length / InputLength);");
            _w.Line($"var batch = {Runtime}.NetworkGuards.CountBatch(input.Length, InputLength, MaxBatch);");
            _w.Line($"{Runtime}.NetworkGuards.CheckLength(output.Length, batch * OutputLength, nameof(output), \"samples × OutputLength\");");
            EmitBatchNormBatchCheck();
            _w.Line("// Backward reads the input again (the first layer's weight gradient), and the caller may reuse theirs meanwhile.");
            _w.Line("var kept = _trainingInput.AsSpan(0, batch * InputLength);");
            _w.Line("input.CopyTo(kept);");
            _w.Line("RunForward(kept, batch, training: true);");
            _w.Line($"{OutputOfLast("kept")}.CopyTo(output);");
            _w.Line("_backwardBatch = batch;");
        }
        _w.Line();

        _w.Line("/// <summary>");
        _w.Line("/// Backward pass from the gradient of the last <see cref=\"ForwardTraining\"/>'s output: overwrites <see cref=\"Gradients\"/>");
        _w.Line("/// with the gradient of Σ outputGradient · output and, unless <paramref name=\"inputGradient\"/> is empty, writes the gradient");
        _w.Line("/// with respect to the input (PyTorch's <c>out.backward(outputGradient)</c>, then <c>x.grad</c>; the parameter gradients are");
        _w.Line("/// overwritten, not accumulated). It may run again after the same ForwardTraining with another output gradient.");
        _w.Line("/// </summary>");
        _w.Line("/// <param name=\"outputGradient\">samples × OutputLength values, laid out like the output.</param>");
        _w.Line($"/// <param name=\"inputGradient\">Empty (skips the work of the input gradient), or samples × InputLength values ({_plan.Input} per sample) to receive it.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">A length differs from what the last ForwardTraining's batch needs.</exception>");
        _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">The instance is inference-only; or no ForwardTraining since the network was created or since a Forward, Predict, ComputeGradients or TrainStep overwrote its activations; or another thread is using this instance.</exception>");
        using (_w.Block("public void Backward(global::System.ReadOnlySpan<float> outputGradient, global::System.Span<float> inputGradient)"))
        {
            _w.Line("CheckTraining(nameof(Backward));");
            EmitExclusiveUse();
            _w.Line($"var batch = {Runtime}.NetworkGuards.CheckBackward(_backwardBatch, nameof({_plan.ClassName}));");
            _w.Line($"{Runtime}.NetworkGuards.CheckLength(outputGradient.Length, batch * OutputLength, nameof(outputGradient), \"samples × OutputLength of the last ForwardTraining\");");
            _w.Line($"if (!inputGradient.IsEmpty) {Runtime}.NetworkGuards.CheckLength(inputGradient.Length, batch * InputLength, nameof(inputGradient), \"samples × InputLength of the last ForwardTraining, or empty\");");
            if (_program.OutputGradient is not { } gradient)
            {
                _w.Line("// The output is the input (no layer computes, or only Flattens): so is the gradient.");
                _w.Line("if (!inputGradient.IsEmpty) outputGradient.CopyTo(inputGradient);");
            }
            else
            {
                _w.Line($"outputGradient.CopyTo({OpPrinter.Span(gradient)});");
                _w.Line("RunBackward(_trainingInput.AsSpan(0, batch * InputLength), inputGradient, batch);");
            }
        }
        _w.Line();

        _w.Line("// An inference-only instance keeps no gradients nor what backward reads: the training calls refuse it, naming the constructor.");
        using (_w.Block("void CheckTraining(string member)"))
        {
            _w.Line("if (!_training)");
            _w.Line($"    throw new global::System.InvalidOperationException(member + \" needs a training instance: this {_plan.ClassName} was created inference-only (new {_plan.ClassName}(maxBatch, seed, training: false)). Create it with training: true, the default.\");");
        }
        _w.Line();

        EmitRunBackward();
    }

    /// <summary>Batch norm over a single value per channel has no variance: training calls check the batch first.</summary>
    void EmitBatchNormBatchCheck()
    {
        var minimumBatch = MinimumTrainingBatch();
        if (minimumBatch <= 1) return;
        _w.Line("// Batch norm over a single value per channel has no variance (PyTorch refuses it too).");
        _w.Line($"{Runtime}.NetworkGuards.CheckBatchNormBatch(batch, minimum: {minimumBatch});");
    }
}
