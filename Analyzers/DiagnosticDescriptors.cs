using System.Collections.Generic;
using System.Collections.Immutable;
using CnnGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CnnGen.Analyzers;

/// <summary>
/// One descriptor per catalogue entry. IDs and severities are written out as constants so the release-tracking
/// analyzer (RS2000-RS2008) can check them against <c>AnalyzerReleases.*.md</c>; titles and message formats come from
/// <see cref="ProblemCatalog"/>, and a test checks that IDs and severities here match it.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string Category = ProblemCatalog.Category;

    public static readonly DiagnosticDescriptor NotPartial = new(
        DiagnosticIds.NotPartial, Title(ProblemKind.NotPartial), Message(ProblemKind.NotPartial), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.NotPartial));

    public static readonly DiagnosticDescriptor MissingInputShape = new(
        DiagnosticIds.MissingInputShape, Title(ProblemKind.MissingInputShape), Message(ProblemKind.MissingInputShape), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.MissingInputShape));

    public static readonly DiagnosticDescriptor LayerOutsideNetwork = new(
        DiagnosticIds.LayerOutsideNetwork, Title(ProblemKind.LayerOutsideNetwork), Message(ProblemKind.LayerOutsideNetwork), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.LayerOutsideNetwork));

    public static readonly DiagnosticDescriptor LayersSplitAcrossDeclarations = new(
        DiagnosticIds.LayersSplitAcrossDeclarations, Title(ProblemKind.LayersSplitAcrossDeclarations), Message(ProblemKind.LayersSplitAcrossDeclarations), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.LayersSplitAcrossDeclarations));

    public static readonly DiagnosticDescriptor EmptyNetwork = new(
        DiagnosticIds.EmptyNetwork, Title(ProblemKind.EmptyNetwork), Message(ProblemKind.EmptyNetwork), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.EmptyNetwork));

    public static readonly DiagnosticDescriptor UnsupportedDeclaration = new(
        DiagnosticIds.UnsupportedDeclaration, Title(ProblemKind.UnsupportedDeclaration), Message(ProblemKind.UnsupportedDeclaration), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.UnsupportedDeclaration));

    public static readonly DiagnosticDescriptor UnknownLayerAttribute = new(
        DiagnosticIds.UnknownLayerAttribute, Title(ProblemKind.UnknownLayerAttribute), Message(ProblemKind.UnknownLayerAttribute), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.UnknownLayerAttribute));

    public static readonly DiagnosticDescriptor NonPositiveSize = new(
        DiagnosticIds.NonPositiveSize, Title(ProblemKind.NonPositiveSize), Message(ProblemKind.NonPositiveSize), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.NonPositiveSize));

    public static readonly DiagnosticDescriptor NegativePadding = new(
        DiagnosticIds.NegativePadding, Title(ProblemKind.NegativePadding), Message(ProblemKind.NegativePadding), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.NegativePadding));

    public static readonly DiagnosticDescriptor RateOutOfRange = new(
        DiagnosticIds.RateOutOfRange, Title(ProblemKind.RateOutOfRange), Message(ProblemKind.RateOutOfRange), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.RateOutOfRange));

    public static readonly DiagnosticDescriptor InvalidHyperParameter = new(
        DiagnosticIds.InvalidHyperParameter, Title(ProblemKind.InvalidHyperParameter), Message(ProblemKind.InvalidHyperParameter), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.InvalidHyperParameter));

    public static readonly DiagnosticDescriptor PoolPaddingTooLarge = new(
        DiagnosticIds.PoolPaddingTooLarge, Title(ProblemKind.PoolPaddingTooLarge), Message(ProblemKind.PoolPaddingTooLarge), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.PoolPaddingTooLarge));

    public static readonly DiagnosticDescriptor InvalidLayerName = new(
        DiagnosticIds.InvalidLayerName, Title(ProblemKind.InvalidLayerName), Message(ProblemKind.InvalidLayerName), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.InvalidLayerName));

    public static readonly DiagnosticDescriptor EmptyOutput = new(
        DiagnosticIds.EmptyOutput, Title(ProblemKind.EmptyOutput), Message(ProblemKind.EmptyOutput), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.EmptyOutput));

    public static readonly DiagnosticDescriptor RequiresImageInput = new(
        DiagnosticIds.RequiresImageInput, Title(ProblemKind.RequiresImageInput), Message(ProblemKind.RequiresImageInput), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.RequiresImageInput));

    public static readonly DiagnosticDescriptor StrideNotExact = new(
        DiagnosticIds.StrideNotExact, Title(ProblemKind.StrideNotExact), Message(ProblemKind.StrideNotExact), Category,
        DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.StrideNotExact));

    public static readonly DiagnosticDescriptor SizeOverflow = new(
        DiagnosticIds.SizeOverflow, Title(ProblemKind.SizeOverflow), Message(ProblemKind.SizeOverflow), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.SizeOverflow));

    public static readonly DiagnosticDescriptor RequiresVectorInput = new(
        DiagnosticIds.RequiresVectorInput, Title(ProblemKind.RequiresVectorInput), Message(ProblemKind.RequiresVectorInput), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.RequiresVectorInput));

    public static readonly DiagnosticDescriptor ReshapeLengthMismatch = new(
        DiagnosticIds.ReshapeLengthMismatch, Title(ProblemKind.ReshapeLengthMismatch), Message(ProblemKind.ReshapeLengthMismatch), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.ReshapeLengthMismatch));

    public static readonly DiagnosticDescriptor LossNotLast = new(
        DiagnosticIds.LossNotLast, Title(ProblemKind.LossNotLast), Message(ProblemKind.LossNotLast), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.LossNotLast));

    public static readonly DiagnosticDescriptor MultipleLosses = new(
        DiagnosticIds.MultipleLosses, Title(ProblemKind.MultipleLosses), Message(ProblemKind.MultipleLosses), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.MultipleLosses));

    public static readonly DiagnosticDescriptor SoftmaxBeforeCrossEntropy = new(
        DiagnosticIds.SoftmaxBeforeCrossEntropy, Title(ProblemKind.SoftmaxBeforeCrossEntropy), Message(ProblemKind.SoftmaxBeforeCrossEntropy), Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.SoftmaxBeforeCrossEntropy));

    public static readonly DiagnosticDescriptor NoLossHead = new(
        DiagnosticIds.NoLossHead, Title(ProblemKind.NoLossHead), Message(ProblemKind.NoLossHead), Category,
        DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.NoLossHead));

    public static readonly DiagnosticDescriptor SingleClassCrossEntropy = new(
        DiagnosticIds.SingleClassCrossEntropy, Title(ProblemKind.SingleClassCrossEntropy), Message(ProblemKind.SingleClassCrossEntropy), Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.SingleClassCrossEntropy));

    public static readonly DiagnosticDescriptor SigmoidBeforeBinaryCrossEntropy = new(
        DiagnosticIds.SigmoidBeforeBinaryCrossEntropy, Title(ProblemKind.SigmoidBeforeBinaryCrossEntropy), Message(ProblemKind.SigmoidBeforeBinaryCrossEntropy), Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.SigmoidBeforeBinaryCrossEntropy));

    public static readonly DiagnosticDescriptor AddUnknownLayer = new(
        DiagnosticIds.AddUnknownLayer, Title(ProblemKind.AddUnknownLayer), Message(ProblemKind.AddUnknownLayer), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.AddUnknownLayer));

    public static readonly DiagnosticDescriptor AddLaterLayer = new(
        DiagnosticIds.AddLaterLayer, Title(ProblemKind.AddLaterLayer), Message(ProblemKind.AddLaterLayer), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.AddLaterLayer));

    public static readonly DiagnosticDescriptor AddShapeMismatch = new(
        DiagnosticIds.AddShapeMismatch, Title(ProblemKind.AddShapeMismatch), Message(ProblemKind.AddShapeMismatch), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.AddShapeMismatch));

    public static readonly DiagnosticDescriptor DuplicateName = new(
        DiagnosticIds.DuplicateName, Title(ProblemKind.DuplicateName), Message(ProblemKind.DuplicateName), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.DuplicateName));

    public static readonly DiagnosticDescriptor ReservedLayerName = new(
        DiagnosticIds.ReservedLayerName, Title(ProblemKind.ReservedLayerName), Message(ProblemKind.ReservedLayerName), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.ReservedLayerName));

    public static readonly DiagnosticDescriptor ConcatSpatialMismatch = new(
        DiagnosticIds.ConcatSpatialMismatch, Title(ProblemKind.ConcatSpatialMismatch), Message(ProblemKind.ConcatSpatialMismatch), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.ConcatSpatialMismatch));

    public static readonly DiagnosticDescriptor ConcatRankMismatch = new(
        DiagnosticIds.ConcatRankMismatch, Title(ProblemKind.ConcatRankMismatch), Message(ProblemKind.ConcatRankMismatch), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.ConcatRankMismatch));

    public static readonly DiagnosticDescriptor DeadBranch = new(
        DiagnosticIds.DeadBranch, Title(ProblemKind.DeadBranch), Message(ProblemKind.DeadBranch), Category,
        DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.DeadBranch));

    public static readonly DiagnosticDescriptor InvalidBlockUse = new(
        DiagnosticIds.InvalidBlockUse, Title(ProblemKind.InvalidBlockUse), Message(ProblemKind.InvalidBlockUse), Category,
        DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(DiagnosticIds.InvalidBlockUse));

    /// <summary>The descriptor of each kind shape analysis can report.</summary>
    public static readonly IReadOnlyDictionary<ProblemKind, DiagnosticDescriptor> ByKind = new Dictionary<ProblemKind, DiagnosticDescriptor>
    {
        [ProblemKind.NotPartial] = NotPartial,
        [ProblemKind.MissingInputShape] = MissingInputShape,
        [ProblemKind.LayerOutsideNetwork] = LayerOutsideNetwork,
        [ProblemKind.LayersSplitAcrossDeclarations] = LayersSplitAcrossDeclarations,
        [ProblemKind.EmptyNetwork] = EmptyNetwork,
        [ProblemKind.UnsupportedDeclaration] = UnsupportedDeclaration,
        [ProblemKind.UnknownLayerAttribute] = UnknownLayerAttribute,
        [ProblemKind.NonPositiveSize] = NonPositiveSize,
        [ProblemKind.NegativePadding] = NegativePadding,
        [ProblemKind.RateOutOfRange] = RateOutOfRange,
        [ProblemKind.InvalidHyperParameter] = InvalidHyperParameter,
        [ProblemKind.PoolPaddingTooLarge] = PoolPaddingTooLarge,
        [ProblemKind.InvalidLayerName] = InvalidLayerName,
        [ProblemKind.EmptyOutput] = EmptyOutput,
        [ProblemKind.RequiresImageInput] = RequiresImageInput,
        [ProblemKind.StrideNotExact] = StrideNotExact,
        [ProblemKind.SizeOverflow] = SizeOverflow,
        [ProblemKind.RequiresVectorInput] = RequiresVectorInput,
        [ProblemKind.ReshapeLengthMismatch] = ReshapeLengthMismatch,
        [ProblemKind.LossNotLast] = LossNotLast,
        [ProblemKind.MultipleLosses] = MultipleLosses,
        [ProblemKind.SoftmaxBeforeCrossEntropy] = SoftmaxBeforeCrossEntropy,
        [ProblemKind.NoLossHead] = NoLossHead,
        [ProblemKind.SingleClassCrossEntropy] = SingleClassCrossEntropy,
        [ProblemKind.SigmoidBeforeBinaryCrossEntropy] = SigmoidBeforeBinaryCrossEntropy,
        [ProblemKind.AddUnknownLayer] = AddUnknownLayer,
        [ProblemKind.AddLaterLayer] = AddLaterLayer,
        [ProblemKind.AddShapeMismatch] = AddShapeMismatch,
        [ProblemKind.DuplicateName] = DuplicateName,
        [ProblemKind.ReservedLayerName] = ReservedLayerName,
        [ProblemKind.ConcatSpatialMismatch] = ConcatSpatialMismatch,
        [ProblemKind.ConcatRankMismatch] = ConcatRankMismatch,
        [ProblemKind.DeadBranch] = DeadBranch,
        [ProblemKind.InvalidBlockUse] = InvalidBlockUse,
    };

    public static readonly ImmutableArray<DiagnosticDescriptor> All = ImmutableArray.CreateRange(ByKind.Values);

    public static string HelpLink(string id) => ProblemCatalog.HelpLink(id);

    static string Title(ProblemKind kind) => ProblemCatalog.Get(kind).Title;

    static string Message(ProblemKind kind) => ProblemCatalog.Get(kind).MessageFormat;
}
