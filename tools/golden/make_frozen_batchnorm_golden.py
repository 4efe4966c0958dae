#!/usr/bin/python3
"""Frozen batch-norm golden fixture: BatchNorm(Frozen = true), a batch norm in eval mode inside a model in train mode.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_frozen_batchnorm_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Golden/Fixtures/frozen_batchnorm.json, read by FrozenBatchNormGoldenTests.

The network (declared in FrozenBatchNormGoldenTests.cs) puts its three batch norms in .eval() while the model trains:
bn1 (2-D) and bn3 (1-D) keep trainable gamma and beta, bn2 is also frozen (requires_grad=False, the usual fine-tuning
shape), and conv2 between them is frozen too, so the gradient crosses frozen layers on its way to conv1. Running
statistics must stay as they were. SGD with momentum takes a few steps. Values are drawn as float32 and the reference
is computed in float64 from exactly those values.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from make_finetune_golden import flat, values

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Golden", "Fixtures", "frozen_batchnorm.json")
BATCH, STEPS, LR, MOMENTUM = 4, 3, 0.05, 0.9


class Twin(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 3, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(3)
        self.conv2 = nn.Conv2d(3, 4, 3)
        self.bn2 = nn.BatchNorm2d(4)
        self.fc1 = nn.Linear(4 * 4 * 4, 5)
        self.bn3 = nn.BatchNorm1d(5)
        self.fc2 = nn.Linear(5, 2)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        return self.fc2(F.relu(self.bn3(self.fc1(torch.flatten(x, 1)))))

    def norms(self):
        return (self.bn1, self.bn2, self.bn3)


def main():
    torch.set_default_dtype(torch.float64)
    generator = torch.Generator().manual_seed(2312)
    twin = Twin()
    with torch.no_grad():
        for p in twin.parameters():
            p.copy_(values(generator, p.shape, -0.6, 0.6))
        for bn in twin.norms():
            channels = bn.num_features
            bn.weight.copy_(values(generator, (channels,), 0.5, 1.5))
            bn.running_mean.copy_(values(generator, (channels,), -0.5, 0.5))
            bn.running_var.copy_(values(generator, (channels,), 0.5, 2.0))
    for module in (twin.conv2, twin.bn2):
        for p in module.parameters():
            p.requires_grad_(False)
    x = values(generator, (BATCH, 2, 6, 6), -1.0, 1.0)
    labels = torch.randint(0, 2, (BATCH,), generator=generator)
    state = lambda: [t for bn in twin.norms() for t in (bn.running_mean, bn.running_var)]
    fixture = {"input": flat([x]), "labels": labels.tolist(), "parameters": flat(twin.parameters()), "state": flat(state()),
               "learningRate": LR, "momentum": MOMENTUM}

    twin.train()
    for bn in twin.norms():
        bn.eval()
    loss = F.cross_entropy(twin(x), labels)
    loss.backward()
    fixture["loss"] = loss.item()
    fixture["gradients"] = flat([p.grad if p.grad is not None else torch.zeros_like(p) for p in twin.parameters()])
    for p in twin.parameters():
        p.grad = None

    optimizer = torch.optim.SGD([p for p in twin.parameters() if p.requires_grad], lr=LR, momentum=MOMENTUM)
    steps = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = F.cross_entropy(twin(x), labels)
        loss.backward()
        optimizer.step()
        steps.append({"loss": loss.item(), "parameters": flat(twin.parameters()), "state": flat(state())})
    fixture["steps"] = steps
    assert all(s["state"] == fixture["state"] for s in steps), "eval-mode batch norms must not update their running statistics"
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"wrote {OUT}: {len(fixture['parameters'])} parameters, loss {fixture['loss']:.6f}")


if __name__ == "__main__":
    main()
