#!/usr/bin/python3
"""Writes the fixtures of the torchvision zoo tests (Tests/CnnGen.Zoo.Tests): for each classification family, the keys of
torchvision 0.14's own state_dict (order, dtype, shape), the rule that draws each tensor's values, and PyTorch's eval
output (float64) on a batch of two drawn images; for a few families at a small input size, also the training-mode loss
and the gradients of one step at drawn indices.

No weight is committed: every value comes from one formula that C# (Tests/CnnGen.Zoo.Tests/DrawnValues.cs) computes to
the same bits. For a key k and element index i:

    h = FNV-1a-32(UTF-8 bytes of k)
    x = fmix32((i * 0x9E3779B9 + h) mod 2^32)            (MurmurHash3's finaliser)
    u = float32(x >> 8) * 2^-24 - 0.5                     (exact: a multiple of 2^-24 in [-0.5, 0.5))
    value = float32(offset) + float32(u * float32(scale))  (two float32 roundings, no fused multiply-add)

offset and scale are written per key into the fixture: convolution and linear weights get a He-like scale
sqrt(24 / fan_in) (variance 2 / fan_in), the classifier sqrt(12 / fan_in), biases ±0.1, batch-norm weight 1 ± 0.2,
bias and running mean ±0.1, running variance in [1, 1.5) (perturbed statistics, so eval batch norm is no identity),
ConvNeXt's layer_scale ±0.2; the
input image (key "input", batch × C × H × W) has standard deviation 1.

Run with Debian's PyTorch 1.13 / torchvision 0.14.1 from the repository root:
`/usr/bin/python3 tools/golden/make_zoo_model_golden.py [family ...] [--stats]`; --stats prints each network's
activation ranges instead of writing (the check that the formula keeps them finite and non-trivial).
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torchvision.models as tvm

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Zoo.Tests", "Fixtures")
BATCH = 2


def fnv1a(key):
    h = 0x811C9DC5
    for b in key.encode("utf-8"):
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def uniform(key, n):
    """u in [-0.5, 0.5) for elements 0..n-1 of key (float32, exact)."""
    x = (np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B9) + np.uint64(fnv1a(key))) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    x ^= x >> np.uint64(16)
    return (x >> np.uint64(8)).astype(np.float32) * np.float32(2.0 ** -24) - np.float32(0.5)


def drawn(key, n, offset, scale):
    return np.float32(offset) + uniform(key, n) * np.float32(scale)


def rule(key, tensor, classifier):
    """(offset, scale) of a state_dict entry."""
    leaf = key.rsplit(".", 1)[-1]
    if leaf == "running_mean":
        return 0.0, 0.2
    if leaf == "running_var":
        return 1.25, 0.5
    if leaf == "layer_scale":
        # ConvNeXt's per-channel residual factor, (C, 1, 1): small, as trained ones are
        return 0.0, 0.4
    if tensor.dim() == 1:
        # batch-norm / layer-norm weight (a sibling running_var or a norm's weight) or a bias
        if leaf == "weight":
            return 1.0, 0.4
        return 0.0, 0.2
    fan_in = int(np.prod(tensor.shape[1:]))
    if key == classifier:
        return 0.0, float(np.float32(math.sqrt(12.0 / fan_in)))
    return 0.0, float(np.float32(math.sqrt(24.0 / fan_in)))


def googlenet():
    return tvm.googlenet(weights=None, aux_logits=False, transform_input=False, init_weights=False)


def inception_v3():
    return tvm.inception_v3(weights=None, aux_logits=False, transform_input=False, init_weights=False)


def efficientnet_b0():
    """Without stochastic depth or classifier dropout (identities in eval), so the training step is deterministic;
    torchvision 0.14's efficientnet_b0 fixes dropout = 0.2 itself, hence the Identity in its place."""
    model = tvm.efficientnet_b0(weights=None, stochastic_depth_prob=0.0)
    model.classifier[0] = torch.nn.Identity()
    return model


