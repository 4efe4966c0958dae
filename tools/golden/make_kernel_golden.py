#!/usr/bin/python3
"""Writes the kernel- and optimizer-level golden fixtures the runtime tests compare against.

Run with Debian's PyTorch 1.13: `/usr/bin/python3 tools/golden/make_kernel_golden.py` (from the repository root).
Outputs:
  Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/losses.json      loss values and gradients of every loss head
  Tests/CnnGen.Runtime.Tests/Kernels/Fixtures/batchnorm.json   BatchNorm training forward, running stats, backward
  Tests/CnnGen.Runtime.Tests/Optimizers/Fixtures/optimizers.json  parameters after each of 4 steps per optimizer
All inputs are float32 and written with enough digits to round-trip.
"""
import json
import os

import torch

torch.manual_seed(1234)
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
TESTS = os.path.join(ROOT, "Tests", "CnnGen.Runtime.Tests")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def loss_case(name, fn, prediction, target, **extra):
    prediction = prediction.clone().requires_grad_(True)
    loss = fn(prediction, target)
    loss.backward()
    case = {"name": name, "prediction": flat(prediction), "target": flat(target.float()),
            "loss": float(loss), "gradient": flat(prediction.grad)}
    case.update(extra)
    return case


def losses():
    cases = []
    batch, classes = 5, 7
    logits = torch.randn(batch, classes) * 3
    labels = torch.randint(0, classes, (batch,))
    cases.append(loss_case("cross_entropy_labels", torch.nn.CrossEntropyLoss(), logits, labels, classes=classes, batch=batch))
    # Large logits exercise the max subtraction.
    big = torch.randn(batch, classes) * 40
    cases.append(loss_case("cross_entropy_labels_large", torch.nn.CrossEntropyLoss(), big, labels, classes=classes, batch=batch))
    probabilities = torch.softmax(torch.randn(batch, classes), dim=1)
    cases.append(loss_case("cross_entropy_probabilities", torch.nn.CrossEntropyLoss(), logits, probabilities, classes=classes, batch=batch))
    # Targets that do not sum to one still have a defined gradient (softmax·Σt − t).
    unnormalised = torch.rand(batch, classes)
    cases.append(loss_case("cross_entropy_unnormalised", torch.nn.CrossEntropyLoss(), logits, unnormalised, classes=classes, batch=batch))

    x = torch.randn(4, 6) * 5
    x[0, 0] = 60.0
    x[0, 1] = -60.0
    t = torch.rand(4, 6)
    cases.append(loss_case("bce_with_logits", torch.nn.BCEWithLogitsLoss(), x, t))
    cases.append(loss_case("mse", torch.nn.MSELoss(), torch.randn(3, 5), torch.randn(3, 5)))
    p = torch.randn(3, 5)
    q = torch.randn(3, 5)
    q[0, :2] = p[0, :2]  # exact zeros of the difference: sign(0) = 0
    cases.append(loss_case("l1", torch.nn.L1Loss(), p, q))
    p = torch.randn(4, 5)
    q = p + torch.randn(4, 5) * 1.5
    q[0, 0] = p[0, 0]
    for beta in (1.0, 0.5, 0.0):
        cases.append(loss_case(f"smooth_l1_beta_{beta}", torch.nn.SmoothL1Loss(beta=beta), p, q, beta=beta))
    return cases


def batchnorm():
    cases = []
    for (batch, channels, spatial, momentum, eps) in ((4, 3, 5, 0.1, 1e-5), (6, 2, 1, 0.3, 1e-3)):
        bn = torch.nn.BatchNorm1d(channels, momentum=momentum, eps=eps)
        with torch.no_grad():
            bn.weight.copy_(torch.randn(channels))
            bn.bias.copy_(torch.randn(channels))
            bn.running_mean.copy_(torch.randn(channels))
            bn.running_var.copy_(torch.rand(channels) + 0.5)
        running_mean0, running_var0 = flat(bn.running_mean), flat(bn.running_var)
        shape = (batch, channels, spatial) if spatial > 1 else (batch, channels)
        x = (torch.randn(*shape) * 2 + 1).requires_grad_(True)
        r = torch.randn(*shape)
        bn.train()
        y = bn(x)
        (y * r).sum().backward()
        bn.eval()
        with torch.no_grad():
            y_eval = bn(x)
        cases.append({"batch": batch, "channels": channels, "spatial": spatial, "momentum": momentum, "epsilon": eps,
                      "gamma": flat(bn.weight), "beta": flat(bn.bias),
                      "runningMean": running_mean0, "runningVariance": running_var0,
                      "input": flat(x), "outputGradient": flat(r), "output": flat(y),
                      "runningMeanAfter": flat(bn.running_mean), "runningVarianceAfter": flat(bn.running_var),
                      "inputGradient": flat(x.grad), "gammaGradient": flat(bn.weight.grad), "betaGradient": flat(bn.bias.grad),
                      "inferenceOutput": flat(y_eval)})
    return cases


OPTIMIZERS = [
    ("sgd", "Sgd", {"lr": 0.1}),
    ("sgd_momentum", "Sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_nesterov_weight_decay", "Sgd", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}),
    ("sgd_dampening", "Sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}),
    ("adagrad", "AdaGrad", {"lr": 0.1}),
    ("adagrad_weight_decay", "AdaGrad", {"lr": 0.05, "eps": 1e-6, "weight_decay": 0.1}),
    ("rmsprop", "RmsProp", {"lr": 0.01}),
    ("rmsprop_momentum", "RmsProp", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "weight_decay": 0.05}),
    ("adam", "Adam", {"lr": 0.01}),
    ("adam_weight_decay", "Adam", {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("adamw", "AdamW", {"lr": 0.01}),
    ("adamw_strong_decay", "AdamW", {"lr": 0.02, "betas": (0.85, 0.995), "eps": 1e-6, "weight_decay": 0.5}),
]

TORCH_CLASSES = {"Sgd": torch.optim.SGD, "AdaGrad": torch.optim.Adagrad, "RmsProp": torch.optim.RMSprop,
                 "Adam": torch.optim.Adam, "AdamW": torch.optim.AdamW}


def optimizers(steps=4, length=9):
    cases = []
    for name, kind, options in OPTIMIZERS:
        param = torch.nn.Parameter(torch.randn(length))
        initial = flat(param)
        opt = TORCH_CLASSES[kind]([param], foreach=False, **options)
        gradients, after = [], []
        for _ in range(steps):
            g = torch.randn(length)
            gradients.append(flat(g))
            param.grad = g.clone()
            opt.step()
            after.append(flat(param))
        arguments = dict(options)
        if "betas" in arguments:
            arguments["beta1"], arguments["beta2"] = arguments.pop("betas")
        cases.append({"name": name, "kind": kind, "options": arguments, "initial": initial,
                      "gradients": gradients, "parameters": after})
    return cases


def write(path, payload):
    path = os.path.normpath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))


write(os.path.join(TESTS, "Kernels", "Fixtures", "losses.json"), {"torch": torch.__version__, "cases": losses()})
write(os.path.join(TESTS, "Kernels", "Fixtures", "batchnorm.json"), {"torch": torch.__version__, "cases": batchnorm()})
write(os.path.join(TESTS, "Optimizers", "Fixtures", "optimizers.json"), {"torch": torch.__version__, "cases": optimizers()})
