using System.Buffers.Binary;
using System.Text.Json.Nodes;
using CnnGen.Samples;
using CnnGen.Tests.Weights;

namespace CnnGen.Tests.Reliability;

/// <summary>
/// Corrupt, hostile and mismatched weight files: each is an <see cref="InvalidDataException"/> whose message names
/// what was expected, and the model's Parameters, State and Gradients stay bit-identical.
/// Tensor layout of <see cref="ReliabilityNet"/>: conv1.weight [0,72), conv1.bias [72,80), bn1.weight [80,88),
/// bn1.bias [88,96), dense1.weight [96,312), dense1.bias [312,324), bn1.running_mean [324,332),
/// bn1.running_var [332,340), bn1.num_batches_tracked [340,348).
/// </summary>
public sealed class WeightFileCatalogueTests
{
    static readonly byte[] Valid = WeightFiles.Reliability(seed: 1);

    /// <summary>Loads <paramref name="file"/> from a seekable and from an unseekable stream; both must refuse it untouched.</summary>
    static void AssertRejected(byte[] file, params string[] mentions)
    {
        foreach (var seekable in new[] { true, false })
        {
            var network = new ReliabilityNet(seed: 2);
            var before = ModelSnapshot.Of(network);
            Stream stream = seekable ? new MemoryStream(file) : new ForwardOnlyStream(file);
            var error = Assert.Throws<InvalidDataException>(() => network.Load(stream));
            foreach (var part in mentions) Assert.Contains(part, error.Message, StringComparison.Ordinal);
            before.AssertUnchanged(network, $"rejected load ({(seekable ? "seekable" : "unseekable")}): {error.Message}");
        }
    }

