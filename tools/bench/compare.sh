#!/usr/bin/env bash
# Side-by-side benchmark (issue 5, docs/PERFORMANCE.md): CnnGen, PyTorch, seed-style numpy, ONNX Runtime, OpenBLAS,
# all measured in this one run. Needs /usr/bin/python3 with torch + numpy + libopenblas0-pthread.
# Usage: bash tools/bench/compare.sh [--real-scale] [runs=20] [rounds=4]
#   --real-scale: instead of the seed networks' table (P1-P9), the real-scale one (R1-R5: torchvision ResNet-18,
#   MobileNetV2, ResNet-50 and EfficientNet-B0 at 224x224 against ONNX Runtime and PyTorch, ResNet-20 and ResNet-18 train steps
#   against PyTorch, peak memory); also needs torchvision and onnx.
# The runs are split into alternated rounds (peers then CnnGen, then CnnGen then peers, ...) whose samples are
# pooled, so that both sides see the same stretches of a shared host's load.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
real_scale=0
if [[ "${1:-}" == "--real-scale" ]]; then real_scale=1; shift; fi
runs="${1:-20}"
rounds="${2:-4}"
per_round=$(( (runs + rounds - 1) / rounds ))
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python=/usr/bin/python3

dotnet build "$root/Samples/Benchmarks" -c Release -v q -nologo >/dev/null
bench="$root/Samples/Benchmarks/bin/Release/net10.0/CnnGen.Samples.Benchmarks.dll"
shapes="$(dotnet "$bench" gemm-shapes)"

# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines for old OpenBLAS builds) slow a current numpy: unset here only.
peers() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$1" OMP_NUM_THREADS="$1" CNNGEN_GEMM_SHAPES="$shapes" \
    taskset -c "$2" "$python" "$root/tools/bench/peers.py" --threads "$1" --runs "$per_round" "${@:3}"
}
# One-thread runs of every peer and of CnnGen on the same core (core 1: core 0 takes the interrupts here).
core="${CNNGEN_BENCH_CORE:-1}"
if (( real_scale )); then
  real_peer_round() {
    # Round 1 (peers first) also exports torchvision's models to ONNX for ONNX Runtime in every CnnGen round.
    local onnx=()
    (( $1 == 1 )) && onnx=(--onnx-dir "$out")
    peers 1 "$core" --real-scale "${onnx[@]}" > "$out/real-peers1-$1.json"
    peers 2 0,1 --real-scale > "$out/real-peers2-$1.json"
  }
  real_cnngen_round() {
    CNNGEN_BENCH_CORE="$core" taskset -c 0,1 dotnet "$bench" real-round "$out" "$1" "$per_round"
  }
  for round in $(seq 1 "$rounds"); do
    echo "real-scale round $round of $rounds" >&2
    if (( round % 2 == 1 )); then real_peer_round "$round"; real_cnngen_round "$round"; else real_cnngen_round "$round"; real_peer_round "$round"; fi
  done
  # Peak memory: one fresh process each, pinned to one core.
  taskset -c "$core" dotnet "$bench" peak-memory cnngen > "$out/memory-cnngen.json"
  taskset -c "$core" dotnet "$bench" peak-memory ort "$out/resnet18.onnx" > "$out/memory-ort.json"
  CNNGEN_BENCH_CORE="$core" dotnet "$bench" real-report "$out"
  exit 0
fi
peer_round() {
  # Round 1 (peers first) also exports the PyTorch twin to ONNX, for ONNX Runtime in every CnnGen round.
  local onnx=()
  (( $1 == 1 )) && onnx=(--onnx "$out/simple.onnx")
  peers 1 "$core" --gemm "${onnx[@]}" > "$out/peers1-$1.json"
  peers 2 0,1 > "$out/peers2-$1.json"
}
cnngen_round() {
  CNNGEN_BENCH_CORE="$core" taskset -c 0,1 dotnet "$bench" compare-round "$out" "$1" "$per_round"
}
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds" >&2
  if (( round % 2 == 1 )); then peer_round "$round"; cnngen_round "$round"; else cnngen_round "$round"; peer_round "$round"; fi
done
CNNGEN_BENCH_CORE="$core" dotnet "$bench" compare-report "$out"
