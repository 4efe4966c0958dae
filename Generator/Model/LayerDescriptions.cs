using System.Globalization;

namespace CnnGen.Generator.Model;

/// <summary>How a layer is named in messages, comments and tables.</summary>
internal static class LayerDescriptions
{
    /// <summary><c>conv3 (Conv2D 64@5x5, stride 1, padding 0)</c>, <c>dense1 (Dense 100)</c>, <c>relu2 (ReLU)</c>.</summary>
    public static string Describe(LayerSpec layer) => $"{layer.Name} ({Detail(layer)})";

    /// <summary>The part in parentheses: kind and hyper-parameters.</summary>
    public static string Detail(LayerSpec layer)
    {
        var c = CultureInfo.InvariantCulture;
        return layer.Kind switch
        {
            LayerKind.Conv2D => string.Format(c, "Conv2D {0}@{1}x{1}, stride {2}, padding {3}{4}", layer.Count, layer.Kernel, layer.Stride, layer.Padding, layer.Bias ? "" : ", no bias"),
            LayerKind.Dense => string.Format(c, "Dense {0}{1}", layer.Count, layer.Bias ? "" : ", no bias"),
            LayerKind.MaxPool2D or LayerKind.AvgPool2D => string.Format(c, "{0} {1}x{1}, stride {2}, padding {3}", layer.Kind, layer.Kernel, layer.Stride, layer.Padding),
            LayerKind.LeakyReLU => string.Format(c, "LeakyReLU {0}", Number(layer.Alpha)),
            LayerKind.Dropout => string.Format(c, "Dropout {0}", Number(layer.Alpha)),
            LayerKind.BatchNorm => string.Format(c, "BatchNorm, momentum {0}, eps {1}", Number(layer.Momentum), Number(layer.Epsilon)),
            LayerKind.Add => string.Format(c, "Add from {0}", layer.From ?? "?"),
            LayerKind.SmoothL1Loss => string.Format(c, "SmoothL1Loss, beta {0}", Number(layer.Beta())),
            _ => layer.Kind.ToString(),
        };
    }

    /// <summary>Shortest round-trip form: 0.5, 1E-05.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static double Beta(this LayerSpec layer) => layer.Alpha;
}
