using System.Text.Json;

namespace CnnGen.Zoo.Tests;

/// <summary>One key of torchvision's state_dict, in its order: dtype (F32 or I64), shape and the rule that draws its values.</summary>
public sealed record StateKey(string Name, string DataType, int[] Shape, float Offset, float Scale)
{
    /// <summary>Elements (1 for a 0-dim buffer).</summary>
    public long Count => Shape.Aggregate(1L, (product, d) => product * d);
}

/// <summary>Gradients of one parameter at drawn flat indices.</summary>
public sealed record GradientSample(string Name, int[] Indices, double[] Values);

/// <summary>PyTorch's training-mode step: input size, labels, mean cross-entropy and sampled gradients.</summary>
public sealed record TrainingStep(int Size, int[] Labels, double Loss, GradientSample[] Gradients);

/// <summary>
/// A fixture of tools/golden/make_zoo_model_golden.py: torchvision's state_dict keys for one family, the input scale,
/// PyTorch's float64 eval output for a batch of drawn images, and optionally one training step.
/// </summary>
public sealed record ZooFixture(string Family, int Size, int Batch, float InputScale, StateKey[] Keys, double[] Output, TrainingStep? Training)
{
    /// <summary>Reads <c>Fixtures/&lt;family&gt;.json</c> beside the test assembly.</summary>
    public static ZooFixture Read(string family)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", family + ".json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var keys = root.GetProperty("keys").EnumerateArray().Select(k => new StateKey(
            k[0].GetString()!, k[1].GetString()!, k[2].EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            (float)k[3].GetDouble(), (float)k[4].GetDouble())).ToArray();
        TrainingStep? training = null;
        if (root.TryGetProperty("training", out var step))
        {
            training = new TrainingStep(step.GetProperty("size").GetInt32(),
                step.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32()).ToArray(),
                step.GetProperty("loss").GetDouble(),
                step.GetProperty("gradients").EnumerateArray().Select(g => new GradientSample(g[0].GetString()!,
                    g[1].EnumerateArray().Select(i => i.GetInt32()).ToArray(),
                    g[2].EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToArray());
        }
        return new ZooFixture(root.GetProperty("family").GetString()!, root.GetProperty("size").GetInt32(), root.GetProperty("batch").GetInt32(),
            (float)root.GetProperty("inputScale").GetDouble(), keys, root.GetProperty("output").EnumerateArray().Select(v => v.GetDouble()).ToArray(), training);
    }

    /// <summary>The drawn input images: <paramref name="batch"/> × 3 × size × size floats under the key <c>input</c>.</summary>
    public float[] Input(int size, int batch)
    {
        var input = new float[batch * 3 * size * size];
        DrawnValues.Fill("input", 0f, InputScale, input);
        return input;
    }
}
