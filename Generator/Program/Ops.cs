namespace CnnGen.Generator.Program;

/// <summary>
/// One operation of the lowered program: a kernel call (one record per call kind, with its typed config and values), a
/// plain copy or sum, or a note where a fusion or an alias left a layer nothing to do. The set is closed: the C# printer
/// (<c>Emit/OpPrinter</c>) has one case per record. Every decision is already made when an op exists.
/// </summary>
internal abstract record Op;

// ---- Convolutions and dense ----------------------------------------------------------------------------------------

/// <summary><c>Conv2D.Forward</c>, or <c>Conv2D.ForwardWithReLU</c> when <paramref name="ReLU"/> names the ReLU fused into its epilogue.</summary>
internal sealed record Conv2DForward(Conv2DConfig Config, Value Input, Value Weight, Value Bias, Value Output, string? ReLU) : Op
{
    /// <summary>In <c>Forward</c>: the batch norm folded into it (its weight and bias are then derived, <see cref="FoldBatchNorm"/>); null otherwise.</summary>
    public string? FoldedBatchNorm { get; init; }
}

/// <summary><c>WinogradConv.TransformFilters</c>: a 3×3 stride-1 convolution's filters transformed once for <see cref="WinogradConv2DForward"/> (a derivation).</summary>
internal sealed record WinogradFilters(Conv2DConfig Config, Value Weight, Value Transformed) : Op;

/// <summary><c>WinogradConv.Forward</c>, or <c>WinogradConv.ForwardWithReLU</c> when <paramref name="ReLU"/> names the ReLU fused after it (inference only).</summary>
internal sealed record WinogradConv2DForward(Conv2DConfig Config, Value Input, Value Transformed, Value Bias, Value Output, string? ReLU) : Op
{
    /// <summary>The batch norm folded into the filters it transforms (<see cref="Conv2DForward.FoldedBatchNorm"/>); null otherwise.</summary>
    public string? FoldedBatchNorm { get; init; }
}

/// <summary><c>Conv2D.Backward</c>, or <c>Conv2D.BackwardThroughReLU</c> when <paramref name="ThroughReLU"/> names the ReLU before it whose backward it does.</summary>
internal sealed record Conv2DBackward(Conv2DConfig Config, Value Input, Value Weight, Value OutputGradient, Value WeightGradient, Value BiasGradient, Value InputGradient, string? ThroughReLU) : Op;

internal sealed record ConvTranspose2DForward(ConvTranspose2DConfig Config, Value Input, Value Weight, Value Bias, Value Output) : Op;

internal sealed record ConvTranspose2DBackward(ConvTranspose2DConfig Config, Value Input, Value Weight, Value OutputGradient, Value WeightGradient, Value BiasGradient, Value InputGradient) : Op;

internal sealed record DenseForward(DenseConfig Config, Value Input, Value Weight, Value Bias, Value Output) : Op
{
    /// <summary>In <c>Forward</c>: the batch norm folded into it (its weight and bias are then derived, <see cref="FoldBatchNorm"/>); null otherwise.</summary>
    public string? FoldedBatchNorm { get; init; }
}

internal sealed record DenseBackward(DenseConfig Config, Value Input, Value Weight, Value OutputGradient, Value WeightGradient, Value BiasGradient, Value InputGradient) : Op;

// ---- Normalisation and dropout (training and inference differ) -----------------------------------------------------

/// <summary><c>BatchNorm.ForwardTraining</c> when training, <c>BatchNorm.ForwardInference</c> otherwise (always, when its statistics are frozen).</summary>
internal sealed record BatchNormForward(BatchNormConfig Config, Value Input, Value Output, Value Gamma, Value Beta, Value RunningMean, Value RunningVariance, Value SavedMean, Value SavedInverseStd) : Op;

internal sealed record BatchNormBackward(BatchNormConfig Config, Value Input, Value OutputGradient, Value Gamma, Value SavedMean, Value SavedInverseStd, Value GammaGradient, Value BetaGradient, Value InputGradient) : Op;

