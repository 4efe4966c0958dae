using System.Text.Json.Nodes;
using CnnGen.Tests.Kernels;
using CnnGen.Weights;

namespace CnnGen.Tests.Weights;

/// <summary>
/// <c>num_batches_tracked</c> is ignored on load, so the loader accepts exactly the forms PyTorch 1.13's strict
/// <c>load_state_dict</c> accepts for that 0-dim buffer (tools/golden/make_buffer_acceptance.py records them) and
/// refuses the rest with a named error, leaving the model unchanged.
/// </summary>
public sealed class IgnoredBufferTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var c in KernelAssert.Fixture("Golden", "Fixtures", "num_batches_tracked.json").GetProperty("cases").EnumerateArray())
            data.Add(c.GetProperty("dtype").GetString()!, "[" + string.Join(",", c.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())) + "]", c.GetProperty("accepted").GetBoolean());
        return data;
    }

    static readonly Dictionary<string, int> Sizes = new()
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["I16"] = 2, ["U16"] = 2, ["I32"] = 4, ["U32"] = 4, ["I64"] = 8, ["U64"] = 8,
        ["F16"] = 2, ["BF16"] = 2, ["F32"] = 4, ["F64"] = 8, ["F8_E4M3"] = 1, ["F8_E5M2"] = 1,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Num_batches_tracked_is_accepted_exactly_where_pytorch_accepts_it(string dtype, string shape, bool accepted)
    {
        var source = new TensorOnlyNetwork(seed: 1);
        byte[] saved;
        using (var stream = new MemoryStream())
        {
            SafeTensors.Save(source, stream);
            saved = stream.ToArray();
        }
        var (header, data) = SafeTensorsFile.Split(saved);
        // The counter is the last 8 bytes; a valid file of the new form holds elements × dtype size bytes there.
        var dimensions = JsonNode.Parse(shape)!.AsArray().Select(d => (long)d!).ToArray();
        var bytes = dimensions.Aggregate(1L, (a, d) => a * d) * Sizes[dtype];
        var counter = header["bn1.num_batches_tracked"]!;
        var begin = (long)counter["data_offsets"]![0]!;
        counter["dtype"] = dtype;
        counter["shape"] = JsonNode.Parse(shape);
        counter["data_offsets"] = new JsonArray(begin, begin + bytes);
        var file = SafeTensorsFile.Join(header, [.. data[..^8], .. new byte[bytes]]);

        var target = new TensorOnlyNetwork(seed: 2);
        var before = target.AllValues();
        if (accepted)
        {
            SafeTensors.Load(target, new MemoryStream(file));
            Assert.Equal(source.AllValues(), target.AllValues());
            return;
        }
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(target, new MemoryStream(file)));
        Assert.Contains("bn1.num_batches_tracked", error.Message);
        // Named by what PyTorch refuses: the dtype it lacks, or the shape.
        Assert.True(error.Message.Contains($"found {dtype}") || error.Message.Contains($"found {shape.Replace(",", ", ")}"), error.Message);
        Assert.Equal(before, target.AllValues());
    }
}
