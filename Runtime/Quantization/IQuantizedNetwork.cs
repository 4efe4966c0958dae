using System.ComponentModel;

namespace CnnGen.Quantization;

/// <summary>How one layer of a network runs in its generated <c>{Network}.Quantized</c> form (what its <c>Summary</c> says).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum Int8LayerMode
{
    /// <summary>An int8 kernel (Conv2D, Dense, pooling, Add, Concat, an unfused ReLU or ReLU6).</summary>
    Int8,

    /// <summary>A ReLU or ReLU6 applied as the clamp of the layer it was fused into.</summary>
    ClampOf,

    /// <summary>A batch norm folded into the weights of the convolution or dense layer before it.</summary>
    FoldedInto,

    /// <summary>A view or an inference-mode dropout: the next layer reads the same bytes.</summary>
    SameBytes,

    /// <summary>A float kernel between a dequantize and a quantize.</summary>
    Float,
}

/// <summary>
/// One inference layer of a quantized network: how it runs, the layer it was fused into (<paramref name="Into"/>, for
/// <see cref="Int8LayerMode.ClampOf"/> and <see cref="Int8LayerMode.FoldedInto"/>), and the name of the activation
/// tensor whose scale and zero point its output bytes carry (<paramref name="OutputParameters"/>; null when it writes no
/// bytes of its own, or writes the network's float output).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record Int8LayerForm(string Layer, Int8LayerMode Mode, string? Into, string? OutputParameters);

/// <summary>
/// A generated <c>{Network}.Quantized</c>: post-training int8 inference of a network (docs/QUANTIZATION.md), as exporters
/// read it (CnnGen.Onnx's <c>ExportOnnx</c> writes it as a QDQ ONNX model).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IQuantizedNetwork
{
    /// <summary>Values in one input sample.</summary>
    int InputLength { get; }

    /// <summary>Values in one output sample.</summary>
    int OutputLength { get; }

    /// <summary>The float network's layers in order (the loss head included, as <see cref="INetwork.Layers"/>).</summary>
    ReadOnlySpan<LayerInfo> Layers { get; }

    /// <summary>How each inference layer runs in int8, in the order of <see cref="Layers"/>.</summary>
    ReadOnlySpan<Int8LayerForm> Forms { get; }

    /// <summary>The scale and zero point of a calibrated activation tensor (<c>input</c>, or a layer named as in <see cref="Int8LayerForm.OutputParameters"/>).</summary>
    /// <exception cref="ArgumentException">No tensor has that name.</exception>
    QuantizationParameters ParametersOf(string tensor);

    /// <summary>The int8 weights, weight scales and int32 biases of a Conv2D or Dense layer running in int8.</summary>
    /// <exception cref="ArgumentException">No such layer runs in int8.</exception>
    Int8Layer LayerOf(string layer);

    /// <summary>The int8 forward pass: float input [n, InputLength], float output [n, OutputLength].</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);
}
