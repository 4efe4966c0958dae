using CnnGen.Generator.Model;

namespace CnnGen.Generator.Program;

/// <summary>What a <see cref="Value"/> holds, which decides the field behind it and its length per sample.</summary>
internal enum ValueRole
{
    /// <summary>No storage: an empty span (a gradient nothing needs, a parameter gradient that does not exist).</summary>
    Empty,

    /// <summary>An empty read-only span (a bias the layer does not have).</summary>
    EmptyReadOnly,

    /// <summary>The network input the caller passed (<c>input</c>).</summary>
    NetworkInput,

    /// <summary>The caller's input gradient (<c>inputGradient</c>, empty when they asked for none).</summary>
    InputGradient,

    /// <summary>The network input's second gradient, when several layers read the input.</summary>
    InputSkipGradient,

    /// <summary>A layer's output.</summary>
    Activation,

    /// <summary>The gradient of a layer's output.</summary>
    Gradient,

    /// <summary>A second gradient of a layer's output, summed from its secondary readers, then added to <see cref="Gradient"/>.</summary>
    SkipGradient,

    /// <summary>The shared scratch an overwriting backward kernel writes before its result is added; sized for the owner's output (or the input).</summary>
    Scratch,

    /// <summary>Max pooling's winners, one window position per output value.</summary>
    Argmax,

    /// <summary>A dropout mask, one value per output value.</summary>
    Mask,

    /// <summary>A channel-dropout mask, one value per channel per sample (the whole array).</summary>
    ChannelMask,

    /// <summary>Batch norm's batch mean, saved for backward.</summary>
    SavedMean,

    /// <summary>Batch norm's batch 1/√(var + ε), saved for backward.</summary>
    SavedInverseStd,

    /// <summary>A layer's weight (gamma for batch norm) in <c>Parameters</c>.</summary>
    Weight,

    /// <summary>A layer's bias (beta for batch norm) in <c>Parameters</c>.</summary>
    Bias,

    /// <summary>The gradient of <see cref="Weight"/> in <c>Gradients</c>.</summary>
    WeightGradient,

    /// <summary>The gradient of <see cref="Bias"/> in <c>Gradients</c>.</summary>
    BiasGradient,

    /// <summary>Batch norm's running mean in <c>State</c>.</summary>
    RunningMean,

    /// <summary>Batch norm's running variance in <c>State</c>.</summary>
    RunningVariance,

    /// <summary>
    /// A tensor <c>Forward</c> reads in place of parameters, computed from <c>Parameters</c> and <c>State</c> (a folded
    /// weight, transformed filters) by <see cref="DerivedWeights"/>; a field of its own, named by <see cref="Value.DerivedName"/>.
    /// </summary>
    Derived,
}

/// <summary>The element type of a value's storage.</summary>
internal enum ElementType
{
    Float32,
    UInt8,
    UInt16,
    Int32,
}

/// <summary>
/// One typed value of the program: what it holds (<see cref="Role"/>), whose it is (<see cref="Owner"/>, a layer name, empty
/// for the network's own values), the shape of one sample and the element type. The memory plan has already chosen the
/// storage: <see cref="Owner"/> is the layer whose buffer holds it (a Flatten's output is its source's activation).
/// </summary>
/// <param name="Role">What it holds.</param>
/// <param name="Owner">The layer whose field holds it; empty for the network input, the input gradient and their scratch.</param>
/// <param name="Shape">Shape of one sample of it (per-layer parameter values: the owner's output shape).</param>
/// <param name="Element">The element type.</param>
internal sealed record Value(ValueRole Role, string Owner, Shape Shape, ElementType Element = ElementType.Float32)
{
    /// <summary>
    /// Whether a single-input kernel gets an empty span instead unless the caller asked for the input gradient: the value
    /// is a gradient that only serves the input gradient, written by code that runs in every backward pass.
    /// </summary>
    public bool OnlyWhenInputGradientWanted { get; init; }

    /// <summary>For a <see cref="ValueRole.Derived"/> value: what it is (<c>FoldedWeight</c>), the suffix of its field; null otherwise.</summary>
    public string? DerivedName { get; init; }

    /// <summary>A stable name for tests and docs: <c>conv1.Activation</c>, <c>.NetworkInput</c>, <c>conv1.FoldedWeight</c>.</summary>
    public string Id => Owner + "." + (DerivedName ?? Role.ToString());

    public static Value Empty { get; } = new(ValueRole.Empty, "", default);

    public static Value EmptyReadOnly { get; } = new(ValueRole.EmptyReadOnly, "", default);
}
