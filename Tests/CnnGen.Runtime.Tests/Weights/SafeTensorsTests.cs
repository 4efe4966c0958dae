using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using CnnGen.Weights;

namespace CnnGen.Tests.Weights;

public sealed class SafeTensorsTests
{
    static byte[] Saved(INetwork network)
    {
        using var stream = new MemoryStream();
        SafeTensors.Save(network, stream);
        return stream.ToArray();
    }

    [Fact]
    public void Round_trip_restores_every_parameter_and_running_statistic()
    {
        var source = new TensorOnlyNetwork(seed: 1);
        var target = new TensorOnlyNetwork(seed: 2);
        Assert.NotEqual(source.AllValues(), target.AllValues());
        SafeTensors.Load(target, new MemoryStream(Saved(source)));
        Assert.Equal(source.AllValues(), target.AllValues());
    }

    [Fact]
    public void Header_follows_the_format_and_pytorch_names()
    {
        var file = Saved(new TensorOnlyNetwork());
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, headerLength % 8);
        var (header, data) = SafeTensorsFile.Split(file);
        Assert.Equal(
            ["__metadata__", "conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "dense1.weight", "dense1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"],
            header.Select(p => p.Key));
        Assert.Equal("F32", (string)header["conv1.weight"]!["dtype"]!);
        Assert.Equal("[2,1,3,3]", header["conv1.weight"]!["shape"]!.ToJsonString());
        Assert.Equal("[0,72]", header["conv1.weight"]!["data_offsets"]!.ToJsonString());
        Assert.Equal("I64", (string)header["bn1.num_batches_tracked"]!["dtype"]!);
        Assert.Equal("[]", header["bn1.num_batches_tracked"]!["shape"]!.ToJsonString());
        Assert.Equal((51 + 4) * 4 + 8, data.Length);
        Assert.Equal(new TensorOnlyNetwork().Parameters[0], BitConverter.ToSingle(data, 0));
    }

    [Fact]
    public void A_file_without_num_batches_tracked_loads()
    {
        var source = new TensorOnlyNetwork(seed: 1);
        var (header, data) = SafeTensorsFile.Split(Saved(source));
        header.Remove("bn1.num_batches_tracked");
        var target = new TensorOnlyNetwork(seed: 2);
        SafeTensors.Load(target, new MemoryStream(SafeTensorsFile.Join(header, data[..^8])));
        Assert.Equal(source.AllValues(), target.AllValues());
    }

    /// <summary>Loads a corrupted file and checks the error names the problem and the model is untouched.</summary>
    static void AssertRejected(byte[] file, params string[] messageParts)
    {
        var target = new TensorOnlyNetwork(seed: 2);
        var before = target.AllValues();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(target, new MemoryStream(file)));
        foreach (var part in messageParts) Assert.Contains(part, error.Message);
        Assert.Equal(before, target.AllValues());
    }

    static byte[] Edited(Action<JsonObject> edit, Func<byte[], byte[]>? editData = null)
    {
        var (header, data) = SafeTensorsFile.Split(Saved(new TensorOnlyNetwork(seed: 1)));
        edit(header);
        return SafeTensorsFile.Join(header, editData is null ? data : editData(data));
    }

    [Fact]
    public void Missing_tensor_is_named()
        => AssertRejected(Edited(h => h.Remove("dense1.bias"), d => d), "missing dense1.bias");

    [Fact]
    public void Extra_tensor_is_named()
        => AssertRejected(Edited(h => h["conv2.weight"] = JsonNode.Parse("""{"dtype":"F32","shape":[1],"data_offsets":[228,232]}"""), d => [.. d, 0, 0, 0, 0]), "unexpected conv2.weight");

    [Fact]
    public void Wrong_shape_is_named_with_both_shapes()
        => AssertRejected(Edited(h => h["conv1.weight"]!["shape"] = JsonNode.Parse("[1,2,3,3]")), "conv1.weight", "[2, 1, 3, 3]", "[1, 2, 3, 3]");

    [Fact]
    public void Wrong_dtype_is_named()
        => AssertRejected(Edited(h => h["bn1.running_var"]!["dtype"] = "F16"), "bn1.running_var", "F32", "F16");

    [Fact]
    public void Offsets_that_do_not_match_the_shape_are_rejected()
        => AssertRejected(Edited(h => h["conv1.bias"]!["data_offsets"] = JsonNode.Parse("[72,76]")), "conv1.bias", "needs 8");

    [Fact]
    public void Overlapping_ranges_are_rejected()
        => AssertRejected(Edited(h => h["conv1.bias"]!["data_offsets"] = JsonNode.Parse("[68,76]")), "overlap");

    [Fact]
    public void A_gap_in_the_data_is_rejected()
        => AssertRejected(Edited(h =>
        {
            foreach (var (name, node) in h)
            {
                if (name == "__metadata__" || name == "conv1.weight") continue;
                var offsets = node!["data_offsets"]!.AsArray();
                node["data_offsets"] = new JsonArray((long)offsets[0]! + 4, (long)offsets[1]! + 4);
            }
        }, d => [.. d, 0, 0, 0, 0]), "belong to no tensor");

    [Fact]
    public void Truncated_data_is_rejected()
    {
        var file = Saved(new TensorOnlyNetwork(seed: 1));
        AssertRejected(file[..^10], "data bytes");
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        var file = Saved(new TensorOnlyNetwork(seed: 1));
        AssertRejected([.. file, 1, 2, 3], "data bytes");
    }

    [Fact]
    public void Header_length_beyond_the_file_is_rejected_without_allocating_it()
    {
        var file = Saved(new TensorOnlyNetwork(seed: 1));
        BinaryPrimitives.WriteUInt64LittleEndian(file, 90_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(file, "90000000");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        AssertRejected(file, "header length");
    }

    [Fact]
    public void Header_length_beyond_an_unseekable_stream_is_a_truncation_error()
    {
        var file = Saved(new TensorOnlyNetwork(seed: 1));
        BinaryPrimitives.WriteUInt64LittleEndian(file, 90_000_000);
        var target = new TensorOnlyNetwork(seed: 2);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(target, new ForwardOnlyStream(file)));
        Assert.Contains("truncated header", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    [Fact]
    public void Unseekable_streams_round_trip()
    {
        var source = new TensorOnlyNetwork(seed: 1);
        var target = new TensorOnlyNetwork(seed: 2);
        SafeTensors.Load(target, new ForwardOnlyStream(Saved(source)));
        Assert.Equal(source.AllValues(), target.AllValues());
    }

    [Fact]
    public void Invalid_json_is_rejected()
        => AssertRejected(SafeTensorsFile.Join(Encoding.UTF8.GetBytes("{\"conv1.weight\": [1,"), []), "not valid JSON");

    [Fact]
    public void Tiny_file_is_rejected()
        => AssertRejected([1, 2, 3], "8-byte header length");
}
