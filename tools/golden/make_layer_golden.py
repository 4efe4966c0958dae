#!/usr/bin/python3
"""Writes the golden fixtures of the graph-network layer kernels (activations, erf, grouped/dilated and transposed
convolutions, upsampling, ceil-mode and count_include_pad pooling) that the runtime tests compare against.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_layer_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/layers.json. Tensors are float32 lists (enough digits to round-trip);
the erf grid is stored as base64 of little-endian float32 / float64 arrays to keep the file small.
"""
import base64
import json
import math
import os

import numpy as np
import torch

torch.manual_seed(2026)
F = torch.nn.functional
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Kernels", "Fixtures", "layers.json")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def b64(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def activations():
    # Random values over the interesting range plus every kink PyTorch treats specially; 203 values (vector tails).
    x = torch.cat([torch.tensor([-3.0, 3.0, 0.0, -0.0, 6.0, -6.0, 1e-3, -1e-3, 20.0, -20.0, 90.0, -90.0]),
                   torch.randn(191) * 4])
    cases = []
    for name, module, extra in (("relu6", torch.nn.ReLU6(), {}), ("hardswish", torch.nn.Hardswish(), {}),
                                ("elu", torch.nn.ELU(), {"alpha": 1.0}), ("elu_alpha", torch.nn.ELU(alpha=0.37), {"alpha": 0.37}),
                                ("gelu", torch.nn.GELU(), {}), ("silu", torch.nn.SiLU(), {})):
        xi = x.clone().requires_grad_(True)
        y = module(xi)
        dy = torch.randn_like(y)
        y.backward(dy)
        case = {"name": name, "input": flat(x), "output": flat(y), "outputGradient": flat(dy), "inputGradient": flat(xi.grad)}
        case.update(extra)
        cases.append(case)
    return cases


def erf_grid():
    dense = np.linspace(-4.5, 4.5, 9001)
    tiny = np.logspace(-30, 0, 400)
    x = np.concatenate([dense, tiny, -tiny, [0.875, -0.875, 3.92, 4.0, 5.0, 10.0]]).astype(np.float32)
    torch_erf = torch.erf(torch.from_numpy(x)).numpy()
    exact = np.array([math.erf(float(v)) for v in x])
    gelu = F.gelu(torch.from_numpy(x)).numpy()
    exact_gelu = np.array([0.5 * float(v) * (1 + math.erf(float(v) / math.sqrt(2))) for v in x])
    return {"count": int(len(x)), "x": b64(x, "<f4"), "torch": b64(torch_erf, "<f4"), "exact": b64(exact, "<f8"),
            "torchGelu": b64(gelu, "<f4"), "exactGelu": b64(exact_gelu, "<f8")}


def pooling(geometries=((2, 7, 5, 2, 2, 0, True, True), (3, 6, 7, 3, 2, 1, True, True),
                         (3, 6, 7, 3, 2, 1, True, False), (1, 5, 5, 3, 3, 1, True, False),
                         (2, 8, 9, 3, 2, 1, False, False), (1, 4, 6, 4, 3, 2, True, True),
                         (2, 10, 11, 3, 3, 0, True, True), (1, 9, 9, 2, 2, 1, True, False))):
    cases = []
    # (channels, height, width, size, stride, padding, ceil_mode, count_include_pad)
    for (c, h, w, k, s, p, ceil, include) in geometries:
        x = torch.randn(2, c, h, w)
        case = {"channels": c, "height": h, "width": w, "size": k, "stride": s, "padding": p, "ceilMode": ceil,
                "countIncludePad": include, "batch": 2, "input": flat(x)}
        for name, module in (("max", torch.nn.MaxPool2d(k, s, p, ceil_mode=ceil)),
                             ("avg", torch.nn.AvgPool2d(k, s, p, ceil_mode=ceil, count_include_pad=include))):
            xi = x.clone().requires_grad_(True)
            y = module(xi)
            dy = torch.randn_like(y)
            y.backward(dy)
            case[name] = {"outHeight": y.shape[2], "outWidth": y.shape[3], "output": flat(y), "outputGradient": flat(dy),
                          "inputGradient": flat(xi.grad)}
        cases.append(case)
    return cases


