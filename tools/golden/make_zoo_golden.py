#!/usr/bin/python3
"""Writes the golden fixtures of the kernels behind DESIGN §2c's layers (the torchvision zoo's: Hardsigmoid, Mish, PReLU,
adaptive and global max pooling, the channel-broadcast product, Scale, Narrow, ChannelShuffle, ZeroPad2d, LayerNorm on
vectors and per position, GroupNorm, InstanceNorm, a per-position Linear) that the runtime tests compare against.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_zoo_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/zoo.json. Tensors are float32 lists (enough digits to round-trip);
each case holds the forward input and output, a random output gradient, and the gradients of the input and parameters.
"""
import json
import os

import torch
from torchvision.models.convnext import LayerNorm2d
from torchvision.models.shufflenetv2 import channel_shuffle

torch.manual_seed(2121)
F = torch.nn.functional
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Kernels", "Fixtures", "zoo.json")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run(fn, inputs, params=()):
    """Forward fn(*inputs), backward a random gradient; returns the case's tensors."""
    leaves = [x.clone().requires_grad_(True) for x in inputs]
    y = fn(*leaves)
    dy = torch.randn_like(y)
    y.backward(dy)
    case = {"inputs": [flat(x) for x in inputs], "output": flat(y), "outputShape": list(y.shape),
            "outputGradient": flat(dy), "inputGradients": [flat(x.grad) for x in leaves]}
    case["parameters"] = [flat(p) for p in params]
    case["parameterGradients"] = [flat(p.grad) for p in params]
    return case


def activations():
    # Random values over the interesting range plus the kinks and saturation points; 203 values (vector tails).
    x = torch.cat([torch.tensor([-3.0, 3.0, 0.0, -0.0, 20.0, 20.5, 25.0, -20.0, -90.0, 90.0, 1e-3, -1e-3]), torch.randn(191) * 5])
    return {name: run(module, [x]) for name, module in (("hardsigmoid", torch.nn.Hardsigmoid()), ("mish", torch.nn.Mish()))}


def prelu():
    cases = {}
    for name, shape, parameters in (("shared", (2, 3, 4, 5), 1), ("channels", (2, 3, 4, 5), 3), ("vector", (3, 6), 6)):
        module = torch.nn.PReLU(parameters)
        with torch.no_grad():
            module.weight.copy_(torch.randn(parameters) * 0.5)
        x = torch.randn(*shape)
        x[0, 0] = 0.0
        cases[name] = dict(run(module, [x], [module.weight]), shape=list(shape))
    return cases


def adaptive():
    cases = []
    for (c, h, w, oh, ow) in ((3, 7, 5, 3, 2), (2, 10, 9, 4, 4), (2, 5, 5, 1, 1), (2, 6, 7, 6, 7), (1, 3, 5, 5, 7), (2, 7, 7, 3, 3)):
        x = torch.randn(2, c, h, w)
        cases.append({"channels": c, "height": h, "width": w, "outHeight": oh, "outWidth": ow, "batch": 2,
                      "avg": run(torch.nn.AdaptiveAvgPool2d((oh, ow)), [x]),
                      "max": run(torch.nn.AdaptiveMaxPool2d((oh, ow)), [x])})
    x = torch.randn(3, 4, 5, 6)
    globalmax = run(lambda v: torch.flatten(F.adaptive_max_pool2d(v, 1), 1), [x])
    return cases, dict(globalmax, channels=4, spatial=30, batch=3)


def products():
    x, s = torch.randn(2, 4, 3, 5), torch.randn(2, 4, 1, 1)
    channels = run(lambda a, b: a * b, [x, s])
    a, b = torch.randn(3, 7), torch.randn(3, 7)
    same = run(lambda p, q: p * q, [a, b])
    gamma = torch.nn.Parameter(torch.randn(4, 1, 1))
    scale = run(lambda v: gamma * v, [x], [gamma])
    return {"channels": dict(channels, channels=4, spatial=15, batch=2), "same": same, "scale": dict(scale, channels=4, spatial=15, batch=2)}


def copies():
    x = torch.randn(2, 6, 2, 3)
    cases = {"narrow": dict(run(lambda v: torch.narrow(v, 1, 2, 3), [x]), channels=6, start=2, length=3, spatial=6, batch=2)}
    for groups in (2, 3):
        # nn.ChannelShuffle has no autograd in 1.13: torchvision's ShuffleNetV2 function (view, transpose, view) does.
        case = run(lambda v: channel_shuffle(v, groups), [x])
        assert torch.equal(torch.tensor(case["output"]).reshape(x.shape), torch.nn.ChannelShuffle(groups)(x))
        cases[f"shuffle{groups}"] = dict(case, channels=6, groups=groups, spatial=6, batch=2)
    y = torch.randn(2, 3, 4, 5)
    for name, pad in (("pad", (1, 2, 0, 3)), ("crop", (-1, 2, 1, -2))):
        cases[name] = dict(run(torch.nn.ZeroPad2d(pad), [y]), channels=3, height=4, width=5, left=pad[0], right=pad[1], top=pad[2], bottom=pad[3], batch=2)
    return cases


def affine(module):
    with torch.no_grad():
        module.weight.copy_(torch.randn_like(module.weight))
        module.bias.copy_(torch.randn_like(module.bias))
    return module


