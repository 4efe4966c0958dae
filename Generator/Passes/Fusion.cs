using System.Collections.Generic;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Passes;

/// <summary>The fusions <see cref="Fusion"/> makes.</summary>
internal enum FusionKind
{
    /// <summary>A convolution stores ReLU(output) straight into the ReLU's buffer (a ReLU epilogue).</summary>
    ConvolutionReLU,

    /// <summary>A max pooling rectifies its pooled values instead of the ReLU before it rectifying the full map; its backward applies the ReLU's mask.</summary>
    ReLUIntoMaxPool,

    /// <summary>A convolution's backward masks its input gradient by the ReLU before it, doing that ReLU's backward.</summary>
    ReLUBackwardIntoConvolution,
}

/// <summary>One fusion: <paramref name="First"/> and the layer after it, <paramref name="Second"/> (layer indices).</summary>
internal readonly record struct FusionDecision(FusionKind Kind, int First, int Second);

/// <summary>
/// Decides which neighbouring layers run as one kernel, only where no other reader needs the unfused value: a ReLU
/// before a max pooling has no buffers at all (<see cref="IsFoldedIntoPool"/>); a convolution followed by a ReLU writes
/// the rectified map into the ReLU's buffer (<see cref="RectifiesInto"/>); a ReLU before a convolution has its backward
/// done by the convolution's (<see cref="IsBackwardFoldedIntoConv"/>). The memory plan then gives a fused-away value no buffer.
/// </summary>
internal sealed class Fusion
{
    readonly NetworkPlan _plan;
    readonly GradientSums _sums;

    public Fusion(NetworkPlan plan, GradientSums sums)
    {
        _plan = plan;
        _sums = sums;
    }

    int Count => _plan.ComputeLayerCount;

    bool Is(int index, LayerKind kind, LayerKind next) => index >= 0 && index + 1 < Count && _plan.Layers[index].Kind == kind && _plan.Layers[index + 1].Kind == next;

    /// <summary>
    /// Whether layer <paramref name="index"/> is a ReLU whose only reader is the max pooling right after it: the
    /// pooling rectifies its pooled values instead (max pooling commutes with ReLU) and its backward applies the
    /// ReLU's mask, so the rectified map, a full-resolution activation, is never written or read.
    /// </summary>
    public bool IsFoldedIntoPool(int index) =>
        Is(index, LayerKind.ReLU, LayerKind.MaxPool2D) && _sums.OnlyReadBy(index, index + 1) && _sums.WritesSourceGradientFirstHand(index);

    /// <summary>
    /// Whether convolution <paramref name="index"/> is followed by a ReLU (not folded into a pooling) that is its only
    /// reader: the convolution then stores ReLU(output) straight into the ReLU's buffer. Its backward needs only its
    /// input and output gradient, and the ReLU's backward reads its own output, so nothing reads the raw map.
    /// </summary>
    public bool RectifiesInto(int index) =>
        Is(index, LayerKind.Conv2D, LayerKind.ReLU) && !IsFoldedIntoPool(index + 1) && _sums.OnlyReadBy(index, index + 1);

    /// <summary>
    /// Whether layer <paramref name="index"/> is a ReLU read only by the convolution after it, with a gradient to pass
    /// on: the convolution's backward masks its input gradient by the ReLU's output (its own input) as it stores it,
    /// writing the gradient of the ReLU's input directly.
    /// </summary>
    public bool IsBackwardFoldedIntoConv(int index)
    {
        if (!Is(index, LayerKind.ReLU, LayerKind.Conv2D)) return false;
        var source = _plan.Layers[index].Sources[0];
        return (source < 0 ? !_sums.HasInputSkip : _sums.NeedsGradient(source)) && _sums.OnlyReadBy(index, index + 1) && _sums.WritesSourceGradientFirstHand(index);
    }

    /// <summary>Every fusion made, in layer order.</summary>
    public IEnumerable<FusionDecision> Decisions()
    {
        for (var i = 0; i < Count; i++)
        {
            if (RectifiesInto(i)) yield return new(FusionKind.ConvolutionReLU, i, i + 1);
            if (IsFoldedIntoPool(i)) yield return new(FusionKind.ReLUIntoMaxPool, i, i + 1);
            if (IsBackwardFoldedIntoConv(i)) yield return new(FusionKind.ReLUBackwardIntoConvolution, i, i + 1);
        }
    }
}
