namespace CnnGen.Samples.Mnist;

/// <summary>Creates the network the options name.</summary>
internal static class Models
{
    public static IClassifierNetwork Create(Options options, int maxBatch)
    {
        IClassifierNetwork network = options.ModelName switch
        {
            "SimpleConvNet" => new SimpleConvNet(maxBatch, options.Seed),
            "DeepConvNet" => new DeepConvNet(maxBatch, options.Seed),
            "ResNet20" => new ResNet20(maxBatch, options.Seed),
            "MobileNet" => new MobileNet(maxBatch, options.Seed),
            "Inception" => new Inception(maxBatch, options.Seed),
            "UNet" => new UNet(maxBatch, options.Seed),
            _ => new DeepConvNetBN(maxBatch, options.Seed),
        };
        network.Threads = options.Threads;
        return network;
    }

    /// <summary>Where the model's weights go: OUT/simpleconvnet.safetensors.</summary>
    public static string WeightsPath(Options options)
        => options.Weights ?? Path.Combine(options.Out, options.ModelName.ToLowerInvariant() + ".safetensors");
}
