namespace CnnGen;

/// <summary>
/// An optimizer's state, like <c>optimizer.state_dict()</c>: its settings (to refuse another optimizer's state), the
/// learning rate, the number of steps taken, the parameter count it was stepping and a copy of each per-parameter
/// buffer under torch's name (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, <c>square_avg</c>, <c>sum</c>).
/// </summary>
/// <param name="Settings">The optimizer's kind and hyper-parameters other than the learning rate, e.g. <c>Adam(betas=(0.9, 0.999), eps=1E-08, weight_decay=0)</c>.</param>
/// <param name="LearningRate">The current learning rate.</param>
/// <param name="Steps">Steps taken (Adam's bias correction depends on it).</param>
/// <param name="ParameterCount">Length of the parameter vector stepped so far; −1 before the first step.</param>
/// <param name="Buffers">Per-parameter buffers, each <paramref name="ParameterCount"/> long; absent until the first step creates them.</param>
public sealed record OptimizerSnapshot(string Settings, double LearningRate, long Steps, int ParameterCount, IReadOnlyList<KeyValuePair<string, float[]>> Buffers)
{
    /// <summary>Snapshot of an optimizer's fields (buffers copied; null ones left out).</summary>
    internal static OptimizerSnapshot Of(string settings, double learningRate, long steps, int length, params (string Name, float[]? Values)[] buffers)
        => new(settings, learningRate, steps, length,
            buffers.Where(b => b.Values is not null).Select(b => KeyValuePair.Create(b.Name, b.Values!.ToArray())).ToArray());

    /// <summary>Checks this snapshot against the optimizer importing it: same settings, known buffer names, right lengths.</summary>
    /// <exception cref="ArgumentException">Another optimizer's state, or inconsistent buffers.</exception>
    internal void CheckFor(string settings, params string[] bufferNames)
    {
        if (Settings != settings)
            throw new ArgumentException($"The state is of {Settings}, this optimizer is {settings}: a checkpoint resumes only the optimizer that wrote it.", "snapshot");
        if (!double.IsFinite(LearningRate) || LearningRate < 0)
            throw new ArgumentException($"The state's learning rate {LearningRate} is not a finite value ≥ 0.", "snapshot");
        if (Steps < 0 || ParameterCount < -1 || (ParameterCount < 0 && (Steps > 0 || Buffers.Count > 0)))
            throw new ArgumentException($"Inconsistent state: {Steps} steps over {ParameterCount} parameters with {Buffers.Count} buffers.", "snapshot");
        foreach (var (name, values) in Buffers)
        {
            if (!bufferNames.Contains(name))
                throw new ArgumentException($"The state holds a buffer '{name}'; {settings} keeps only {string.Join(", ", bufferNames)}.", "snapshot");
            if (values is null || values.Length != ParameterCount)
                throw new ArgumentException($"Buffer '{name}' holds {values?.Length ?? 0} values, expected {ParameterCount} (one per parameter).", "snapshot");
        }
    }

    /// <summary>A copy of buffer <paramref name="name"/>, or null when the snapshot has none.</summary>
    internal float[]? Buffer(string name)
    {
        foreach (var (key, values) in Buffers) if (key == name) return values.ToArray();
        return null;
    }
}
