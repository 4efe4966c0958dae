using System.ComponentModel;
namespace CnnGen.Quantization;

/// <summary>A ReLU or ReLU6 applied to a tensor's values before they are observed: the activation its int8 form is clamped by.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum Int8Rectifier
{
    /// <summary>The values as they are.</summary>
    None,

    /// <summary>max(x, 0).</summary>
    ReLU,

    /// <summary>min(max(x, 0), 6).</summary>
    ReLU6,
}

/// <summary>
/// Where a generated <c>{Network}.Quantized</c> takes its numbers from: a calibration of the float network
/// (<see cref="Int8Calibration"/>) or a file (<see cref="Int8File"/>). Tensors and layers are named as the network's
/// layers (<c>input</c> for the network input).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class Int8Source
{
    private protected Int8Source()
    {
    }

    /// <summary>The scale and zero point of activation tensor <paramref name="tensor"/>.</summary>
    /// <exception cref="ArgumentException">The source holds no such tensor.</exception>
    public abstract QuantizationParameters Parameters(string tensor);

    /// <summary>The int8 form of Conv2D or Dense layer <paramref name="layer"/>, with <paramref name="rows"/> output channels.</summary>
    /// <param name="layer">The layer's name.</param>
    /// <param name="rows">Its output channels (checked).</param>
    /// <param name="input">Its input's parameters.</param>
    /// <param name="output">Its output's parameters, or null when it is dequantized.</param>
    /// <exception cref="ArgumentException">The source holds no such layer, or its shape or values are not what the network needs.</exception>
    public abstract Int8Layer Layer(string layer, int rows, QuantizationParameters input, QuantizationParameters? output);
}
