namespace CnnGen.Samples.Generative;

/// <summary>
/// Denoising autoencoder: a strided convolutional encoder to (32, 7, 7), a transposed-convolution decoder back to
/// (1, 28, 28), a sigmoid for pixels in [0, 1], and MSE against the clean digit.
/// </summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Stride = 2, Padding = 1)]
[ReLU]
[Conv2D(32, 3, Stride = 2, Padding = 1)]
[ReLU]
[ConvTranspose2D(16, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[ReLU]
[ConvTranspose2D(1, 3, Stride = 2, Padding = 1, OutputPadding = 1)]
[Sigmoid]
[MeanSquaredError]
public partial class DenoisingAutoencoder;

/// <summary>
/// DCGAN generator: 100 noise values → Dense → Reshape (128, 7, 7) → transposed convolutions with batch norm and ReLU →
/// tanh, a (1, 28, 28) digit in [-1, 1]. Weights start from N(0, 0.02) as in the DCGAN paper. No loss head: it trains
/// through the discriminator, with ForwardTraining and Backward.
/// </summary>
[Network(100)]
[Dense(128 * 7 * 7, Bias = false, Init = Init.Normal, InitValue = 0.02)]
[Reshape(128, 7, 7)]
[BatchNorm]
[ReLU]
[ConvTranspose2D(64, 4, Stride = 2, Padding = 1, Bias = false, Init = Init.Normal, InitValue = 0.02)]
[BatchNorm]
[ReLU]
[ConvTranspose2D(1, 4, Stride = 2, Padding = 1, Bias = false, Init = Init.Normal, InitValue = 0.02)]
[Tanh]
public partial class DcganGenerator;

/// <summary>
/// DCGAN discriminator: strided convolutions with LeakyReLU(0.2), batch norm after every convolution but the first (as
/// in the DCGAN paper), one logit, BinaryCrossEntropy on logits (real = 1).
/// </summary>
[Network(1, 28, 28)]
[Conv2D(64, 4, Stride = 2, Padding = 1, Init = Init.Normal, InitValue = 0.02)]
[LeakyReLU(0.2)]
[Conv2D(128, 4, Stride = 2, Padding = 1, Bias = false, Init = Init.Normal, InitValue = 0.02)]
[BatchNorm]
[LeakyReLU(0.2)]
[Dense(1, Init = Init.Normal, InitValue = 0.02)]
[BinaryCrossEntropy]
public partial class DcganDiscriminator;

/// <summary>
/// A U-Net (Ronneberger et al. 2015) for per-pixel classification of 28×28 digits: an encoder (28 → 14 → 7, two
/// convolutions at 7×7 so each pixel sees most of the digit), a decoder that upsamples with 2×2 stride-2 transposed
/// convolutions, each followed by a Concat skip connection with the encoder features of that size, and a 1×1
/// convolution to 11 logits per pixel (background, digits 0–9); SoftmaxCrossEntropy on the (11, 28, 28) map is
/// <c>nn.CrossEntropyLoss</c> over the channels at every pixel.
/// </summary>
[Network(1, 28, 28)]
[Conv2D(16, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU(Name = "enc1")]                // (16, 28, 28)
[MaxPool2D(2)] [Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU(Name = "enc2")] // (32, 14, 14)
[MaxPool2D(2)] [Conv2D(64, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]                // (64, 7, 7)
[Conv2D(64, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[ConvTranspose2D(32, 2, Stride = 2)] [Concat("enc2")]                                        // (64, 14, 14)
[Conv2D(32, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[ConvTranspose2D(16, 2, Stride = 2)] [Concat("enc1")]                                        // (32, 28, 28)
[Conv2D(16, 3, Padding = 1, Bias = false)] [BatchNorm] [ReLU]
[Conv2D(11, 1)]                                                                              // (11, 28, 28): logits per pixel
[SoftmaxCrossEntropy]
public partial class DigitUNet;
