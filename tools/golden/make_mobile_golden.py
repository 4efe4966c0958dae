#!/usr/bin/python3
"""Writes the golden fixtures of the depthwise (3x3/5x5, stride 1/2, groups = channels) and pointwise (1x1 stride 1)
convolution kernels at row widths that run their row-tiled paths on every vector width: forward outputs of
torch.nn.Conv2d (with a fused ReLU for half the cases).

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_mobile_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/mobile.json (float32 lists).
"""
import json
import os

import torch

torch.manual_seed(2027)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Kernels", "Fixtures", "mobile.json")


def flat(t):
    # 9 significant digits round-trip a float32.
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def cases():
    out = []
    # (channels, height, width, filters, kernel, stride, padding, groups, relu)
    for (c, h, w, f, k, s, p, g, relu) in ((3, 13, 36, 3, 3, 1, 1, 3, False), (3, 19, 36, 3, 3, 2, 1, 3, True),
                                          (2, 11, 34, 2, 5, 1, 2, 2, True), (2, 17, 34, 2, 5, 2, 2, 2, False),
                                          (24, 9, 11, 13, 1, 1, 0, 1, False), (16, 12, 12, 14, 1, 1, 0, 1, True)):
        module = torch.nn.Conv2d(c, f, k, stride=s, padding=p, groups=g, bias=True)
        x = torch.randn(2, c, h, w)
        with torch.no_grad():
            y = module(x)
            if relu:
                y = torch.relu(y)
        out.append({"channels": c, "height": h, "width": w, "filters": f, "kernel": k, "stride": s, "padding": p, "groups": g,
                    "relu": relu, "batch": 2, "outHeight": y.shape[2], "outWidth": y.shape[3], "input": flat(x),
                    "weight": flat(module.weight), "bias": flat(module.bias), "output": flat(y)})
    return out


os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as handle:
    json.dump({"torch": torch.__version__, "convolutions": cases()}, handle)
