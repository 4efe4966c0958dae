using System.Collections.Generic;
using CnnGen.Generator.Layers;
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
        foreach (var ((key, shape, store, offset), frozen) in TensorEntries())
        {
            // A frozen layer's parameters are marked, so that the optimizers leave them unchanged.
            _w.Line($"new({Names.Literal(key)}, [{shape}], {Runtime}.TensorStore.{store}, {offset}){(frozen ? " { Trainable = false }" : "")},");
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

    IEnumerable<(TensorEntry Entry, bool Frozen)> TensorEntries()
    {
        foreach (var layer in _plan.Layers)
        {
            foreach (var entry in Definition(layer).ParameterTensors(layer)) yield return (entry, layer.IsFrozen);
        }
        foreach (var layer in _plan.Layers)
        {
            foreach (var entry in Definition(layer).StateTensors(layer)) yield return (entry, false);
        }
    }

    string LayerInfo(LayerPlan layer)
    {
        var text = $"new({Names.Literal(layer.Name)}, {Runtime}.LayerKind.{layer.Kind}, [{layer.Input.ToDimensionList()}], [{layer.Output.ToDimensionList()}])";
        var properties = new List<string>();
        var definition = Definition(layer);
        definition.LayerInfoProperties(this, layer, properties);
        if (!definition.ReadsOperands && layer.Spec.Input is not null) properties.Add(InputsProperty(layer));
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
