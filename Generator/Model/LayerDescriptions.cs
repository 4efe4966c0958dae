using System.Globalization;

namespace CnnGen.Generator.Model;

/// <summary>How a layer is named in messages, comments and tables.</summary>
internal static class LayerDescriptions
{
    /// <summary><c>conv3 (Conv2D 64@5x5, stride 1, padding 0)</c>, <c>dense1 (Dense 100)</c>, <c>relu2 (ReLU)</c>.</summary>
    public static string Describe(LayerSpec layer) => $"{layer.Name} ({Detail(layer)})";

    /// <summary>The part in parentheses: kind and hyper-parameters (each kind's <c>Detail</c>).</summary>
    public static string Detail(LayerSpec layer) => LayerKinds.Definition(layer.Kind).Detail(layer);

    /// <summary>Shortest round-trip form: 0.5, 1E-05.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
