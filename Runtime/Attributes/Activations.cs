namespace CnnGen;

/// <summary>min(max(x, 0), 6) (<c>nn.ReLU6</c>); the gradient is 0 at 0 and at 6, as PyTorch's.</summary>
public sealed class ReLU6Attribute : LayerAttribute;

/// <summary>x for x &gt; 0, alpha·(eˣ − 1) otherwise (<c>nn.ELU</c>).</summary>
public sealed class ELUAttribute(double alpha = 1.0) : LayerAttribute
{
    /// <summary>The value the negative side saturates to, negated (default 1).</summary>
    public double Alpha { get; } = alpha;
}

/// <summary>x·Φ(x) = 0.5·x·(1 + erf(x/√2)) (<c>nn.GELU()</c>, the exact erf form).</summary>
public sealed class GELUAttribute : LayerAttribute;

/// <summary>x·sigmoid(x) (<c>nn.SiLU</c>, also called swish).</summary>
public sealed class SiLUAttribute : LayerAttribute;

/// <summary>x·min(max(x + 3, 0), 6)/6 (<c>nn.Hardswish</c>).</summary>
public sealed class HardswishAttribute : LayerAttribute;

/// <summary>min(max(x + 3, 0), 6)/6 (<c>nn.Hardsigmoid</c>, the gate of MobileNetV3's squeeze-and-excitation blocks); the gradient is 0 at ±3, as PyTorch's.</summary>
public sealed class HardsigmoidAttribute : LayerAttribute;

/// <summary>x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ)) (<c>nn.Mish</c>).</summary>
public sealed class MishAttribute : LayerAttribute;
