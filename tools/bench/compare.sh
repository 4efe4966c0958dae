#!/usr/bin/env bash
# Side-by-side benchmark (issue 5, docs/PERFORMANCE.md): CnnGen, PyTorch, seed-style numpy, ONNX Runtime, OpenBLAS,
# all measured in this one run. Needs /usr/bin/python3 with torch + numpy + libopenblas0-pthread.
# Usage: bash tools/bench/compare.sh [runs=20]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-20}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python=/usr/bin/python3

dotnet build "$root/Samples/Benchmarks" -c Release -v q -nologo >/dev/null
bench="$root/Samples/Benchmarks/bin/Release/net10.0/CnnGen.Samples.Benchmarks.dll"
shapes="$(dotnet "$bench" gemm-shapes)"

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines for old OpenBLAS builds) slow a current numpy: unset here only.
peers() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$1" OMP_NUM_THREADS="$1" CNNGEN_GEMM_SHAPES="$shapes" \
    taskset -c "$2" "$python" "$root/tools/bench/peers.py" --threads "$1" --runs "$runs" "${@:3}"
}
# One-thread runs of every peer and of CnnGen on the same core (core 1: core 0 takes the interrupts here).
core="${CNNGEN_BENCH_CORE:-1}"
peers 1 "$core" --onnx "$out/simple.onnx" --gemm > "$out/peers1.json"
peers 2 0,1 > "$out/peers2.json"
CNNGEN_BENCH_CORE="$core" taskset -c 0,1 dotnet "$bench" compare "$out" "$runs"
