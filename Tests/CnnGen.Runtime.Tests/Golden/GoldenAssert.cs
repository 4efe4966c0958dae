using System.Globalization;
using System.Text;

namespace CnnGen.Tests.Golden;

/// <summary>Compares our float32 values with PyTorch's float64 ones and names the tensor and index that differ.</summary>
public static class GoldenAssert
{
    /// <summary>|ours − torch| ≤ 1e-4 + 2e-3·|torch| per value: float32 rounding over a few hundred operations, nothing looser.</summary>
    public static bool IsClose(double ours, double torch) =>
        Math.Abs(ours - torch) <= 1e-4 + 2e-3 * Math.Abs(torch) && !double.IsNaN(ours);

    /// <summary>Fails naming the network, what was compared, and (through <see cref="INetwork.Tensors"/>) the tensor and index.</summary>
    public static void Close(string network, string what, ReadOnlySpan<float> ours, ReadOnlySpan<double> torch, INetwork net, TensorStore? store) =>
        Close(network, what, ours, torch, i => Locate(net, store, i));

    /// <summary>Per-sample values other than the output (the input gradient): located as <c>name[sample, index]</c>.</summary>
    public static void Close(string network, string what, ReadOnlySpan<float> ours, ReadOnlySpan<double> torch, string name, int sampleLength) =>
        Close(network, what, ours, torch, i => $"{name}[{i / sampleLength},{i % sampleLength}]");

    static void Close(string network, string what, ReadOnlySpan<float> ours, ReadOnlySpan<double> torch, Func<int, string> locate)
    {
        Assert.True(ours.Length == torch.Length, $"{network} {what}: length {ours.Length}, PyTorch has {torch.Length}");
        var failures = 0;
        var report = new StringBuilder();
        for (var i = 0; i < ours.Length; i++)
        {
            if (IsClose(ours[i], torch[i])) continue;
            if (failures++ < 8)
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"  {locate(i)}: ours {ours[i]:R}, PyTorch {torch[i]:R}, diff {ours[i] - torch[i]:E2}");
        }
        Assert.True(failures == 0, $"{network} {what}: {failures} of {ours.Length} values differ (tolerance 1e-4 + 2e-3·|torch|)\n{report}");
    }

    /// <summary>A scalar (the loss).</summary>
    public static void Close(string network, string what, double ours, double torch) =>
        Assert.True(IsClose(ours, torch), $"{network} {what}: ours {ours:R}, PyTorch {torch:R}");

    /// <summary><c>conv1.weight[2,0,1,1] (flat 29)</c> for a parameter or state index; <c>output[sample, feature]</c> otherwise.</summary>
    static string Locate(INetwork net, TensorStore? store, int index)
    {
        if (store is null)
            return $"output[{index / net.OutputLength},{index % net.OutputLength}]";
        foreach (var tensor in net.Tensors)
        {
            if (tensor.Store != store || index < tensor.Offset || index >= tensor.Offset + tensor.Length) continue;
            var local = index - tensor.Offset;
            var indices = new int[tensor.Shape.Length];
            for (var d = tensor.Shape.Length - 1; d >= 0; d--)
            {
                indices[d] = local % tensor.Shape[d];
                local /= tensor.Shape[d];
            }
            return $"{tensor.Name}[{string.Join(",", indices)}] (flat {index})";
        }
        return $"{store} index {index} (in no tensor of Tensors)";
    }
}
