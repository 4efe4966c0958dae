using System.Text.Json.Nodes;
using CnnGen.Weights;

namespace CnnGen.Tests.Weights;

/// <summary>A backbone under a 10-class head <c>fc</c>: the network weights were trained with.</summary>
[Network(1, 6, 6)]
[Conv2D(3, 3, Padding = 1, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU]
[GlobalAvgPool] [Dense(10, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class PretrainedBackboneNet;

/// <summary>The same backbone, frozen, under a 4-class head that keeps the name <c>fc</c> (its shape differs from the file's).</summary>
[Network(1, 6, 6)]
[Conv2D(3, 3, Padding = 1, Name = "conv1", Trainable = false)] [BatchNorm(Name = "bn1", Trainable = false)] [ReLU]
[GlobalAvgPool] [Dense(4, Name = "fc")]
[SoftmaxCrossEntropy]
public partial class FineTunedHeadNet;

/// <summary>The same backbone under a 4-class head named <c>head</c>.</summary>
[Network(1, 6, 6)]
[Conv2D(3, 3, Padding = 1, Name = "conv1")] [BatchNorm(Name = "bn1")] [ReLU]
[GlobalAvgPool] [Dense(4, Name = "head")]
[SoftmaxCrossEntropy]
public partial class RenamedHeadNet;

/// <summary>
/// <c>SafeTensors.Load(strict: false)</c>, PyTorch's <c>load_state_dict(strict=False)</c>: shared keys load, missing and
/// unexpected keys are reported, a shared key of another shape is refused with its name and both shapes, and a refused
/// file writes nothing.
/// </summary>
public sealed class LenientLoadTests
{
    static byte[] Saved(INetwork network)
    {
        using var stream = new MemoryStream();
        SafeTensors.Save(network, stream);
        return stream.ToArray();
    }

    static float[] Values(INetwork network, string key)
    {
        foreach (var tensor in network.Tensors)
        {
            if (tensor.Name != key) continue;
            var store = tensor.Store == TensorStore.Parameters ? network.Parameters : network.State;
            return store.Slice(tensor.Offset, tensor.Length).ToArray();
        }
        throw new KeyNotFoundException(key);
    }

    static float[] Everything(INetwork network) => [.. network.Parameters, .. network.State];

    static readonly string[] Backbone = ["conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"];

    /// <summary>The file without the keys starting with <paramref name="prefix"/>, its offsets redrawn: PyTorch's <c>{k: v for k, v in sd.items() if not k.startswith("fc.")}</c>.</summary>
    static byte[] Without(byte[] file, string prefix)
    {
        var (header, data) = SafeTensorsFile.Split(file);
        var kept = new JsonObject();
        var bytes = new List<byte>();
        foreach (var (key, value) in header)
        {
            if (key == "__metadata__") { kept[key] = value!.DeepClone(); continue; }
            if (key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var offsets = value!["data_offsets"]!.AsArray();
            var (begin, end) = ((int)offsets[0]!, (int)offsets[1]!);
            var entry = value.DeepClone();
            entry["data_offsets"] = new JsonArray(bytes.Count, bytes.Count + end - begin);
            bytes.AddRange(data[begin..end]);
            kept[key] = entry;
        }
        return SafeTensorsFile.Join(kept, [.. bytes]);
    }

    [Fact]
    public void Shared_keys_load_and_the_missing_and_unexpected_ones_are_reported()
    {
        var source = new PretrainedBackboneNet(seed: 1);
        source.State.Fill(0.5f); // running statistics too are loaded
        var target = new RenamedHeadNet(seed: 2);
        float[] head = [.. Values(target, "head.weight"), .. Values(target, "head.bias")];

        var result = SafeTensors.Load(target, new MemoryStream(Saved(source)), strict: false);

        Assert.Equal(["head.weight", "head.bias"], result.MissingKeys);
        Assert.Equal(["fc.weight", "fc.bias"], result.UnexpectedKeys);
        Assert.All(Backbone, key => Assert.Equal(Values(source, key), Values(target, key)));
        Assert.Equal(head, (float[])[.. Values(target, "head.weight"), .. Values(target, "head.bias")]);
    }

    [Fact]
    public void Strict_loading_still_refuses_missing_and_unexpected_keys()
    {
        var target = new RenamedHeadNet(seed: 2);
        var before = Everything(target);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(target, new MemoryStream(Saved(new PretrainedBackboneNet(seed: 1))), strict: true));
        Assert.Contains("missing head.weight, head.bias; unexpected fc.weight, fc.bias", error.Message);
        Assert.Equal(before, Everything(target));
    }

    [Fact]
    public void A_shared_key_of_another_shape_is_refused_with_its_name_and_both_shapes_and_nothing_is_written()
    {
        var target = new FineTunedHeadNet(seed: 2);
        var before = Everything(target);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(target, new MemoryStream(Saved(new PretrainedBackboneNet(seed: 1))), strict: false));
        Assert.Contains("fc.weight: expected shape [4, 3], found [10, 3]", error.Message);
        Assert.Equal(before, Everything(target));
    }

    [Fact]
    public void Dropping_the_old_head_loads_the_backbone_under_a_new_head_of_the_same_name()
    {
        var source = new PretrainedBackboneNet(seed: 1);
        var target = new FineTunedHeadNet(seed: 2);
        var head = Values(target, "fc.weight");
        var path = Path.Combine(Path.GetTempPath(), $"cnngen-lenient-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, Without(Saved(source), "fc."));
            var result = target.Load(path, strict: false); // the extension: net.Load(path, strict: false)
            Assert.Equal(["fc.weight", "fc.bias"], result.MissingKeys);
            Assert.Empty(result.UnexpectedKeys);
            Assert.All(Backbone, key => Assert.Equal(Values(source, key), Values(target, key)));
            Assert.Equal(head, Values(target, "fc.weight"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unexpected_key_must_still_tile_the_data_and_a_malformed_file_writes_nothing()
    {
        var (header, data) = SafeTensorsFile.Split(Saved(new PretrainedBackboneNet(seed: 1)));
        header["extra.weight"] = JsonNode.Parse($$"""{"dtype":"F16","shape":[3],"data_offsets":[{{data.Length}},{{data.Length + 6}}]}""");
        var target = new RenamedHeadNet(seed: 2);
        var loaded = SafeTensors.Load(target, new MemoryStream(SafeTensorsFile.Join(header, [.. data, 1, 2, 3, 4, 5, 6])), strict: false);
        Assert.Equal(["fc.weight", "fc.bias", "extra.weight"], loaded.UnexpectedKeys);

        header["extra.weight"] = JsonNode.Parse($$"""{"dtype":"F16","shape":[3],"data_offsets":[{{data.Length + 2}},{{data.Length + 8}}]}""");
        var fresh = new RenamedHeadNet(seed: 2);
        var before = Everything(fresh);
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(fresh, new MemoryStream(SafeTensorsFile.Join(header, [.. data, 0, 0, 1, 2, 3, 4, 5, 6])), strict: false));
        Assert.Contains($"bytes [{data.Length}, {data.Length + 2}) of the data belong to no tensor", error.Message);
        Assert.Equal(before, Everything(fresh));
    }
}
