using CnnGen.Generator.Emit;
using CnnGen.Generator.Model;

namespace CnnGen.Generator.Layers;

/// <summary>
/// A loss head: last, keeps the shape, computes no output of its own. Its one job in the generated code is the loss
/// call in <c>ComputeGradients</c>, which writes the gradient of the mean loss into the last layer's gradient buffer.
/// </summary>
internal abstract class LossLayer : LayerDefinition
{
    public override bool IsLoss => true;

    public override string NamePrefix => "loss";

    /// <summary>Whether it takes integer class labels (a classifier head) besides float targets.</summary>
    public virtual bool TakesLabels => false;

    /// <summary>
    /// The expression computing the mean loss from <paramref name="predictions"/> and the targets named
    /// <paramref name="targets"/>, writing its gradient into <paramref name="gradient"/>.
    /// </summary>
    public abstract string LossCall(LayerPlan loss, string predictions, string targets, string gradient);

    /// <summary>
    /// The statement turning <paramref name="values"/> (the outputs of <paramref name="samples"/> samples) into the
    /// probabilities the head's loss reads, in place; null for a head on values that are not probabilities (regression).
    /// </summary>
    public virtual string? ProbabilitiesCall(LayerPlan loss, string values, string samples) => null;

    /// <summary>The statement checking <c>labels</c> against <c>batch</c> samples, for a head that takes labels.</summary>
    public virtual string CheckLabelsCall(LayerPlan loss) => $"{NetworkEmitter.Runtime}.NetworkGuards.CheckLabels(labels, batch, OutputLength);";

    /// <summary>The documentation of the <c>labels</c> parameter, for a head that takes labels.</summary>
    public virtual string LabelsDoc(LayerPlan loss) => "One class index in [0, OutputLength) per sample.";

    /// <summary>The PyTorch expression <c>PredictProbabilities</c> matches, for its documentation.</summary>
    public virtual string ProbabilitiesTorch => "";
}