def norms():
    cases = {}
    ln = affine(torch.nn.LayerNorm(7))
    cases["layernorm_vector"] = dict(run(ln, [torch.randn(3, 7) * 2 + 1], [ln.weight, ln.bias]), channels=7, spatial=1, batch=3, epsilon=1e-5)
    ln2d = affine(LayerNorm2d(5, eps=1e-6))
    cases["layernorm_positions"] = dict(run(ln2d, [torch.randn(2, 5, 3, 4) * 2 + 1], [ln2d.weight, ln2d.bias]), channels=5, spatial=12, batch=2, epsilon=1e-6)
    lnwide = affine(torch.nn.LayerNorm(40))
    cases["layernorm_wide"] = dict(run(lnwide, [torch.randn(2, 40) * 3 - 2], [lnwide.weight, lnwide.bias]), channels=40, spatial=1, batch=2, epsilon=1e-5)
    gn = affine(torch.nn.GroupNorm(3, 6))
    cases["groupnorm"] = dict(run(gn, [torch.randn(2, 6, 3, 4) * 2 + 1], [gn.weight, gn.bias]), channels=6, groups=3, spatial=12, batch=2, epsilon=1e-5)
    gn1 = affine(torch.nn.GroupNorm(1, 4, eps=1e-3))
    cases["groupnorm_one"] = dict(run(gn1, [torch.randn(3, 4, 2, 5)], [gn1.weight, gn1.bias]), channels=4, groups=1, spatial=10, batch=3, epsilon=1e-3)
    cases["instancenorm"] = dict(run(torch.nn.InstanceNorm2d(4), [torch.randn(2, 4, 3, 5) * 3]), channels=4, groups=4, spatial=15, batch=2, epsilon=1e-5)
    ina = affine(torch.nn.InstanceNorm2d(4, affine=True))
    cases["instancenorm_affine"] = dict(run(ina, [torch.randn(2, 4, 3, 5)], [ina.weight, ina.bias]), channels=4, groups=4, spatial=15, batch=2, epsilon=1e-5)
    return cases


def dense_positions():
    linear = torch.nn.Linear(5, 7)
    x = torch.randn(2, 5, 3, 4)
    case = run(lambda v: linear(v.permute(0, 2, 3, 1)).permute(0, 3, 1, 2), [x], [linear.weight, linear.bias])
    return dict(case, inputChannels=5, outputs=7, positions=12, batch=2)


def rectangular():
    cases = []
    # (channels, height, width, filters, kernel, stride, padding, dilation, groups, bias): Inception-v3's 1×7 / 7×1 with
    # (0, 3) / (3, 0) padding, and mixed strides, dilations and groups.
    for (c, h, w, f, k, s, p, d, g, bias) in ((3, 9, 11, 4, (1, 7), (1, 1), (0, 3), (1, 1), 1, True),
                                              (3, 9, 11, 4, (7, 1), (1, 1), (3, 0), (1, 1), 1, False),
                                              (4, 8, 10, 6, (2, 3), (2, 1), (1, 0), (1, 2), 2, True),
                                              (2, 7, 9, 3, (3, 1), (1, 2), (1, 0), (1, 1), 1, True),
                                              (6, 6, 8, 6, (1, 3), (1, 1), (0, 1), (1, 1), 6, True)):
        module = torch.nn.Conv2d(c, f, k, stride=s, padding=p, dilation=d, groups=g, bias=bias)
        params = [module.weight] + ([module.bias] if bias else [])
        case = run(module, [torch.randn(2, c, h, w)], params)
        cases.append(dict(case, channels=c, height=h, width=w, filters=f, kernel=list(k), stride=list(s), padding=list(p),
                          dilation=list(d), groups=g, batch=2))
    return cases


def rectangular_pooling():
    cases = []
    # (channels, height, width, kernel, stride, padding, ceil_mode, count_include_pad)
    for (c, h, w, k, s, p, ceil, include) in ((2, 7, 9, (1, 3), (1, 2), (0, 1), False, True),
                                              (3, 8, 7, (3, 2), (2, 1), (1, 0), True, True),
                                              (2, 9, 8, (2, 4), (3, 2), (1, 2), True, False),
                                              (1, 6, 11, (3, 1), (1, 3), (1, 0), False, False)):
        x = torch.randn(2, c, h, w)
        cases.append({"channels": c, "height": h, "width": w, "kernel": list(k), "stride": list(s), "padding": list(p),
                      "ceilMode": ceil, "countIncludePad": include, "batch": 2,
                      "max": run(torch.nn.MaxPool2d(k, s, p, ceil_mode=ceil), [x]),
                      "avg": run(torch.nn.AvgPool2d(k, s, p, ceil_mode=ceil, count_include_pad=include), [x])})
    return cases


adaptive_cases, global_max = adaptive()
payload = {"torch": torch.__version__, "activations": activations(), "prelu": prelu(), "adaptive": adaptive_cases,
           "globalMax": global_max, "products": products(), "copies": copies(), "norms": norms(), "densePositions": dense_positions(),
           "rectangular": rectangular(), "rectangularPooling": rectangular_pooling()}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(payload, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote", os.path.relpath(os.path.normpath(OUT), os.path.normpath(ROOT)), os.path.getsize(OUT), "bytes")
