// TEMPORARY: the signatures the generator emits calls to. The kernels session replaces this file with
// one file per job (Im2Col.cs, Gemm.cs, Conv2D.cs, Dense.cs, Pooling.cs, Activations.cs, ...), keeping
// every signature below exactly (the emitter and its snapshots depend on them).
namespace CnnGen.Kernels;

/// <summary>Shape of a 2-D convolution over one sample (square kernel, symmetric zero padding).</summary>
public readonly record struct ConvGeometry(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding)
{
    /// <summary>floor((H + 2P − K) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;
    /// <summary>floor((W + 2P − K) / S) + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;
    /// <summary>Rows of the im2col matrix: C·K·K.</summary>
    public int ColumnRows => Channels * Kernel * Kernel;
    /// <summary>Columns of the im2col matrix: OH·OW.</summary>
    public int ColumnCols => OutHeight * OutWidth;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>F·OH·OW.</summary>
    public int OutputLength => Filters * OutHeight * OutWidth;
}

/// <summary>Shape of a 2-D pooling over one sample.</summary>
public readonly record struct PoolGeometry(int Channels, int Height, int Width, int Size, int Stride, int Padding)
{
    /// <summary>floor((H + 2P − size) / S) + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Size) / Stride + 1;
    /// <summary>floor((W + 2P − size) / S) + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Size) / Stride + 1;
    /// <summary>C·H·W.</summary>
    public int InputLength => Channels * Height * Width;
    /// <summary>C·OH·OW.</summary>
    public int OutputLength => Channels * OutHeight * OutWidth;
}

/// <summary>im2col / col2im lowering.</summary>
public static class Im2Col
{
    /// <summary>One image [C,H,W] → columns [C·K·K, OH·OW] (zero where padded).</summary>
    public static void Lower(ReadOnlySpan<float> image, Span<float> columns, in ConvGeometry geometry) => throw new NotImplementedException();
    /// <summary>col2im: columns [C·K·K, OH·OW] are ADDED into image [C,H,W] (the adjoint of <see cref="Lower"/>).</summary>
    public static void Raise(ReadOnlySpan<float> columns, Span<float> image, in ConvGeometry geometry) => throw new NotImplementedException();
}

/// <summary>Row-major single-precision matrix products; <c>accumulate</c> adds into C instead of overwriting it.</summary>
public static class Gemm
{
    /// <summary>C[m,n] (+)= A[m,k] · B[k,n].</summary>
    public static void MultiplyNN(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate) => throw new NotImplementedException();
    /// <summary>C[m,n] (+)= A[m,k] · B[n,k]ᵀ.</summary>
    public static void MultiplyNT(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate) => throw new NotImplementedException();
    /// <summary>C[m,n] (+)= A[k,m]ᵀ · B[k,n].</summary>
    public static void MultiplyTN(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate) => throw new NotImplementedException();
}

/// <summary>Conv2D over a batch (NCHW). An empty <c>bias</c> / <c>biasGradient</c> means no bias; an empty <c>inputGradient</c> skips it (first layer).</summary>
public static class Conv2D
{
    /// <summary>output[n] = W · im2col(input[n]) + b. <c>columns</c> holds at least ColumnRows·ColumnCols floats.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, Span<float> columns, in ConvGeometry geometry, int batch) => throw new NotImplementedException();
    /// <summary>Overwrites weightGradient, biasGradient and inputGradient with the gradients summed over the batch.</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> columns, in ConvGeometry geometry, int batch) => throw new NotImplementedException();
}

/// <summary>Fully connected layer over a batch: y[n] = W x[n] + b with W [outputs, inputs].</summary>
public static class Dense
{
    /// <summary>output [batch, outputs] = input [batch, inputs] · Wᵀ + b.</summary>
    public static void Forward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int inputs, int outputs, int batch) => throw new NotImplementedException();
    /// <summary>Overwrites weightGradient, biasGradient and (unless empty) inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int inputs, int outputs, int batch) => throw new NotImplementedException();
}

/// <summary>Max pooling; padding counts as −∞; <c>argmax</c> records the input index (within the sample) of each output.</summary>
public static class MaxPool2D
{
    /// <summary>Pools and records the winners.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<int> argmax, in PoolGeometry geometry, int batch) => throw new NotImplementedException();
    /// <summary>Overwrites inputGradient: each output gradient goes to its winner.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, in PoolGeometry geometry, int batch) => throw new NotImplementedException();
}

/// <summary>Average pooling with zero padding counted in the divisor (PyTorch default).</summary>
public static class AvgPool2D
{
    /// <summary>Pools.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, in PoolGeometry geometry, int batch) => throw new NotImplementedException();
    /// <summary>Overwrites inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, in PoolGeometry geometry, int batch) => throw new NotImplementedException();
}

/// <summary>Mean over H·W per channel.</summary>
public static class GlobalAvgPool
{
    /// <summary>[batch, C, spatial] → [batch, C].</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int channels, int spatial, int batch) => throw new NotImplementedException();
    /// <summary>Overwrites inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int channels, int spatial, int batch) => throw new NotImplementedException();
}