# family: (constructor, input size, the classifier's weight key, training-check input size or None)
FAMILIES = {
    "alexnet": (lambda: tvm.alexnet(weights=None), 224, "classifier.6.weight", None),
    "vgg11_bn": (lambda: tvm.vgg11_bn(weights=None), 224, "classifier.6.weight", None),
    "resnet18": (lambda: tvm.resnet18(weights=None), 224, "fc.weight", 112),
    "resnet50": (lambda: tvm.resnet50(weights=None), 224, "fc.weight", None),
    "resnext50_32x4d": (lambda: tvm.resnext50_32x4d(weights=None), 224, "fc.weight", None),
    "wide_resnet50_2": (lambda: tvm.wide_resnet50_2(weights=None), 224, "fc.weight", None),
    "squeezenet1_1": (lambda: tvm.squeezenet1_1(weights=None), 224, "classifier.1.weight", None),
    "densenet121": (lambda: tvm.densenet121(weights=None), 224, "classifier.weight", None),
    "googlenet": (googlenet, 224, "fc.weight", None),
    "inception_v3": (inception_v3, 299, "fc.weight", None),
    "mobilenet_v2": (lambda: tvm.mobilenet_v2(weights=None), 224, "classifier.1.weight", None),
    "mobilenet_v3_small": (lambda: tvm.mobilenet_v3_small(weights=None), 224, "classifier.3.weight", None),
    "mobilenet_v3_large": (lambda: tvm.mobilenet_v3_large(weights=None), 224, "classifier.3.weight", None),
    "mnasnet1_0": (lambda: tvm.mnasnet1_0(weights=None), 224, "classifier.1.weight", None),
    "shufflenet_v2_x1_0": (lambda: tvm.shufflenet_v2_x1_0(weights=None), 224, "fc.weight", 112),
    "efficientnet_b0": (efficientnet_b0, 224, "classifier.1.weight", 64),
    "regnet_x_400mf": (lambda: tvm.regnet_x_400mf(weights=None), 224, "fc.weight", None),
    "regnet_y_400mf": (lambda: tvm.regnet_y_400mf(weights=None), 224, "fc.weight", None),
    "convnext_tiny": (lambda: tvm.convnext_tiny(weights=None, stochastic_depth_prob=0.0), 224, "classifier.2.weight", 64),
}


def fill(model, classifier):
    keys = []
    state = model.state_dict()
    with torch.no_grad():
        for key, tensor in state.items():
            if tensor.dtype == torch.int64:
                keys.append([key, "I64", list(tensor.shape), 0.0, 0.0])
                continue
            offset, scale = rule(key, tensor, classifier)
            values = drawn(key, tensor.numel(), offset, scale).reshape(tuple(tensor.shape))
            tensor.copy_(torch.from_numpy(values))
            keys.append([key, "F32", list(tensor.shape), offset, scale])
    return keys


INPUT_SCALE = float(np.float32(2.0 * math.sqrt(3.0)))


def image(size, batch=BATCH):
    return torch.from_numpy(drawn("input", batch * 3 * size * size, 0.0, INPUT_SCALE).reshape(batch, 3, size, size))


def stats(name, model, size):
    lines = []

    def hook(module, inputs, output):
        if isinstance(output, torch.Tensor) and len(list(module.children())) == 0:
            a = output.abs()
            lines.append(f"  {module.__class__.__name__:20s} max {a.max().item():10.3g} mean {a.mean().item():10.3g}")
    handles = [m.register_forward_hook(hook) for m in model.modules()]
    with torch.no_grad():
        y = model(image(size).double())
    for h in handles:
        h.remove()
    print(name, f"logits: mean |y| {y.abs().mean().item():.3g}, max {y.abs().max().item():.3g}, "
                f"std over classes {y.std(1).tolist()}, samples differ by {(y[0] - y[1]).abs().mean().item():.3g}")
    print("\n".join(lines[:: max(1, len(lines) // 12)]))


def gradient_indices(key, n, count=8):
    """count distinct-ish element indices of a parameter, drawn by the same hash (x mod n)."""
    u = uniform("grad:" + key, count).astype(np.float64) + 0.5
    return sorted(set(int(v * n) for v in u))


def training(model, size):
    """One training-mode step: loss and gradients at drawn indices of every parameter."""
    model.train()
    x = image(size).double()
    labels = torch.tensor([3, 977])
    loss = torch.nn.functional.cross_entropy(model(x), labels)
    loss.backward()
    gradients = []
    for key, p in model.named_parameters():
        idx = gradient_indices(key, p.numel())
        flat = p.grad.reshape(-1)
        gradients.append([key, idx, [float(flat[i]) for i in idx]])
    return {"size": size, "labels": labels.tolist(), "loss": float(loss), "gradients": gradients}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    torch.set_num_threads(2)
    for name in args or FAMILIES:
        build, size, classifier, train_size = FAMILIES[name]
        model = build()
        keys = fill(model, classifier)
        model.eval().double()
        if "--stats" in sys.argv:
            stats(name, model, size)
            continue
        with torch.no_grad():
            y = model(image(size).double())
        assert torch.isfinite(y).all()
        payload = {"torch": torch.__version__, "family": name, "size": size, "batch": BATCH, "inputScale": INPUT_SCALE,
                   "keys": keys, "output": [float(v) for v in y.reshape(-1)]}
        if train_size is not None:
            payload["training"] = training(model, train_size)
        os.makedirs(OUT, exist_ok=True)
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as f:
            json.dump(payload, f, separators=(",", ":"))
            f.write("\n")
        print("wrote", os.path.relpath(os.path.normpath(path), os.path.normpath(ROOT)), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
