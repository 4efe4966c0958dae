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

    /// <summary>
    /// The largest batch the gradient calls accept; buffers are sized for it once. For an instance built without
    /// <c>maxBatch</c> (<see cref="GrowsMaxBatch"/>), the largest batch given so far: a larger one grows the buffers.
    /// </summary>
    int MaxBatch { get; }

    /// <summary>
    /// Whether a batch above <see cref="MaxBatch"/> grows the buffers (the instance was built without <c>maxBatch</c>, and
    /// takes any batch as a PyTorch module does) instead of being refused with an <see cref="ArgumentException"/>.
    /// </summary>
    bool GrowsMaxBatch => false;

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

/// <summary>
/// A network that trains from a gradient of the caller's: every generated network, with or without a loss head. Its
/// output can feed another network or a loss of one's own (GANs, autoencoders, saliency maps), as a PyTorch module does.
/// </summary>
public interface IChainableNetwork : INetwork
{
    /// <summary>
    /// Gradients of the last gradient call, same layout as <see cref="INetwork.Parameters"/>: of the mean loss after
    /// <c>ComputeGradients</c>/<c>TrainStep</c>, of Σ outputGradient · output after <see cref="Backward"/>. Overwritten by every such call.
    /// </summary>
    Span<float> Gradients { get; }

    /// <summary>
    /// The smallest batch <see cref="ForwardTraining"/> and the gradient calls accept: 2 when a batch norm sees one value
    /// per channel per sample (on vectors or 1×1 maps: PyTorch's "Expected more than 1 value per channel when
    /// training"), else 1.
    /// </summary>
    int MinimumTrainingBatch { get; }

    /// <summary>Restarts the training-time random stream (dropout masks) from <paramref name="seed"/>, like <c>torch.manual_seed</c>.</summary>
    void Reseed(int seed);

    /// <summary>
    /// The training-time random stream (dropout masks) that <see cref="Reseed"/> replaced last: a checkpoint saves and
    /// restores its <see cref="SeededRandom.State"/> so that a resumed run draws the same masks.
    /// </summary>
    SeededRandom TrainingRandom { get; }

    /// <summary>
    /// Training-mode forward pass of 1 to <see cref="INetwork.MaxBatch"/> samples that keeps what <see cref="Backward"/> needs:
    /// PyTorch's <c>out = net(x)</c> after <c>net.train()</c>. Dropout draws its masks, batch norm normalises with the
    /// batch's statistics and updates its running statistics in <see cref="INetwork.State"/>. A loss head, if any, is not applied.
    /// </summary>
    /// <param name="input">n × <see cref="INetwork.InputLength"/> values (NCHW), 1 ≤ n ≤ <see cref="INetwork.MaxBatch"/>.</param>
    /// <param name="output">Receives n × <see cref="INetwork.OutputLength"/> values.</param>
    /// <exception cref="ArgumentException">The input is not 1 to MaxBatch whole samples, the output length is not
    /// n × OutputLength, or a batch norm would see one value per channel (n = 1 on a vector).</exception>
    /// <exception cref="InvalidOperationException">Another thread is using this instance.</exception>
    void ForwardTraining(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// Backward pass after <see cref="ForwardTraining"/>: PyTorch's <c>out.backward(outputGradient)</c>. Overwrites
    /// <see cref="Gradients"/> with the gradient of Σ outputGradient · output (not accumulated) and, unless
    /// <paramref name="inputGradient"/> is empty, writes the gradient with respect to the input (<c>x.grad</c>); with an
    /// empty span that work is skipped. May run again after the same ForwardTraining with another output gradient
    /// (<c>retain_graph=True</c>). Chains networks (a GAN's generator through its discriminator) and trains with a loss of
    /// the caller's own.
    /// </summary>
    /// <param name="outputGradient">n × <see cref="INetwork.OutputLength"/> values, n being the last ForwardTraining's batch.</param>
    /// <param name="inputGradient">Empty, or n × <see cref="INetwork.InputLength"/> values to receive the input gradient.</param>
    /// <exception cref="ArgumentException">A length differs from what the last ForwardTraining's batch needs.</exception>
    /// <exception cref="InvalidOperationException">No ForwardTraining yet, or a <see cref="INetwork.Forward"/>, <see cref="INetwork.Predict"/>,
    /// <c>ComputeGradients</c> or <c>TrainStep</c> has overwritten its activations since; or another thread is using this instance.</exception>
    void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient);
}

