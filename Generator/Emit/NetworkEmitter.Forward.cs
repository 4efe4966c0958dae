using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

internal sealed partial class NetworkEmitter
{
    void EmitForward()
    {
        _w.Line("/// <summary>Inference-mode forward pass (dropout off, batch norm on running statistics) over <c>input.Length / InputLength</c> samples, in chunks of <see cref=\"MaxBatch\"/>.</summary>");
        _w.Line($"/// <param name=\"input\">Samples of {_plan.Input} values each, NCHW.</param>");
        _w.Line($"/// <param name=\"output\">Receives {_plan.Output} values per sample.</param>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">The input is not a whole number of samples, or the output length differs from samples × OutputLength.</exception>");
        using (_w.Block("public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)"))
        {
            EmitExclusiveUse();
            _w.Line($"var samples = {Runtime}.NetworkGuards.CountSamples(input.Length, InputLength, nameof(input));");
            _w.Line($"{Runtime}.NetworkGuards.CheckLength(output.Length, (long)samples * OutputLength, nameof(output), \"samples × OutputLength\");");
            // start advances by the batch taken, so it never passes samples (start + MaxBatch could wrap).
            using (_w.Block("for (int start = 0, batch; start < samples; start += batch)"))
            {
                _w.Line("batch = global::System.Math.Min(MaxBatch, samples - start);");
                _w.Line("var chunk = input.Slice(start * InputLength, batch * InputLength);");
                _w.Line("RunForward(chunk, batch, training: false);");
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
            _w.Line("RunForward(sample, batch, training: false);");
            _w.Line($"return {Runtime}.NetworkGuards.ArgMax({OutputOfLast("sample")});");
        }
        _w.Line();

        _w.Line("// Every layer in order on `batch` samples. Training mode draws dropout masks and uses (and updates) batch statistics.");
        using (_w.Block("void RunForward(global::System.ReadOnlySpan<float> input, int batch, bool training)"))
        {
            _w.Line("// Every pass overwrites the activations Backward reads: only ForwardTraining marks them usable again.");
            _w.Line("_backwardBatch = 0;");
            EmitThreadScope();
            var first = true;
            foreach (var layer in ComputeLayers())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (!first) _w.Line();
                first = false;
                _w.Line(Heading(layer));
                EmitLayerForward(layer);
            }
            if (first) _w.Line("// No layer computes: the output is the input.");
        }
        _w.Line();
    }

    /// <summary>The span holding the last computing layer's output; <paramref name="input"/> names the input when no layer computes.</summary>
    string OutputOfLast(string input)
    {
        var span = _buffers.Output(LastCompute);
        return span == "input" ? input : span;
    }

    void EmitLayerForward(LayerPlan layer)
    {
        EmitReadsComment(layer);
        Definition(layer).EmitForward(this, layer);
    }

    /// <summary>The span <paramref name="layer"/> reads (its first source): the previous layer's output, <c>Input</c>'s, or the network input.</summary>
    internal string Input(LayerPlan layer) => _buffers.Output(layer.Sources[0]);

    /// <summary>The span <paramref name="layer"/> writes its output to.</summary>
    internal string Output(LayerPlan layer) => _buffers.Output(layer.Index);

    /// <summary>The gradient of <paramref name="layer"/>'s output (what its backward reads).</summary>
    internal string OutputGradient(LayerPlan layer) => _buffers.Gradient(layer.Index);

    /// <summary>
    /// Where <paramref name="layer"/>'s backward writes the gradient of its (first) input: the source's gradient, its skip
    /// gradient, the accumulation scratch (added afterwards by the emitter), or an empty span where none is kept. A
    /// single-input kernel skips the product for an empty span, which is what it gets for a gradient that only serves the
    /// network's input gradient when the caller asked for none (see <see cref="OnlyWhenInputGradientWanted"/>).
    /// </summary>
    internal string InputGradient(LayerPlan layer) => _buffers.Target(layer.Index, 0) switch
    {
        null => "global::System.Span<float>.Empty",
        { Accumulate: true } => OnlyWhenInputGradientWanted(layer.Sources[0], _buffers.ScratchFor(layer.Sources[0])),
        var target => OnlyWhenInputGradientWanted(layer.Sources[0], target.Value.Span),
    };

    /// <summary>Where the gradient of operand <paramref name="slot"/> goes, for kinds that read several (they add or copy themselves); null when none is kept.</summary>
    internal BufferPlan.GradientTarget? GradientTarget(LayerPlan layer, int slot) => _buffers.Target(layer.Index, slot);

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

    /// <summary>Writes <c>Kernels.Method(arg1, arg2...)</c>, one named argument per line when there are many.</summary>
    internal void Call(string method, params string[] arguments)
    {
        if (arguments.Length <= 3)
        {
            _w.Line($"{Kernels}.{method}({string.Join(", ", arguments)});");
            return;
        }
        _w.Line($"{Kernels}.{method}(");
        _w.Indent();
        for (var i = 0; i < arguments.Length; i++) _w.Line(arguments[i] + (i == arguments.Length - 1 ? ");" : ","));
        _w.Outdent();
    }

    internal string Weight(LayerPlan layer) => $"_parameters.AsSpan({Names.Pascal(layer)}WeightOffset, {Names.Pascal(layer)}WeightLength)";

    internal string Bias(LayerPlan layer) => layer.BiasLength > 0
        ? $"_parameters.AsSpan({Names.Pascal(layer)}BiasOffset, {Names.Pascal(layer)}BiasLength)"
        : "global::System.ReadOnlySpan<float>.Empty";

    internal string WeightGradient(LayerPlan layer) => $"_gradients.AsSpan({Names.Pascal(layer)}WeightOffset, {Names.Pascal(layer)}WeightLength)";

    internal string BiasGradient(LayerPlan layer) => layer.BiasLength > 0
        ? $"_gradients.AsSpan({Names.Pascal(layer)}BiasOffset, {Names.Pascal(layer)}BiasLength)"
        : "global::System.Span<float>.Empty";

    // An instance owns its buffers, so two threads in one call would corrupt each other: the second one is refused.
    void EmitExclusiveUse() => _w.Line($"using var exclusive = {Runtime}.NetworkGuards.EnterExclusive(ref _busy, nameof({_plan.ClassName}));");

    // Kernels read the thread count from an ambient, restored scope; their partition of the work never depends on it.
    void EmitThreadScope()
    {
        _w.Line($"using var threadScope = {Runtime}.Threading.KernelThreads.Use(_threads);");
        _w.Line();
    }
}
