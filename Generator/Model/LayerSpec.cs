using System;

namespace CnnGen.Generator.Model;

/// <summary>
/// One layer attribute as written, in plain values (no symbols): what the parser read and shape inference checks.
/// Fields a kind does not use keep their defaults.
/// </summary>
/// <param name="Kind">The layer kind.</param>
/// <param name="Index">Position among the network's layer attributes (0-based), which analyzers map back to the attribute.</param>
/// <param name="Name">The explicit <c>Name</c>, or the default (kind prefix + 1-based index of that prefix).</param>
/// <param name="HasExplicitName">Whether <c>Name</c> was written.</param>
internal sealed partial record LayerSpec(LayerKind Kind, int Index, string Name, bool HasExplicitName)
{
    /// <summary>Conv2D filters or Dense units.</summary>
    public int Count { get; init; }

    /// <summary>Conv2D kernel or pooling window size.</summary>
    public int Kernel { get; init; }

    public int Stride { get; init; } = 1;

    public int Padding { get; init; }

    public bool Bias { get; init; } = true;

    /// <summary>The <c>CnnGen.Init</c> value (HeNormal = 7 by default).</summary>
    public int Init { get; init; } = InitHeNormal;

    public double InitValue { get; init; } = 1.0;

    /// <summary>Dropout rate, LeakyReLU slope or SmoothL1 beta.</summary>
    public double Alpha { get; init; }

    public double Momentum { get; init; } = 0.1;

    public double Epsilon { get; init; } = 1e-5;

    /// <summary>
    /// BatchNorm's <c>Frozen</c> argument: normalise with the running statistics in training too and leave them unchanged
    /// (PyTorch: the module in <c>.eval()</c> inside a model in <c>.train()</c>).
    /// </summary>
    public bool FrozenStatistics { get; init; }

    /// <summary>The <c>Input</c> argument: the name of the layer read instead of the previous one (<c>"input"</c>: the network input); null when not written.</summary>
    public string? Input { get; init; }

    /// <summary>Add and Concat: the names written in <c>from</c>, in order.</summary>
    public EquatableArray<string> Operands { get; init; } = EquatableArray<string>.Empty;

    /// <summary>
    /// The <c>Trainable</c> argument of a layer with parameters: false freezes them (PyTorch's <c>requires_grad = False</c>):
    /// no weight gradient is kept for them and the optimizers leave them unchanged.
    /// </summary>
    public bool Trainable { get; init; } = true;

    /// <summary>The reserved name that means the network input wherever a layer name is expected.</summary>
    public const string NetworkInputName = "input";

    /// <summary>
    /// Where the layer is written: its position among the ordered attributes of the class that declares it (the network's
    /// layer and <c>[Use]</c> attributes, or a block's layer attributes), which the analyzers map back to the attribute.
    /// </summary>
    public int Attribute { get; init; }

    /// <summary>For a layer expanded from a block: the position of the <c>[Use]</c> attribute among the network's; else -1.</summary>
    public int UseSite { get; init; } = -1;

    /// <summary>Conv2D <c>Groups</c>: channels and filters split into this many groups (channels: depthwise).</summary>
    public int Groups { get; init; } = 1;

    /// <summary>Conv2D <c>Dilation</c>: spacing between kernel taps.</summary>
    public int Dilation { get; init; } = 1;

    /// <summary>ConvTranspose2D <c>OutputPadding</c>.</summary>
    public int OutputPadding { get; init; }

    /// <summary>Pooling <c>CeilMode</c>: output sizes round up (PyTorch's <c>ceil_mode</c>).</summary>
    public bool CeilMode { get; init; }

    /// <summary>AvgPool2D <c>CountIncludePad</c>: padded positions count in the divisor (PyTorch's default).</summary>
    public bool CountIncludePad { get; init; } = true;

    /// <summary>Upsample scale factor.</summary>
    public int Scale { get; init; } = 1;

    /// <summary>Upsample <c>Bilinear</c> (else nearest).</summary>
    public bool Bilinear { get; init; }

    /// <summary>Dense <c>Flatten</c>: a (C, H, W) input is flattened first (true), or the layer applies at each position (false).</summary>
    public bool Flatten { get; init; } = true;

    public const int InitHeNormal = 7;

    /// <summary><c>CnnGen.Init.Constant</c>: every value is InitValue (PReLU's slopes, Scale's factors).</summary>
    public const int InitConstant = 2;

    /// <summary><c>CnnGen.Init.Normal</c>: InitValue is the std.</summary>
    public const int InitNormal = 3;

    /// <summary><c>CnnGen.Init.Uniform</c>: InitValue is the bound.</summary>
    public const int InitUniform = 4;
}

/// <summary>Facts about the declaration itself that make it unusable, read while parsing.</summary>
[Flags]
internal enum DeclarationIssues
{
    None = 0,
    NotPartial = 1,
    Generic = 2,
    /// <summary>Layer attributes sit on more than one partial declaration, so their order is undefined.</summary>
    LayersSplitAcrossDeclarations = 4,
    /// <summary>The <c>[Network]</c> attribute has no usable input shape (bad constructor arguments).</summary>
    MissingInputShape = 8,
    /// <summary>A containing type is not partial or is generic, so the generated part cannot be nested in it.</summary>
    UnsupportedContainingType = 16,
    /// <summary>An attribute has compile errors (wrong argument types, missing arguments): the compiler reports it.</summary>
    MalformedAttribute = 32,
    /// <summary>The network class is a record: the generated part is a class, and a network is not a value.</summary>
    Record = 64,
    /// <summary>The network class is static: a network is instantiated, and a static class cannot implement an interface.</summary>
    Static = 128,
}

/// <summary>A containing type of a nested network class, outermost first.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>A <c>[Network]</c> declaration in plain values: the first stage of the pipeline.</summary>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="ClassName">The class name.</param>
/// <param name="ContainingTypes">Types the class is nested in, outermost first.</param>
/// <param name="InputShape">(features) or (channels, height, width).</param>
/// <param name="Layers">Layer attributes in source order, including the loss head.</param>
/// <param name="Issues">Declaration problems found while parsing.</param>
internal sealed record NetworkSpec(
    string Namespace,
    string ClassName,
    EquatableArray<ContainingType> ContainingTypes,
    EquatableArray<int> InputShape,
    EquatableArray<LayerSpec> Layers,
    DeclarationIssues Issues)
{
    /// <summary>Problems found while reading the declaration (a <c>[Use]</c> of something that is not a block, ...).</summary>
    public EquatableArray<Problem> ReadProblems { get; init; } = EquatableArray<Problem>.Empty;

    public string FullName => (Namespace.Length == 0 ? "" : Namespace + ".")
        + string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => t.Name + ".")) + ClassName;
}
