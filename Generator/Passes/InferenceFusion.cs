using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Passes;

/// <summary>The fusions <see cref="InferenceFusion"/> makes for <c>Forward</c>.</summary>
internal enum InferenceFusionKind
{
    /// <summary>A batch norm folded into the convolution or dense layer before it (derived weight and bias).</summary>
    BatchNormIntoProduct,

    /// <summary>The ReLU after a folded batch norm, applied by the convolution as it stores its output (a ReLU epilogue).</summary>
    ReLUAfterFoldedBatchNorm,

    /// <summary>A two-operand Add that stores ReLU(sum) straight into the ReLU's buffer.</summary>
    AddReLU,
}

/// <summary>One inference fusion: <paramref name="First"/> and <paramref name="Second"/> (layer indices).</summary>
internal readonly record struct InferenceFusionDecision(InferenceFusionKind Kind, int First, int Second);

/// <summary>
/// Decides what <c>Forward</c> (inference mode) does differently from the training forward, only where no other reader
/// needs the value that disappears; the training program is untouched. A batch norm whose only input is a convolution
/// or dense layer that nothing else reads is folded into it (<see cref="IsFoldedIntoProduct"/>: the layer runs on
/// weights derived from both, PyTorch's <c>fuse_conv_bn_eval</c>; the int8 form folds the same pairs); a ReLU that is the
/// only reader of such a folded batch norm after a convolution becomes the convolution's epilogue
/// (<see cref="IsAppliedByFoldedConvolution"/>); a ReLU that is the only reader of a two-operand Add is applied by the
/// Add (<see cref="IsAppliedByAdd"/>). A ReLU folded into the max pooling after it (<see cref="Fusion.IsFoldedIntoPool"/>) stays there.
/// </summary>
internal sealed class InferenceFusion
{
    readonly NetworkPlan _plan;
    readonly GradientSums _sums;
    readonly Fusion _fusion;

    public InferenceFusion(NetworkPlan plan, GradientSums sums, Fusion fusion)
    {
        _plan = plan;
        _sums = sums;
        _fusion = fusion;
    }

    int Count => _plan.ComputeLayerCount;

    LayerKind KindOf(int index) => index >= 0 && index < Count ? _plan.Layers[index].Kind : default;

    /// <summary>
    /// Whether batch norm <paramref name="index"/> reads a Conv2D, or a Dense layer over flattened features, that only it
    /// reads: the product then runs on the folded weight and bias and writes the batch norm's output.
    /// </summary>
    public bool IsFoldedIntoProduct(int index)
    {
        if (KindOf(index) != LayerKind.BatchNorm || index == 0) return false;
        var product = _plan.Layers[index - 1];
        var folds = product.Kind == LayerKind.Conv2D || (product.Kind == LayerKind.Dense && !product.Output.IsImage);
        return folds && _sums.OnlyReadBy(index - 1, index);
    }

    /// <summary>
    /// Whether ReLU <paramref name="index"/> is the only reader of a batch norm folded into the convolution before it:
    /// the convolution stores ReLU(output) straight into the ReLU's buffer.
    /// </summary>
    public bool IsAppliedByFoldedConvolution(int index) =>
        KindOf(index) == LayerKind.ReLU && IsFoldedIntoProduct(index - 1) && KindOf(index - 2) == LayerKind.Conv2D
        && _sums.OnlyReadBy(index - 1, index) && !_fusion.IsFoldedIntoPool(index);

    /// <summary>Whether ReLU <paramref name="index"/> is the only reader of a two-operand Add, which then stores ReLU(a + b) into the ReLU's buffer.</summary>
    public bool IsAppliedByAdd(int index) =>
        KindOf(index) == LayerKind.ReLU && KindOf(index - 1) == LayerKind.Add && _plan.Layers[index - 1].Sources.Count == 2
        && _sums.OnlyReadBy(index - 1, index) && !_fusion.IsFoldedIntoPool(index);

    /// <summary>Every inference fusion, in layer order.</summary>
    public IEnumerable<InferenceFusionDecision> Decisions()
    {
        for (var i = 0; i < Count; i++)
        {
            if (IsFoldedIntoProduct(i)) yield return new(InferenceFusionKind.BatchNormIntoProduct, i - 1, i);
            if (IsAppliedByFoldedConvolution(i)) yield return new(InferenceFusionKind.ReLUAfterFoldedBatchNorm, i - 2, i);
            if (IsAppliedByAdd(i)) yield return new(InferenceFusionKind.AddReLU, i - 1, i);
        }
    }
}
