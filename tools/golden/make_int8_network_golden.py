#!/usr/bin/python3
"""Writes the fixtures of the generated int8 network's golden test (Tests/CnnGen.Runtime.Tests/Quantization/Int8NetworkGoldenTests.cs).

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_int8_network_golden.py` (from the repository root).

The network: conv1 (1->4, 3x3, padding 1, no bias) + bn1 + ReLU, max pool 2, conv2 (4->6, 3x3) + ReLU, flatten, fc (24->5).
Post-training static quantization with PyTorch's observers: MinMaxObserver (quint8, per_tensor_affine) on the input and
on each fused block's output, PerChannelMinMaxObserver (qint8, per_channel_symmetric, [-127, 127]) on the weights, the
batch norm folded first (fuse_conv_bn_eval), biases int32 at s_x * s_w.

Outputs, in Tests/CnnGen.Runtime.Tests/Quantization/Fixtures/:
  int8net.safetensors  the int8 network in CnnGen's int8 layout (written by hand: the safetensors package is not installed)
  int8net.json         the float weights and running statistics, the calibration and test inputs, and two references:
    expected  the project's formula computed here independently in numpy: exact int32 sums, requantization as one
              float32 multiply by (s_x * s_w) / s_y, rounding half to even, clamp; the logits as float32(acc) * (s_x * s_w)
    torch     PyTorch's own quantized model (eager mode, engine below) on the same parameters. Its kernels requantize with a
              float bias and quantize the logits to an 8-bit tensor, so it differs from `expected` by output steps.
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
from torch.ao.quantization import MinMaxObserver, PerChannelMinMaxObserver, QConfig, QuantStub, DeQuantStub

torch.manual_seed(22)
np.random.seed(22)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Quantization", "Fixtures")
ENGINE = "onednn" if "onednn" in torch.backends.quantized.supported_engines else "qnnpack"
f32 = np.float32


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.quant = QuantStub()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 6, 3)
        self.relu2 = nn.ReLU()
        self.fc = nn.Linear(24, 5)
        self.dequant = DeQuantStub()

    def forward(self, x):
        x = self.pool1(self.relu1(self.bn1(self.conv1(self.quant(x)))))
        x = self.relu2(self.conv2(x))
        return self.dequant(self.fc(torch.flatten(x, 1)))


net = Net().eval()
with torch.no_grad():
    net.bn1.running_mean.copy_(torch.randn(4) * 0.3)
    net.bn1.running_var.copy_(torch.rand(4) + 0.5)
    net.bn1.weight.copy_(torch.rand(4) + 0.5)
    net.bn1.bias.copy_(torch.randn(4) * 0.2)
calibration = torch.rand(20, 1, 8, 8)
inputs = torch.rand(12, 1, 8, 8) * 1.2 - 0.1  # a little outside the calibrated range: saturation

# ---- The project's formula, independently -------------------------------------------------------------------------
fused1 = torch.nn.utils.fusion.fuse_conv_bn_eval(net.conv1, net.bn1)


def observe(x):
    o = MinMaxObserver(dtype=torch.quint8, qscheme=torch.per_tensor_affine)
    o(x)
    s, z = o.calculate_qparams()
    return f32(s.item()), int(z.item())


def weights(w):
    o = PerChannelMinMaxObserver(ch_axis=0, dtype=torch.qint8, qscheme=torch.per_channel_symmetric, quant_min=-127, quant_max=127)
    o(w)
    s, _ = o.calculate_qparams()
    s = s.numpy().astype(f32)
    wq = np.clip(np.rint(w.detach().numpy().astype(f32) / s.reshape(-1, *([1] * (w.dim() - 1)))), -127, 127).astype(np.int64)
    return wq, s


with torch.no_grad():
    a1 = torch.relu(fused1(calibration))
    a2 = torch.relu(net.conv2(net.pool1(a1)))
p_in, p1, p2 = observe(calibration), observe(a1), observe(a2)
w1, s1 = weights(fused1.weight)
w2, s2 = weights(net.conv2.weight)
w3, s3 = weights(net.fc.weight)


def bias(b, sx, sw):
    return np.rint(b.detach().numpy().astype(f32) / (f32(sx) * sw)).astype(np.int64)


b1 = bias(fused1.bias, p_in[0], s1)
b2 = bias(net.conv2.bias, p1[0], s2)
b3 = bias(net.fc.bias, p2[0], s3)


def quantize(x, p):
    return np.clip(np.rint(x.astype(f32) / p[0]) + p[1], 0, 255).astype(np.int64)


def conv_acc(xq, z, wq, b, padding):
    # Exact: integers below 2^53 in float64.
    x = torch.from_numpy((xq - z).astype(np.float64))
    acc = torch.nn.functional.conv2d(x, torch.from_numpy(wq.astype(np.float64)), padding=padding).numpy()
    return acc.astype(np.int64) + b.reshape(1, -1, 1, 1)


def requantize(acc, sx, sw, p, relu):
    multiplier = ((f32(sx) * sw) / p[0]).astype(f32)
    shape = (1, -1) + (1,) * (acc.ndim - 2)
    y = np.rint(acc.astype(f32) * multiplier.reshape(shape))
    low = 0 if relu else -p[1]
    return (np.clip(y, low, 255 - p[1]) + p[1]).astype(np.int64)


xq = quantize(inputs.numpy(), p_in)
y1 = requantize(conv_acc(xq, p_in[1], w1, b1, 1), p_in[0], s1, p1, relu=True)
y1 = y1.reshape(12, 4, 4, 2, 4, 2).max(axis=(3, 5))
y2 = requantize(conv_acc(y1, p1[1], w2, b2, 0), p1[0], s2, p2, relu=True)
flat = (y2.reshape(12, 24) - p2[1])
acc3 = flat @ w3.T + b3.reshape(1, -1)
expected = acc3.astype(f32) * (f32(p2[0]) * s3).astype(f32)

# ---- PyTorch's quantized model ----------------------------------------------------------------------------------
torch.backends.quantized.engine = ENGINE
qnet = Net().eval()
qnet.load_state_dict(net.state_dict())
qnet = torch.ao.quantization.fuse_modules(qnet, [["conv1", "bn1", "relu1"], ["conv2", "relu2"]])
qnet.qconfig = QConfig(
    activation=MinMaxObserver.with_args(dtype=torch.quint8, qscheme=torch.per_tensor_affine),
    weight=PerChannelMinMaxObserver.with_args(dtype=torch.qint8, qscheme=torch.per_channel_symmetric, quant_min=-127, quant_max=127))
torch.ao.quantization.prepare(qnet, inplace=True)
with torch.no_grad():
    qnet(calibration)
torch.ao.quantization.convert(qnet, inplace=True)
with torch.no_grad():
    torch_out = qnet(inputs).numpy()
fc_scale = float(qnet.fc.scale)
print(f"engine {ENGINE}: max |expected - torch| = {np.abs(expected - torch_out).max():.5f} "
      f"({np.abs(expected - torch_out).max() / fc_scale:.2f} torch output steps of {fc_scale:.5f}); "
      f"argmax agreement {(expected.argmax(1) == torch_out.argmax(1)).mean():.3f}")


# ---- Files ------------------------------------------------------------------------------------------------------
def write_safetensors(path, tensors):
    header, blobs, offset = {"__metadata__": {"format": "pt", "generator": "make_int8_network_golden.py"}}, [], 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def activation(p):
    return [("F32", [], np.array([p[0]], dtype="<f4").tobytes()), ("I32", [], np.array([p[1]], dtype="<i4").tobytes())]


def layer(wq, s, b):
    return [("I8", list(wq.shape), wq.astype(np.int8).tobytes()), ("F32", [len(s)], s.astype("<f4").tobytes()),
            ("I32", [len(b)], b.astype("<i4").tobytes())]


entries = {}
for name, p in (("input", p_in), ("relu1", p1), ("relu2", p2)):
    scale, zero = activation(p)
    entries[name + ".scale"], entries[name + ".zero_point"] = scale, zero
for name, (wq, s, b) in (("conv1", (w1, s1, b1)), ("conv2", (w2, s2, b2)), ("fc", (w3, s3, b3))):
    w, ws, bb = layer(wq, s, b)
    entries[name + ".weight"], entries[name + ".weight_scale"], entries[name + ".bias"] = w, ws, bb
write_safetensors(os.path.join(OUT, "int8net.safetensors"), entries)


def flat_list(t):
    return [float(v) for v in np.asarray(t, dtype=f32).reshape(-1)]


state = {k: flat_list(v.numpy()) for k, v in net.state_dict().items() if v.dtype == torch.float32}
with open(os.path.join(OUT, "int8net.json"), "w") as f:
    json.dump({"engine": ENGINE, "state": state, "calibration": flat_list(calibration.numpy()), "inputs": flat_list(inputs.numpy()),
               "expected": flat_list(expected), "torch": flat_list(torch_out), "torchOutputScale": fc_scale}, f)
