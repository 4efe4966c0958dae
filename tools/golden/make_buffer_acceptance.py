#!/usr/bin/python3
"""Records which forms of a BatchNorm `num_batches_tracked` PyTorch 1.13's strict load_state_dict accepts.

Run: `/usr/bin/python3 tools/golden/make_buffer_acceptance.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Golden/Fixtures/num_batches_tracked.json, a list of
{dtype (safetensors name), shape, accepted, error}; the C# loader must accept exactly the accepted ones.
Safetensors dtypes that PyTorch 1.13 has no tensor type for (U16, U32, U64, F8_*) cannot be loaded there at all.
"""
import json
import os

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Golden", "Fixtures", "num_batches_tracked.json")
DTYPES = {"BOOL": torch.bool, "U8": torch.uint8, "I8": torch.int8, "I16": torch.int16, "I32": torch.int32,
          "I64": torch.int64, "F16": torch.float16, "BF16": torch.bfloat16, "F32": torch.float32, "F64": torch.float64,
          "U16": None, "U32": None, "U64": None, "F8_E4M3": None, "F8_E5M2": None}
SHAPES = [[], [1], [2], [5], [0], [1, 1], [2, 1], [1, 1, 1]]


def attempt(dtype, shape):
    if dtype is None:
        return False, "PyTorch 1.13 has no such dtype"
    model = torch.nn.Sequential(torch.nn.BatchNorm1d(3))
    state = {k: v.clone() for k, v in model.state_dict().items()}  # a plain dict: no _metadata, like a safetensors load
    state["0.num_batches_tracked"] = torch.ones(shape, dtype=dtype)
    try:
        model.load_state_dict(state, strict=True)
        return True, None
    except Exception as e:  # noqa: BLE001 - any refusal counts
        return False, str(e).splitlines()[-1].strip()


cases = []
for name, dtype in DTYPES.items():
    for shape in SHAPES:
        accepted, error = attempt(dtype, shape)
        cases.append({"dtype": name, "shape": shape, "accepted": accepted, "error": error})
with open(os.path.normpath(OUT), "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
print("wrote", os.path.relpath(os.path.normpath(OUT), ROOT))
