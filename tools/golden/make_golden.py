#!/usr/bin/python3
"""Golden fixtures for CnnGen: PyTorch twins of small CnnGen networks.

Run with Debian's interpreter (torch 1.13 + numpy):  /usr/bin/python3 tools/golden/make_golden.py

Each network is declared ONCE below, as a list of layers mirroring the CnnGen attributes. From that one list the
script builds the PyTorch twin AND writes the C# declaration (Tests/CnnGen.Runtime.Tests/Golden/GoldenNetworks.cs),
so the two cannot disagree. For every network it writes Tests/CnnGen.Runtime.Tests/Golden/Fixtures/<Name>.json:

  name, batch, inputShape, input (flat NCHW), labels | targets (flat), parameters (flat, CnnGen layout = for each layer
  its state_dict tensors in order), state (BatchNorm running_mean then running_var per layer), forward (eval mode),
  probabilities (softmax over classes for a SoftmaxCrossEntropy head, sigmoid for BinaryCrossEntropy, eval mode),
  loss + gradients + stateAfterGradients (train mode, one ComputeGradients from the initial values),
  optimizer {kind, hyper-parameters}, steps: 3 x {loss, parameters, state} (zero_grad, forward, backward, step on the
  same batch, starting again from the initial parameters and state), forwardAfterSteps (eval mode);
  chainOutputGradient, chainOutput, chainInputGradient, chainGradients, chainState: the chaining API from the initial
  values (train mode, loss head not applied): out = twin(x); out.backward(chainOutputGradient); x.grad and the
  parameter gradients (CnnGen's ForwardTraining then Backward).

Values: inputs, parameters and state are drawn as float32 and the reference is computed in float64 from exactly those
values, so the fixture is the exact answer (to ~1e-15) and the C# test measures only CnnGen's float32 error. The
script also reruns every twin in float32 and asserts that PyTorch's own float32 answers meet the C# tolerance
(1e-4 + 2e-3*|reference|): the bound is attainable by a float32 implementation, not a guess.
Networks with Dropout are compared in eval mode only (PyTorch's dropout masks cannot be reproduced), so they carry no
training or chain section. Networks without a loss head (the Chain* ones) carry no training section. Layers that feed a BatchNorm have no bias: that bias has a zero gradient in exact arithmetic, and
the float noise CnnGen computes instead would be amplified by normalising optimizers (Adam, RmsProp, AdaGrad) into
steps of size lr with a random sign. For the same reason the script refuses a fixture where a normalising optimizer
meets a gradient that is nonzero but tiny.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GOLDEN = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Golden")
FIXTURES = os.path.join(GOLDEN, "Fixtures")
STEPS = 3


def L(kind, *args, **kwargs):
    """One layer, spelled like the C# attribute: L("Conv2D", 4, 3, Stride=2, Padding=1)."""
    return (kind, args, kwargs)


