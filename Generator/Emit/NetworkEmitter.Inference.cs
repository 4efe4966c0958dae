using CnnGen.Generator.Program;

namespace CnnGen.Generator.Emit;

/// <summary>
/// <c>Forward</c>'s own pass when the inference passes changed the program (<see cref="NetworkProgram.Inference"/>), and
/// the derived inference weights it reads (<see cref="DerivedWeights"/>): their fields, the method that computes them,
/// and the flag that says they may be stale. Anything that can change the parameters or the state sets the flag: the
/// <c>Parameters</c> and <c>State</c> getters (the caller may write through the span), a training-mode pass (running
/// statistics), an optimizer step; <c>RunInference</c> derives again only then.
/// </summary>
internal sealed partial class NetworkEmitter
{
    bool HasDerived => !_program.Derived.IsEmpty;

    void EmitDerivedFields()
    {
        if (!HasDerived) return;
        _w.Line("// Derived from the parameters and state for Forward; recomputed before a Forward only when they may have changed.");
        foreach (var value in _program.Derived.Values) _w.Line($"readonly float[] {OpPrinter.Span(value)} = new float[{value.Shape.Length}];");
        _w.Line("bool _inferenceWeightsStale = true;");
    }

    void EmitParametersAndState()
    {
        _w.Line("/// <summary>All trainable values, layers in order, each weight then bias (PyTorch layouts: conv [F, C, K, K], dense [Out, In]).</summary>");
        if (HasDerived)
        {
            _w.Line("/// <remarks>Fetching it marks the weights Forward derives from it (folded batch norms) stale, so the next Forward");
            _w.Line("/// derives them again: fetch it anew after a Forward before writing through it.</remarks>");
            using (_w.Block("public global::System.Span<float> Parameters")) EmitStaleGetter("_parameters");
        }
        else _w.Line("public global::System.Span<float> Parameters => _parameters;");
        _w.Line();
        _w.Line("/// <summary>Batch-norm running statistics (running_mean then running_var per layer), updated by training-mode passes.</summary>");
        if (HasDerived)
        {
            _w.Line("/// <remarks>Fetching it marks the weights Forward derives from it stale, as <see cref=\"Parameters\"/> does.</remarks>");
            using (_w.Block("public global::System.Span<float> State")) EmitStaleGetter("_state");
        }
        else _w.Line("public global::System.Span<float> State => _state;");
        _w.Line();
    }

    void EmitStaleGetter(string field)
    {
        using (_w.Block("get"))
        {
            _w.Line("_inferenceWeightsStale = true;");
            _w.Line($"return {field};");
        }
    }

    /// <summary>In <c>RunForward</c>: a training-mode pass updates running statistics, so what Forward derived is stale.</summary>
    void EmitMarkDerivedStale()
    {
        if (HasDerived) _w.Line("if (training) _inferenceWeightsStale = true;");
    }

    void EmitInference()
    {
        if (!_program.HasOwnInference) return;
        _w.Line("// Forward's pass: every layer in order on `batch` samples in inference mode, after the inference passes.");
        using (_w.Block("void RunInference(global::System.ReadOnlySpan<float> input, int batch)"))
        {
            _w.Line("// Every pass overwrites the activations Backward reads: only ForwardTraining marks them usable again.");
            _w.Line("_backwardBatch = 0;");
            EmitThreadScope();
            if (HasDerived)
            {
                _w.Line("if (_inferenceWeightsStale) DeriveInferenceWeights();");
                _w.Line();
            }
            _ops.InferenceOnly = true;
            EmitSteps(_program.Inference);
            _ops.InferenceOnly = false;
        }
        _w.Line();
        if (!HasDerived) return;
        _w.Line("// The weights Forward reads in place of parameters, from the current parameters and state.");
        using (_w.Block("void DeriveInferenceWeights()"))
        {
            foreach (var op in _program.Derived.Ops) _ops.Print(op);
            _w.Line("_inferenceWeightsStale = false;");
        }
        _w.Line();
    }
}