/// <summary>Element-wise activations; backward overwrites <c>inputGradient</c>. Spans hold the whole batch.</summary>
public static class Activations
{
    /// <summary>y = max(0, x).</summary>
    public static void ReLU(ReadOnlySpan<float> input, Span<float> output) => throw new NotImplementedException();
    /// <summary>dx = dy where y &gt; 0.</summary>
    public static void ReLUBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotImplementedException();
    /// <summary>y = x ≥ 0 ? x : slope·x.</summary>
    public static void LeakyReLU(ReadOnlySpan<float> input, Span<float> output, float slope) => throw new NotImplementedException();
    /// <summary>dx = dy · (x &gt; 0 ? 1 : slope).</summary>
    public static void LeakyReLUBackward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, float slope) => throw new NotImplementedException();
    /// <summary>y = 1 / (1 + e^−x).</summary>
    public static void Sigmoid(ReadOnlySpan<float> input, Span<float> output) => throw new NotImplementedException();
    /// <summary>dx = dy · y(1 − y).</summary>
    public static void SigmoidBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotImplementedException();
    /// <summary>y = tanh x.</summary>
    public static void Tanh(ReadOnlySpan<float> input, Span<float> output) => throw new NotImplementedException();
    /// <summary>dx = dy · (1 − y²).</summary>
    public static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotImplementedException();
    /// <summary>Softmax over each sample's <paramref name="features"/> values (max-subtracted).</summary>
    public static void Softmax(ReadOnlySpan<float> input, Span<float> output, int features, int batch) => throw new NotImplementedException();
    /// <summary>dx = y ⊙ (dy − Σ dy·y) per sample.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int features, int batch) => throw new NotImplementedException();
}

/// <summary>Inverted dropout. The mask holds 0 or 1/(1 − rate) per element.</summary>
public static class Dropout
{
    /// <summary>Draws a new mask from <paramref name="random"/> and applies it: y = x · mask.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, Span<float> mask, float rate, SeededRandom random) => throw new NotImplementedException();
    /// <summary>dx = dy · mask.</summary>
    public static void Backward(ReadOnlySpan<float> mask, ReadOnlySpan<float> outputGradient, Span<float> inputGradient) => throw new NotImplementedException();
}

/// <summary>Batch normalisation over [batch, channels, spatial] (spatial = 1 for 1-D inputs), PyTorch semantics.</summary>
public static class BatchNorm
{
    /// <summary>Normalises with batch statistics (biased variance), saves mean and 1/√(var+ε) for backward, and updates running statistics with momentum (unbiased variance).</summary>
    public static void ForwardTraining(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> runningMean, Span<float> runningVariance, Span<float> savedMean, Span<float> savedInverseStd, int channels, int spatial, int batch, float momentum, float epsilon) => throw new NotImplementedException();
    /// <summary>Normalises with the running statistics.</summary>
    public static void ForwardInference(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, int channels, int spatial, int batch, float epsilon) => throw new NotImplementedException();
    /// <summary>Overwrites gammaGradient, betaGradient and (unless empty) inputGradient.</summary>
    public static void Backward(ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> gamma, ReadOnlySpan<float> savedMean, ReadOnlySpan<float> savedInverseStd, Span<float> gammaGradient, Span<float> betaGradient, Span<float> inputGradient, int channels, int spatial, int batch) => throw new NotImplementedException();
}

/// <summary>Element-wise helpers for residual connections.</summary>
public static class Elementwise
{
    /// <summary>output = a + b.</summary>
    public static void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output) => throw new NotImplementedException();
    /// <summary>target += source.</summary>
    public static void AddInPlace(ReadOnlySpan<float> source, Span<float> target) => throw new NotImplementedException();
}

/// <summary>Loss heads. Each returns the mean loss and overwrites <c>gradient</c> with d(mean loss)/d(prediction).</summary>
public static class Losses
{
    /// <summary>nn.CrossEntropyLoss on logits [batch, classes] with integer labels; mean over the batch.</summary>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int classes, int batch) => throw new NotImplementedException();
    /// <summary>nn.CrossEntropyLoss with class-probability targets [batch, classes]; mean over the batch.</summary>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient, int classes, int batch) => throw new NotImplementedException();
    /// <summary>nn.BCEWithLogitsLoss, mean over elements.</summary>
    public static float BinaryCrossEntropyWithLogits(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradient) => throw new NotImplementedException();
    /// <summary>nn.MSELoss, mean over elements.</summary>
    public static float MeanSquaredError(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient) => throw new NotImplementedException();
    /// <summary>nn.L1Loss, mean over elements (sign(0) = 0).</summary>
    public static float L1(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient) => throw new NotImplementedException();
    /// <summary>nn.SmoothL1Loss with threshold beta, mean over elements.</summary>
    public static float SmoothL1(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, float beta) => throw new NotImplementedException();
}

/// <summary>Weight initialisation with torch.nn.init semantics.</summary>
public static class Initializers
{
    /// <summary>Fills <paramref name="values"/> by <paramref name="scheme"/>; <paramref name="value"/> is the constant, std or bound where the scheme takes one.</summary>
    public static void Fill(Span<float> values, Init scheme, double value, int fanIn, int fanOut, SeededRandom random) => throw new NotImplementedException();
}
