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
            _w.Line($"{Runtime}.NetworkGuards.CheckLength(output.Length, samples * OutputLength, nameof(output), \"samples × OutputLength\");");
            using (_w.Block("for (var start = 0; start < samples; start += MaxBatch)"))
            {
                _w.Line("var batch = global::System.Math.Min(MaxBatch, samples - start);");
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
        var i = layer.Index;
        var name = Names.Pascal(layer);
        var input = _buffers.Output(i - 1);
        var output = _buffers.Output(i);
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
                var rectify = _buffers.RectifiesInto(i);
                if (rectify) _w.Line($"// With {_plan.Layers[i + 1].Name}: the rectified map goes straight into its buffer.");
                Call(rectify ? "Conv2D.ForwardWithReLU" : "Conv2D.Forward",
                    $"input: {input}",
                    $"weight: {Weight(layer)}",
                    $"bias: {Bias(layer)}",
                    $"output: {(rectify ? _buffers.Output(i + 1) : output)}",
                    $"geometry: {name}Geometry",
                    "batch: batch");
                break;
            case LayerKind.Dense:
                Call("Dense.Forward",
                    $"input: {input}",
                    $"weight: {Weight(layer)}",
                    $"bias: {Bias(layer)}",
                    $"output: {output}",
                    $"inputs: {layer.Input.Length}",
                    $"outputs: {layer.Output.Length}",
                    "batch: batch");
                break;
            case LayerKind.MaxPool2D when _buffers.IsFoldedIntoPool(i - 1):
                _w.Line($"// Pools {_plan.Layers[i - 1].Name}'s input, then rectifies the pooled values: the same numbers without writing the rectified map.");
                Call("MaxPool2D.ForwardAfterReLU", $"input: {_buffers.Output(i - 2)}", $"output: {output}", $"argmax: {Argmax(layer)}", $"geometry: {name}Geometry", "batch: batch");
                break;
            case LayerKind.MaxPool2D:
                Call("MaxPool2D.Forward", $"input: {input}", $"output: {output}", $"argmax: {Argmax(layer)}", $"geometry: {name}Geometry", "batch: batch");
                break;
            case LayerKind.AvgPool2D:
                Call("AvgPool2D.Forward", $"input: {input}", $"output: {output}", $"geometry: {name}Geometry", "batch: batch");
                break;
            case LayerKind.GlobalAvgPool:
                Call("GlobalAvgPool.Forward", $"input: {input}", $"output: {output}", $"channels: {layer.Input.Channels}", $"spatial: {layer.Input.Spatial}", "batch: batch");
                break;
            case LayerKind.Flatten:
                _w.Line("// NCHW is already flat: the next layer reads the same buffer.");
                break;
            case LayerKind.ReLU when _buffers.IsFoldedIntoPool(i):
                _w.Line($"// Folded into {_plan.Layers[i + 1].Name} (max pooling commutes with ReLU).");
                break;
            case LayerKind.ReLU when _buffers.RectifiesInto(i - 1):
                _w.Line($"// Applied by {_plan.Layers[i - 1].Name} as it stored its output.");
                break;
            case LayerKind.ReLU:
                Call("Activations.ReLU", $"input: {input}", $"output: {output}");
                break;
            case LayerKind.LeakyReLU:
                Call("Activations.LeakyReLU", $"input: {input}", $"output: {output}", $"slope: {Names.Float(layer.Spec.Alpha)}");
                break;
            case LayerKind.Sigmoid:
                Call("Activations.Sigmoid", $"input: {input}", $"output: {output}");
                break;
            case LayerKind.Tanh:
                Call("Activations.Tanh", $"input: {input}", $"output: {output}");
                break;
            case LayerKind.Softmax:
                Call("Activations.Softmax", $"input: {input}", $"output: {output}", $"features: {layer.Output.Length}", "batch: batch");
                break;
            case LayerKind.Dropout:
                if (Loss is null)
                {
                    _w.Line("// Inference-only network: dropout is the identity.");
                    _w.Line($"{input}.CopyTo({output});");
                    break;
                }
                using (_w.Block("if (training)"))
                {
                    Call("Dropout.Forward", $"input: {input}", $"output: {output}", $"mask: {Names.Field(layer, "Mask")}.AsSpan(0, batch * {name}OutputLength)", $"rate: {Names.Float(layer.Spec.Alpha)}", "random: _trainingRandom");
                }
                using (_w.Block("else"))
                {
                    _w.Line($"{input}.CopyTo({output});");
                }
                break;
            case LayerKind.BatchNorm:
                using (_w.Block("if (training)"))
                {
                    Call("BatchNorm.ForwardTraining",
                        $"input: {input}",
                        $"output: {output}",
                        $"gamma: {Weight(layer)}",
                        $"beta: {Bias(layer)}",
                        $"runningMean: _state.AsSpan({name}RunningMeanOffset, {name}Channels)",
                        $"runningVariance: _state.AsSpan({name}RunningVarOffset, {name}Channels)",
                        $"savedMean: {Names.Field(layer, "SavedMean")}",
                        $"savedInverseStd: {Names.Field(layer, "SavedInverseStd")}",
                        $"channels: {name}Channels",
                        $"spatial: {layer.Input.Spatial}",
                        "batch: batch",
                        $"momentum: {Names.Float(layer.Spec.Momentum)}",
                        $"epsilon: {Names.Float(layer.Spec.Epsilon)}");
                }
                using (_w.Block("else"))
                {
                    Call("BatchNorm.ForwardInference",
                        $"input: {input}",
                        $"output: {output}",
                        $"gamma: {Weight(layer)}",
                        $"beta: {Bias(layer)}",
                        $"runningMean: _state.AsSpan({name}RunningMeanOffset, {name}Channels)",
                        $"runningVariance: _state.AsSpan({name}RunningVarOffset, {name}Channels)",
                        $"channels: {name}Channels",
                        $"spatial: {layer.Input.Spatial}",
                        "batch: batch",
                        $"epsilon: {Names.Float(layer.Spec.Epsilon)}");
                }
                break;
            case LayerKind.Add:
                Call("Elementwise.Add", $"a: {input}", $"b: {_buffers.Output(layer.AddSource)}", $"output: {output}");
                break;
        }
    }

    /// <summary>Writes <c>Kernels.Method(arg1, arg2...)</c>, one named argument per line when there are many.</summary>
    void Call(string method, params string[] arguments)
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

    static string Argmax(LayerPlan layer) => $"{Names.Field(layer, "Argmax")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";

    static string Weight(LayerPlan layer) => $"_parameters.AsSpan({Names.Pascal(layer)}WeightOffset, {Names.Pascal(layer)}WeightLength)";

    static string Bias(LayerPlan layer) => layer.BiasLength > 0
        ? $"_parameters.AsSpan({Names.Pascal(layer)}BiasOffset, {Names.Pascal(layer)}BiasLength)"
        : "global::System.ReadOnlySpan<float>.Empty";

    static string WeightGradient(LayerPlan layer) => $"_gradients.AsSpan({Names.Pascal(layer)}WeightOffset, {Names.Pascal(layer)}WeightLength)";

    static string BiasGradient(LayerPlan layer) => layer.BiasLength > 0
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
