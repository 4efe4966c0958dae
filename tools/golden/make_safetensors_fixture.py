#!/usr/bin/python3
"""Safetensors fixtures for CnnGen's weight I/O, written and checked by PyTorch (Debian python3-torch 1.13).

  make:   /usr/bin/python3 tools/golden/make_safetensors_fixture.py
          writes Tests/CnnGen.Runtime.Tests/Golden/Fixtures/weights_twin.safetensors (a state_dict of the twin
          network below, batch-norm running statistics included) and weights_twin_io.json (a fixed input and the
          twin's eval-mode output on it).
  verify: /usr/bin/python3 tools/golden/make_safetensors_fixture.py --verify FILE [--record]
          loads FILE (written by CnnGen) into the twin with load_state_dict(strict=True), runs the fixture input and
          compares with the fixture output (abs 1e-5 + rel 1e-4). With --record it also writes
          weights_twin_cnngen.verified.json, which the C# tests read (see Tests/.../Weights/PyTorchFixtureTests.cs).

The C# twin is WeightsTwinNet in Tests/CnnGen.Runtime.Tests/Weights/WeightsTwinNet.cs.
The safetensors package is not on these machines, so this file carries a minimal reader and writer of the format.
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "..", "Tests", "CnnGen.Runtime.Tests", "Golden", "Fixtures"))
DTYPES = {torch.float32: "F32", torch.int64: "I64"}
TORCH_DTYPES = {"F32": torch.float32, "I64": torch.int64}


class Twin(nn.Module):
    """[Network(1, 6, 6)] Conv2D(3, 3, Padding = 1), BatchNorm, ReLU, MaxPool2D(2), Dense(4), SoftmaxCrossEntropy."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 3, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(3)
        self.dense1 = nn.Linear(27, 4)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        return self.dense1(torch.flatten(x, 1))


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().numpy().tobytes()  # little-endian on x86
        header[name] = {"dtype": DTYPES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = TORCH_DTYPES[entry["dtype"]]
        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype).reshape(entry["shape"]) if end > begin \
            else torch.zeros(entry["shape"], dtype=dtype)
    return tensors


def fixture_input():
    generator = torch.Generator().manual_seed(7)
    return torch.randn(3, 1, 6, 6, generator=generator)


def make():
    torch.manual_seed(0)
    twin = Twin()
    with torch.no_grad():
        # Non-trivial batch-norm parameters and running statistics, so that loading them matters.
        twin.bn1.weight.copy_(torch.tensor([1.5, 0.5, -0.75]))
        twin.bn1.bias.copy_(torch.tensor([0.1, -0.2, 0.3]))
        twin.bn1.running_mean.copy_(torch.tensor([0.2, -0.1, 0.05]))
        twin.bn1.running_var.copy_(torch.tensor([0.5, 2.0, 1.25]))
        twin.bn1.num_batches_tracked.fill_(7)
    twin.eval()
    x = fixture_input()
    y = twin(x)
    os.makedirs(FIXTURES, exist_ok=True)
    write_safetensors(os.path.join(FIXTURES, "weights_twin.safetensors"), twin.state_dict())
    with open(os.path.join(FIXTURES, "weights_twin_io.json"), "w") as f:
        json.dump({"torch": torch.__version__, "input_shape": list(x.shape), "input": x.flatten().tolist(),
                   "output_shape": list(y.shape), "output": y.detach().flatten().tolist()}, f, indent=1)
    print("wrote", FIXTURES)


def verify(path, record):
    with open(os.path.join(FIXTURES, "weights_twin_io.json")) as f:
        io = json.load(f)
    twin = Twin()
    twin.load_state_dict(read_safetensors(path), strict=True)  # raises on a missing or unexpected key
    twin.eval()
    x = torch.tensor(io["input"]).reshape(io["input_shape"])
    y = twin(x).detach().flatten()
    expected = torch.tensor(io["output"])
    ok = bool(torch.allclose(y, expected, atol=1e-5, rtol=1e-4))
    worst = float((y - expected).abs().max())
    print(f"{path}: load_state_dict(strict=True) ok; outputs {'match' if ok else 'DIFFER'} (max abs diff {worst:.3g})")
    if record:
        with open(os.path.join(FIXTURES, "weights_twin_cnngen.verified.json"), "w") as f:
            json.dump({"torch": torch.__version__, "file": os.path.basename(path), "strict_load": True,
                       "outputs_match": ok, "max_abs_diff": worst, "output": y.tolist()}, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--verify":
        sys.exit(verify(sys.argv[2], "--record" in sys.argv))
    make()
