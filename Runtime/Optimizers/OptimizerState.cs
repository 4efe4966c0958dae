using System.Diagnostics.CodeAnalysis;

namespace CnnGen;

/// <summary>Argument checks and per-parameter state shared by the optimizers.</summary>
static class OptimizerState
{
    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    public static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "Expected a finite value ≥ 0.");

    /// <summary>Throws unless <paramref name="value"/> is in [0, 1).</summary>
    public static double Fraction(double value, string name) =>
        value >= 0 && value < 1 ? value : throw new ArgumentOutOfRangeException(name, value, "Expected a value in [0, 1).");

    /// <summary>
    /// Checks that the gradients match the parameters and that the parameter count is the one of the first step
    /// (<paramref name="expected"/> is −1 before the first step); returns the element count.
    /// </summary>
    public static int CheckStep(int parameters, int gradients, int expected)
    {
        if (expected >= 0 && parameters != expected) ThrowMismatch("parameters", expected, parameters);
        if (gradients != parameters) ThrowMismatch("gradients", parameters, gradients);
        return parameters;
    }

    /// <summary>A zeroed buffer of <paramref name="length"/> values, created on the first step only.</summary>
    public static float[] Ensure(ref float[]? state, int length) => state ??= new float[length];

    [DoesNotReturn]
    static void ThrowMismatch(string name, int expected, int actual) =>
        throw new ArgumentException($"Expected {expected} {name}, got {actual}: an optimizer keeps state for one parameter vector of a fixed length.", name);
}
