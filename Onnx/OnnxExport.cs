using CnnGen.Onnx;
using CnnGen.Onnx.Protos;
using Google.Protobuf;

namespace CnnGen;

/// <summary>
/// Exports a generated network's inference graph to ONNX (opset <see cref="OnnxExport.OpsetVersion"/>), so that
/// ONNX Runtime or any other ONNX engine can serve it.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX default-domain opset the exported graphs use.</summary>
    public const int OpsetVersion = 13;

    /// <summary>The ONNX IR version matching <see cref="OpsetVersion"/> (IR 7 introduced opset 13).</summary>
    public const int IrVersion = 7;

    /// <summary>Name of the graph input: a float tensor [N, input shape...] with a dynamic batch dimension N.</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph output: a float tensor [N, output shape...] (the last non-loss layer).</summary>
    public const string OutputName = "output";

    /// <summary>Name of the dynamic batch dimension of <see cref="InputName"/> and <see cref="OutputName"/>.</summary>
    public const string BatchDimension = "N";

    /// <summary>
    /// Writes <paramref name="network"/> as an ONNX model: its inference graph (loss heads left out, dropout as
    /// identity, batch normalisation with the running statistics) and the current weights as initializers named by
    /// their weight-file keys (<c>conv1.weight</c>, <c>bn1.running_mean</c>...).
    /// </summary>
    /// <param name="network">A generated network.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="NotSupportedException">The network holds a layer ONNX export does not know.</exception>
    public static void ExportOnnx(this INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        var model = OnnxModelWriter.Build(network);
        model.WriteTo(stream);
    }

    /// <summary>
    /// Writes <paramref name="network"/> as an ONNX model to the file at <paramref name="path"/>, atomically: a
    /// temporary file beside it, then a rename (a failed export leaves any existing file untouched).
    /// </summary>
    /// <param name="network">A generated network.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    public static void ExportOnnx(this INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        WriteAtomically(OnnxModelWriter.Build(network), path); // built before touching the disk: an unsupported layer writes nothing
    }

    /// <summary>
    /// Writes a quantized network (a generated <c>{Network}.Quantized</c>) as an ONNX model in the QDQ format ONNX
    /// Runtime's quantizer writes: each activation's scale and zero point (uint8) as a <c>QuantizeLinear</c> /
    /// <c>DequantizeLinear</c> pair after the layer (or fused chain: convolution, folded batch norm, ReLU clamp) that
    /// stores it, Conv and Gemm weights as int8 initializers dequantized per output channel (axis 0), biases as int32 at
    /// s_x · s_w[f]; float ops in between, which ONNX Runtime fuses into <c>QLinearConv</c> and quantized products.
    /// Folded batch norms are gone (their weights are in the convolution's), layers that run in float are the float
    /// ops. Input <c>input</c> and output <c>output</c> are float, as for <see cref="ExportOnnx(INetwork, Stream)"/>;
    /// the output matches <c>q.Forward</c> up to float rounding at the quantization boundaries.
    /// </summary>
    /// <param name="network">A quantized network (<c>net.Quantize(calibration)</c> or <c>Quantized.Load</c>).</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="NotSupportedException">A layer runs in int8 in a form the QDQ export does not write (the message names it), or has no ONNX export at all.</exception>
    public static void ExportOnnx(this Quantization.IQuantizedNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        QdqModelWriter.Build(network).WriteTo(stream);
    }

    /// <summary>As <see cref="ExportOnnx(Quantization.IQuantizedNetwork, Stream)"/>, to the file at <paramref name="path"/>, atomically (a temporary file, then a rename).</summary>
    /// <param name="network">A quantized network.</param>
    /// <param name="path">The <c>.onnx</c> file to write.</param>
    /// <exception cref="NotSupportedException">A layer has no QDQ form; nothing is written.</exception>
    public static void ExportOnnx(this Quantization.IQuantizedNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        WriteAtomically(QdqModelWriter.Build(network), path);
    }

    static void WriteAtomically(ModelProto model, string path)
    {
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var file = File.Create(temporary))
            {
                model.WriteTo(file);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
