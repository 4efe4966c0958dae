#!/usr/bin/python3
"""Writes the edge-case golden fixture: losses and softmax at extreme logits, and backward kernels at NaN.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_edge_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/edges.json
Non-finite values are written as the strings "NaN", "Infinity" and "-Infinity" (JSON has no literal for them).
Every loss case is one sample, or a batch whose mean does not overflow float: PyTorch sums a batch's losses in float,
so a batch of two losses of 3e38 gives inf there, where the kernels' double sum gives 3e38.
"""
import json
import math
import os

import torch

torch.manual_seed(4321)
F = torch.nn.functional
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Kernels", "Fixtures", "edges.json")
MAGNITUDES = [1e4, 1e13, 1e15, 1e16, 1e18, 3e38]


def number(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def flat(t):
    return [number(v) for v in t.detach().reshape(-1).tolist()]


def rows(m):
    """Tied and untied rows of three logits at magnitude m, each with a label."""
    f = torch.tensor(m, dtype=torch.float32).item()  # the float32 value of m
    return [
        ([f, f, f], 0),          # three-way tie: ln 3
        ([f, f, -f], 1),         # two-way tie at +m
        ([-f, -f, -f], 2),       # tie at −m
        ([f, -f, 0.0], 0),       # untied, label the winner: 0
        ([f, -f, 0.0], 2),       # untied, label the middle: m
        ([f, -f, 0.0], 1),       # untied, label the loser: 2m (inf in float at 3e38)
        ([f, f * 0.5, 1.0], 1),  # untied, close values
        ([-f, 1.0, -1.0], 0),
    ]


def loss_case(m, fn, logits, target, key, stored):
    """PyTorch's mean loss and its gradient with respect to float32 `logits`; `stored` is what the fixture keeps as `key`."""
    x = torch.tensor(logits, dtype=torch.float32, requires_grad=True)
    loss = fn(x, target)
    loss.backward()
    return {"magnitude": m, "logits": flat(x), key: stored, "loss": number(loss), "gradient": flat(x.grad)}


def cross_entropy_labels():
    cases = [loss_case(m, F.cross_entropy, [logits], torch.tensor([label]), "label", label)
             for m in MAGNITUDES for logits, label in rows(m)]
    # The case: two classes, tied at 1e16 (and 1e15).
    cases += [loss_case(m, F.cross_entropy, [[m, m]], torch.tensor([0]), "label", 0) for m in (1e15, 1e16)]
    return cases


def cross_entropy_probabilities():
    targets = [[1.0, 0.0, 0.0], [0.2, 0.3, 0.5], [0.0, 0.5, 0.5]]
    return [loss_case(m, F.cross_entropy, [logits], torch.tensor([targets[label % 3]]), "target", flat(torch.tensor(targets[label % 3])))
            for m in MAGNITUDES for logits, label in rows(m)]


def bce_with_logits():
    cases = []
    for m in MAGNITUDES:
        for target in ([0.0, 0.0], [1.0, 1.0], [0.3, 0.3], [1.0, 0.0], [0.0, 1.0]):
            t = torch.tensor(target)
            each = F.binary_cross_entropy_with_logits(torch.tensor([m, -m]), t, reduction="none")
            if torch.isfinite(each).all() and not torch.isfinite(each.sum()):
                continue  # PyTorch's float sum overflows where the kernel's double sum does not
            cases.append(loss_case(m, F.binary_cross_entropy_with_logits, [m, -m], t, "target", flat(t)))
    return cases


def softmax():
    cases = []
    for m in MAGNITUDES:
        batch = [r for r, _ in rows(m)]
        x = torch.tensor(batch, dtype=torch.float32, requires_grad=True)
        y = torch.softmax(x, dim=1)
        dy = torch.randn(y.shape)
        y.backward(dy)
        cases.append({"magnitude": m, "features": 3, "batch": len(batch), "input": flat(x), "output": flat(y),
                      "outputGradient": flat(dy), "inputGradient": flat(x.grad)})
    return cases


SPECIAL = [float("nan"), -1.0, 0.0, -0.0, 2.0, float("inf"), float("-inf"), 1e-30, -1e-30, 0.5]


def elementwise():
    x = torch.tensor(SPECIAL, dtype=torch.float32, requires_grad=True)
    dy = torch.tensor([0.5, -1.5, 2.0, 3.0, -0.25, 1.0, 4.0, -2.0, 0.75, 1.25])
    y = F.relu(x)
    y.backward(dy)
    relu = {"input": flat(x), "output": flat(y), "outputGradient": flat(dy), "inputGradient": flat(x.grad)}
    x.grad = None
    y = F.leaky_relu(x, 0.1)
    y.backward(dy)
    leaky = {"input": flat(x), "slope": 0.1, "output": flat(y), "outputGradient": flat(dy), "inputGradient": flat(x.grad)}
    return relu, leaky


def with_nans(shape, every, offset):
    x = torch.randn(*shape)
    flat_x = x.view(-1)
    for i in range(offset, flat_x.numel(), every):
        flat_x[i] = float("nan")
    return x


def pooling():
    cases = []
    # (channels, height, width, size, stride, padding): the 2×2 vector path (9 windows per row) and the general scan.
    for geometry in ((2, 4, 18, 2, 2, 0), (2, 5, 6, 3, 1, 1), (1, 6, 7, 3, 2, 1)):
        c, h, w, size, stride, padding = geometry
        x = with_nans((2, c, h, w), 13, 3)
        # Two NaNs in one window: PyTorch's scan takes the later one.
        x[0, 0, 0, 0] = float("nan")
        x[0, 0, 1, 1] = float("nan")
        # A window of non-positive values, for the ReLU-fused pair.
        x[1, 0, 0:3, 0:3] = -torch.rand(3, 3)
        for after_relu in (False, True):
            raw = x.clone().requires_grad_(True)
            source = F.relu(raw) if after_relu else raw
            y = F.max_pool2d(source, size, stride, padding)
            dy = torch.randn(y.shape)
            y.backward(dy)
            cases.append({"geometry": list(geometry), "batch": 2, "afterReLU": after_relu, "input": flat(x), "output": flat(y),
                          "outputGradient": flat(dy), "inputGradient": flat(raw.grad)})
    return cases


def conv_through_relu():
    cases = []
    # (channels, height, width, filters, kernel, stride, padding): the transposed direct path, pointwise, and im2col.
    for geometry in ((3, 6, 9, 4, 3, 1, 1), (3, 5, 5, 2, 1, 1, 0), (2, 7, 6, 3, 3, 2, 1)):
        c, h, w, f, k, s, p = geometry
        raw = with_nans((2, c, h, w), 11, 5)
        raw = raw.requires_grad_(True)
        weight = torch.randn(f, c, k, k)
        rectified = F.relu(raw)
        y = F.conv2d(rectified, weight, None, s, p)
        dy = torch.randn(y.shape)
        y.backward(dy)
        cases.append({"geometry": list(geometry), "batch": 2, "rectified": flat(rectified), "weight": flat(weight),
                      "outputGradient": flat(dy), "inputGradient": flat(raw.grad)})
    return cases


relu, leaky = elementwise()
payload = {"torch": torch.__version__,
           "crossEntropyLabels": cross_entropy_labels(),
           "crossEntropyProbabilities": cross_entropy_probabilities(),
           "bceWithLogits": bce_with_logits(),
           "softmax": softmax(),
           "relu": relu, "leakyRelu": leaky,
           "maxPool": pooling(),
           "convThroughReLU": conv_through_relu()}
path = os.path.normpath(OUT)
with open(path, "w") as f:
    json.dump(payload, f, indent=1, allow_nan=False)
    f.write("\n")
print("wrote", os.path.relpath(path, ROOT))
