#!/usr/bin/python3
"""Writes the PyTorch golden values the Winograd convolution tests compare against.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_winograd_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/winograd.json.

The inputs (ResNet-18's 3×3 stride-1 layer shapes, batch 1 and 2) are too large to store, so both sides generate
them from an integer hash (WinogradGoldenTests.Values): value i of stream s is (h >> 8) · 2⁻²³ · scale + offset with
h = (i · 2654435761 + s · 40503) mod 2³², exact in float32. The expected outputs are torch.nn.functional.conv2d in
float64 of those float32 values; a strided sample of them is stored.
"""
import json
import os

import numpy as np
import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
TARGET = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Kernels", "Fixtures", "winograd.json")
SAMPLES = 997


def values(count, stream, scale, offset):
    i = np.arange(count, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64(stream * 40503)) % np.uint64(2 ** 32)
    unit = (h >> np.uint64(8)).astype(np.float32) * np.float32(2.0 ** -23)   # [0, 2)
    return unit * np.float32(scale) + np.float32(offset)


def case(channels, size, filters, batch, bias):
    # Inputs as after a ReLU ([0, 1)), weights uniform in ±1/sqrt(9C) rounded to a power of two.
    scale = 2.0 ** -round(np.log2(np.sqrt(9 * channels)))
    x = values(batch * channels * size * size, 1, 0.5, 0.0).reshape(batch, channels, size, size)
    w = values(filters * channels * 9, 2, scale, -scale).reshape(filters, channels, 3, 3)
    b = values(filters, 3, 0.5, -0.5) if bias else None
    y = torch.nn.functional.conv2d(torch.from_numpy(x).double(), torch.from_numpy(w).double(),
                                   None if b is None else torch.from_numpy(b).double(), stride=1, padding=1)
    flat = y.reshape(-1).numpy()
    step = max(1, len(flat) // SAMPLES)
    indices = list(range(0, len(flat), step))
    return {"channels": channels, "size": size, "filters": filters, "batch": batch, "bias": bias,
            "weightScale": scale, "indices": indices, "expected": [float(flat[i]) for i in indices]}


cases = [case(64, 56, 64, 1, False), case(128, 28, 128, 1, False), case(256, 14, 256, 1, False),
         case(512, 7, 512, 1, False), case(64, 56, 64, 2, True), case(128, 28, 128, 2, True),
         case(256, 14, 256, 2, True), case(512, 7, 512, 2, True)]
with open(TARGET, "w") as f:
    json.dump({"cases": cases}, f, separators=(",", ":"))
print(f"wrote {TARGET}")
