using System.Collections.Generic;
using CnnGen.Generator.Layers;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

/// <summary>
/// Decides which buffer holds each layer's output and output gradient. Flatten reuses its input's buffers (NCHW is
/// already flat). Every layer's output gradient has a buffer (every network trains, through its loss head or
/// <c>Backward</c>); the gradients before the first layer with parameters only serve the network's input gradient, and
/// backward computes them only when one is asked for (<see cref="ServesOnlyInput"/>). Two ReLU
/// placements are fused with their neighbour: before a max pooling it has no buffers at all
/// (<see cref="IsFoldedIntoPool"/>); after a convolution the convolution writes the rectified map into the ReLU's
/// buffer and has no output buffer of its own (<see cref="RectifiesInto"/>); before a convolution its backward is
/// done by the convolution's, and it has no gradient buffer (<see cref="IsBackwardFoldedIntoConv"/>).
/// </summary>
internal sealed class BufferPlan
{
    readonly NetworkPlan _plan;
    readonly bool[] _servesOnlyInput;

    public BufferPlan(NetworkPlan plan)
    {
        _plan = plan;
        var count = plan.ComputeLayerCount;
        _servesOnlyInput = new bool[count];
        var seenParameters = false;
        for (var i = 0; i < count; i++)
        {
            seenParameters |= plan.Layers[i].ParameterCount > 0;
            _servesOnlyInput[i] = !seenParameters && i != count - 1;
        }
    }

    /// <summary>
    /// Whether the gradient of layer <paramref name="index"/>'s output matters only for the network's input gradient:
    /// no layer at or before it has parameters, and it is not the network's output. Backward computes it only when the
    /// caller asks for the input gradient (always for the network input itself, index -1).
    /// </summary>
    public bool ServesOnlyInput(int index) => index < 0 || (index < _servesOnlyInput.Length && _servesOnlyInput[index]);

    /// <summary>The first layer with parameters (<see cref="ComputeLayerCount"/> when none has): backward of the layers before it only serves the input gradient.</summary>
    public int FirstTrainable
    {
        get
        {
            for (var i = 0; i < ComputeLayerCount; i++)
            {
                if (_plan.Layers[i].ParameterCount > 0) return i;
            }
            return ComputeLayerCount;
        }
    }

    public int ComputeLayerCount => _plan.ComputeLayerCount;

    /// <summary>
    /// Whether layer <paramref name="index"/> is a ReLU whose only reader is the max pooling right after it: the
    /// pooling rectifies its pooled values instead (max pooling commutes with ReLU) and its backward applies the
    /// ReLU's mask, so the rectified map, a full-resolution activation, is never written or read.
    /// </summary>
    public bool IsFoldedIntoPool(int index)
    {
        if (index < 0 || index + 1 >= ComputeLayerCount) return false;
        if (_plan.Layers[index].Kind != LayerKind.ReLU || _plan.Layers[index + 1].Kind != LayerKind.MaxPool2D) return false;
        return !IsReadByAdd(index);
    }

    /// <summary>
    /// Whether convolution <paramref name="index"/> is followed by a ReLU (not folded into a pooling) that is its only
    /// reader: the convolution then stores ReLU(output) straight into the ReLU's buffer. Its backward needs only its
    /// input and output gradient, and the ReLU's backward reads its own output, so nothing reads the raw map.
    /// </summary>
    public bool RectifiesInto(int index)
    {
        if (index < 0 || index + 1 >= ComputeLayerCount) return false;
        if (_plan.Layers[index].Kind != LayerKind.Conv2D || _plan.Layers[index + 1].Kind != LayerKind.ReLU) return false;
        return !IsFoldedIntoPool(index + 1) && !IsReadByAdd(index);
    }

    /// <summary>
    /// Whether layer <paramref name="index"/> is a ReLU read only by the convolution after it: the convolution's backward masks its input gradient by the ReLU's output (its own input) as it stores it,
    /// writing the gradient of the ReLU's input directly.
    /// </summary>
    public bool IsBackwardFoldedIntoConv(int index)
    {
        if (index < 0 || index + 1 >= ComputeLayerCount) return false;
        if (_plan.Layers[index].Kind != LayerKind.ReLU || _plan.Layers[index + 1].Kind != LayerKind.Conv2D) return false;
        return !IsReadByAdd(index);
    }

    bool IsReadByAdd(int index)
    {
        foreach (var layer in _plan.Layers)
        {
            if (layer.AddSource == index) return true;
        }
        return false;
    }

    /// <summary>Whether the gradient of layer <paramref name="index"/>'s output is computed in backward (every computing layer's is; -1, the network input's, on request).</summary>
    public bool NeedsGradient(int index) => index >= 0 && index < ComputeLayerCount;

    /// <summary>The layer that owns the buffer of layer <paramref name="index"/>'s output (-1: the network input).</summary>
    public int OutputOwner(int index)
    {
        while (index >= 0 && LayerKinds.Definition(_plan.Layers[index].Kind).IsAlias) index--;
        return index;
    }

    /// <summary>The layer that owns the gradient buffer of layer <paramref name="index"/>'s output (-1: the caller's input gradient).</summary>
    public int GradientOwner(int index)
    {
        while (index >= 0 && LayerKinds.Definition(_plan.Layers[index].Kind).IsAlias) index--;
        return index;
    }

    /// <summary>Layers whose output buffer is allocated.</summary>
    public IEnumerable<LayerPlan> OutputBuffers()
    {
        for (var i = 0; i < ComputeLayerCount; i++)
        {
            if (OutputOwner(i) == i && !IsFoldedIntoPool(i) && !RectifiesInto(i)) yield return _plan.Layers[i];
        }
    }

    /// <summary>Layers whose output-gradient buffer is allocated.</summary>
    public IEnumerable<LayerPlan> GradientBuffers()
    {
        for (var i = 0; i < ComputeLayerCount; i++)
        {
            if (NeedsGradient(i) && GradientOwner(i) == i && !IsFoldedIntoPool(i) && !IsBackwardFoldedIntoConv(i)) yield return _plan.Layers[i];
        }
    }

    /// <summary>Layers whose output an <c>Add</c> reads again, so backward collects a second gradient for them.</summary>
    public IEnumerable<LayerPlan> SkipSources()
    {
        var seen = new HashSet<int>();
        foreach (var layer in _plan.Layers)
        {
            if (layer.AddSource >= 0 && NeedsGradient(layer.AddSource) && seen.Add(layer.AddSource))
                yield return _plan.Layers[layer.AddSource];
        }
    }

    /// <summary>The span of layer <paramref name="index"/>'s output for the current batch (<c>input</c> for -1).</summary>
    public string Output(int index)
    {
        var owner = OutputOwner(index);
        if (owner < 0) return "input";
        var layer = _plan.Layers[owner];
        return $"{Names.Field(layer, "Output")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";
    }

    /// <summary>The span of the gradient of layer <paramref name="index"/>'s output; <c>inputGradient</c> (the caller's, maybe empty) for the network input.</summary>
    public string Gradient(int index)
    {
        var owner = GradientOwner(index);
        if (owner < 0) return "inputGradient";
        var layer = _plan.Layers[owner];
        return $"{Names.Field(layer, "OutputGradient")}.AsSpan(0, batch * {Names.Pascal(layer)}OutputLength)";
    }

    public static string Skip(LayerPlan source) => $"{Names.Field(source, "SkipGradient")}.AsSpan(0, batch * {Names.Pascal(source)}OutputLength)";
}