# name, input shape, batch, layers (the last one is the loss head), optimizer (kind, C# named arguments).
NETWORKS = [
    ("GoldenConvStride", (3, 8, 8), 3,
     [L("Conv2D", 4, 3, Stride=2, Padding=1), L("ReLU"), L("Dense", 5), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1))),
    ("GoldenConvNoBiasMaxPoolPadded", (2, 9, 9), 2,
     [L("Conv2D", 3, 3, Bias=False), L("Tanh"), L("MaxPool2D", 3, Stride=2, Padding=1), L("Flatten"),
      L("Dense", 4, Bias=False), L("MeanSquaredError")],
     ("Sgd", dict(learningRate=0.05, momentum=0.9))),
    ("GoldenLeakyNesterov", (1, 10, 10), 4,
     [L("Conv2D", 4, 3), L("LeakyReLU", 0.1), L("MaxPool2D", 2), L("Dense", 6), L("Sigmoid"), L("Dense", 3),
      L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9, nesterov=True, weightDecay=0.05))),
    ("GoldenAvgPoolPaddedBce", (2, 8, 8), 3,
     [L("Conv2D", 3, 3, Padding=1), L("ReLU"), L("AvgPool2D", 3, Stride=2, Padding=1), L("GlobalAvgPool"),
      L("Dense", 2), L("BinaryCrossEntropy")],
     ("AdaGrad", dict(learningRate=0.05))),
    ("GoldenBatchNorm2D", (2, 6, 6), 4,
     [L("Conv2D", 4, 3, Bias=False), L("BatchNorm"), L("ReLU"), L("GlobalAvgPool"), L("Dense", 3),
      L("SoftmaxCrossEntropy")],
     ("Adam", dict(learningRate=0.01))),
    ("GoldenBatchNorm1DSmoothL1", (6,), 4,
     [L("Dense", 8, Bias=False), L("BatchNorm", Momentum=0.2, Epsilon=1e-3), L("Tanh"), L("Dense", 2),
      L("SmoothL1Loss", Beta=0.5)],
     ("RmsProp", dict(learningRate=0.01))),
    ("GoldenResidualL1", (2, 6, 6), 2,
     [L("Conv2D", 3, 3, Padding=1), L("ReLU", Name="skip"), L("Conv2D", 3, 3, Padding=1), L("Tanh"),
      L("Conv2D", 3, 3, Padding=1), L("Add", "skip"), L("ReLU"), L("Flatten"), L("Dense", 4), L("L1Loss")],
     ("AdamW", dict(learningRate=0.01, weightDecay=0.5))),
    ("GoldenSoftmaxMse", (5,), 3,
     [L("Dense", 6), L("Sigmoid"), L("Dense", 4), L("Softmax"), L("MeanSquaredError")],
     ("Adam", dict(learningRate=0.05, beta1=0.8, beta2=0.99, epsilon=1e-6, weightDecay=0.1))),
    ("GoldenMlpDampenedBce", (4,), 3,
     [L("Dense", 5, Bias=False), L("LeakyReLU", 0.2), L("Dense", 3), L("BinaryCrossEntropy")],
     ("Sgd", dict(learningRate=0.2, momentum=0.5, dampening=0.1, weightDecay=0.05))),
    ("GoldenRmsPropMomentum", (1, 7, 7), 2,
     [L("Conv2D", 2, 2), L("Sigmoid"), L("AvgPool2D", 2, Stride=1), L("Flatten"), L("Dense", 3), L("Tanh"),
      L("Dense", 2), L("SmoothL1Loss")],
     ("RmsProp", dict(learningRate=0.01, alpha=0.9, epsilon=1e-6, weightDecay=0.1, momentum=0.5))),
    ("GoldenDeepBatchNormAdam", (1, 8, 8), 4,
     [L("Conv2D", 3, 3, Padding=1, Bias=False), L("BatchNorm"), L("ReLU"), L("MaxPool2D", 2),
      L("Conv2D", 4, 3, Stride=1, Padding=1), L("ReLU"), L("Flatten"), L("Dense", 6, Bias=False), L("BatchNorm"),
      L("ReLU"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Adam", dict(learningRate=0.01, weightDecay=0.05))),
    # Dropout: eval-mode forward only (PyTorch's masks cannot be reproduced); its training path is gradient-checked.
    ("GoldenDropoutInference", (1, 8, 8), 3,
     [L("Conv2D", 2, 3), L("ReLU"), L("Dropout", 0.3), L("Flatten"), L("Dense", 10), L("Dropout", 0.5),
      L("Dense", 3), L("SoftmaxCrossEntropy")],
     None),
    # DeepConvNet's blocks: ReLUs fused into the next convolution's backward, into the convolution before them, and
    # into a max pooling, all checked against PyTorch's separate layers.
    ("GoldenConvBlocks", (1, 8, 8), 3,
     [L("Conv2D", 3, 3, Padding=1), L("ReLU"), L("Conv2D", 3, 3, Padding=1), L("ReLU"), L("MaxPool2D", 2),
      L("Conv2D", 4, 3, Padding=1), L("ReLU"), L("Conv2D", 4, 3, Padding=1), L("ReLU"), L("MaxPool2D", 2),
      L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.05, momentum=0.9))),
    # DESIGN §2b's Tiny at a quarter of its widths: a projection shortcut from the input, an Add of two named layers, a
    # ReLU read by two branches (its gradient is a sum), a max pooling reading it through Input, and a Concat.
    ("GoldenTinyGraph", (4, 8, 8), 4,
     [L("Conv2D", 8, 3, Stride=2, Padding=1, Bias=False, Name="c1"), L("BatchNorm"), L("ReLU"),
      L("Conv2D", 8, 3, Padding=1, Bias=False), L("BatchNorm", Name="main"),
      L("Conv2D", 8, 1, Stride=2, Bias=False, Input="input", Name="proj"), L("BatchNorm", Name="projbn"),
      L("Add", "main", "projbn"), L("ReLU", Name="block"),
      L("Conv2D", 2, 1, Input="block", Name="b1"),
      L("MaxPool2D", 3, Stride=1, Padding=1, Input="block"), L("Conv2D", 2, 1, Name="b2"),
      L("Concat", "b1", "b2"), L("GlobalAvgPool"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.05, momentum=0.9))),
    # The shorthands and sums of three: 't' is read by three layers (two of them write a scratch that is added), an Add
    # of three, a one-name Concat (previous layer then 't'), a Flatten read by two Dense layers, a Concat of vectors.
    # Smooth layers only (AvgPool, Tanh, Sigmoid), so the finite-difference check meets no kink.
    ("GoldenGraphSums", (2, 6, 6), 3,
     [L("Conv2D", 3, 3, Padding=1, Name="stem"), L("Tanh", Name="t"),
      L("Conv2D", 3, 3, Padding=1, Name="a"), L("Conv2D", 3, 1, Input="t", Name="b"),
      L("AvgPool2D", 3, Stride=1, Padding=1, Input="t", Name="p"),
      L("Add", "a", "b", "p", Name="sum"), L("Concat", "t"), L("Flatten", Name="f"),
      L("Dense", 3, Name="d1"), L("Dense", 2, Input="f", Name="d2"), L("Concat", "d1", "d2"), L("Sigmoid"),
      L("Dense", 3), L("MeanSquaredError")],
     ("Sgd", dict(learningRate=0.1, momentum=0.5))),
    # No loss head: trained through ForwardTraining/Backward. Layers without parameters come first, so their backward
    # only serves the input gradient; the ReLU before the convolution is folded into its backward.
    ("GoldenChainStem", (1, 8, 8), 3,
     [L("AvgPool2D", 2), L("ReLU"), L("Conv2D", 2, 3, Padding=1), L("Flatten"), L("Dense", 4), L("Tanh")],
     None),
    # A max pooling first, then a 2-D batch norm whose input gradient is the only one that needs the pooling's.
    ("GoldenChainPoolBatchNorm", (2, 6, 6), 4,
     [L("MaxPool2D", 2), L("BatchNorm"), L("LeakyReLU", 0.2), L("Conv2D", 3, 2), L("GlobalAvgPool"), L("Softmax")],
     None),
    # A leading Flatten aliases the input; a 1-D batch norm first writes the caller's input gradient directly.
    ("GoldenChainFlattenFirst", (2, 3, 3), 2,
     [L("Flatten"), L("Dense", 4, Bias=False), L("Sigmoid"), L("Dense", 3)],
     None),
    ("GoldenChainBatchNorm1DFirst", (5,), 3,
     [L("BatchNorm"), L("Dense", 4), L("ReLU"), L("Dense", 2)],
     None),
    # Reshape (nn.Unflatten) lets a Dense output feed a convolution, as a DCGAN generator's first layers do; a second
    # one views an image as another image.
    ("GoldenChainReshape", (6,), 3,
     [L("Dense", 18), L("Reshape", 2, 3, 3), L("Conv2D", 4, 2), L("ReLU"), L("Reshape", 1, 4, 4), L("AvgPool2D", 2),
      L("Flatten"), L("Dense", 2)],
     None),
    # The DCGAN sample's two networks in miniature (Samples/Generative): a generator without a loss head (Dense →
    # Reshape → transposed convolutions 4x4 stride 2 with batch norm → tanh) and a discriminator (strided 4x4
    # convolutions, LeakyReLU 0.2, one logit, BCE on logits) whose x.grad is what trains the generator.
    ("GoldenChainDcganGenerator", (8,), 4,
     [L("Dense", 18, Bias=False), L("Reshape", 2, 3, 3), L("BatchNorm"), L("ReLU"),
      L("ConvTranspose2D", 3, 4, Stride=2, Padding=1, Bias=False), L("BatchNorm"), L("ReLU"),
      L("ConvTranspose2D", 1, 4, Stride=2, Padding=1, Bias=False), L("Tanh")],
     None),
    ("GoldenChainDcganDiscriminator", (1, 12, 12), 4,
     [L("Conv2D", 3, 4, Stride=2, Padding=1), L("LeakyReLU", 0.2), L("Conv2D", 4, 4, Stride=2, Padding=1),
      L("LeakyReLU", 0.2), L("Dense", 1), L("BinaryCrossEntropy")],
     ("Adam", dict(learningRate=2e-4, beta1=0.5))),
    # The network input read by three layers: the gradients of the convolution and the Add go through the input's skip
    # buffer (the convolution's through the scratch) and are added after the pooling's, which only runs for x.grad.
    ("GoldenChainInputReaders", (2, 4, 4), 3,
     [L("MaxPool2D", 3, Stride=1, Padding=1, Name="p"), L("Conv2D", 2, 3, Padding=1, Input="input", Name="c"),
      L("Add", "p", "c"), L("Add", "input"), L("Tanh")],
     None),
    # Graph networks over the graph-layer kinds (DESIGN §2b); together with the two above, eight graph networks.
    # A MobileNet block: grouped and depthwise convolutions with ReLU6, added to a 1x1 stride-2 projection of the input.
    ("GoldenDepthwiseProjection", (4, 7, 7), 3,
     [L("Conv2D", 8, 3, Padding=1, Groups=2, Bias=False), L("BatchNorm"), L("ReLU6"),
      L("Conv2D", 8, 3, Stride=2, Padding=1, Groups=8, Bias=False), L("BatchNorm"), L("ReLU6"),
      L("Conv2D", 6, 1, Bias=False), L("BatchNorm", Name="pw"),
      L("Conv2D", 6, 1, Stride=2, Bias=False, Input="input"), L("BatchNorm", Name="proj"),
      L("Add", "pw", "proj"), L("ReLU6"), L("GlobalAvgPool"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Adam", dict(learningRate=0.01))),
    # Dilated and plain convolutions in three branches with ELU, GELU and SiLU, joined by an Add of three.
    ("GoldenDilatedActivationsSum", (2, 8, 8), 3,
     [L("Conv2D", 3, 3, Padding=2, Dilation=2, Name="d"), L("ELU", 0.5, Name="e"),
      L("Conv2D", 3, 3, Padding=1, Input="input"), L("GELU", Name="g"),
      L("Conv2D", 3, 3, Padding=3, Dilation=3, Groups=1, Input="input"), L("SiLU", Name="s"),
      L("Add", "e", "g", "s"), L("ELU"), L("Flatten"), L("Dense", 3), L("MeanSquaredError")],
     ("Sgd", dict(learningRate=0.05, momentum=0.9))),
    # A U-Net step: encoder, a strided transposed convolution with output padding back to the encoder's size, a Concat
    # skip connection, nearest upsampling and a dilated grouped convolution.
    ("GoldenTransposedUNet", (2, 7, 7), 2,
     [L("Conv2D", 4, 3, Padding=1, Name="enc"), L("ReLU", Name="e1"), L("Conv2D", 6, 3, Stride=2, Padding=1),
      L("Tanh"), L("ConvTranspose2D", 4, 3, Stride=2, Padding=1, OutputPadding=0, Name="up"), L("Concat", "e1"),
      L("ConvTranspose2D", 3, 2, Stride=2, Padding=1, OutputPadding=1, Bias=False), L("Upsample", 2),
      L("Conv2D", 4, 3, Stride=2, Dilation=2, Groups=1), L("Flatten"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.05, momentum=0.9))),
    # Bilinear and nearest upsampling of the same features, Hardswish, joined by a Concat of three (one of them Input).
    ("GoldenUpsampleConcat", (2, 4, 5), 3,
     [L("Conv2D", 3, 3, Padding=1, Name="c"), L("Hardswish", Name="h"),
      L("Upsample", 2, Bilinear=True, Name="bil"), L("Upsample", 2, Input="h", Name="near"),
      L("Upsample", 2, Bilinear=True, Input="input", Name="raw"), L("Concat", "bil", "near", "raw"),
      L("Conv2D", 4, 3, Stride=2), L("Hardswish"), L("Flatten"), L("Dense", 3), L("SmoothL1Loss")],
     ("Sgd", dict(learningRate=0.1, nesterov=True, momentum=0.9))),
    # Ceil-mode max and average pooling (average without the padding in its divisor) on parallel branches, reduced to
    # vectors and concatenated.
    ("GoldenCeilPoolBranches", (3, 9, 9), 3,
     [L("Conv2D", 4, 3, Padding=1, Name="c"), L("Tanh", Name="t"),
      L("MaxPool2D", 2, Stride=2, CeilMode=True), L("Conv2D", 3, 3, Padding=1), L("GlobalAvgPool", Name="m"),
      L("AvgPool2D", 3, Stride=2, Padding=1, CeilMode=True, CountIncludePad=False, Input="t"),
      L("AvgPool2D", 2, Stride=2, CeilMode=True), L("Flatten", Name="a"),
      L("MaxPool2D", 3, Stride=3, Padding=1, CeilMode=True, Input="c"), L("Flatten", Name="x"),
      L("Concat", "m", "a", "x"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.5))),
    # Dropout2D at rate 0 (its training path is the identity, so it is comparable), SiLU and an Add of four.
    ("GoldenDropout2DAddFour", (3, 6, 6), 2,
     [L("Conv2D", 4, 3, Padding=1, Name="a"), L("SiLU", Name="s"), L("Dropout2D", 0.0, Name="dr"),
      L("Conv2D", 4, 1, Input="input", Name="b"), L("Conv2D", 4, 3, Padding=2, Dilation=2, Input="s", Name="c"),
      L("Add", "dr", "b", "c", "a"), L("GELU"), L("GlobalAvgPool"), L("Dense", 2), L("BinaryCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9, weightDecay=0.01))),
    # Dropout2D at rate 0.4 in eval mode only (PyTorch's channel masks cannot be reproduced).
    ("GoldenDropout2DInference", (2, 5, 5), 3,
     [L("Conv2D", 4, 3, Padding=1), L("ReLU6"), L("Dropout2D", 0.4), L("Conv2D", 3, 3), L("Flatten"), L("Dense", 3),
      L("SoftmaxCrossEntropy")],
     None),
    # The zoo's activations (DESIGN §2c): Mish after a convolution, a Hardsigmoid gate on a parallel branch, joined by an
    # Add; inputs scaled so that the gate's ±3 kinks and Mish's negative side are crossed.
    ("GoldenGatesMish", (2, 6, 6), 3,
     [L("Conv2D", 4, 3, Padding=1, Name="c"), L("Mish", Name="m"), L("Conv2D", 4, 3, Padding=1, Input="input"),
      L("Hardsigmoid", Name="h"), L("Add", "m", "h"), L("Mish"), L("Flatten"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Adam", dict(learningRate=0.01))),
    # Global max pooling beside global average pooling of the same features, concatenated (a CBAM-style descriptor).
    ("GoldenGlobalMaxAvg", (3, 7, 6), 3,
     [L("Conv2D", 5, 3, Padding=1, Name="c"), L("Tanh", Name="t"), L("GlobalMaxPool", Name="gmax"),
      L("GlobalAvgPool", Input="t", Name="gavg"), L("Concat", "gmax", "gavg"), L("Dense", 3), L("MeanSquaredError")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9))),
    # --- zoo geometry (DESIGN §2c) ---
    # Rectangular windows, strides, paddings and dilations: Inception-v3's 1x5/5x1 pair, a 3x2 max pool with its own
    # strides, a 2x3 transposed convolution, a height-dilated 3x2 convolution and a 2x1 average pool leaving padding out.
    ("GoldenRectangular", (3, 9, 8), 2,
     [L("Conv2D", 4, 1, 5, PaddingWidth=2), L("ReLU"), L("Conv2D", 4, 5, 1, PaddingHeight=2, StrideWidth=2), L("Tanh"),
      L("MaxPool2D", 3, 2, StrideHeight=2, StrideWidth=1, PaddingHeight=1),
      L("ConvTranspose2D", 3, 2, 3, StrideHeight=2, PaddingWidth=1), L("Conv2D", 4, 3, 2, DilationHeight=2),
      L("AvgPool2D", 2, 1, PaddingHeight=1, CountIncludePad=False), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9))),
    # EfficientNet's TF-style "same" padding: an asymmetric ZeroPad2D before a stride-2 convolution, and a uniform one
    # read by a branch that skips it.
    ("GoldenZeroPad", (2, 7, 6), 2,
     [L("ZeroPad2D", 0, 1, 1, 1, Name="pad"), L("Conv2D", 4, 3, Stride=2, Name="c"), L("Tanh"), L("ZeroPad2D", 1, Name="p1"),
      L("Conv2D", 3, 3, Name="c2"), L("Dense", 3, Name="d2"), L("ZeroPad2D", 2, 0, 0, 1, Input="c"), L("Dense", 3, Name="d1"),
      L("Add", "d1", "d2"), L("MeanSquaredError")],
     ("Adam", dict(learningRate=0.01))),
    # Squeeze-and-excitation's AdaptiveAvgPool2D(1) into a 1x1 convolution, and adaptive average and max pooling to 3x2
    # over a 7x5 map (overlapping windows of unequal size), concatenated.
    ("GoldenAdaptivePools", (3, 7, 5), 2,
     [L("Conv2D", 4, 3, Padding=1, Name="c"), L("Tanh", Name="t"), L("AdaptiveAvgPool2D", 1, Name="se"), L("Conv2D", 3, 1, Name="sq"),
      L("ReLU"), L("Dense", 3, Name="d1"), L("AdaptiveMaxPool2D", 3, 2, Input="t", Name="am"), L("AdaptiveAvgPool2D", 3, 2, Input="t", Name="aa"),
      L("Concat", "am", "aa"), L("Dense", 3, Name="d2"), L("Add", "d1", "d2"), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9))),
    # A ShuffleNetV2 unit: chunk as two Narrows of one map, a branch on the second half, concatenation, channel shuffle;
    # and a Narrow of a vector.
    ("GoldenShuffleUnit", (4, 5, 4), 2,
     [L("Conv2D", 8, 1, Name="c"), L("Narrow", 0, 4, Name="x1"), L("Narrow", 4, 4, Input="c", Name="x2"), L("Conv2D", 4, 3, Padding=1),
      L("Tanh", Name="b"), L("Concat", "x1", "b"), L("ChannelShuffle", 2), L("Dense", 6), L("Narrow", 1, 3), L("SoftmaxCrossEntropy")],
     ("Adam", dict(learningRate=0.01))),
    # Per-pixel classification: SoftmaxCrossEntropy on a (3, 6, 8) output is cross_entropy over the channels at each
    # pixel with an (N, H, W) mask, mean over every pixel; a pooling and an upsampling make it a tiny encoder-decoder.
    ("GoldenPerPixelCrossEntropy", (2, 6, 8), 2,
     [L("Conv2D", 4, 3, Padding=1), L("ReLU"), L("MaxPool2D", 2), L("Conv2D", 4, 3, Padding=1), L("ReLU"),
      L("Upsample", 2), L("Conv2D", 3, 3, Padding=1, Name="logits"), L("SoftmaxCrossEntropy")],
     ("Adam", dict(learningRate=0.01))),
]

# The products, learnable scales and normalisations of DESIGN §2c. Drawn from seeds of their own (index + 500), so
# either list can grow without redrawing the other's fixtures.
PRODUCT_NORM_NETWORKS = [
    # Squeeze-and-excitation: an image times a (C) gate, a (C, 1, 1) gate times an image (factor first), then a product
    # of two images; 'c' is read by three layers, so one product's gradient of it goes through the scratch.
    ("GoldenMultiplyGates", (3, 6, 5), 3,
     [L("Conv2D", 4, 3, Padding=1, Name="c"), L("GlobalAvgPool", Name="g"), L("Dense", 4, Name="fc"),
      L("Sigmoid", Name="gate"), L("Multiply", "c", "gate", Name="se"), L("Reshape", 4, 1, 1, Input="gate", Name="gate3"),
      L("Multiply", "gate3", "se", Name="se2"), L("Multiply", "se2", "c", Name="sq"), L("Flatten"), L("Dense", 3),
      L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9))),
    # PReLU with one slope per channel, shared, and per feature; Scale on an image ((C, 1, 1), ConvNeXt's layer_scale)
    # and on a vector.
    ("GoldenPReLUScale", (3, 6, 5), 3,
     [L("Conv2D", 4, 3, Padding=1), L("PReLU", Channels=4), L("Scale", InitValue=0.5, Name="ls"), L("Conv2D", 3, 3),
      L("PReLU"), L("GlobalAvgPool"), L("Dense", 6), L("PReLU", Channels=6), L("Scale"), L("Dense", 3),
      L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9))),
    # StochasticDepth at p = 0 on a residual branch (its training path is then the identity, so it is comparable) ...
    ("GoldenStochasticDepthResidual", (3, 5, 5), 3,
     [L("Conv2D", 4, 3, Padding=1, Name="stem"), L("Conv2D", 4, 3, Padding=1), L("Tanh"), L("StochasticDepth", 0.0),
      L("Add", "stem"), L("Flatten"), L("Dense", 3), L("MeanSquaredError")],
     ("Sgd", dict(learningRate=0.02))),
    # ... and at p = 0.4 in eval mode only (torchvision's draws cannot be reproduced; the training path is gradient-checked).
    ("GoldenStochasticDepthInference", (3, 5, 5), 3,
     [L("Conv2D", 4, 3, Padding=1, Name="stem"), L("Conv2D", 4, 3, Padding=1), L("StochasticDepth", 0.4),
      L("Add", "stem"), L("Flatten"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     None),
    # LayerNorm per position on an image (torchvision's LayerNorm2d) and on a vector, GroupNorm on an image and on a
    # vector, InstanceNorm with and without the affine.
    ("GoldenNorms", (4, 5, 5), 3,
     [L("Conv2D", 6, 3, Padding=1), L("LayerNorm"), L("Tanh"), L("GroupNorm", 3, Epsilon=1e-3), L("SiLU"),
      L("InstanceNorm", Affine=True), L("Conv2D", 4, 3), L("InstanceNorm"), L("Tanh"), L("GlobalAvgPool"), L("Dense", 6),
      L("LayerNorm", Epsilon=1e-4), L("Tanh"), L("GroupNorm", 2), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.1, momentum=0.9))),
    # ConvNeXt's block: depthwise 7x7 (here 3x3), LayerNorm per position, a per-position Linear to 4C, GELU, back to C,
    # layer scale, stochastic depth (p = 0), residual Add.
    ("GoldenConvNeXtBlock", (4, 5, 5), 3,
     [L("Conv2D", 4, 3, Padding=1, Name="stem"), L("Conv2D", 4, 3, Padding=1, Groups=4), L("LayerNorm"),
      L("Dense", 16, Flatten=False), L("GELU"), L("Dense", 4, Flatten=False, Bias=False), L("Scale", InitValue=0.5),
      L("StochasticDepth", 0.0), L("Add", "stem"), L("GlobalAvgPool"), L("Dense", 3), L("SoftmaxCrossEntropy")],
     ("Sgd", dict(learningRate=0.05, momentum=0.9))),
]
SEED_OFFSETS = [(0, NETWORKS), (500, PRODUCT_NORM_NETWORKS)]

# Layers without parameters or options: the PyTorch function each one is.
FUNCTIONS = {
    "ReLU": F.relu, "ReLU6": F.relu6, "GELU": F.gelu, "SiLU": F.silu, "Hardswish": F.hardswish,
    "Hardsigmoid": F.hardsigmoid, "Mish": F.mish,
    "GlobalMaxPool": lambda x: torch.flatten(F.adaptive_max_pool2d(x, 1), 1),
    "Sigmoid": torch.sigmoid, "Tanh": torch.tanh, "Softmax": lambda x: F.softmax(x, dim=1),
    "GlobalAvgPool": lambda x: x.mean(dim=(2, 3)), "Flatten": lambda x: torch.flatten(x, 1),
}
# Layers without parameters that are modules in the twin (options in the constructor), called on their input.
MODULES = {"ZeroPad2D", "AdaptiveAvgPool2D", "AdaptiveMaxPool2D", "Narrow", "ChannelShuffle"}


class Narrow(nn.Module):
    """torch.narrow(x, 1, start, length) as a module (no parameters)."""

    def __init__(self, start, length):
        super().__init__()
        self.start, self.length = start, length

    def forward(self, x):
        return torch.narrow(x, 1, self.start, self.length)


class ChannelShuffle(nn.Module):
    """nn.ChannelShuffle as torchvision's shufflenetv2 writes it (torch 1.13's nn.ChannelShuffle has no backward)."""

    def __init__(self, groups):
        super().__init__()
        self.groups = groups

    def forward(self, x):
        n, c, h, w = x.shape
        return x.view(n, self.groups, c // self.groups, h, w).transpose(1, 2).reshape(n, c, h, w)
LOSSES = {"SoftmaxCrossEntropy", "BinaryCrossEntropy", "MeanSquaredError", "L1Loss", "SmoothL1Loss"}
NORMALISING = {"AdaGrad", "RmsProp", "Adam", "AdamW"}


def csharp_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value + '"'
    return repr(value)


def csharp_attribute(kind, args, kwargs):
    parts = [csharp_value(a) for a in args] + [f"{k} = {csharp_value(v)}" for k, v in kwargs.items()]
    return f"[{kind}({', '.join(parts)})]" if parts else f"[{kind}]"


def csharp_declaration(name, shape, layers):
    lines = [f"[Network({', '.join(str(s) for s in shape)})]"]
    lines += [csharp_attribute(*layer) for layer in layers]
    lines.append(f"public partial class {name};")
    return "\n".join(lines)


def window(sizes):
    """A kernel as written: (k) is square, (kernelHeight, kernelWidth) rectangular; as PyTorch's (height, width)."""
    return (sizes[0], sizes[0]) if len(sizes) == 1 else tuple(sizes)


def axes(kwargs, name, default):
    """Stride, Padding or Dilation as a (height, width) pair: the square argument, overridden per axis by
    NameHeight / NameWidth, as the C# attributes read them; `default` is the pair when nothing is written."""
    square = kwargs.get(name)
    return (kwargs.get(name + "Height", default[0] if square is None else square),
            kwargs.get(name + "Width", default[1] if square is None else square))


def shape_after(module, shape):
    """The per-sample output shape of a convolution, pooling or upsampling: PyTorch's own size rule, run on zeros."""
    with torch.no_grad():
        return tuple(module.double()(torch.zeros((1,) + tuple(shape), dtype=torch.float64)).shape[1:])


class LayerScale(nn.Module):
    """torchvision ConvNeXt's layer_scale: a (C, 1, 1) factor on an image, (C) on a vector."""

    def __init__(self, shape, init):
        super().__init__()
        self.layer_scale = nn.Parameter(torch.full((shape[0], 1, 1) if len(shape) == 3 else (shape[0],), init))

    def forward(self, x):
        return x * self.layer_scale


class ChannelsLastLinear(nn.Linear):
    """nn.Linear at each position of an image, after a channels-last permute (ConvNeXt's pwconv1/pwconv2)."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class LayerNorm2d(nn.LayerNorm):
    """torchvision's LayerNorm2d (ConvNeXt): nn.LayerNorm over the channels at each position."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class Twin(nn.Module):
    """The PyTorch twin of one CnnGen declaration (float64)."""

    def __init__(self, shape, layers):
        super().__init__()
        self.steps = []          # (kind, module or None, options, name)
        self.loss = None
        self.loss_kind = None
        counts = {}
        shapes = {"input": tuple(shape)}
        previous = "input"
        self.stateful = nn.ModuleList()
        for kind, args, kwargs in layers:
            counts[kind] = counts.get(kind, 0) + 1
            name = kwargs.get("Name", f"{kind.lower()}{counts[kind]}")
            # What the layer reads: Input (or the previous layer), and for Add/Concat the names in `from`.
            first = kwargs.get("Input", previous)
            sources = ([first, args[0]] if len(args) == 1 else list(args)) if kind in ("Add", "Concat", "Multiply") else [first]
            current = shapes[sources[0]]
            module = None
            if kind == "Conv2D":
                filters, kernel = args[0], window(args[1:])
                module = nn.Conv2d(current[0], filters, kernel, axes(kwargs, "Stride", (1, 1)), axes(kwargs, "Padding", (0, 0)),
                                   dilation=axes(kwargs, "Dilation", (1, 1)), groups=kwargs.get("Groups", 1),
                                   bias=kwargs.get("Bias", True))
                current = shape_after(module, current)
            elif kind == "ConvTranspose2D":
                filters, kernel = args[0], window(args[1:])
                module = nn.ConvTranspose2d(current[0], filters, kernel, axes(kwargs, "Stride", (1, 1)), axes(kwargs, "Padding", (0, 0)),
                                            output_padding=kwargs.get("OutputPadding", 0), bias=kwargs.get("Bias", True))
                current = shape_after(module, current)
            elif kind == "Upsample":
                module = nn.Upsample(scale_factor=args[0], mode="bilinear" if kwargs.get("Bilinear") else "nearest",
                                     align_corners=False if kwargs.get("Bilinear") else None)
                current = shape_after(module, current)
            elif kind == "Dense" and not kwargs.get("Flatten", True) and len(current) == 3:
                module = ChannelsLastLinear(current[0], args[0], bias=kwargs.get("Bias", True))
                current = (args[0],) + current[1:]
            elif kind == "Dense":
                features = int(np.prod(current))
                module = nn.Linear(features, args[0], bias=kwargs.get("Bias", True))
                current = (args[0],)
            elif kind in ("MaxPool2D", "AvgPool2D"):
                size = window(args)
                stride, padding = axes(kwargs, "Stride", size), axes(kwargs, "Padding", (0, 0))
                ceil = kwargs.get("CeilMode", False)
                module = (nn.MaxPool2d(size, stride, padding, ceil_mode=ceil) if kind == "MaxPool2D" else
                          nn.AvgPool2d(size, stride, padding, ceil_mode=ceil,
                                       count_include_pad=kwargs.get("CountIncludePad", True)))
                current = shape_after(module, current)
            elif kind == "ZeroPad2D":
                module = nn.ZeroPad2d(tuple(args) if len(args) == 4 else args[0])
                current = shape_after(module, current)
            elif kind == "Narrow":
                module = Narrow(*args)
                current = shape_after(module, current)
            elif kind == "ChannelShuffle":
                module = ChannelShuffle(args[0])
                current = shape_after(module, current)
            elif kind in ("AdaptiveAvgPool2D", "AdaptiveMaxPool2D"):
                size = window(args)
                module = nn.AdaptiveAvgPool2d(size) if kind == "AdaptiveAvgPool2D" else nn.AdaptiveMaxPool2d(size)
                current = shape_after(module, current)
            elif kind == "Concat":
                current = (sum(shapes[s][0] for s in sources),) + current[1:]
            elif kind == "Multiply":
                current = max((shapes[s] for s in sources), key=lambda s: (len(s), int(np.prod(s))))
            elif kind in ("GlobalAvgPool", "GlobalMaxPool"):
                current = (current[0],)
            elif kind == "Flatten":
                current = (int(np.prod(current)),)
            elif kind == "Reshape":
                module = nn.Unflatten(1, tuple(args))
                current = tuple(args)
            elif kind == "BatchNorm":
                bn = nn.BatchNorm2d if len(current) == 3 else nn.BatchNorm1d
                module = bn(current[0], eps=kwargs.get("Epsilon", 1e-5), momentum=kwargs.get("Momentum", 0.1))
            elif kind == "LeakyReLU":
                module = nn.LeakyReLU(args[0] if args else 0.01)
            elif kind == "PReLU":
                module = nn.PReLU(kwargs.get("Channels", 1), init=kwargs.get("InitValue", 0.25))
            elif kind == "Scale":
                module = LayerScale(current, kwargs.get("InitValue", 1e-6))
            elif kind == "Dropout":
                module = nn.Dropout(args[0])
            elif kind == "Dropout2D":
                module = nn.Dropout2d(args[0])
            elif kind == "LayerNorm":
                module = (LayerNorm2d if len(current) == 3 else nn.LayerNorm)(current[0], eps=kwargs.get("Epsilon", 1e-5))
            elif kind == "GroupNorm":
                module = nn.GroupNorm(args[0], current[0], eps=kwargs.get("Epsilon", 1e-5))
            elif kind == "InstanceNorm":
                module = nn.InstanceNorm2d(current[0], eps=kwargs.get("Epsilon", 1e-5), affine=kwargs.get("Affine", False))
            elif kind == "StochasticDepth":
                module = torchvision.ops.StochasticDepth(args[0], "row")
            elif kind == "ELU":
                module = nn.ELU(args[0] if args else 1.0)
            elif kind == "SoftmaxCrossEntropy":
                self.loss = nn.CrossEntropyLoss()
            elif kind == "BinaryCrossEntropy":
                self.loss = nn.BCEWithLogitsLoss()
            elif kind == "MeanSquaredError":
                self.loss = nn.MSELoss()
            elif kind == "L1Loss":
                self.loss = nn.L1Loss()
            elif kind == "SmoothL1Loss":
                self.loss = nn.SmoothL1Loss(beta=kwargs.get("Beta", 1.0))
            if kind in LOSSES:
                self.loss_kind = kind
                continue
            if module is not None:
                self.add_module(name, module)
            self.steps.append((kind, module, sources, name))
            shapes[name] = current
            previous = name
        self.output_length = int(np.prod(current))
        self.output_shape = tuple(current)
        self.double()

    def forward(self, x):
        outputs = {"input": x}
        for kind, module, sources, name in self.steps:
            x = outputs[sources[0]]
            if kind == "Dense" and x.dim() > 2 and not isinstance(module, ChannelsLastLinear):
                x = torch.flatten(x, 1)
            if kind in ("Conv2D", "ConvTranspose2D", "Upsample", "Dense", "MaxPool2D", "AvgPool2D", "BatchNorm",
                        "LeakyReLU", "ELU", "Dropout", "Dropout2D", "PReLU", "Scale", "StochasticDepth",
                        "LayerNorm", "GroupNorm", "InstanceNorm") or kind in MODULES:
                x = module(x)
            elif kind in FUNCTIONS:
                x = FUNCTIONS[kind](x)
            elif kind == "Reshape":
                x = module(torch.flatten(x, 1))
            elif kind == "Add":
                for source in sources[1:]:
                    x = x + outputs[source]
            elif kind == "Concat":
                x = torch.cat([outputs[s] for s in sources], dim=1)
            elif kind == "Multiply":
                a, b = (outputs[s] for s in sources)
                x = per_channel(a, b) * per_channel(b, a)
            else:
                raise ValueError(kind)
            outputs[name] = x
        return x

    def trainables(self):
        """Parameters in CnnGen order: each layer's state_dict tensors (weight, then bias)."""
        return [p for m in self.layer_modules() for p in m.parameters(recurse=False)]

    def buffers_in_order(self):
        return [b for m in self.layer_modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)
                for b in (m.running_mean, m.running_var)]

    def layer_modules(self):
        return [module for _, module, _, _ in self.steps if module is not None]


def per_channel(t, other):
    """A (C) factor seen as (C, 1, 1) when multiplied with an image, as CnnGen's Multiply broadcasts it."""
    return t[:, :, None, None] if t.dim() == 2 and other.dim() == 4 else t


def flat(tensors):
    return torch.cat([t.detach().reshape(-1) for t in tensors]) if tensors else torch.zeros(0, dtype=torch.float64)


def as_list(tensor):
    return [float(f"{v:.9g}") for v in tensor.detach().reshape(-1).tolist()]


def float32_values(generator, shape, low, high):
    """Uniform values rounded to float32, held in float64, so C# starts from exactly the same numbers."""
    values = torch.rand(shape, generator=generator, dtype=torch.float64) * (high - low) + low
    return values.float().double()


def make_optimizer(kind, options, params):
    lr = options["learningRate"]
    wd = options.get("weightDecay", 0.0)
    if kind == "Sgd":
        return torch.optim.SGD(params, lr=lr, momentum=options.get("momentum", 0.0),
                               dampening=options.get("dampening", 0.0), weight_decay=wd,
                               nesterov=options.get("nesterov", False))
    if kind == "AdaGrad":
        return torch.optim.Adagrad(params, lr=lr, eps=options.get("epsilon", 1e-10), weight_decay=wd)
    if kind == "RmsProp":
        return torch.optim.RMSprop(params, lr=lr, alpha=options.get("alpha", 0.99), eps=options.get("epsilon", 1e-8),
                                   weight_decay=wd, momentum=options.get("momentum", 0.0))
    betas = (options.get("beta1", 0.9), options.get("beta2", 0.999))
    eps = options.get("epsilon", 1e-8)
    if kind == "Adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, weight_decay=wd)
    if kind == "AdamW":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=eps, weight_decay=options.get("weightDecay", 0.01))
    raise ValueError(kind)


def assert_no_tiny_effective_gradient(name, kind, options, params):
    """A normalising optimizer turns a gradient near zero into a step of about lr whose sign is float noise."""
    decay = 0.0 if kind == "AdamW" else options.get("weightDecay", 0.0)
    effective = torch.cat([(p.grad + decay * p).detach().reshape(-1) for p in params])
    tiny = effective[(effective != 0) & (effective.abs() < 1e-5)]
    assert tiny.numel() == 0, f"{name}: {kind} would amplify tiny gradients {tiny.tolist()}"


def build_fixture(index, name, shape, batch, layers, optimizer, dtype=torch.float64):
    torch.manual_seed(1000 + index)
    generator = torch.Generator().manual_seed(2000 + index)
    twin = Twin(shape, layers).to(dtype)
    with torch.no_grad():
        for p in twin.trainables():
            p.copy_(float32_values(generator, p.shape, -0.6, 0.6))
        for m in twin.layer_modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.weight.copy_(float32_values(generator, m.weight.shape, 0.5, 1.5))
                m.running_mean.copy_(float32_values(generator, m.running_mean.shape, -0.5, 0.5))
                m.running_var.copy_(float32_values(generator, m.running_var.shape, 0.5, 2.0))
    x = float32_values(generator, (batch,) + tuple(shape), -1.0, 1.0).to(dtype)
    fixture = {"name": name, "batch": batch, "inputShape": list(shape), "declaration": csharp_declaration(name, shape, layers),
               "input": as_list(x)}
    if twin.loss_kind is None:
        pass
    elif twin.loss_kind == "SoftmaxCrossEntropy":
        # A (C, H, W) head classifies each pixel: its labels are a mask (N, H, W) of channel indices.
        per_pixel = len(twin.output_shape) == 3
        labels = (torch.randint(0, twin.output_shape[0], (batch,) + twin.output_shape[1:], generator=generator) if per_pixel
                  else torch.randint(0, twin.output_length, (batch,), generator=generator))
        fixture["labels"] = labels.reshape(-1).tolist()
        target = labels
    else:
        target = float32_values(generator, (batch, twin.output_length), 0.0, 1.0).to(dtype)
        fixture["targets"] = as_list(target)

    initial_params = [p.detach().clone() for p in twin.trainables()]
    initial_state = [b.detach().clone() for b in twin.buffers_in_order()]
    fixture["parameters"] = as_list(flat(initial_params))
    fixture["state"] = as_list(flat(initial_state))

    twin.eval()
    with torch.no_grad():
        fixture["forward"] = as_list(twin(x))
        # PredictProbabilities: what the head's loss reads, from the eval-mode logits.
        if twin.loss_kind == "SoftmaxCrossEntropy" and len(twin.output_shape) == 1:
            fixture["probabilities"] = as_list(torch.softmax(twin(x), dim=1))
        elif twin.loss_kind == "BinaryCrossEntropy":
            fixture["probabilities"] = as_list(torch.sigmoid(twin(x)))
    if not any(kind == "Dropout" or (kind == "StochasticDepth" and args[0] > 0) for kind, args, _ in layers):
        add_chain_section(fixture, index, twin, x, initial_params, initial_state, dtype)
    if optimizer is None:
        return fixture

    def restore():
        with torch.no_grad():
            for p, v in zip(twin.trainables(), initial_params):
                p.copy_(v)
            for b, v in zip(twin.buffers_in_order(), initial_state):
                b.copy_(v)

    twin.train()
    twin.zero_grad()
    loss = twin.loss(twin(x), target)
    loss.backward()
    gradients = flat([p.grad for p in twin.trainables()])
    kind, options = optimizer
    fixture["loss"] = float(loss)
    fixture["gradients"] = as_list(gradients)
    fixture["stateAfterGradients"] = as_list(flat(twin.buffers_in_order()))

    restore()
    fixture["optimizer"] = dict(kind=kind, **options)
    torch_optimizer = make_optimizer(kind, options, twin.trainables())
    steps = []
    for _ in range(STEPS):
        torch_optimizer.zero_grad()
        loss = twin.loss(twin(x), target)
        loss.backward()
        if kind in NORMALISING:
            assert_no_tiny_effective_gradient(name, kind, options, twin.trainables())
        torch_optimizer.step()
        steps.append({"loss": float(loss), "parameters": as_list(flat(twin.trainables())),
                      "state": as_list(flat(twin.buffers_in_order()))})
    fixture["steps"] = steps
    twin.eval()
    with torch.no_grad():
        fixture["forwardAfterSteps"] = as_list(twin(x))
    return fixture


def add_chain_section(fixture, index, twin, x, initial_params, initial_state, dtype):
    """ForwardTraining then Backward from the initial values: out = twin(x) in train mode, out.backward(g), x.grad."""
    generator = torch.Generator().manual_seed(3000 + index)
    with torch.no_grad():
        for p, v in zip(twin.trainables(), initial_params):
            p.copy_(v)
        for b, v in zip(twin.buffers_in_order(), initial_state):
            b.copy_(v)
    twin.train()
    twin.zero_grad()
    x = x.detach().clone().requires_grad_(True)
    out = twin(x)
    g = float32_values(generator, out.shape, -1.0, 1.0).to(dtype)
    out.backward(g)
    fixture["chainOutputGradient"] = as_list(g)
    fixture["chainOutput"] = as_list(out)
    fixture["chainInputGradient"] = as_list(x.grad)
    fixture["chainGradients"] = as_list(flat([p.grad for p in twin.trainables()]))
    fixture["chainState"] = as_list(flat(twin.buffers_in_order()))
    with torch.no_grad():
        for p, v in zip(twin.trainables(), initial_params):
            p.copy_(v)
        for b, v in zip(twin.buffers_in_order(), initial_state):
            b.copy_(v)
    twin.zero_grad()
    twin.eval()


def assert_float32_reaches_tolerance(reference, single):
    """A float32 run of the same twin must meet the C# test's tolerance: proof the bound is attainable in float32."""
    for key, expected in reference.items():
        actual = single[key]
        if key == "steps":
            for k, (e, a) in enumerate(zip(expected, actual)):
                assert_float32_reaches_tolerance({f"step{k + 1}.{x}": v for x, v in e.items()},
                                                 {f"step{k + 1}.{x}": v for x, v in a.items()})
            continue
        if not isinstance(expected, (list, float)) or key in ("input", "labels", "targets", "parameters", "state",
                                                                            "chainOutputGradient"):
            continue
        e = np.atleast_1d(np.array(expected, dtype=np.float64))
        a = np.atleast_1d(np.array(actual, dtype=np.float64))
        bad = np.abs(a - e) > 1e-4 + 2e-3 * np.abs(e)
        assert not bad.any(), f"{reference.get('name', '')} {key}: float32 misses the tolerance at {np.flatnonzero(bad)[:5]}"


def write_csharp(declarations):
    header = """// <auto-generated/> by tools/golden/make_golden.py: the C# twins of the PyTorch networks in the golden fixtures.
// Edit the NETWORKS list in the script and run it again; do not edit this file by hand.
namespace CnnGen.Tests.Golden;
"""
    blocks = []
    for name, declaration in declarations:
        blocks.append(f"/// <summary>Golden twin (see tools/golden/make_golden.py).</summary>\n{declaration}")
    registry = ["", "/// <summary>Constructs the golden networks by fixture name.</summary>",
                "public static class GoldenNetworks", "{",
                "    /// <summary>Every golden network, by the name its fixture carries.</summary>",
                "    public static readonly IReadOnlyDictionary<string, Func<int, INetwork>> Create =",
                "        new Dictionary<string, Func<int, INetwork>>", "        {"]
    for name, _ in declarations:
        registry.append(f'            ["{name}"] = batch => new {name}(maxBatch: batch),')
    registry += ["        };", "}", ""]
    with open(os.path.join(GOLDEN, "GoldenNetworks.cs"), "w") as f:
        f.write(header + "\n" + "\n\n".join(blocks) + "\n" + "\n".join(registry))


def main():
    torch.set_default_dtype(torch.float64)
    os.makedirs(FIXTURES, exist_ok=True)
    declarations = []
    for offset, networks in SEED_OFFSETS:
        for index, network in enumerate(networks):
            declarations.append(write_fixture(offset + index, *network))
    write_csharp(declarations)


def write_fixture(index, name, shape, batch, layers, optimizer):
    fixture = build_fixture(index, name, shape, batch, layers, optimizer)
    assert_float32_reaches_tolerance(fixture, build_fixture(index, name, shape, batch, layers, optimizer, torch.float32))
    path = os.path.join(FIXTURES, name + ".json")
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"{name}: {len(fixture['parameters'])} parameters, {os.path.getsize(path)} bytes")
    return name, fixture["declaration"]


if __name__ == "__main__":
    main()
