using System.Text.Json;

namespace CnnGen.Tests.Golden;

/// <summary>Builds our optimizer from a fixture's <c>optimizer</c> section (hyper-parameters named as our constructor arguments).</summary>
public static class GoldenOptimizers
{
    public static IOptimizer Create(Dictionary<string, JsonElement> spec)
    {
        double Get(string key, double fallback) => spec.TryGetValue(key, out var v) ? v.GetDouble() : fallback;
        var kind = spec["kind"].GetString();
        var lr = Get("learningRate", double.NaN);
        return kind switch
        {
            "Sgd" => new Sgd(lr, momentum: Get("momentum", 0), nesterov: spec.TryGetValue("nesterov", out var n) && n.GetBoolean(),
                weightDecay: Get("weightDecay", 0), dampening: Get("dampening", 0)),
            "AdaGrad" => new AdaGrad(lr, epsilon: Get("epsilon", 1e-10)),
            "RmsProp" => new RmsProp(lr, alpha: Get("alpha", 0.99), epsilon: Get("epsilon", 1e-8),
                weightDecay: Get("weightDecay", 0), momentum: Get("momentum", 0)),
            "Adam" => new Adam(lr, beta1: Get("beta1", 0.9), beta2: Get("beta2", 0.999), epsilon: Get("epsilon", 1e-8),
                weightDecay: Get("weightDecay", 0)),
            "AdamW" => new AdamW(lr, beta1: Get("beta1", 0.9), beta2: Get("beta2", 0.999), epsilon: Get("epsilon", 1e-8),
                weightDecay: Get("weightDecay", 0.01)),
            _ => throw new InvalidDataException($"unknown optimizer {kind}"),
        };
    }
}
