using CnnGen.Generator.Model;
using CnnGen.Generator.Program;

namespace CnnGen.Generator.Emit;

internal sealed partial class NetworkEmitter
{
    void EmitForward()
    {
        _w.Line("/// <summary>Inference-mode forward pass (dropout off, batch norm on running statistics) over <c>input.Length / InputLength</c> samples, in chunks of <see cref=\"MaxBatch\"/>; an instance built without maxBatch first grows to min(samples, 64).</summary>");
        _w.Line($"/// <param name=\"input\">Samples of {_plan.Input} values each, NCHW.</param>");
        _w.Line($"/// <param name=\"output\">Receives {_plan.Output} values per sample.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">The input is not a whole number of samples, or the output length differs from samples × OutputLength.</exception>");
        using (_w.Block("public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)"))
        {
            EmitExclusiveUse();
            _w.Line($"var samples = {Runtime}.NetworkGuards.CountSamples(input.Length, InputLength, nameof(input));");
            _w.Line($"{Runtime}.NetworkGuards.CheckLength(output.Length, (long)samples * OutputLength, nameof(output), \"samples × OutputLength\");");
            // An instance without maxBatch infers in chunks of up to 64 samples (or of its largest training batch), so that
            // a whole test set does not size its buffers.
            _w.Line("GrowTo(global::System.Math.Min(samples, 64));");
            // start advances by the batch taken, so it never passes samples (start + MaxBatch could wrap).
            using (_w.Block("for (int start = 0, batch; start < samples; start += batch)"))
            {
                _w.Line("batch = global::System.Math.Min(MaxBatch, samples - start);");
                _w.Line("var chunk = input.Slice(start * InputLength, batch * InputLength);");
                _w.Line(InferenceCall("chunk"));
                _w.Line($"{OutputOfLast("chunk")}.CopyTo(output.Slice(start * OutputLength, batch * OutputLength));");
            }
        }
        _w.Line();

        _w.Line("/// <summary>The index of the largest output for one sample (inference mode).</summary>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"sample\"/> does not hold exactly InputLength values.</exception>");
        using (_w.Block("public int Predict(global::System.ReadOnlySpan<float> sample)"))
        {
            EmitExclusiveUse();
            _w.Line($"{Runtime}.NetworkGuards.CheckLength(sample.Length, InputLength, nameof(sample), \"InputLength\");");
            _w.Line("const int batch = 1;");
            _w.Line(InferenceCall("sample"));
            _w.Line($"return {Runtime}.NetworkGuards.ArgMax({OutputOfLast("sample")});");
        }
        _w.Line();

        EmitPredictProbabilities();

        _w.Line("// Every layer in order on `batch` samples. Training mode draws dropout masks and uses (and updates) batch statistics.");
        using (_w.Block("void RunForward(global::System.ReadOnlySpan<float> input, int batch, bool training)"))
        {
            _w.Line("// Every pass overwrites the activations Backward reads: only ForwardTraining marks them usable again.");
            _w.Line("_backwardBatch = 0;");
            EmitMarkDerivedStale();
            EmitThreadScope();
            EmitSteps(_program.Forward);
        }
        _w.Line();
        EmitInference();
    }

    /// <summary>The statement that runs <c>Forward</c>'s steps on <paramref name="input"/>: its own pass, or the training forward in inference mode.</summary>
    string InferenceCall(string input) => _program.HasOwnInference ? $"RunInference({input}, batch);" : $"RunForward({input}, batch, training: false);";

    /// <summary>Each step under its layer's heading.</summary>
    void EmitSteps(Model.EquatableArray<ForwardStep> steps)
    {
        var first = true;
        foreach (var step in steps)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!first) _w.Line();
            first = false;
            _w.Line(Heading(step.Layer));
            EmitReadsComment(step.Layer);
            foreach (var op in step.Ops) _ops.Print(op);
        }
        if (first) _w.Line("// No layer computes: the output is the input.");
    }

    /// <summary>A head whose loss reads probabilities (softmax, sigmoid) gives them beside <c>Predict</c>'s argmax.</summary>
    void EmitPredictProbabilities()
    {
        if (Loss is null || LossDefinition.ProbabilitiesCall(Loss, "probabilities", "samples") is not { } call) return;
        _w.Line($"/// <summary>Inference-mode probabilities the {Loss.Kind} head reads: <see cref=\"Forward\"/>, then <c>{LossDefinition.ProbabilitiesTorch}</c> in <c>net.eval()</c>.</summary>");
        _w.Line($"/// <param name=\"input\">Samples of {_plan.Input} values each, NCHW.</param>");
        _w.Line($"/// <param name=\"probabilities\">Receives {_plan.Output} values per sample.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">The input is not a whole number of samples, or the output length differs from samples × OutputLength.</exception>");
        using (_w.Block("public void PredictProbabilities(global::System.ReadOnlySpan<float> input, global::System.Span<float> probabilities)"))
        {
            _w.Line("Forward(input, probabilities);");
            _w.Line("var samples = probabilities.Length / OutputLength;");
            _w.Line(call);
        }
        _w.Line();
    }

    /// <summary>The span holding the network's output; <paramref name="input"/> names the input when no layer computes.</summary>
    string OutputOfLast(string input) => _program.Output.Role == ValueRole.NetworkInput ? input : OpPrinter.Span(_program.Output);

    /// <summary>The name of source <paramref name="source"/> (a layer index, -1 for the network input).</summary>
    internal string SourceName(int source) => source < 0 ? LayerSpec.NetworkInputName : _plan.Layers[source].Name;

    /// <summary><c>Inputs = ["main", "projbn"]</c>: the <c>LayerInfo</c> property naming what a layer reads.</summary>
    internal string InputsProperty(LayerPlan layer) => "Inputs = [" + string.Join(", ", System.Linq.Enumerable.Select(layer.Sources, s => Names.Literal(SourceName(s)))) + "]";

    /// <summary>A comment naming where a layer with <c>Input</c> reads from, so a reader can follow each branch.</summary>
    void EmitReadsComment(LayerPlan layer)
    {
        if (layer.Spec.Input is null) return;
        var source = layer.Sources[0];
        _w.Line(source < 0 ? "// Reads the network input (Input = \"input\")." : $"// Reads {SourceName(source)} (Input = \"{layer.Spec.Input}\").");
    }

    // An instance owns its buffers, so two threads in one call would corrupt each other: the second one is refused.
    void EmitExclusiveUse() => _w.Line($"using var exclusive = {Runtime}.NetworkGuards.EnterExclusive(ref _busy, nameof({_plan.ClassName}));");

    // Kernels read the thread count from an ambient, restored scope; their partition of the work never depends on it.
    void EmitThreadScope()
    {
        _w.Line($"using var threadScope = {Runtime}.Threading.KernelThreads.Use(_threads);");
        _w.Line();
    }
}
