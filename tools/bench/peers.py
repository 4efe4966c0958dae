"""Peers for `bash tools/bench/compare.sh`: PyTorch twins, the seed-style numpy network and OpenBLAS sgemm.

Prints one JSON object (times in milliseconds: every sample of --runs runs after warm-up; compare.sh pools the
samples of its alternated rounds and takes their min and median).
Run pinned (taskset) with OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset, as compare.sh does.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import seed_numpy  # noqa: E402


def measure(fn, runs, warmup=5):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return {"samples": times}


def torch_nets():
    import torch.nn as nn

    simple = nn.Sequential(nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                           nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10))

    def conv(c, f, p):
        return [nn.Conv2d(c, f, 3, padding=p), nn.ReLU()]

    deep = nn.Sequential(*conv(1, 16, 1), *conv(16, 16, 1), nn.MaxPool2d(2),
                         *conv(16, 32, 1), *conv(32, 32, 2), nn.MaxPool2d(2),
                         *conv(32, 64, 1), *conv(64, 64, 1), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(64 * 4 * 4, 50), nn.ReLU(), nn.Dropout(0.5), nn.Linear(50, 10), nn.Dropout(0.5))
    return simple, deep


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--onnx", help="write the PyTorch SimpleConvNet twin as ONNX here")
    parser.add_argument("--gemm", action="store_true", help="also time OpenBLAS sgemm on the network shapes")
    parser.add_argument("--real-scale", action="store_true", help="time the torchvision networks instead (real_scale.py)")
    parser.add_argument("--onnx-dir", help="with --real-scale: export the torchvision networks as ONNX here")
    args = parser.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    result = {"threads": args.threads, "torch": torch.__version__, "numpy": np.__version__}
    if args.real_scale:
        import real_scale
        import torchvision
        result["torchvision"] = torchvision.__version__
        result.update(real_scale.measure_real_scale(measure, args.runs, args.threads, args.onnx_dir))
        print(json.dumps(result))
        return
    try:
        from threadpoolctl import threadpool_info
        result["blas"] = [(i.get("internal_api"), i.get("architecture")) for i in threadpool_info()]
    except ImportError:
        result["blas"] = "threadpoolctl missing"

    simple, deep = torch_nets()
    x = torch.rand(100, 1, 28, 28)
    t = torch.randint(0, 10, (100,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def trainer(model):
        opt = torch.optim.SGD(model.parameters(), lr=0.01)

        def step():
            opt.zero_grad()
            loss_fn(model(x), t).backward()
            opt.step()
        return step

    result["torch_simple_train"] = measure(trainer(simple), args.runs)
    result["torch_deep_train"] = measure(trainer(deep), args.runs)
    simple.eval()
    with torch.no_grad():
        one = x[:1]
        result["torch_simple_infer1"] = measure(lambda: simple(one), args.runs * 10)
        result["torch_simple_infer100"] = measure(lambda: simple(x), args.runs)
    if args.onnx:
        torch.onnx.export(simple, x[:1], args.onnx, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)

    net = seed_numpy.SimpleConvNet()
    xn = x.numpy()
    tn = t.numpy()
    result["numpy_simple_train"] = measure(lambda: net.step(xn, tn), max(5, args.runs // 2), warmup=2)

    if args.gemm:
        shapes = json.loads(os.environ.get("CNNGEN_GEMM_SHAPES", "[[1024,1024,1024]]"))
        rng = np.random.default_rng(0)
        gemm = {}
        for m, n, k in shapes:
            a = rng.standard_normal((m, k), dtype=np.float32)
            b = rng.standard_normal((k, n), dtype=np.float32)
            c = np.empty((m, n), np.float32)
            runs = args.runs if m * n * k > 1e8 else args.runs * 10
            gemm[f"{m}x{n}x{k}"] = measure(lambda: np.matmul(a, b, out=c), runs)
        result["openblas_gemm"] = gemm
    print(json.dumps(result))


if __name__ == "__main__":
    main()
