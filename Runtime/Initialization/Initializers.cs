using System.ComponentModel;
namespace CnnGen.Kernels;

/// <summary>Weight initialisation with torch.nn.init semantics.</summary>
/// <remarks>
/// Normal schemes draw <see cref="SeededRandom.NextNormal"/> scaled by the std; uniform schemes draw
/// <see cref="SeededRandom.NextDouble"/> mapped to [−bound, bound). He schemes use the ReLU gain √2
/// (<c>kaiming_*_(mode='fan_in', nonlinearity='relu')</c>); Xavier schemes use gain 1.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Initializers
{
    /// <summary>Fills <paramref name="values"/> by <paramref name="scheme"/>; <paramref name="value"/> is the constant, std or bound where the scheme takes one.</summary>
    public static void Fill(Span<float> values, Init scheme, double value, int fanIn, int fanOut, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (scheme)
        {
            case Init.Zeros: values.Clear(); break;
            case Init.Ones: values.Fill(1f); break;
            case Init.Constant: values.Fill((float)value); break;
            case Init.Normal: FillNormal(values, NonNegative(value, nameof(value)), random); break;
            case Init.Uniform: FillUniform(values, NonNegative(value, nameof(value)), random); break;
            case Init.XavierNormal: FillNormal(values, Math.Sqrt(2.0 / FanSum(fanIn, fanOut)), random); break;
            case Init.XavierUniform: FillUniform(values, Math.Sqrt(6.0 / FanSum(fanIn, fanOut)), random); break;
            case Init.HeNormal: FillNormal(values, Math.Sqrt(2.0 / Fan(fanIn, nameof(fanIn))), random); break;
            case Init.HeUniform: FillUniform(values, Math.Sqrt(6.0 / Fan(fanIn, nameof(fanIn))), random); break;
            default: throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown initialisation scheme.");
        }
    }

    static void FillNormal(Span<float> values, double std, SeededRandom random)
    {
        for (var i = 0; i < values.Length; i++) values[i] = (float)(std * random.NextNormal());
    }

    static void FillUniform(Span<float> values, double bound, SeededRandom random)
    {
        for (var i = 0; i < values.Length; i++) values[i] = (float)(bound * (2.0 * random.NextDouble() - 1.0));
    }

    static double NonNegative(double value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Expected a non-negative std or bound.");

    static int Fan(int fan, string name) =>
        fan > 0 ? fan : throw new ArgumentOutOfRangeException(name, fan, "Expected a positive fan.");

    static int FanSum(int fanIn, int fanOut) => Fan(fanIn, nameof(fanIn)) + Fan(fanOut, nameof(fanOut));
}
