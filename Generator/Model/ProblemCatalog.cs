using System.Collections.Generic;

namespace CnnGen.Generator.Model;

internal enum ProblemSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>The ID, title, message format and severity of one <see cref="ProblemKind"/>.</summary>
internal sealed record ProblemInfo(string Id, string Title, string MessageFormat, ProblemSeverity Severity);

/// <summary>
/// The diagnostic catalogue, in one place for the analyzers (which turn it into descriptors) and the generator (which
/// emits nothing while an error is present). IDs: 00xx declaration, 01xx arguments, 02xx shapes, 03xx heads, 04xx
/// names and connections. Messages name the layer, its input and the arithmetic; no trailing period.
/// </summary>
internal static class ProblemCatalog
{
    static readonly Dictionary<ProblemKind, ProblemInfo> Entries = new()
    {
        [ProblemKind.NotPartial] = new("CNN0001", "Network class must be partial",
            "Network class '{0}' must be declared partial so the generated forward and backward code can be added to it", ProblemSeverity.Error),
        [ProblemKind.MissingInputShape] = new("CNN0002", "Network has no valid input shape",
            "Network '{0}' needs an input shape: [Network(features)] or [Network(channels, height, width)] with positive sizes, got {1}", ProblemSeverity.Error),
        [ProblemKind.LayerOutsideNetwork] = new("CNN0003", "Layer attribute outside a network",
            "'{0}' has layer attributes but no [Network] attribute giving its input shape", ProblemSeverity.Error),
        [ProblemKind.LayersSplitAcrossDeclarations] = new("CNN0004", "Layers split across partial declarations",
            "Network '{0}' has layer attributes on more than one partial declaration, so their order is undefined: keep all layers on one declaration", ProblemSeverity.Error),
        [ProblemKind.EmptyNetwork] = new("CNN0005", "Network has no layers",
            "Network '{0}' declares no layers: add layer attributes such as [Dense(10)] after [Network]", ProblemSeverity.Error),
        [ProblemKind.UnsupportedDeclaration] = new("CNN0006", "Unsupported network declaration",
            "Network '{0}' cannot be generated: {1}", ProblemSeverity.Error),
        [ProblemKind.UnknownLayerAttribute] = new("CNN0007", "Unknown layer attribute",
            "{0} is not a CnnGen layer: did you mean {1}{2}?", ProblemSeverity.Error),
        [ProblemKind.NonPositiveSize] = new("CNN0101", "Size must be positive",
            "{0}: {1} must be positive, got {2}", ProblemSeverity.Error),
        [ProblemKind.NegativePadding] = new("CNN0102", "Padding must not be negative",
            "{0}: padding must be 0 or more, got {1}", ProblemSeverity.Error),
        [ProblemKind.RateOutOfRange] = new("CNN0103", "Dropout rate outside [0, 1)",
            "{0}: rate must be in [0, 1), got {1}", ProblemSeverity.Error),
        [ProblemKind.InvalidHyperParameter] = new("CNN0104", "Invalid hyper-parameter",
            "{0}: {1} must be {2}, got {3}", ProblemSeverity.Error),
        [ProblemKind.PoolPaddingTooLarge] = new("CNN0105", "Pooling padding larger than half the window",
            "{0}: padding {1} is more than half the window size {2} (PyTorch requires padding <= size / 2)", ProblemSeverity.Error),
        [ProblemKind.InvalidLayerName] = new("CNN0106", "Layer name is not a module path",
            "Layer name '{0}' must be a module path as a state_dict key holds it: dot-separated segments of letters, digits, '_' and '-', starting with a letter or '_' (conv1, layer1.0.conv1, block1-0): it becomes member names and weight keys", ProblemSeverity.Error),
        [ProblemKind.EmptyOutput] = new("CNN0201", "Layer output would be empty",
            "{0} cannot apply to input {1}: {2}", ProblemSeverity.Error),
        [ProblemKind.RequiresImageInput] = new("CNN0202", "Layer needs an image input",
            "{0} needs a (channels, height, width) input but gets {1}: {2}", ProblemSeverity.Error),
        [ProblemKind.StrideNotExact] = new("CNN0203", "Stride does not divide the input evenly",
            "{0} on input {1}: {2}, so the last {3} row(s)/column(s) are ignored; {4}", ProblemSeverity.Info),
        [ProblemKind.SizeOverflow] = new("CNN0204", "Size too large",
            "{0}: {1} = {2} exceeds the largest supported size {3}", ProblemSeverity.Error),
        [ProblemKind.RequiresVectorInput] = new("CNN0205", "Layer needs a vector input",
            "{0} needs a (features) input but gets {1}: {2}", ProblemSeverity.Error),
        [ProblemKind.ReshapeLengthMismatch] = new("CNN0206", "Reshape size differs from its input",
            "{0} cannot view input {1} of {2} values: {3} values", ProblemSeverity.Error),
        [ProblemKind.LossNotLast] = new("CNN0301", "Loss head is not the last layer",
            "{0} is a loss head but {1} follows it: the loss must be the last attribute", ProblemSeverity.Error),
        [ProblemKind.MultipleLosses] = new("CNN0302", "More than one loss head",
            "{0} is a second loss head; '{1}' is already the loss of this network", ProblemSeverity.Error),
        [ProblemKind.SoftmaxBeforeCrossEntropy] = new("CNN0303", "Softmax before SoftmaxCrossEntropy",
            "{0} feeds {1}, which applies softmax itself: the softmax is applied twice and gradients vanish; remove it (SoftmaxCrossEntropy expects logits)", ProblemSeverity.Warning),
        [ProblemKind.NoLossHead] = new("CNN0304", "Network has no loss head",
            "Network '{0}' has no loss head: it trains only through ForwardTraining and Backward with an output gradient of your own; add e.g. [SoftmaxCrossEntropy] last for ComputeGradients and TrainStep with labels or targets", ProblemSeverity.Info),
        [ProblemKind.SingleClassCrossEntropy] = new("CNN0305", "SoftmaxCrossEntropy over a single class",
            "{0} gets {1} logit: softmax over one class is always 1, so the loss is 0 and nothing trains; use [BinaryCrossEntropy] for one output, or 2+ units", ProblemSeverity.Warning),
        [ProblemKind.SigmoidBeforeBinaryCrossEntropy] = new("CNN0306", "Sigmoid before BinaryCrossEntropy",
            "{0} feeds {1}, which applies the sigmoid itself: the sigmoid is applied twice and gradients shrink; remove it (BinaryCrossEntropy expects logits)", ProblemSeverity.Warning),
        [ProblemKind.ReservedLayerName] = new("CNN0107", "Layer name is reserved",
            "Layer name '{0}' is reserved: it names the network input wherever a layer name is expected (Input, Add, Concat); choose another name", ProblemSeverity.Error),
        [ProblemKind.AddUnknownLayer] = new("CNN0401", "Layer reads an unknown layer",
            "{0}: no layer is named '{1}'; known layers before it: {2}", ProblemSeverity.Error),
        [ProblemKind.AddLaterLayer] = new("CNN0402", "Layer reads a layer that is not earlier",
            "{0}: layer '{1}' does not come before it; a layer can only read the output of an earlier layer", ProblemSeverity.Error),
        [ProblemKind.AddShapeMismatch] = new("CNN0403", "Add shapes differ",
            "{0}: operands must have equal shapes, got {1}", ProblemSeverity.Error),
        [ProblemKind.DuplicateName] = new("CNN0404", "Duplicate layer name",
            "Layer name '{0}' is used by layers {1} and {2}: names must be unique, also when only the case of the first letter differs (they become member names and weight keys)", ProblemSeverity.Error),
        [ProblemKind.ConcatSpatialMismatch] = new("CNN0405", "Concat heights or widths differ",
            "{0}: images are joined along channels, so their height and width must be equal, got {1}", ProblemSeverity.Error),
        [ProblemKind.ConcatRankMismatch] = new("CNN0406", "Concat of an image and a vector",
            "{0}: cannot join images and vectors, got {1}; flatten or pool the images first", ProblemSeverity.Error),
        [ProblemKind.DeadBranch] = new("CNN0407", "Layer output is never read",
            "{0}: no later layer reads its output and it is not the network output ({1}); remove it, or read it with Input, Add or Concat", ProblemSeverity.Warning),
        [ProblemKind.InvalidBlockUse] = new("CNN0408", "Invalid block use",
            "{0}: {1}", ProblemSeverity.Error),
    };

    public static ProblemInfo Get(ProblemKind kind) => Entries[kind];

    /// <summary>The category of every CnnGen diagnostic.</summary>
    public const string Category = "CnnGen";

    /// <summary>The documentation page of a diagnostic ID.</summary>
    public static string HelpLink(string id) => "https://github.com/cnngen/cnngen/blob/main/docs/diagnostics/" + id + ".md";

    public static IEnumerable<KeyValuePair<ProblemKind, ProblemInfo>> All => Entries;
}