    static readonly Dictionary<string, (Func<byte[]> File, string[] Mentions)> Cases = new()
    {
        ["empty file"] = (() => [], ["8-byte header length", "holds 0"]),
        ["7 bytes"] = (() => Valid[..7], ["8-byte header length", "holds 7"]),
        ["header length 0"] = (() => SafeTensorsFile.Join(Array.Empty<byte>(), []), ["header length 0", "[2, 100000000]"]),
        ["header length 1"] = (() => SafeTensorsFile.Join("{", []), ["header length 1", "[2, 100000000]"]),
        ["header length above the format's limit"] = (() => WithLength(Valid, 100_000_001), ["header length 100000001", "[2, 100000000]"]),
        ["header length ulong.MaxValue"] = (() => WithLength(Valid, ulong.MaxValue), ["18446744073709551615", "[2, 100000000]"]),
        ["header length one beyond the file"] = (() => WithLength(Valid, (ulong)(Valid.Length - 7)), [$"{Valid.Length - 7}"]),
        ["trailing bytes"] = (() => [.. Valid, 0, 0, 0, 0], ["348 data bytes"]),
        ["not JSON"] = (() => SafeTensorsFile.Join("this is not json", SafeTensorsFile.Data(Valid)), ["not valid JSON"]),
        ["JSON cut short"] = (() => SafeTensorsFile.Join(SafeTensorsFile.HeaderText(Valid)[..^20], SafeTensorsFile.Data(Valid)), ["not valid JSON"]),
        ["JSON array instead of object"] = (() => SafeTensorsFile.Join("[1, 2, 3]", SafeTensorsFile.Data(Valid)), ["must be a JSON object", "Array"]),
        ["JSON string instead of object"] = (() => SafeTensorsFile.Join("\"weights\"", SafeTensorsFile.Data(Valid)), ["must be a JSON object", "String"]),
        ["JSON nested beyond any sane depth"] = (() => SafeTensorsFile.Join(new string('[', 5000) + new string(']', 5000), []), ["not valid JSON"]),
        ["invalid UTF-8 in a key"] = (() => SafeTensorsFile.Join([.. "{\""u8, 0xC3, 0x28, .. "\":1}"u8], []), ["not valid UTF-8 or UTF-16"]),
        ["non-ASCII dtype"] = (() => WeightFiles.Replace(Valid, "\"F32\"", "\"F\u00FF2\""), ["conv1.weight", "expected dtype F32"]),
        ["lone surrogate escape in a dtype"] = (() => WeightFiles.Replace(Valid, "\"F32\"", "\"F32\\uDC00\""), ["not valid UTF-8 or UTF-16"]),
        ["lone surrogate escape in a key"] = (() => SafeTensorsFile.Join("{\"conv1.weight\\uD800\":{}}", []), ["not valid UTF-8 or UTF-16"]),
        ["__metadata__ not an object"] = (() => WeightFiles.Replace(Valid, "\"__metadata__\":{\"format\":\"pt\",\"generator\":\"CnnGen\"}", "\"__metadata__\":42"), ["__metadata__ must be an object", "Number"]),
        ["entry not an object"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"] = 7), ["conv1.bias", "expected an object with dtype, shape and data_offsets"]),
        ["wrong dtype F16"] = (() => WeightFiles.Replace(Valid, "\"dtype\":\"F32\"", "\"dtype\":\"F16\""), ["conv1.weight", "expected dtype F32, found F16"]),
        ["wrong dtype F64"] = (() => WeightFiles.Edit(Valid, h => h["dense1.weight"]!["dtype"] = "F64"), ["dense1.weight", "expected dtype F32, found F64"]),
        ["num_batches_tracked as F32 on 8 bytes"] = (() => WeightFiles.Edit(Valid, h => h["bn1.num_batches_tracked"]!["dtype"] = "F32"), ["bn1.num_batches_tracked", "span 8 bytes", "in F32 needs 4"]),
        ["num_batches_tracked as U64"] = (() => WeightFiles.Edit(Valid, h => h["bn1.num_batches_tracked"]!["dtype"] = "U64"), ["bn1.num_batches_tracked", "expected dtype I64", "found U64"]),
        ["num_batches_tracked of shape [0]"] = (() => WeightFiles.Edit(Valid, h => h["bn1.num_batches_tracked"]!["shape"] = new JsonArray(0)), ["bn1.num_batches_tracked", "found [0]"]),
        ["num_batches_tracked of a huge shape"] = (() => WeightFiles.Edit(Valid, h => h["bn1.num_batches_tracked"]!["shape"] = new JsonArray(1L << 62)), ["bn1.num_batches_tracked", "exceeds"]),
        ["missing dtype"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!.AsObject().Remove("dtype")), ["conv1.bias", "missing or non-string dtype"]),
        ["numeric dtype"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!["dtype"] = 32), ["conv1.bias", "missing or non-string dtype"]),
        ["transposed shape"] = (() => WeightFiles.Edit(Valid, h => h["dense1.weight"]!["shape"] = new JsonArray(18, 3)), ["dense1.weight", "expected shape [3, 18], found [18, 3]"]),
        ["extra dimension"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!["shape"] = new JsonArray(2, 1)), ["conv1.bias", "expected shape [2], found [2, 1]"]),
        ["scalar shape"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!["shape"] = new JsonArray()), ["conv1.bias", "expected shape [2], found []"]),
        ["negative dimension"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!["shape"] = new JsonArray(-2)), ["conv1.bias", "non-negative integers", "-2"]),
        ["fractional dimension"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!["shape"] = new JsonArray(2.5)), ["conv1.bias", "non-negative integers", "2.5"]),
        ["dimension beyond long"] = (() => WeightFiles.Replace(Valid, "\"shape\":[2]", "\"shape\":[99999999999999999999999]"), ["conv1.bias", "non-negative integers"]),
        ["shape missing"] = (() => WeightFiles.Edit(Valid, h => h["conv1.bias"]!.AsObject().Remove("shape")), ["conv1.bias", "missing or non-array shape"]),
        ["missing tensor"] = (() => WeightFiles.Edit(Valid, h => h.Remove("bn1.running_var"), d => [.. d[..332], .. d[340..]]), ["missing bn1.running_var", "expected conv1.weight, conv1.bias"]),
        ["extra tensor"] = (() => WeightFiles.Edit(Valid, h => h["conv2.weight"] = Entry("F32", [1], 348, 352), d => [.. d, 0, 0, 0, 0]), ["unexpected conv2.weight"]),
        ["renamed tensor"] = (() => WeightFiles.Replace(Valid, "\"dense1.bias\"", "\"fc.bias\""), ["missing dense1.bias", "unexpected fc.bias"]),
        ["duplicate key"] = (() => WeightFiles.Replace(Valid, "\"conv1.bias\"", "\"conv1.weight\""), ["'conv1.weight' appears twice"]),
        ["duplicate __metadata__"] = (() => WeightFiles.Replace(Valid, "\"conv1.weight\":", "\"__metadata__\":{},\"conv1.weight\":"), ["'__metadata__' appears twice"]),
        ["overlapping offsets"] = (() => WeightFiles.Replace(Valid, "[72,80]", "[68,76]"), ["conv1.bias", "overlap"]),
        ["offsets of the wrong span"] = (() => WeightFiles.Replace(Valid, "[72,80]", "[72,76]"), ["conv1.bias", "span 4 bytes", "needs 8"]),
        ["offsets ending before they begin"] = (() => WeightFiles.Replace(Valid, "[72,80]", "[80,72]"), ["conv1.bias", "end before they begin"]),
        ["offsets beyond the data"] = (() => WeightFiles.Replace(Valid, "[340,348]", "[1000340,1000348]"), ["bytes [340, 1000340)", "belong to no tensor"]),
        ["offsets beyond long"] = (() => WeightFiles.Replace(Valid, "[340,348]", "[18446744073709551608,18446744073709551616]"), ["bn1.num_batches_tracked", "non-negative integers"]),
        ["negative offsets"] = (() => WeightFiles.Replace(Valid, "[0,72]", "[-72,0]"), ["conv1.weight", "non-negative integers", "-72"]),
        ["three offsets"] = (() => WeightFiles.Replace(Valid, "[0,72]", "[0,72,80]"), ["conv1.weight", "[begin, end]", "3 values"]),
        ["offsets as strings"] = (() => WeightFiles.Replace(Valid, "[0,72]", "[\"0\",\"72\"]"), ["conv1.weight", "non-negative integers", "\"0\""]),
        ["two tensors on the same bytes"] = (() => WeightFiles.Replace(Valid, "[80,88]", "[72,80]"), ["overlap"]),
        ["a gap between tensors"] = (() => ShiftedAfterConv1Weight(4), ["bytes [72, 76) of the data belong to no tensor", "conv1.bias"]),
        ["data section cut by one byte"] = (() => Valid[..^1], ["348 data bytes", "347"]),
        ["header declares 99,999,999 bytes"] = (() => WithLength(Valid, 99_999_999), ["99999999"]),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Corrupt_files_are_refused_with_a_named_error_and_change_nothing(string name)
    {
        var (file, mentions) = Cases[name];
        AssertRejected(file(), mentions);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_refused_and_changes_nothing()
    {
        var headerEnd = 8 + SafeTensorsFile.HeaderLength(Valid);
        for (var length = 0; length < Valid.Length; length++)
        {
            var expected = length < 8 ? "8-byte header length"
                : length < headerEnd ? $"header length {headerEnd - 8}"
                : $"the file holds {length - headerEnd}";
            foreach (var seekable in new[] { true, false })
            {
                var network = new ReliabilityNet(seed: 2);
                var before = ModelSnapshot.Of(network);
                var prefix = Valid[..length];
                Stream stream = seekable ? new MemoryStream(prefix) : new ForwardOnlyStream(prefix);
                var error = Assert.Throws<InvalidDataException>(() => network.Load(stream));
                Assert.True(error.Message.Contains(expected, StringComparison.Ordinal) || (!seekable && length >= 8 && length < headerEnd && error.Message.Contains("truncated header")),
                    $"prefix of {length} bytes ({(seekable ? "seekable" : "unseekable")}): {error.Message}");
                before.AssertUnchanged(network, $"prefix of {length} bytes");
            }
        }
    }

    [Fact]
    public void A_huge_declared_header_allocates_nothing_like_its_size()
    {
        var file = WithLength(Valid, 99_999_999);
        foreach (var seekable in new[] { true, false })
        {
            var network = new ReliabilityNet(seed: 2);
            Stream stream = seekable ? new MemoryStream(file) : new ForwardOnlyStream(file);
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<InvalidDataException>(() => network.Load(stream));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 256 * 1024, $"{(seekable ? "seekable" : "unseekable")}: {allocated} bytes allocated to refuse a {file.Length}-byte file");
        }
    }

    [Fact]
    public void A_deep_conv_net_file_is_refused_by_simple_conv_net_naming_the_first_mismatch()
    {
        var deep = WeightFiles.Of(new DeepConvNet(seed: 1));
        var simple = new SimpleConvNet(seed: 2);
        var before = ModelSnapshot.Of(simple);
        var error = Assert.Throws<InvalidDataException>(() => simple.Load(new MemoryStream(deep)));
        Assert.Contains("conv1.weight: expected shape [30, 1, 5, 5], found [16, 1, 3, 3]", error.Message);
        before.AssertUnchanged(simple, "DeepConvNet file into SimpleConvNet");

        var reverse = new DeepConvNet(seed: 3);
        var reverseBefore = ModelSnapshot.Of(reverse);
        error = Assert.Throws<InvalidDataException>(() => reverse.Load(new MemoryStream(WeightFiles.Of(simple))));
        Assert.Contains("conv1.weight: expected shape [16, 1, 3, 3], found [30, 1, 5, 5]", error.Message);
        reverseBefore.AssertUnchanged(reverse, "SimpleConvNet file into DeepConvNet");
    }

    [Fact]
    public void A_file_with_the_same_names_but_other_shapes_is_refused_naming_both_shapes()
    {
        var wide = WeightFiles.Of(new ReliabilityWideNet(seed: 1));
        AssertRejected(wide, "conv1.weight", "expected shape [2, 1, 3, 3], found [4, 1, 3, 3]");
    }

    [Fact]
    public void The_valid_file_itself_loads_exactly()
    {
        var network = new ReliabilityNet(seed: 2);
        network.Load(new MemoryStream(Valid));
        Assert.Equal(Valid, WeightFiles.Of(network));
    }

    static JsonObject Entry(string dtype, int[] shape, long begin, long end) => new()
    {
        ["dtype"] = dtype,
        ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
        ["data_offsets"] = new JsonArray(begin, end),
    };

    static byte[] WithLength(byte[] file, ulong length)
    {
        var copy = file.ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
        return copy;
    }

    /// <summary>Every tensor after conv1.weight moved <paramref name="gap"/> bytes on, leaving unowned bytes after it.</summary>
    static byte[] ShiftedAfterConv1Weight(int gap) => WeightFiles.Edit(Valid, header =>
    {
        foreach (var (name, node) in header)
        {
            if (name is "__metadata__" or "conv1.weight") continue;
            var offsets = node!["data_offsets"]!.AsArray();
            node["data_offsets"] = new JsonArray((long)offsets[0]! + gap, (long)offsets[1]! + gap);
        }
    }, data => [.. data[..72], .. new byte[gap], .. data[72..]]);

    [Fact]
    public void Header_text_is_what_the_catalogue_assumes()
    {
        var text = SafeTensorsFile.HeaderText(Valid);
        foreach (var fragment in new[] { "\"conv1.weight\":{\"dtype\":\"F32\",\"shape\":[2,1,3,3],\"data_offsets\":[0,72]}", "[72,80]", "[80,88]", "[340,348]", "\"shape\":[2]" })
            Assert.Contains(fragment, text, StringComparison.Ordinal);
        Assert.Equal(348, SafeTensorsFile.Data(Valid).Length);
    }
}
