namespace CnnGen;

/// <summary>
/// Declares a network on a <c>partial</c> class and gives its input shape. The layer attributes that
/// follow on the same declaration apply in source order; the CnnGen generator turns them into code.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>A network over a flat vector of <paramref name="features"/> values.</summary>
    public NetworkAttribute(int features) => Shape = [features];

    /// <summary>A network over images of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/> (NCHW).</summary>
    public NetworkAttribute(int channels, int height, int width) => Shape = [channels, height, width];

    /// <summary>The input shape of one sample: (features) or (channels, height, width).</summary>
    public IReadOnlyList<int> Shape { get; }
}
