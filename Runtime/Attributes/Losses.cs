namespace CnnGen;

/// <summary>Base of the loss heads; a loss head is the last attribute of a network.</summary>
public abstract class LossAttribute : LayerAttribute;

/// <summary><c>nn.CrossEntropyLoss</c> on logits with integer labels (or class probabilities), mean over the batch.</summary>
public sealed class SoftmaxCrossEntropyAttribute : LossAttribute
{
    /// <summary>
    /// <c>label_smoothing</c> ε in [0, 1]: the target becomes (1 − ε)·target + ε/classes, so the loss also pulls every
    /// logit towards the others (default 0, plain cross-entropy).
    /// </summary>
    public double LabelSmoothing { get; set; }
}

/// <summary><c>nn.BCEWithLogitsLoss</c>: sigmoid + binary cross-entropy on logits, mean over elements.</summary>
public sealed class BinaryCrossEntropyAttribute : LossAttribute;

/// <summary><c>nn.MSELoss</c>, mean over elements.</summary>
public sealed class MeanSquaredErrorAttribute : LossAttribute;

/// <summary><c>nn.L1Loss</c>, mean over elements.</summary>
public sealed class L1LossAttribute : LossAttribute;

/// <summary><c>nn.SmoothL1Loss</c> (Huber with threshold <see cref="Beta"/>), mean over elements.</summary>
public sealed class SmoothL1LossAttribute : LossAttribute
{
    /// <summary>Threshold between the quadratic and linear parts (default 1).</summary>
    public double Beta { get; set; } = 1.0;
}
