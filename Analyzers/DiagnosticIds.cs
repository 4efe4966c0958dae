namespace CnnGen.Analyzers;

/// <summary>
/// The diagnostic IDs, public so code fixes (another assembly) and users' <c>.editorconfig</c> files can name them.
/// The catalogue (<c>ProblemCatalog</c>) holds titles, messages and severities; a test keeps the two in step.
/// </summary>
public static class DiagnosticIds
{
    public const string NotPartial = "CNN0001";
    public const string MissingInputShape = "CNN0002";
    public const string LayerOutsideNetwork = "CNN0003";
    public const string LayersSplitAcrossDeclarations = "CNN0004";
    public const string EmptyNetwork = "CNN0005";
    public const string UnsupportedDeclaration = "CNN0006";
    public const string UnknownLayerAttribute = "CNN0007";
    public const string NonPositiveSize = "CNN0101";
    public const string NegativePadding = "CNN0102";
    public const string RateOutOfRange = "CNN0103";
    public const string InvalidHyperParameter = "CNN0104";
    public const string PoolPaddingTooLarge = "CNN0105";
    public const string InvalidLayerName = "CNN0106";
    public const string EmptyOutput = "CNN0201";
    public const string RequiresImageInput = "CNN0202";
    public const string StrideNotExact = "CNN0203";
    public const string SizeOverflow = "CNN0204";
    public const string RequiresVectorInput = "CNN0205";
    public const string ReshapeLengthMismatch = "CNN0206";
    public const string LossNotLast = "CNN0301";
    public const string MultipleLosses = "CNN0302";
    public const string SoftmaxBeforeCrossEntropy = "CNN0303";
    public const string NoLossHead = "CNN0304";
    public const string SingleClassCrossEntropy = "CNN0305";
    public const string SigmoidBeforeBinaryCrossEntropy = "CNN0306";
    public const string AddUnknownLayer = "CNN0401";
    public const string AddLaterLayer = "CNN0402";
    public const string AddShapeMismatch = "CNN0403";
    public const string DuplicateName = "CNN0404";
    public const string ReservedLayerName = "CNN0107";
    public const string ConcatSpatialMismatch = "CNN0405";
    public const string ConcatRankMismatch = "CNN0406";
    public const string DeadBranch = "CNN0407";
    public const string InvalidBlockUse = "CNN0408";
}

/// <summary>Keys of <c>Diagnostic.Properties</c>: what code fixes read instead of re-analysing.</summary>
public static class DiagnosticProperties
{
    /// <summary>The argument at fault as written (<c>Stride</c>, <c>Name</c>, <c>filters</c>...), absent for the whole attribute.</summary>
    public const string Argument = "Argument";

    /// <summary>
    /// The value a fix writes: the exact padding (CNN0203), a free layer name (CNN0404, CNN0107), the layer attribute an unknown one meant (CNN0007), the earlier layer a
    /// mistyped name meant (CNN0401), an allowed OutputPadding or Groups (CNN0104), or the default of an optional size
    /// that the fix removes (CNN0101).
    /// </summary>
    public const string FixValue = "FixValue";

    /// <summary>For a stride-1 Conv2D with an odd kernel: the size-preserving ("same") padding <c>(kernel - 1) / 2</c>.</summary>
    public const string SamePadding = "SamePadding";
}
