"""Real-scale peers for `bash tools/bench/compare.sh --real-scale` (PyTorch 1.13 + torchvision 0.14, CPU).

torchvision's resnet18 / resnet50 / mobilenet_v2 / efficientnet_b0 (random weights: speed does not depend on them), eval mode, batch 1
at 224x224; a ResNet-20 twin of Samples/Networks' ResNet20 (1x28x28, batch 100) and resnet18 at 112x112 (batch 8)
train steps (SGD, cross-entropy). With --onnx-dir, also exports the four torchvision models as ONNX (opset 13) for
ONNX Runtime on the C# side, and records each model's multiply-adds (counted from the module shapes) for GFLOP/s.
"""
import os

import torch
import torch.nn as nn
import torchvision


class BasicBlock(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or cin != planes:
            self.downsample = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + (x if self.downsample is None else self.downsample(x)))


def resnet20():
    """Samples/Networks' ResNet20: 3x3 stem of 16, 3 stages of 3 basic blocks (16/32/64), avg pool, fc(10)."""
    layers = [nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True)]
    cin = 16
    for planes, stride in ((16, 1), (32, 2), (64, 2)):
        for i in range(3):
            layers.append(BasicBlock(cin, planes, stride if i == 0 else 1))
            cin = planes
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def multiply_adds(model, shape):
    """Multiply-adds of one forward pass (convolutions and linear layers), counted with forward hooks."""
    total = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            total[0] += output.numel() * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, nn.Linear):
            total[0] += output.numel() * module.in_features
    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(*shape))
    for h in handles:
        h.remove()
    return total[0]


def measure_real_scale(measure, runs, threads, onnx_dir=None):
    torch.manual_seed(0)
    result = {}
    models = {"resnet18": torchvision.models.resnet18(), "mobilenet_v2": torchvision.models.mobilenet_v2(),
              "resnet50": torchvision.models.resnet50(), "efficientnet_b0": torchvision.models.efficientnet_b0()}
    x = torch.rand(1, 3, 224, 224)
    for name, model in models.items():
        model.eval()
        if name in ("resnet50", "efficientnet_b0") and threads != 1:
            continue
        with torch.no_grad():
            result[f"torch_{name}_infer1"] = measure(lambda: model(x), runs, warmup=3)
        if onnx_dir:
            result[f"{name}_multiply_adds"] = multiply_adds(model, (1, 3, 224, 224))
            torch.onnx.export(model, x, os.path.join(onnx_dir, f"{name}.onnx"), input_names=["input"],
                              output_names=["logits"], opset_version=13)

    loss_fn = nn.CrossEntropyLoss()

    def trainer(model, inputs, targets):
        model.train()
        opt = torch.optim.SGD(model.parameters(), lr=0.01)

        def step():
            opt.zero_grad()
            loss_fn(model(inputs), targets).backward()
            opt.step()
        return step

    net20 = resnet20()
    x20, t20 = torch.rand(100, 1, 28, 28), torch.randint(0, 10, (100,))
    result["torch_resnet20_train"] = measure(trainer(net20, x20, t20), runs, warmup=3)
    if threads == 1:
        net112 = torchvision.models.resnet18()
        x112, t112 = torch.rand(8, 3, 112, 112), torch.randint(0, 1000, (8,))
        result["torch_resnet18_112_train"] = measure(trainer(net112, x112, t112), runs, warmup=2)
    if onnx_dir:
        result["resnet20_multiply_adds"] = multiply_adds(resnet20().eval(), (1, 1, 28, 28))
        result["resnet18_112_multiply_adds"] = multiply_adds(torchvision.models.resnet18().eval(), (1, 3, 112, 112))
    return result
