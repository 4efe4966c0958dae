using System.Collections.Generic;
using System.Linq;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Emit;

internal sealed partial class NetworkEmitter
{
    void EmitTables()
    {
        _w.Line("// Weight-file keys and PyTorch shapes: a safetensors file of this network maps 1:1 onto a PyTorch state_dict.");
        _w.Line($"static readonly {Runtime}.TensorInfo[] s_tensors =");
        _w.Line("[");
        _w.Indent();
        foreach (var (key, shape, store, offset) in TensorEntries())
        {
            _w.Line($"new({Names.Literal(key)}, [{shape}], {Runtime}.TensorStore.{store}, {offset}),");
        }
        _w.Outdent();
        _w.Line("];");
        _w.Line();
        _w.Line("/// <summary>Every named tensor, <see cref=\"Parameters\"/> first, then <see cref=\"State\"/>.</summary>");
        _w.Line($"public global::System.ReadOnlySpan<{Runtime}.TensorInfo> Tensors => s_tensors;");
        _w.Line();

        _w.Line($"static readonly {Runtime}.LayerInfo[] s_layers =");
        _w.Line("[");
        _w.Indent();
        foreach (var layer in _plan.Layers) _w.Line(LayerInfo(layer) + ",");
        _w.Outdent();
        _w.Line("];");
        _w.Line();
        _w.Line("/// <summary>The resolved layers in order, the loss head included: what exporters read.</summary>");
        _w.Line($"public global::System.ReadOnlySpan<{Runtime}.LayerInfo> Layers => s_layers;");
        _w.Line();
    }

    IEnumerable<(string Key, string Shape, string Store, string Offset)> TensorEntries()
    {
        foreach (var layer in _plan.Layers)
        {
            var name = Names.Pascal(layer);
            switch (layer.Kind)
            {
                case LayerKind.Conv2D:
                    yield return ($"{layer.Name}.weight", $"{layer.Spec.Count}, {layer.Input.Channels}, {layer.Spec.Kernel}, {layer.Spec.Kernel}", "Parameters", $"{name}WeightOffset");
                    break;
                case LayerKind.Dense:
                    yield return ($"{layer.Name}.weight", $"{layer.Spec.Count}, {layer.Input.Length}", "Parameters", $"{name}WeightOffset");
                    break;
                case LayerKind.BatchNorm:
                    yield return ($"{layer.Name}.weight", $"{name}Channels", "Parameters", $"{name}WeightOffset");
                    break;
                default:
                    continue;
            }
            if (layer.BiasLength > 0) yield return ($"{layer.Name}.bias", $"{name}BiasLength", "Parameters", $"{name}BiasOffset");
        }
        foreach (var layer in _plan.Layers.Where(l => l.StateLength > 0))
        {
            var name = Names.Pascal(layer);
            yield return ($"{layer.Name}.running_mean", $"{name}Channels", "State", $"{name}RunningMeanOffset");
            yield return ($"{layer.Name}.running_var", $"{name}Channels", "State", $"{name}RunningVarOffset");
        }
    }

    static string LayerInfo(LayerPlan layer)
    {
        var text = $"new({Names.Literal(layer.Name)}, {Runtime}.LayerKind.{layer.Kind}, [{layer.Input.ToDimensionList()}], [{layer.Output.ToDimensionList()}])";
        var properties = new List<string>();
        switch (layer.Kind)
        {
            case LayerKind.Conv2D:
            case LayerKind.MaxPool2D:
            case LayerKind.AvgPool2D:
                properties.Add($"Kernel = {layer.Spec.Kernel}");
                properties.Add($"Stride = {layer.Spec.Stride}");
                properties.Add($"Padding = {layer.Spec.Padding}");
                break;
        }
        if (layer.Kind.HasWeights()) properties.Add($"HasBias = {(layer.Spec.Bias ? "true" : "false")}");
        if (layer.Kind is LayerKind.Dropout or LayerKind.LeakyReLU or LayerKind.SmoothL1Loss) properties.Add($"Alpha = {Names.Double(layer.Spec.Alpha)}");
        if (layer.Kind == LayerKind.BatchNorm)
        {
            properties.Add($"Momentum = {Names.Double(layer.Spec.Momentum)}");
            properties.Add($"Epsilon = {Names.Double(layer.Spec.Epsilon)}");
        }
        if (layer.Kind == LayerKind.Add) properties.Add($"AddFrom = {Names.Literal(layer.Spec.From ?? "")}");
        return properties.Count == 0 ? text : text + " { " + string.Join(", ", properties) + " }";
    }

    void EmitWeightFiles()
    {
        _w.Line("/// <summary>Writes every tensor as safetensors (PyTorch state_dict keys and layouts).</summary>");
        _w.Line($"public void Save(global::System.IO.Stream stream) => {Runtime}.Weights.SafeTensors.Save(this, stream);");
        _w.Line();
        _w.Line("/// <summary>Writes a safetensors file atomically: a temporary file beside <paramref name=\"path\"/>, then a rename.</summary>");
        _w.Line($"public void Save(string path) => {Runtime}.Weights.SafeTensors.Save(this, path);");
        _w.Line();
        _w.Line("/// <summary>Reads a safetensors file; names, shapes, dtypes and offsets are all checked before the model changes.</summary>");
        _w.Line($"public void Load(global::System.IO.Stream stream) => {Runtime}.Weights.SafeTensors.Load(this, stream);");
        _w.Line();
        _w.Line("/// <summary>Reads a safetensors file; names, shapes, dtypes and offsets are all checked before the model changes.</summary>");
        _w.Line($"public void Load(string path) => {Runtime}.Weights.SafeTensors.Load(this, path);");
    }
}