/// <summary><c>BatchNorm.BackwardInference</c>: the backward of a batch norm with frozen statistics, which normalised with its running mean and variance.</summary>
internal sealed record BatchNormInferenceBackward(BatchNormConfig Config, Value Input, Value OutputGradient, Value Gamma, Value RunningMean, Value RunningVariance, Value GammaGradient, Value BetaGradient, Value InputGradient) : Op;

/// <summary><c>Dropout.Forward</c> when training (draws the mask), a copy otherwise.</summary>
internal sealed record DropoutForward(DropoutConfig Config, Value Input, Value Output, Value Mask) : Op;

internal sealed record DropoutBackward(Value Mask, Value OutputGradient, Value InputGradient) : Op;

/// <summary><c>Dropout2D.Forward</c> when training (draws the channel mask), a copy otherwise.</summary>
internal sealed record Dropout2DForward(Dropout2DConfig Config, Value Input, Value Output, Value Mask) : Op;

internal sealed record Dropout2DBackward(Dropout2DConfig Config, Value Mask, Value OutputGradient, Value InputGradient) : Op;

// ---- Activations ---------------------------------------------------------------------------------------------------

internal sealed record ActivationForward(ActivationConfig Config, Value Input, Value Output) : Op;

/// <summary><c>Activations.{Function}Backward</c>; <paramref name="Saved"/> is the output or the input, as <see cref="ActivationConfig.BackwardReadsOutput"/> says.</summary>
internal sealed record ActivationBackward(ActivationConfig Config, Value Saved, Value OutputGradient, Value InputGradient) : Op;

internal sealed record SoftmaxForward(SoftmaxConfig Config, Value Input, Value Output) : Op;

internal sealed record SoftmaxBackward(SoftmaxConfig Config, Value Output, Value OutputGradient, Value InputGradient) : Op;

// ---- Pooling and resampling ----------------------------------------------------------------------------------------

/// <summary><c>MaxPool2D.Forward</c>, or <c>MaxPool2D.ForwardAfterReLU</c> when <paramref name="AfterReLU"/> names the ReLU folded into it (then <paramref name="Input"/> is that ReLU's input).</summary>
internal sealed record MaxPool2DForward(Pool2DConfig Config, Value Input, Value Output, Value Argmax, string? AfterReLU) : Op;

/// <summary><c>MaxPool2D.Backward</c>, or <c>MaxPool2D.BackwardAfterReLU</c> (which reads <paramref name="Output"/>) when <paramref name="AfterReLU"/> names the folded ReLU.</summary>
internal sealed record MaxPool2DBackward(Pool2DConfig Config, Value OutputGradient, Value? Output, Value Argmax, Value InputGradient, string? AfterReLU) : Op;

internal sealed record AvgPool2DForward(Pool2DConfig Config, Value Input, Value Output) : Op;

internal sealed record AvgPool2DBackward(Pool2DConfig Config, Value OutputGradient, Value InputGradient) : Op;

internal sealed record GlobalAvgPoolForward(GlobalAvgPoolConfig Config, Value Input, Value Output) : Op;

internal sealed record GlobalAvgPoolBackward(GlobalAvgPoolConfig Config, Value OutputGradient, Value InputGradient) : Op;

/// <summary><c>GlobalMaxPool.Forward</c>: the maximum of each plane, its index in the plane kept in <paramref name="Argmax"/> (int).</summary>
internal sealed record GlobalMaxPoolForward(GlobalMaxPoolConfig Config, Value Input, Value Output, Value Argmax) : Op;

internal sealed record GlobalMaxPoolBackward(GlobalMaxPoolConfig Config, Value OutputGradient, Value Argmax, Value InputGradient) : Op;

internal sealed record UpsampleForward(UpsampleConfig Config, Value Input, Value Output) : Op;

internal sealed record UpsampleBackward(UpsampleConfig Config, Value OutputGradient, Value InputGradient) : Op;

// ---- Merges, copies and sums ---------------------------------------------------------------------------------------

/// <summary><c>Elementwise.Add</c>: output = a + b; <c>Elementwise.AddReLU</c> when <see cref="ReLU"/> names the ReLU it applies.</summary>
internal sealed record Add(Value A, Value B, Value Output) : Op
{
    /// <summary>In <c>Forward</c>: the ReLU after it, applied as the sum is stored into that ReLU's buffer; null otherwise.</summary>
    public string? ReLU { get; init; }
}

