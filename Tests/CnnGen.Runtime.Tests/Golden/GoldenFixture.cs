using System.Text.Json;
using System.Text.Json.Serialization;

namespace CnnGen.Tests.Golden;

/// <summary>One fixture written by tools/golden/make_golden.py: a network's values and PyTorch's answers (float64).</summary>
public sealed class GoldenFixture
{
    public required string Name { get; init; }
    public required int Batch { get; init; }
    public required string Declaration { get; init; }
    public required float[] Input { get; init; }
    public int[]? Labels { get; init; }
    public float[]? Targets { get; init; }
    public required float[] Parameters { get; init; }
    public required float[] State { get; init; }
    public required double[] Forward { get; init; }
    public double[]? Probabilities { get; init; }
    public double? Loss { get; init; }
    public double[]? Gradients { get; init; }
    public double[]? StateAfterGradients { get; init; }
    public Dictionary<string, JsonElement>? Optimizer { get; init; }
    public GoldenStep[]? Steps { get; init; }
    public double[]? ForwardAfterSteps { get; init; }
    public float[]? ChainOutputGradient { get; init; }
    public double[]? ChainOutput { get; init; }
    public double[]? ChainInputGradient { get; init; }
    public double[]? ChainGradients { get; init; }
    public double[]? ChainState { get; init; }

    /// <summary>Whether the fixture has a training section (networks with Dropout or without a loss head have none).</summary>
    public bool HasTraining => Optimizer is not null;

    /// <summary>Whether the fixture has a chain section: ForwardTraining then Backward (networks with Dropout have none).</summary>
    public bool HasChain => ChainOutput is not null;

    static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "Fixtures");

    /// <summary>The names of every network fixture copied to the test output (<c>Golden*.json</c>; other suites keep files here too).</summary>
    public static IEnumerable<string> Names() =>
        System.IO.Directory.EnumerateFiles(Directory, "Golden*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order();

    /// <summary>Reads the fixture called <paramref name="name"/>.</summary>
    public static GoldenFixture Load(string name) =>
        JsonSerializer.Deserialize<GoldenFixture>(File.ReadAllText(Path.Combine(Directory, name + ".json")), Options)
        ?? throw new InvalidDataException($"empty fixture {name}");
}

/// <summary>PyTorch's values after one optimizer step (zero_grad, forward, backward, step).</summary>
public sealed class GoldenStep
{
    public required double Loss { get; init; }
    public required double[] Parameters { get; init; }
    public required double[] State { get; init; }
}
