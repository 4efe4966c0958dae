namespace CnnGen.Generator.Model;

/// <summary>
/// A layer with everything the emitter needs resolved: shapes, where its tensors live, its cost.
/// </summary>
/// <param name="Spec">The layer as written.</param>
/// <param name="Input">Shape of one input sample (its first source's output, or the network input).</param>
/// <param name="Output">Shape of one output sample.</param>
internal sealed record LayerPlan(LayerSpec Spec, Shape Input, Shape Output)
{
    /// <summary>Start of the weight (Conv2D, Dense) or gamma (BatchNorm) in <c>Parameters</c>.</summary>
    public int WeightOffset { get; init; }

    public int WeightLength { get; init; }

    /// <summary>Start of the bias (Conv2D, Dense) or beta (BatchNorm) in <c>Parameters</c>.</summary>
    public int BiasOffset { get; init; }

    public int BiasLength { get; init; }

    /// <summary>BatchNorm: start of running_mean in <c>State</c>; running_var follows it.</summary>
    public int StateOffset { get; init; }

    public int StateLength { get; init; }

    /// <summary>Fan-in and fan-out as <c>torch.nn.init</c> computes them for the weight.</summary>
    public int FanIn { get; init; }

    public int FanOut { get; init; }

    public long MultiplyAdds { get; init; }

    /// <summary>
    /// The layers whose outputs this one reads, in operand order (-1: the network input): the previous layer, or
    /// <c>Input</c>, or the operands of Add and Concat. The loss head reads the last computing layer.
    /// </summary>
    public EquatableArray<int> Sources { get; init; } = EquatableArray<int>.Empty;

    public int ParameterCount => WeightLength + BiasLength;

    /// <summary>Whether the layer has parameters the optimizer updates (it has some, and <c>Trainable</c> is not false).</summary>
    public bool IsTrainable => ParameterCount > 0 && Spec.Trainable;

    /// <summary>Whether the layer has parameters that <c>Trainable = false</c> froze.</summary>
    public bool IsFrozen => ParameterCount > 0 && !Spec.Trainable;

    public int Index => Spec.Index;

    public string Name => Spec.Name;

    public LayerKind Kind => Spec.Kind;

    /// <summary><c>conv1 (Conv2D 30@5x5, stride 1, padding 0)</c>: how messages and comments name the layer.</summary>
    public string Description => LayerDescriptions.Describe(Spec);
}

/// <summary>A valid network, fully resolved: the input of the emitter.</summary>
/// <param name="Namespace">The namespace, or empty.</param>
/// <param name="ClassName">The class name.</param>
/// <param name="ContainingTypes">Types the class is nested in, outermost first.</param>
/// <param name="Input">Shape of one input sample.</param>
/// <param name="Layers">Every layer including the loss head.</param>
/// <param name="ParameterCount">Trainable values.</param>
/// <param name="StateLength">Non-trainable values (batch-norm running statistics).</param>
internal sealed record NetworkPlan(
    string Namespace,
    string ClassName,
    EquatableArray<ContainingType> ContainingTypes,
    Shape Input,
    EquatableArray<LayerPlan> Layers,
    int ParameterCount,
    int StateLength)
{
    /// <summary>The loss head, or null for an inference-only network.</summary>
    public LayerPlan? Loss => Layers.Count > 0 && Layers[Layers.Count - 1].Kind.IsLoss() ? Layers[Layers.Count - 1] : null;

    /// <summary>The layers that compute (everything but the loss head).</summary>
    public int ComputeLayerCount => Loss is null ? Layers.Count : Layers.Count - 1;

    /// <summary>Shape of one output sample: the last computing layer's output, or the input for a head-only network.</summary>
    public Shape Output => ComputeLayerCount == 0 ? Input : Layers[ComputeLayerCount - 1].Output;

    public string HintName => (Namespace.Length == 0 ? "" : Namespace + ".")
        + string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => t.Name + ".")) + ClassName + ".g.cs";
}