/// <summary>
/// <c>Elementwise.AddInPlace</c>: target += source. <paramref name="Guarded"/>: only when the caller asked for the input
/// gradient (the target only serves it, and no enclosing code is guarded already).
/// </summary>
internal sealed record AddInPlace(Value Source, Value Target, bool Guarded) : Op;

/// <summary><c>source.CopyTo(target)</c>, guarded as <see cref="AddInPlace"/>.</summary>
internal sealed record Copy(Value Source, Value Target, bool Guarded) : Op;

internal sealed record ConcatForward(ConcatBlock Block, Value Input, Value Output) : Op;

/// <summary><c>Concat.Backward</c> of one block: overwrites or (<paramref name="Accumulate"/>) adds to the operand's gradient; guarded as <see cref="AddInPlace"/>.</summary>
internal sealed record ConcatBackward(ConcatBlock Block, Value OutputGradient, Value InputGradient, bool Accumulate, bool Guarded) : Op;

/// <summary>
/// After a single-input kernel overwrote <paramref name="Scratch"/> with one path's gradient of <paramref name="Source"/>
/// (read by several layers): adds it to the sum in <paramref name="Target"/>.
/// </summary>
internal sealed record AccumulateGradient(string Source, Value Scratch, Value Target, bool Guarded) : Op;

/// <summary>
/// Once the earliest reader of <paramref name="Source"/> (empty: the network input) has written its gradient: adds the
/// skip gradient its other readers (<paramref name="OtherReaders"/>, in backward order) summed. <paramref name="OnlyAnAdd"/>:
/// the one other reader is an Add.
/// </summary>
internal sealed record CollectSkipGradient(string Source, Model.EquatableArray<string> OtherReaders, bool OnlyAnAdd, Value Skip, Value Target, bool Guarded) : Op;

// ---- Derived inference weights (DerivedWeights.Ops) -----------------------------------------------------------------

/// <summary>
/// <c>BatchNorm.FoldIntoWeights</c>: batch norm <paramref name="Norm"/> folded into the convolution or dense layer before
/// it (PyTorch's <c>fuse_conv_bn_weights</c>), from that layer's <paramref name="Weight"/> and <paramref name="Bias"/>
/// (empty: none) and the batch norm's parameters and running statistics into the derived <paramref name="FoldedWeight"/>
/// and <paramref name="FoldedBias"/>.
/// </summary>
internal sealed record FoldBatchNorm(BatchNormConfig Norm, string Into, Value Weight, Value Bias, Value Gamma, Value Beta, Value RunningMean, Value RunningVariance,
    Value FoldedWeight, Value FoldedBias) : Op;

// ---- Notes: a layer whose work went elsewhere ----------------------------------------------------------------------

/// <summary>Why a fused layer has nothing to do.</summary>
internal enum FusedNote
{
    /// <summary>A ReLU folded into the max pooling <c>Into</c> (forward).</summary>
    FoldedIntoPool,

    /// <summary>A ReLU applied by the convolution <c>Into</c> as it stored its output (forward).</summary>
    AppliedByConvolution,

    /// <summary>A ReLU whose backward the next layer, <c>Into</c>, does (a max pooling or a convolution).</summary>
    BackwardDoneBy,

    /// <summary>In <c>Forward</c>: a batch norm folded into the convolution or dense layer <c>Into</c>.</summary>
    FoldedIntoProduct,

    /// <summary>In <c>Forward</c>: a ReLU applied by the Add <c>Into</c> as it stored the sum.</summary>
    AppliedByAdd,
}

/// <summary>A layer fused into <paramref name="Into"/>: its step is a comment saying where its work went.</summary>
internal sealed record Fused(FusedNote Note, string Into) : Op;

/// <summary>A view (Flatten, View, Reshape): the next layer reads the same buffer. <paramref name="Flatten"/> picks the wording.</summary>
internal sealed record ViewOf(bool Flatten) : Op;

/// <summary>A view's backward that shares its input's gradient buffer: nothing to do.</summary>
internal sealed record SharedGradient : Op;
