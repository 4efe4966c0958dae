#!/usr/bin/python3
"""Fine-tuning golden fixture: frozen layers (requires_grad=False) and torch.optim parameter groups.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_finetune_golden.py` (from the repository root).
Output: Tests/CnnGen.Runtime.Tests/Golden/Fixtures/finetune.json, read by FineTuningGoldenTests.

The network (declared in FineTuningGoldenTests.cs) freezes its stem (conv1, bn1: below every trainable layer) and a
dense layer between two trainable ones (fc1: the gradient crosses it). The stem's batch norm stays in training mode,
as a module with frozen parameters does: batch statistics, running statistics updated. AdamW steps only the trainable
tensors, in four groups: weights with weight decay, biases without (timm's rule: every 1-D tensor), and fc2's at twice
the learning rate. Values are drawn as float32 and the reference is computed in float64 from exactly those values.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Golden", "Fixtures", "finetune.json")
BATCH, STEPS, LR, DECAY, FC2_FACTOR = 4, 3, 0.01, 0.1, 2.0


class Twin(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(2, 3, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(3)
        self.conv2 = nn.Conv2d(3, 4, 3)
        self.fc1 = nn.Linear(4 * 4 * 4, 5)
        self.fc2 = nn.Linear(5, 2)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.conv2(x))
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def values(generator, shape, low, high):
    return (torch.rand(shape, generator=generator, dtype=torch.float32) * (high - low) + low).double()


def flat(tensors):
    return [v for t in tensors for v in t.detach().reshape(-1).tolist()]


def main():
    torch.set_default_dtype(torch.float64)
    generator = torch.Generator().manual_seed(2311)
    twin = Twin()
    with torch.no_grad():
        for p in twin.parameters():
            p.copy_(values(generator, p.shape, -0.6, 0.6))
        twin.bn1.weight.copy_(values(generator, (3,), 0.5, 1.5))
        twin.bn1.running_mean.copy_(values(generator, (3,), -0.5, 0.5))
        twin.bn1.running_var.copy_(values(generator, (3,), 0.5, 2.0))
    for module in (twin.conv1, twin.bn1, twin.fc1):
        for p in module.parameters():
            p.requires_grad_(False)
    x = values(generator, (BATCH, 2, 6, 6), -1.0, 1.0)
    labels = torch.randint(0, 2, (BATCH,), generator=generator)
    state = lambda: [twin.bn1.running_mean, twin.bn1.running_var]
    fixture = {"input": flat([x]), "labels": labels.tolist(), "parameters": flat(twin.parameters()), "state": flat(state()),
               "learningRate": LR, "weightDecay": DECAY, "fc2Factor": FC2_FACTOR}

    twin.train()
    loss = F.cross_entropy(twin(x), labels)
    loss.backward()
    fixture["loss"] = loss.item()
    fixture["gradients"] = flat([p.grad if p.grad is not None else torch.zeros_like(p) for p in twin.parameters()])
    for p in twin.parameters():
        p.grad = None
    with torch.no_grad():
        twin.bn1.running_mean.copy_(torch.tensor(fixture["state"][:3]))
        twin.bn1.running_var.copy_(torch.tensor(fixture["state"][3:]))

    groups = [
        {"params": [twin.conv2.weight], "weight_decay": DECAY},
        {"params": [twin.conv2.bias], "weight_decay": 0.0},
        {"params": [twin.fc2.weight], "weight_decay": DECAY, "lr": LR * FC2_FACTOR},
        {"params": [twin.fc2.bias], "weight_decay": 0.0, "lr": LR * FC2_FACTOR},
    ]
    optimizer = torch.optim.AdamW(groups, lr=LR)
    steps = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = F.cross_entropy(twin(x), labels)
        loss.backward()
        optimizer.step()
        steps.append({"loss": loss.item(), "parameters": flat(twin.parameters()), "state": flat(state())})
    fixture["steps"] = steps
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"wrote {OUT}: {len(fixture['parameters'])} parameters")


if __name__ == "__main__":
    main()
