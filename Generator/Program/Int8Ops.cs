using CnnGen.Generator.Model;

namespace CnnGen.Generator.Program;

/// <summary>The ReLU or ReLU6 an int8 op applies as it stores (a clamp of the output's 8-bit range).</summary>
internal enum Int8Rectifier
{
    None,
    ReLU,
    ReLU6,
}

/// <summary>
/// One unsigned 8-bit activation tensor of the int8 program: its bytes (<paramref name="Name"/>, a layer's name or
/// <c>input</c>), its values per sample, and whose scale and zero point it has (<paramref name="Parameters"/>: its own
/// name when calibrated, else the tensor it shares them with, as max pooling and a clamp do). A calibrated tensor is
/// observed on <paramref name="Observed"/> (the float program's value, in a training instance's buffers) after
/// <paramref name="Rectifier"/> (a ReLU the float program folded into the pooling after it).
/// </summary>
internal sealed record Int8Tensor(string Name, int Length, string Parameters, Value? Observed, Int8Rectifier Rectifier)
{
    public bool IsCalibrated => Parameters == Name;
}

/// <summary>One op of the int8 program; the printer (<c>Emit/QuantizedEmitter</c>) has one case per record.</summary>
internal abstract record Int8Op;

/// <summary>The float input quantized (ONNX <c>QuantizeLinear</c>).</summary>
internal sealed record QuantizeInput(Int8Tensor Output) : Int8Op;

/// <summary>
/// <c>QuantizedConv2D.Forward</c> (requantized into <paramref name="Output"/>, clamped by <paramref name="Clamp"/>) or,
/// with no output tensor, <c>ForwardToFloat</c> into the network output. <paramref name="Folded"/>: the batch norm folded
/// into the weights.
/// </summary>
internal sealed record Int8Conv2D(Conv2DForward Float, BatchNormForward? Folded, Int8Tensor Input, Int8Tensor? Output, Int8Rectifier Clamp) : Int8Op;

/// <summary><c>QuantizedDense.Forward</c> or <c>ForwardToFloat</c>, as <see cref="Int8Conv2D"/>.</summary>
internal sealed record Int8Dense(DenseForward Float, string Layer, BatchNormForward? Folded, Int8Tensor Input, Int8Tensor? Output, Int8Rectifier Clamp) : Int8Op;

/// <summary><c>QuantizedPooling.MaxPool</c>: the output shares the input's parameters.</summary>
internal sealed record Int8MaxPool(Pool2DConfig Config, Int8Tensor Input, Int8Tensor Output) : Int8Op;

internal sealed record Int8AvgPool(Pool2DConfig Config, Int8Tensor Input, Int8Tensor Output) : Int8Op;

internal sealed record Int8GlobalAvgPool(GlobalAvgPoolConfig Config, Int8Tensor Input, Int8Tensor Output) : Int8Op;

/// <summary><c>QuantizedElementwise.Add</c> of two operands (a third adds to the output in place), clamped by <paramref name="Clamp"/>.</summary>
internal sealed record Int8Add(Int8Tensor A, Int8Tensor B, Int8Tensor Output, Int8Rectifier Clamp) : Int8Op;

/// <summary><c>QuantizedElementwise.Concat</c> of one operand's block.</summary>
internal sealed record Int8Concat(ConcatBlock Block, Int8Tensor Input, Int8Tensor Output) : Int8Op;

/// <summary><c>QuantizedElementwise.Clamp</c>: a ReLU or ReLU6 not fused into the op before it; the output shares the input's parameters.</summary>
internal sealed record Int8Clamp(Int8Tensor Input, Int8Tensor Output, Int8Rectifier Rectifier) : Int8Op;

/// <summary>
/// A layer without an int8 kernel (an element-wise activation or a softmax, <paramref name="Float"/>): its input
/// dequantized, the float kernel, the result quantized into <paramref name="Output"/> (none: it is the network output).
/// </summary>
internal sealed record FloatBetween(Op Float, int InputLength, Int8Tensor Input, Int8Tensor? Output) : Int8Op;

/// <summary>The last tensor dequantized into the network output (ONNX <c>DequantizeLinear</c>).</summary>
internal sealed record DequantizeOutput(Int8Tensor Input) : Int8Op;

/// <summary>How a layer runs in the int8 program, for the summary and the comments.</summary>
internal enum Int8Mode
{
    /// <summary>An int8 kernel.</summary>
    Int8,

    /// <summary>A ReLU or ReLU6 applied by the op before it as a clamp.</summary>
    ClampOf,

    /// <summary>A batch norm folded into the convolution or dense layer before it.</summary>
    FoldedInto,

    /// <summary>A view or an inference-mode dropout: the next layer reads the same bytes.</summary>
    SameBytes,

    /// <summary>A float kernel between a dequantize and a quantize.</summary>
    Float,
}

/// <summary>One layer's part of the int8 program: how it runs (<paramref name="Into"/>: the layer it was fused into) and its ops.</summary>
internal sealed record Int8Step(LayerPlan Layer, Int8Mode Mode, string? Into, EquatableArray<Int8Op> Ops);

/// <summary>
/// The int8 form of a network (<c>Passes/Quantization</c> over its <see cref="NetworkProgram"/>): the input quantized,
/// one step per computing layer, the output dequantized where the last op does not write floats; the tensors in order
/// of creation. <paramref name="Refusal"/> says why a network has no int8 form (then nothing else is filled).
/// </summary>
internal sealed record QuantizedProgram(NetworkProgram Program, EquatableArray<Int8Op> Prologue, EquatableArray<Int8Step> Steps, EquatableArray<Int8Op> Epilogue, EquatableArray<Int8Tensor> Tensors, string? Refusal)
{
    public string HintName => Program.Plan.HintName.Substring(0, Program.Plan.HintName.Length - ".g.cs".Length) + ".Quantized.g.cs";
}
