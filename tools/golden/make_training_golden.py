#!/usr/bin/python3
"""Golden fixtures for CnnGen's training extras, from PyTorch.

Run with Debian's interpreter (torch 1.13):  /usr/bin/python3 tools/golden/make_training_golden.py

Writes Tests/CnnGen.Runtime.Tests/Training/Fixtures/training.json with
  schedules: the learning rate of each of N scheduler steps (param_groups[0]["lr"] before step t+1), for
    MultiStepLR, SequentialLR(LinearLR, CosineAnnealingLR) (linear warm-up then cosine), OneCycleLR (two and three
    phases, cycle_momentum=False) and ReduceLROnPlateau fed a fixed metric sequence;
  clipping: gradients of several tensors before and after torch.nn.utils.clip_grad_norm_, and the returned norm;
  smoothing: CrossEntropyLoss(label_smoothing=e) mean loss and the gradient with respect to the logits;
  warps: F.grid_sample(x, F.affine_grid(theta), bilinear, zeros, align_corners=False) of small images for a rotation
    angle and scale (theta = the inverse map of a rotation by `degrees` counter-clockwise as displayed, scaled).
Everything is computed in float64 from float32 inputs: the fixture is the exact answer.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests", "Training", "Fixtures", "training.json")
torch.manual_seed(15)


def optimizer(lr):
    return torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr)


def rates(opt, scheduler, steps, metrics=None):
    out = []
    for t in range(steps):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[t])
    return out


def schedules():
    cases = []
    o = optimizer(0.1)
    cases.append(dict(name="multistep", kind="MultiStepDecay", args=dict(initial=0.1, milestones=[3, 7, 7, 12], gamma=0.5),
                      rates=rates(o, torch.optim.lr_scheduler.MultiStepLR(o, [3, 7, 7, 12], gamma=0.5), 16)))
    for (warmup, total, eta_min, start) in [(3, 20, 0.0, 1 / 3), (5, 40, 1e-4, 0.1), (0, 12, 0.0, 1 / 3)]:
        o = optimizer(0.01)
        if warmup > 0:
            s = torch.optim.lr_scheduler.SequentialLR(o, [
                torch.optim.lr_scheduler.LinearLR(o, start_factor=start, total_iters=warmup),
                torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total - warmup, eta_min=eta_min)], milestones=[warmup])
        else:
            s = torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total, eta_min=eta_min)
        cases.append(dict(name=f"warmup_cosine_{warmup}_{total}", kind="WarmupCosine",
                          args=dict(initial=0.01, warmupSteps=warmup, totalSteps=total, minimum=eta_min, startFactor=start),
                          rates=rates(o, s, total + 1)))
    for (max_lr, total, pct, div, final, three) in [(0.1, 50, 0.3, 25.0, 1e4, False), (0.003, 37, 0.25, 10.0, 100.0, True), (1.0, 10, 0.5, 25.0, 1e4, False)]:
        o = optimizer(max_lr)
        s = torch.optim.lr_scheduler.OneCycleLR(o, max_lr=max_lr, total_steps=total, pct_start=pct, div_factor=div,
                                                final_div_factor=final, three_phase=three, cycle_momentum=False)
        cases.append(dict(name=f"onecycle_{total}_{'three' if three else 'two'}", kind="OneCycle",
                          args=dict(maxLearningRate=max_lr, totalSteps=total, pctStart=pct, divFactor=div, finalDivFactor=final, threePhase=three),
                          rates=rates(o, s, total)))
    metrics = [1.0, 0.9, 0.95, 0.91, 0.9, 0.92, 0.93, 0.8, 0.85, 0.86, 0.87, 0.88, 0.79, 0.7999, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86]
    for (mode, factor, patience, threshold, tmode, cooldown, min_lr) in [
            ("min", 0.5, 2, 1e-4, "rel", 0, 0.0), ("min", 0.1, 1, 0.05, "abs", 2, 1e-3), ("max", 0.5, 1, 1e-4, "rel", 1, 0.0)]:
        o = optimizer(0.1)
        s = torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode=mode, factor=factor, patience=patience, threshold=threshold,
                                                       threshold_mode=tmode, cooldown=cooldown, min_lr=min_lr)
        cases.append(dict(name=f"plateau_{mode}_{tmode}_{cooldown}", kind="ReduceOnPlateau",
                          args=dict(initial=0.1, maximize=mode == "max", factor=factor, patience=patience, threshold=threshold,
                                    absoluteThreshold=tmode == "abs", cooldown=cooldown, minimum=min_lr),
                          metrics=metrics, rates=rates(o, s, len(metrics), metrics)))
    return cases


def clipping():
    cases = []
    for (sizes, max_norm, scale) in [([7, 13, 4], 1.0, 1.0), ([30, 5], 100.0, 1.0), ([9, 9, 9, 2], 0.25, 3.0)]:
        grads = [(torch.randn(n) * scale).float() for n in sizes]
        params = [torch.nn.Parameter(torch.zeros(n, dtype=torch.float64)) for n in sizes]
        for p, g in zip(params, grads):
            p.grad = g.double().clone()
        norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        cases.append(dict(maxNorm=max_norm, gradients=torch.cat(grads).tolist(), norm=float(norm),
                          clipped=torch.cat([p.grad for p in params]).tolist()))
    return cases


def smoothing():
    cases = []
    for (batch, classes, eps) in [(4, 5, 0.1), (3, 10, 0.25), (2, 3, 0.0)]:
        logits = (torch.randn(batch, classes) * 2).float().double().requires_grad_(True)
        labels = torch.randint(0, classes, (batch,))
        loss = F.cross_entropy(logits, labels, label_smoothing=eps)
        loss.backward()
        cases.append(dict(batch=batch, classes=classes, smoothing=eps, logits=logits.detach().flatten().tolist(),
                          labels=labels.tolist(), loss=float(loss), gradient=logits.grad.flatten().tolist()))
    return cases


def warps():
    cases = []
    for (channels, size, degrees, scale) in [(1, 5, 90.0, 1.0), (2, 7, 17.0, 1.0), (1, 8, -10.0, 1.1), (3, 6, 33.0, 0.8), (1, 9, 0.0, 0.9)]:
        image = torch.rand(1, channels, size, size).float().double()
        r = math.radians(degrees)
        # Output (x, y) reads the input at centre + R(r) (x - cx, y - cy) / scale, R = [[cos, -sin], [sin, cos]].
        theta = torch.tensor([[[math.cos(r) / scale, -math.sin(r) / scale, 0.0],
                               [math.sin(r) / scale, math.cos(r) / scale, 0.0]]], dtype=torch.float64)
        grid = F.affine_grid(theta, list(image.shape), align_corners=False)
        out = F.grid_sample(image, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        cases.append(dict(channels=channels, height=size, width=size, degrees=degrees, scale=scale,
                          image=image.flatten().tolist(), warped=out.flatten().tolist()))
    return cases


def main():
    data = dict(torch=torch.__version__, schedules=schedules(), clipping=clipping(), smoothing=smoothing(), warps=warps())
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
