using CnnGen.Generator.Model;

namespace CnnGen.Generator.Program;

/// <summary>One computing layer's part of the forward pass, in layer order.</summary>
internal sealed record ForwardStep(LayerPlan Layer, EquatableArray<Op> Ops);

/// <summary>How a backward step depends on the caller asking for the input gradient.</summary>
internal enum BackwardGuard
{
    /// <summary>Runs in every backward pass.</summary>
    Always,

    /// <summary>
    /// This step and every later one only serve the input gradient: backward returns before it when none is wanted (so
    /// the ops of these steps are written unguarded).
    /// </summary>
    ReturnBefore,

    /// <summary>Only this step serves only the input gradient: its ops run inside <c>if (!inputGradient.IsEmpty)</c>.</summary>
    InputGradientOnly,
}

/// <summary>
/// One layer's part of the backward pass, layers in reverse (the fixed order that makes gradient sums bit-identical):
/// its own ops, then the gradient sums that complete once it has run.
/// </summary>
/// <param name="Layer">The layer whose backward this is.</param>
/// <param name="Guard">Whether it runs only when the caller asked for the input gradient.</param>
/// <param name="Ops">The ops, sums included.</param>
/// <param name="FirstTrainable">For <see cref="BackwardGuard.ReturnBefore"/>: the first layer with parameters, named in the comment (null: none has any).</param>
internal sealed record BackwardStep(LayerPlan Layer, BackwardGuard Guard, EquatableArray<Op> Ops, string? FirstTrainable = null);

/// <summary>
/// The per-batch buffers a training instance allocates (outputs, then output gradients, then skip gradients, each in
/// layer order), the length per sample of the shared gradient scratch (0: none), whether the network input has a skip
/// gradient, and the buffers of an inference-only instance.
/// </summary>
internal sealed record MemoryLayout(EquatableArray<Value> Buffers, int ScratchLength, bool HasInputSkip, EquatableArray<SharedBuffer> Inference);

/// <summary>
/// One buffer of an inference-only instance, <paramref name="Length"/> values per sample, holding in turn the
/// activations <paramref name="Values"/>, whose lifetimes in the forward pass do not overlap.
/// </summary>
internal sealed record SharedBuffer(int Length, EquatableArray<Value> Values);

/// <summary>
/// The lowered network between <see cref="NetworkPlan"/> and the C# text: typed ops over typed values, with every
/// decision made by the passes (fusion, gradient sums, memory plan). The emitter prints it and decides nothing.
/// </summary>
/// <param name="Plan">The plan it was lowered from (names, shapes, offsets for the class shell and tables).</param>
/// <param name="Forward">One step per computing layer, in order.</param>
/// <param name="Backward">The steps with work, layers in reverse.</param>
/// <param name="Memory">The buffers.</param>
/// <param name="Output">The network's output value (the network input when no layer computes, or only views do).</param>
/// <param name="OutputGradient">Where the gradient of the output goes before backward runs; null when the output is the input.</param>
/// <param name="Inference">
/// The steps of <c>Forward</c> (inference mode) after the inference passes; equal to <paramref name="Forward"/> when no
/// pass changed anything, and then <c>Forward</c> runs the training forward in inference mode.
/// </param>
/// <param name="Derived">The tensors <paramref name="Inference"/> reads in place of parameters, and how they are computed.</param>
internal sealed record NetworkProgram(
    NetworkPlan Plan,
    EquatableArray<ForwardStep> Forward,
    EquatableArray<BackwardStep> Backward,
    MemoryLayout Memory,
    Value Output,
    Value? OutputGradient,
    EquatableArray<ForwardStep> Inference,
    DerivedWeights Derived)
{
    /// <summary>Whether <c>Forward</c> has steps of its own (an inference pass changed something), printed as <c>RunInference</c>.</summary>
    public bool HasOwnInference => !Inference.Equals(Forward);
}
