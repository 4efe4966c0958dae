using System;
using System.Collections.Generic;
using CnnGen.Generator.Layers;

namespace CnnGen.Generator.Model;

/// <summary>
/// The layer attributes the generator understands (mirrors <c>CnnGen.LayerKind</c> in the runtime, same names in the
/// same order; loss heads last). Each kind's behaviour is its <see cref="LayerDefinition"/> in <c>Generator/Layers/</c>.
/// </summary>
internal enum LayerKind
{
    Conv2D,
    Dense,
    MaxPool2D,
    AvgPool2D,
    GlobalAvgPool,
    Flatten,
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
    Softmax,
    Dropout,
    BatchNorm,
    Add,
    Concat,
    Reshape,
    ReLU6,
    ELU,
    GELU,
    SiLU,
    Hardswish,
    Dropout2D,
    Upsample,
    ConvTranspose2D,
    Hardsigmoid,
    Mish,
    GlobalMaxPool,
    // Products, learnable scales and normalisations (DESIGN §2c).
    Multiply,
    PReLU,
    Scale,
    StochasticDepth,
    LayerNorm,
    GroupNorm,
    InstanceNorm,
    SoftmaxCrossEntropy,
    BinaryCrossEntropy,
    MeanSquaredError,
    L1Loss,
    SmoothL1Loss,
}

/// <summary>The registry: one definition per kind, found by kind or by the attribute's metadata name.</summary>
internal static class LayerKinds
{
    static readonly LayerDefinition[] Registry =
    [
        Conv2DLayer.Instance,
        DenseLayer.Instance,
        MaxPool2DLayer.Instance,
        AvgPool2DLayer.Instance,
        GlobalAvgPoolLayer.Instance,
        FlattenLayer.Instance,
        ReLULayer.Instance,
        LeakyReLULayer.Instance,
        SigmoidLayer.Instance,
        TanhLayer.Instance,
        SoftmaxLayer.Instance,
        DropoutLayer.Instance,
        BatchNormLayer.Instance,
        AddLayer.Instance,
        ConcatLayer.Instance,
        ReshapeLayer.Instance,
        ReLU6Layer.Instance,
        ELULayer.Instance,
        GELULayer.Instance,
        SiLULayer.Instance,
        HardswishLayer.Instance,
        Dropout2DLayer.Instance,
        UpsampleLayer.Instance,
        ConvTranspose2DLayer.Instance,
        HardsigmoidLayer.Instance,
        MishLayer.Instance,
        GlobalMaxPoolLayer.Instance,
        MultiplyLayer.Instance,
        PReLULayer.Instance,
        ScaleLayer.Instance,
        StochasticDepthLayer.Instance,
        LayerNormLayer.Instance,
        GroupNormLayer.Instance,
        InstanceNormLayer.Instance,
        SoftmaxCrossEntropyLayer.Instance,
        BinaryCrossEntropyLayer.Instance,
        MeanSquaredErrorLayer.Instance,
        L1LossLayer.Instance,
        SmoothL1LossLayer.Instance,
    ];

    static readonly LayerDefinition[] ByKind = IndexByKind();

    static readonly Dictionary<string, LayerKind> ByAttributeName = IndexByAttributeName();

    static LayerDefinition[] IndexByKind()
    {
        var byKind = new LayerDefinition[Registry.Length];
        foreach (var definition in Registry) byKind[(int)definition.Kind] = definition;
        return byKind;
    }

    static Dictionary<string, LayerKind> IndexByAttributeName()
    {
        var byName = new Dictionary<string, LayerKind>();
        foreach (var definition in Registry) byName.Add(definition.AttributeName, definition.Kind);
        return byName;
    }

    /// <summary>Every layer attribute's name as written in source, without <c>Attribute</c> (<c>Conv2D</c>, <c>Dense</c>...).</summary>
    public static IReadOnlyList<string> WrittenNames { get; } = Array.ConvertAll(Registry, d => d.Kind.ToString());

    /// <summary>The behaviour of <paramref name="kind"/>.</summary>
    public static LayerDefinition Definition(LayerKind kind) => ByKind[(int)kind];

    /// <summary>Maps an attribute's metadata name (<c>CnnGen.Conv2DAttribute</c>) to its layer kind.</summary>
    public static bool TryFromAttributeName(string fullName, out LayerKind kind) => ByAttributeName.TryGetValue(fullName, out kind);

    public static bool IsLoss(this LayerKind kind) => Definition(kind).IsLoss;
}
