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
        var model = OnnxModelWriter.Build(network); // before touching the disk: an unsupported layer writes nothing
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