/// <summary>A network with a loss head: it computes the loss and its gradients from targets, and trains.</summary>
public interface ITrainableNetwork : IChainableNetwork
{
    /// <summary>Training-mode forward and backward pass against float targets (<c>n × OutputLength</c> values); returns the mean loss.</summary>
    float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<float> targets);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> then one optimizer step; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<float> targets, IOptimizer optimizer);
}

/// <summary>
/// A network whose head is <see cref="SoftmaxCrossEntropyAttribute"/>: it also trains on integer class labels, one per
/// sample for a vector output, or for a (C, H, W) output a mask of H × W labels in [0, C) per sample (PyTorch's
/// <c>cross_entropy</c> on (N, C, H, W) logits with an (N, H, W) target, mean over every pixel).
/// </summary>
public interface IClassifierNetwork : ITrainableNetwork
{
    /// <summary>Training-mode forward and backward pass against class labels (one per sample in <c>[0, OutputLength)</c>, or one per pixel in <c>[0, C)</c>); returns the mean loss.</summary>
    float ComputeGradients(ReadOnlySpan<float> input, ReadOnlySpan<int> labels);

    /// <summary><see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int})"/> then one optimizer step; returns the mean loss.</summary>
    float TrainStep(ReadOnlySpan<float> input, ReadOnlySpan<int> labels, IOptimizer optimizer);
}

/// <summary>
/// A network whose loss head reads probabilities: <see cref="SoftmaxCrossEntropyAttribute"/> (softmax over the classes)
/// or <see cref="BinaryCrossEntropyAttribute"/> (a sigmoid per output). It gives them beside <see cref="INetwork.Predict"/>'s argmax.
/// </summary>
public interface IProbabilisticNetwork : INetwork
{
    /// <summary>
    /// Inference-mode probabilities of each sample: <see cref="INetwork.Forward"/>, then <c>torch.softmax(net(x), dim=1)</c>
    /// for a SoftmaxCrossEntropy head or <c>torch.sigmoid(net(x))</c> for a BinaryCrossEntropy head, in <c>net.eval()</c>.
    /// </summary>
    /// <param name="input">Whole samples of <see cref="INetwork.InputLength"/> values each (NCHW), any number.</param>
    /// <param name="probabilities">Receives <see cref="INetwork.OutputLength"/> values per sample.</param>
    /// <exception cref="ArgumentException">The input is not a whole number of samples, or the output length differs from samples × OutputLength.</exception>
    void PredictProbabilities(ReadOnlySpan<float> input, Span<float> probabilities);
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
    /// <summary>
    /// Whether the optimizers update it: false for the parameters of a layer declared with <c>Trainable = false</c>
    /// (PyTorch's <c>requires_grad = False</c>), whose gradients stay zero and whose values the built-in optimizers leave
    /// bit-identical (no step, no weight decay, no state). Always true for <see cref="TensorStore.State"/>.
    /// </summary>
    public bool Trainable { get; init; } = true;

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

    /// <summary>
    /// Updates <paramref name="parameters"/> from <paramref name="gradients"/>, given the network's tensor table
    /// (<see cref="INetwork.Tensors"/>): the built-in optimizers leave frozen tensors (<see cref="TensorInfo.Trainable"/>
    /// false) bit-identical and apply their <see cref="ParameterGroups"/>, as <c>torch.optim</c> steps only the parameters
    /// of its groups. <c>TrainStep</c> and <c>Trainer</c> call this. The default calls
    /// <see cref="Step(Span{float}, ReadOnlySpan{float})"/>, where frozen tensors have zero gradients.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ from earlier steps, or a group rule names no tensor.</exception>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, ReadOnlySpan<TensorInfo> tensors) => Step(parameters, gradients);

    /// <summary>A copy of the optimizer's buffers, step count and learning rate (<c>optimizer.state_dict()</c>); every built-in optimizer exports it.</summary>
    /// <exception cref="NotSupportedException">The optimizer keeps state it cannot export (the default for user optimizers).</exception>
    OptimizerSnapshot ExportState() => throw new NotSupportedException($"{GetType().Name} does not export its state: implement IOptimizer.ExportState and ImportState to checkpoint it.");

    /// <summary>Replaces the optimizer's state with <paramref name="snapshot"/> (<c>optimizer.load_state_dict()</c>), validated first: nothing changes on error.</summary>
    /// <exception cref="ArgumentException">The snapshot is of another optimizer or its buffers do not fit.</exception>
    /// <exception cref="NotSupportedException">The optimizer cannot import state (the default for user optimizers).</exception>
    void ImportState(OptimizerSnapshot snapshot) => throw new NotSupportedException($"{GetType().Name} does not import state: implement IOptimizer.ExportState and ImportState to checkpoint it.");
}
