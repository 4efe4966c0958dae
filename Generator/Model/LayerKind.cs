namespace CnnGen.Generator.Model;

/// <summary>The layer attributes the generator understands (mirrors <c>CnnGen.LayerKind</c> in the runtime, same order).</summary>
internal enum LayerKind
{
    Conv2D,
    Dense,
    MaxPool2D,
    AvgPool2D,
    GlobalAvgPool,
    Flatten,
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
    Softmax,
    Dropout,
    BatchNorm,
    Add,
    SoftmaxCrossEntropy,
    BinaryCrossEntropy,
    MeanSquaredError,
    L1Loss,
    SmoothL1Loss,
}

internal static class LayerKinds
{
    /// <summary>Maps an attribute's metadata name (<c>CnnGen.Conv2DAttribute</c>) to its layer kind.</summary>
    public static bool TryFromAttributeName(string fullName, out LayerKind kind)
    {
        switch (fullName)
        {
            case "CnnGen.Conv2DAttribute": kind = LayerKind.Conv2D; return true;
            case "CnnGen.DenseAttribute": kind = LayerKind.Dense; return true;
            case "CnnGen.MaxPool2DAttribute": kind = LayerKind.MaxPool2D; return true;
            case "CnnGen.AvgPool2DAttribute": kind = LayerKind.AvgPool2D; return true;
            case "CnnGen.GlobalAvgPoolAttribute": kind = LayerKind.GlobalAvgPool; return true;
            case "CnnGen.FlattenAttribute": kind = LayerKind.Flatten; return true;
            case "CnnGen.ReLUAttribute": kind = LayerKind.ReLU; return true;
            case "CnnGen.LeakyReLUAttribute": kind = LayerKind.LeakyReLU; return true;
            case "CnnGen.SigmoidAttribute": kind = LayerKind.Sigmoid; return true;
            case "CnnGen.TanhAttribute": kind = LayerKind.Tanh; return true;
            case "CnnGen.SoftmaxAttribute": kind = LayerKind.Softmax; return true;
            case "CnnGen.DropoutAttribute": kind = LayerKind.Dropout; return true;
            case "CnnGen.BatchNormAttribute": kind = LayerKind.BatchNorm; return true;
            case "CnnGen.AddAttribute": kind = LayerKind.Add; return true;
            case "CnnGen.SoftmaxCrossEntropyAttribute": kind = LayerKind.SoftmaxCrossEntropy; return true;
            case "CnnGen.BinaryCrossEntropyAttribute": kind = LayerKind.BinaryCrossEntropy; return true;
            case "CnnGen.MeanSquaredErrorAttribute": kind = LayerKind.MeanSquaredError; return true;
            case "CnnGen.L1LossAttribute": kind = LayerKind.L1Loss; return true;
            case "CnnGen.SmoothL1LossAttribute": kind = LayerKind.SmoothL1Loss; return true;
            default: kind = default; return false;
        }
    }

    public static bool IsLoss(this LayerKind kind) => kind >= LayerKind.SoftmaxCrossEntropy;

    public static bool HasWeights(this LayerKind kind) => kind is LayerKind.Conv2D or LayerKind.Dense;

    public static bool IsPooling(this LayerKind kind) => kind is LayerKind.MaxPool2D or LayerKind.AvgPool2D;

    /// <summary>The prefix of default names: <c>conv</c> + index gives <c>conv1</c>. Both pools share <c>pool</c> so names stay unique.</summary>
    public static string DefaultNamePrefix(this LayerKind kind) => kind switch
    {
        LayerKind.Conv2D => "conv",
        LayerKind.Dense => "dense",
        LayerKind.MaxPool2D or LayerKind.AvgPool2D => "pool",
        LayerKind.GlobalAvgPool => "globalpool",
        LayerKind.Flatten => "flatten",
        LayerKind.ReLU => "relu",
        LayerKind.LeakyReLU => "leakyrelu",
        LayerKind.Sigmoid => "sigmoid",
        LayerKind.Tanh => "tanh",
        LayerKind.Softmax => "softmax",
        LayerKind.Dropout => "dropout",
        LayerKind.BatchNorm => "bn",
        LayerKind.Add => "add",
        _ => "loss",
    };
}
