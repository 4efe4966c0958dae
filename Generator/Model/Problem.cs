namespace CnnGen.Generator.Model;

/// <summary>
/// Everything that can be wrong with a declaration. Each kind is one diagnostic ID; the catalogue
/// (<see cref="ProblemCatalog"/>) gives its ID, title, message format and severity.
/// </summary>
internal enum ProblemKind
{
    NotPartial,
    MissingInputShape,
    LayerOutsideNetwork,
    LayersSplitAcrossDeclarations,
    EmptyNetwork,
    UnsupportedDeclaration,
    NonPositiveSize,
    NegativePadding,
    RateOutOfRange,
    InvalidHyperParameter,
    PoolPaddingTooLarge,
    InvalidLayerName,
    EmptyOutput,
    RequiresImageInput,
    StrideNotExact,
    SizeOverflow,
    RequiresVectorInput,
    ReshapeLengthMismatch,
    LossNotLast,
    MultipleLosses,
    SoftmaxBeforeCrossEntropy,
    NoLossHead,
    SingleClassCrossEntropy,
    SigmoidBeforeBinaryCrossEntropy,
    AddUnknownLayer,
    AddLaterLayer,
    AddShapeMismatch,
    DuplicateName,
    ReservedLayerName,
    ConcatSpatialMismatch,
    ConcatRankMismatch,
    DeadBranch,
    InvalidBlockUse,
    UnknownLayerAttribute,
}

/// <summary>Where a problem sits: the class identifier, a whole layer attribute, or one of its arguments.</summary>
/// <param name="LayerIndex">The layer attribute's index, or -1 for the declaration (class identifier).</param>
/// <param name="Argument">
/// The argument at fault, by its parameter or property name as written in the attribute (<c>filters</c>, <c>Stride</c>,
/// <c>Name</c>, <c>from</c>...), or null for the whole attribute.
/// </param>
/// <param name="Element">For a <c>params</c> argument (<c>from</c> of Add and Concat), which of its values is at fault.</param>
/// <param name="UseAttribute">With <see cref="LayerIndex"/> −3: the <c>[Use]</c> attribute's position among the network's ordered attributes.</param>
internal sealed record ProblemLocation(int LayerIndex, string? Argument, int Element = 0, int UseAttribute = -1)
{
    /// <summary>A <c>[Use]</c> attribute of the network (position among its ordered layer and use attributes).</summary>
    public static ProblemLocation Use(int attribute, string? argument = null, int element = 0) => new(-3, argument, element, attribute);

    public static readonly ProblemLocation Declaration = new(-1, null);

    /// <summary>The <c>[Network]</c> attribute itself.</summary>
    public static readonly ProblemLocation NetworkAttribute = new(-2, null);

    public static ProblemLocation Layer(int index, string? argument = null, int element = 0) => new(index, argument, element);
}

/// <summary>One finding of shape inference, with the values its message is formatted from.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Location">Where to report it.</param>
/// <param name="MessageArguments">Arguments of the catalogue's message format, in order.</param>
/// <param name="FixValue">For fixable kinds, the value the code fix writes (e.g. the padding that makes the stride exact, or a free name).</param>
internal sealed record Problem(ProblemKind Kind, ProblemLocation Location, EquatableArray<string> MessageArguments, string? FixValue = null)
{
    public bool IsError => ProblemCatalog.Get(Kind).Severity == ProblemSeverity.Error;
}
