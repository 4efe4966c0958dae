using System.Text.Json;
using CnnGen.Weights;

namespace CnnGen.Tests.Weights;

/// <summary>
/// Weight files against PyTorch: tools/golden/make_safetensors_fixture.py wrote a twin network's state_dict and its
/// eval-mode output; loading that file must reproduce the output. The other direction (PyTorch reading our file) is
/// recorded by the same script's --verify mode in weights_twin_cnngen.verified.json.
/// </summary>
public sealed class PyTorchFixtureTests
{
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Golden", "Fixtures");

    sealed record TwinIO(string Torch, int[] Input_shape, float[] Input, int[] Output_shape, float[] Output);

    static TwinIO ReadIO()
    {
        var json = File.ReadAllText(Path.Combine(Fixtures, "weights_twin_io.json"));
        return JsonSerializer.Deserialize<TwinIO>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    static void AssertClose(float[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 1e-5 + 1e-4 * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"output {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void A_pytorch_state_dict_loads_and_gives_pytorchs_outputs()
    {
        var io = ReadIO();
        var twin = new WeightsTwinNet(maxBatch: 4, seed: 1);
        var output = new float[io.Output.Length];
        twin.Forward(io.Input, output);
        Assert.NotEqual(io.Output, output); // freshly initialised weights give other outputs

        SafeTensors.Load(twin, Path.Combine(Fixtures, "weights_twin.safetensors"));
        twin.Forward(io.Input, output);
        AssertClose(io.Output, output);
    }

    [Fact]
    public void What_we_write_from_the_pytorch_weights_is_the_file_pytorch_verified()
    {
        var twin = new WeightsTwinNet(maxBatch: 4);
        SafeTensors.Load(twin, Path.Combine(Fixtures, "weights_twin.safetensors"));
        using var written = new MemoryStream();
        SafeTensors.Save(twin, written);
        // Regenerate both files together when the writer changes (see the script's docstring).
        Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures, "weights_twin_cnngen.safetensors")), written.ToArray());

        using var verified = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "weights_twin_cnngen.verified.json")));
        Assert.Equal("weights_twin_cnngen.safetensors", verified.RootElement.GetProperty("file").GetString());
        Assert.True(verified.RootElement.GetProperty("strict_load").GetBoolean());
        Assert.True(verified.RootElement.GetProperty("outputs_match").GetBoolean());
        AssertClose(ReadIO().Output, verified.RootElement.GetProperty("output").EnumerateArray().Select(e => e.GetSingle()).ToArray());
    }

    [Fact]
    public void Saving_and_loading_a_generated_network_round_trips_parameters_and_running_statistics()
    {
        var source = new WeightsTwinNet(maxBatch: 4, seed: 3);
        var random = new SeededRandom(9);
        for (var i = 0; i < source.State.Length; i++) source.State[i] = random.NextSingle() + 0.5f;
        using var stream = new MemoryStream();
        source.Save(stream);
        var target = new WeightsTwinNet(maxBatch: 4, seed: 4);
        stream.Position = 0;
        target.Load(stream);
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(source.State.ToArray(), target.State.ToArray());
    }

    /// <summary>Writes weights_twin_cnngen.safetensors for the script's --verify --record (run by hand with CNNGEN_WRITE_FIXTURES=1).</summary>
    [Fact]
    public void Writes_the_file_for_pytorch_to_verify_when_asked()
    {
        if (Environment.GetEnvironmentVariable("CNNGEN_WRITE_FIXTURES") != "1") return;
        var twin = new WeightsTwinNet(maxBatch: 4);
        SafeTensors.Load(twin, Path.Combine(Fixtures, "weights_twin.safetensors"));
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Golden", "Fixtures", "weights_twin_cnngen.safetensors"));
        SafeTensors.Save(twin, source);
    }
}
