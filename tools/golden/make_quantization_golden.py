#!/usr/bin/python3
"""Writes the quantization fixtures the int8 tests compare against.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_quantization_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Quantization/Fixtures/quantization.json with
  min_max      MinMaxObserver (quint8, per_tensor_affine) scale and zero point, and quantize_per_tensor's values
  percentile   numpy.percentile (linear) of (100 - p) and p
  per_channel  PerChannelMinMaxObserver (qint8, per_channel_symmetric, [-127, 127]) scales and quantize_per_channel's values
  bias         round(b / (s_x * s_w)) in float32 (ONNX Runtime's quantizer), ties to even
  fold         torch.nn.utils.fusion.fuse_conv_bn_eval's weight and bias, with and without a convolution bias
All values are float32, written with enough digits to round-trip.
"""
import json
import os

import numpy as np
import torch
from torch.ao.quantization import MinMaxObserver, PerChannelMinMaxObserver

torch.manual_seed(2026)
np.random.seed(2026)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Quantization", "Fixtures", "quantization.json")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def min_max_cases():
    tensors = {
        "normal": torch.randn(300) * 3 + 1,
        "relu": torch.relu(torch.randn(300) * 2),
        "negative": -torch.rand(200) * 5 - 0.5,
        "zeros": torch.zeros(10),
        "tiny": torch.randn(50) * 1e-9,
        # Exact halves of a step: round half to even in QuantizeLinear.
        "halves": torch.tensor([-1.0, 0.0, 1.0, 0.5 / 255 * 2, 1.5 / 255 * 2, 2.5 / 255 * 2, 3.0]),
    }
    cases = []
    for name, x in tensors.items():
        observer = MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
        observer(x)
        scale, zero = observer.calculate_qparams()
        q = torch.quantize_per_tensor(x, float(scale), int(zero), torch.quint8).int_repr()
        cases.append({"name": name, "values": flat(x), "min": float(x.min()), "max": float(x.max()),
                      "scale": float(scale), "zeroPoint": int(zero), "quantized": [int(v) for v in q.tolist()]})
    return cases


def percentile_cases():
    cases = []
    x = np.concatenate([np.random.randn(997).astype(np.float32), np.array([40.0, -35.0, 60.0], dtype=np.float32)])
    for p in (99.9, 99.0, 95.5):
        low, high = np.percentile(x, [100 - p, p])
        cases.append({"percentile": p, "min": float(low), "max": float(high)})
    return {"values": [float(v) for v in x], "cases": cases}


def per_channel_cases():
    cases = []
    for shape in ((6, 3, 3, 3), (10, 20), (4, 1, 3, 3)):
        w = torch.randn(*shape) * torch.rand(shape[0]).reshape([-1] + [1] * (len(shape) - 1)) * 0.5
        if shape[0] == 4:
            w[2] = 0  # an all-zero channel gets the epsilon scale
        observer = PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8, qscheme=torch.per_channel_symmetric, quant_min=-127, quant_max=127)
        observer(w)
        scales, zeros = observer.calculate_qparams()
        q = torch.quantize_per_channel(w, scales, zeros, 0, torch.qint8).int_repr()
        cases.append({"channels": shape[0], "weight": flat(w), "scales": flat(scales), "quantized": [int(v) for v in q.reshape(-1).tolist()]})
    return cases


def bias_cases():
    b = (np.random.randn(8) * 2).astype(np.float32)
    s_w = (np.random.rand(8) * 0.01 + 0.001).astype(np.float32)
    s_x = np.float32(0.0123)
    q = np.round(b / (s_x * s_w)).astype(np.int32)
    return [{"bias": [float(v) for v in b], "inputScale": float(s_x), "weightScales": [float(v) for v in s_w], "quantized": [int(v) for v in q]}]


def fold_cases():
    cases = []
    for bias in (True, False):
        conv = torch.nn.Conv2d(3, 5, 3, bias=bias)
        bn = torch.nn.BatchNorm2d(5, eps=1e-5)
        with torch.no_grad():
            bn.weight.copy_(torch.randn(5))
            bn.bias.copy_(torch.randn(5))
            bn.running_mean.copy_(torch.randn(5))
            bn.running_var.copy_(torch.rand(5) + 0.1)
        conv.eval()
        bn.eval()
        fused = torch.nn.utils.fusion.fuse_conv_bn_eval(conv, bn)
        cases.append({
            "weight": flat(conv.weight), "bias": flat(conv.bias) if bias else [0.0] * 5,
            "gamma": flat(bn.weight), "beta": flat(bn.bias), "mean": flat(bn.running_mean), "variance": flat(bn.running_var), "eps": bn.eps,
            "foldedWeight": flat(fused.weight), "foldedBias": flat(fused.bias),
        })
    return cases


fixture = {"minMax": min_max_cases(), "percentile": percentile_cases(), "perChannel": per_channel_cases(), "bias": bias_cases(), "fold": fold_cases()}
with open(OUT, "w") as f:
    json.dump(fixture, f, indent=1)
print(f"wrote {OUT}")
