using CnnGen.Samples;

namespace CnnGen.Tests.Networks;

/// <summary>Seeded inputs and labels for the network tests.</summary>
static class NetworkData
{
    public static float[] Images(int count, int length, int seed)
    {
        var random = new SeededRandom(seed);
        var values = new float[count * length];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextSingle();
        return values;
    }

    public static int[] Labels(int count, int classes, int seed)
    {
        var random = new SeededRandom(seed);
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = random.NextInt(classes);
        return labels;
    }

    public static IClassifierNetwork Create(string name, int maxBatch, int seed) => name switch
    {
        nameof(SimpleConvNet) => new SimpleConvNet(maxBatch, seed),
        nameof(DeepConvNet) => new DeepConvNet(maxBatch, seed),
        nameof(Tiny) => new Tiny(maxBatch, seed),
        nameof(GraphLayersNet) => new GraphLayersNet(maxBatch, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a network these tests know"),
    };
}
