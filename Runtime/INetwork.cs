namespace CnnGen;

/// <summary>
/// A network generated from a <see cref="NetworkAttribute"/> declaration. Every generated class implements it;
/// the sizes it reports are also <c>public const</c>s on the class.
/// </summary>
public interface INetwork
{
    /// <summary>Values in one input sample (product of the input shape).</summary>
    int InputLength { get; }

    /// <summary>Values in one output sample (the last non-loss layer's output).</summary>
    int OutputLength { get; }

    /// <summary>Number of trainable values.</summary>
    int ParameterCount { get; }

    /// <summary>The largest batch the gradient calls accept; buffers are sized for it once.</summary>
    int MaxBatch { get; }

    /// <summary>Worker threads used by the kernels. Results are bit-identical for any value.</summary>
    int Threads { get; set; }

    /// <summary>All trainable values, layers in order, each weight then bias (PyTorch layouts).</summary>
    Span<float> Parameters { get; }

    /// <summary>Non-trainable state (batch-norm running mean and variance), layers in order.</summary>
    Span<float> State { get; }

    /// <summary>Every named tensor of the model, in <see cref="Parameters"/> then <see cref="State"/> order: the weight-file layout.</summary>
    ReadOnlySpan<TensorInfo> Tensors { get; }

    /// <summary>The resolved layers in order (including the loss head, if any): what exporters read.</summary>
    ReadOnlySpan<LayerInfo> Layers { get; }

    /// <summary>The layer table: name, kind, output shape, parameters, multiply-adds, activation bytes.</summary>
    string Summary { get; }

    /// <summary>Inference-mode forward pass over <c>input.Length / InputLength</c> samples (any number: processed in chunks of <see cref="MaxBatch"/>).</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The index of the largest output for one sample.</summary>
    int Predict(ReadOnlySpan<float> sample);
}

/// <summary>A network with a loss head: it computes gradients and trains.</summary>
public interface ITrainableNetwork : INetwork
{
    /// <summary>Gradients of the mean loss, same layout as <see cref="INetwork.Parameters"/>; overwritten by every gradient call.</summary>
    Span<float> Gradients { get; }

    /// <summary>Training-mode forward and backward pass against float targets (<c>n × OutputLength</c> values); returns the mean loss.</summary>
    float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> targets);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> then one optimizer step; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, IOptimizer optimizer);

    /// <summary>Restarts the training-time random stream (dropout masks) from <paramref name="seed"/>, like <c>torch.manual_seed</c>.</summary>
    void Reseed(int seed);

    /// <summary>
    /// The training-time random stream (dropout masks) that <see cref="Reseed"/> replaced last: a checkpoint saves and
    /// restores its <see cref="SeededRandom.State"/> so that a resumed run draws the same masks.
    /// </summary>
    SeededRandom TrainingRandom { get; }
}

/// <summary>A network whose head is <see cref="SoftmaxCrossEntropyAttribute"/>: it also trains on integer class labels.</summary>
public interface IClassifierNetwork : ITrainableNetwork
{
    /// <summary>Training-mode forward and backward pass against class labels in <c>[0, OutputLength)</c>; returns the mean loss.</summary>
    float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<int> labels);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int})"/> then one optimizer step; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, IOptimizer optimizer);
}

/// <summary>Where a tensor's values live.</summary>
public enum TensorStore
{
    /// <summary>In <see cref="INetwork.Parameters"/> (trainable).</summary>
    Parameters,
    /// <summary>In <see cref="INetwork.State"/> (buffers such as batch-norm running statistics).</summary>
    State,
}

/// <summary>One named tensor of a model: its weight-file key, PyTorch shape and place in <see cref="INetwork.Parameters"/> or <see cref="INetwork.State"/>.</summary>
/// <param name="Name">Weight-file key, e.g. <c>conv1.weight</c>, <c>bn1.running_var</c>.</param>
/// <param name="Shape">PyTorch shape, e.g. [30, 1, 5, 5].</param>
/// <param name="Store">Which span holds the values.</param>
/// <param name="Offset">Start in that span.</param>
public sealed record TensorInfo(string Name, int[] Shape, TensorStore Store, int Offset)
{
    /// <summary>Number of values (product of <see cref="Shape"/>).</summary>
    public int Length
    {
        get
        {
            var length = 1;
            foreach (var dimension in Shape) length *= dimension;
            return length;
        }
    }
}

/// <summary>An optimizer with <c>torch.optim</c> semantics; it keeps its own state per parameter.</summary>
public interface IOptimizer
{
    /// <summary>The current learning rate (schedules change it between steps).</summary>
    double LearningRate { get; set; }

    /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradients"/> (same length every call).</summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients);

    /// <summary>A copy of the optimizer's buffers, step count and learning rate (<c>optimizer.state_dict()</c>); every built-in optimizer exports it.</summary>
    /// <exception cref="NotSupportedException">The optimizer keeps state it cannot export (the default for user optimizers).</exception>
    OptimizerSnapshot ExportState() => throw new NotSupportedException($"{GetType().Name} does not export its state: implement IOptimizer.ExportState and ImportState to checkpoint it.");

    /// <summary>Replaces the optimizer's state with <paramref name="snapshot"/> (<c>optimizer.load_state_dict()</c>), validated first: nothing changes on error.</summary>
    /// <exception cref="ArgumentException">The snapshot is of another optimizer or its buffers do not fit.</exception>
    /// <exception cref="NotSupportedException">The optimizer cannot import state (the default for user optimizers).</exception>
    void ImportState(OptimizerSnapshot snapshot) => throw new NotSupportedException($"{GetType().Name} does not import state: implement IOptimizer.ExportState and ImportState to checkpoint it.");
}
