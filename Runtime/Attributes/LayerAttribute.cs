namespace CnnGen;

/// <summary>Base of every layer attribute. Layers apply in source order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LayerAttribute : Attribute
{
    /// <summary>
    /// The layer's name: member names and weight-file keys derive from it.
    /// Default: kind plus the 1-based index of that kind (<c>conv1</c>, <c>dense2</c>, <c>bn1</c>...).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The name of the earlier layer whose output this layer reads, or <c>"input"</c> for the network input (a reserved
    /// name). Default: the previous layer's output. Lets a network branch: a projection shortcut, an Inception branch.
    /// </summary>
    public string? Input { get; set; }
}

/// <summary>Weight initialisation schemes with <c>torch.nn.init</c> semantics (fan-in and fan-out as PyTorch computes them).</summary>
public enum Init
{
    /// <summary>All zeros.</summary>
    Zeros,
    /// <summary>All ones.</summary>
    Ones,
    /// <summary>Every value is <c>InitValue</c> (<c>nn.init.constant_</c>).</summary>
    Constant,
    /// <summary>N(0, <c>InitValue</c>²) (<c>nn.init.normal_</c> with std = InitValue).</summary>
    Normal,
    /// <summary>U(−<c>InitValue</c>, <c>InitValue</c>) (<c>nn.init.uniform_</c>).</summary>
    Uniform,
    /// <summary>N(0, 2 / (fan_in + fan_out)) (<c>nn.init.xavier_normal_</c>).</summary>
    XavierNormal,
    /// <summary>U(±√(6 / (fan_in + fan_out))) (<c>nn.init.xavier_uniform_</c>).</summary>
    XavierUniform,
    /// <summary>N(0, 2 / fan_in) (<c>nn.init.kaiming_normal_</c>, ReLU gain).</summary>
    HeNormal,
    /// <summary>U(±√(6 / fan_in)) (<c>nn.init.kaiming_uniform_</c>, ReLU gain).</summary>
    HeUniform,
}

/// <summary>A layer with parameters (weights, a bias, batch norm's gamma and beta), which can be frozen.</summary>
public abstract class ParameterLayerAttribute : LayerAttribute
{
    /// <summary>
    /// Whether the optimizer updates the layer's parameters (default true). False freezes them, as PyTorch's
    /// <c>requires_grad = False</c> does for fine-tuning: backward computes no gradient for them (and no backward at all
    /// below the first trainable layer unless an input gradient is asked for), their gradients stay zero, and the
    /// built-in optimizers leave them bit-identical (no step, no weight decay, no state). Weight files still hold them.
    /// </summary>
    public bool Trainable { get; set; } = true;
}

/// <summary>A layer with trainable weights and an optional bias.</summary>
public abstract class WeightedLayerAttribute : ParameterLayerAttribute
{
    /// <summary>Whether the layer has a bias (default true; biases start at zero).</summary>
    public bool Bias { get; set; } = true;

    /// <summary>The weight initialisation scheme (default <see cref="Init.HeNormal"/>).</summary>
    public Init Init { get; set; } = Init.HeNormal;

    /// <summary>The value for <see cref="Init.Constant"/>, the std for <see cref="Init.Normal"/>, the bound for <see cref="Init.Uniform"/> (default 1, as <c>torch.nn.init</c>).</summary>
    public double InitValue { get; set; } = 1.0;
}