def upsample():
    cases = []
    for (c, h, w, scale, bilinear) in ((2, 3, 5, 2, False), (3, 4, 3, 3, False), (2, 3, 5, 2, True), (3, 5, 4, 3, True),
                                       (1, 7, 6, 4, True), (2, 1, 9, 5, True)):
        x = torch.randn(2, c, h, w)
        module = torch.nn.Upsample(scale_factor=scale, mode="bilinear", align_corners=False) if bilinear else torch.nn.Upsample(scale_factor=scale)
        xi = x.clone().requires_grad_(True)
        y = module(xi)
        dy = torch.randn_like(y)
        y.backward(dy)
        cases.append({"channels": c, "height": h, "width": w, "scale": scale, "bilinear": bilinear, "batch": 2,
                      "input": flat(x), "output": flat(y), "outputGradient": flat(dy), "inputGradient": flat(xi.grad)})
    return cases


def grad_case(module, x, **extra):
    xi = x.clone().requires_grad_(True)
    y = module(xi)
    dy = torch.randn_like(y)
    y.backward(dy)
    case = {"input": flat(x), "weight": flat(module.weight), "bias": flat(module.bias) if module.bias is not None else [],
            "output": flat(y), "outputGradient": flat(dy), "inputGradient": flat(xi.grad),
            "weightGradient": flat(module.weight.grad), "biasGradient": flat(module.bias.grad) if module.bias is not None else [],
            "outHeight": y.shape[2], "outWidth": y.shape[3], "batch": x.shape[0]}
    case.update(extra)
    return case


def convolutions():
    cases = []
    # (channels, height, width, filters, kernel, stride, padding, groups, dilation, bias)
    for (c, h, w, f, k, s, p, g, d, bias) in ((6, 9, 7, 6, 3, 1, 1, 6, 1, True), (5, 11, 13, 10, 3, 2, 1, 5, 1, True),
                                              (6, 8, 7, 9, 3, 1, 1, 3, 1, False), (4, 10, 9, 6, 3, 1, 2, 1, 2, True),
                                              (4, 12, 11, 4, 3, 2, 3, 2, 3, True), (8, 7, 7, 8, 5, 1, 2, 8, 1, True)):
        module = torch.nn.Conv2d(c, f, k, stride=s, padding=p, groups=g, dilation=d, bias=bias)
        cases.append(grad_case(module, torch.randn(2, c, h, w), channels=c, height=h, width=w, filters=f, kernel=k, stride=s,
                               padding=p, groups=g, dilation=d))
    return cases


def transposed():
    cases = []
    # (channels, height, width, filters, kernel, stride, padding, output_padding, bias)
    for (c, h, w, f, k, s, p, op, bias) in ((3, 4, 5, 2, 3, 2, 1, 1, True), (2, 5, 3, 4, 4, 2, 1, 0, True),
                                            (4, 3, 3, 3, 3, 1, 0, 0, False), (3, 6, 5, 5, 3, 3, 2, 2, True),
                                            (8, 4, 4, 4, 2, 2, 0, 0, True), (2, 7, 6, 3, 5, 1, 2, 0, True)):
        module = torch.nn.ConvTranspose2d(c, f, k, stride=s, padding=p, output_padding=op, bias=bias)
        cases.append(grad_case(module, torch.randn(2, c, h, w), channels=c, height=h, width=w, filters=f, kernel=k, stride=s,
                               padding=p, outputPadding=op))
    return cases


payload = {"torch": torch.__version__, "activations": activations(), "erf": erf_grid(), "pooling": pooling(), "upsample": upsample(), "convolutions": convolutions(), "transposed": transposed()}
# Ceil-mode windows larger than their input (drawn last, so the cases above keep their values): the 3x3 window
# over 2x2, a 5-wide padded window over one row (count_include_pad's divisor clipped at the padded input, with and
# without it), a last window clipped at the right padding, and a 4x4 window whose second would start in the padding.
payload["ceilWindows"] = pooling(((1, 2, 2, 3, 3, 0, True, True), (2, 1, 3, 5, 2, 2, True, True), (2, 1, 3, 5, 2, 2, True, False),
                                  (1, 2, 3, 3, 2, 1, True, True), (3, 3, 2, 4, 4, 1, True, True)))
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(payload, f, indent=1)
    f.write("\n")
print("wrote", os.path.relpath(os.path.normpath(OUT), os.path.normpath(ROOT)))
