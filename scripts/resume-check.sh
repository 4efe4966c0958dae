#!/usr/bin/env bash
# Kills the README's main job (SimpleConvNet, seed protocol) with SIGKILL at random moments, continues it with
# --resume each time, and checks that the final weights are byte-identical to an uninterrupted run's.
#   usage: scripts/resume-check.sh [kills (default 5)] [extra options for the MNIST program, e.g. --net deep]
set -euo pipefail
cd "$(dirname "$0")/.."
kills="${1:-5}"; shift || true
work="$(mktemp -d /tmp/cnngen-resume-check.XXXXXX)"
dotnet build Samples/Mnist -c Release -nologo -v quiet >/dev/null
program=(dotnet Samples/Mnist/bin/Release/net10.0/CnnGen.Samples.Mnist.dll "$@")

start=$(date +%s.%N)
"${program[@]}" --out "$work/reference" >"$work/reference.log"
seconds=$(echo "$(date +%s.%N) - $start" | bc)
echo "uninterrupted run: ${seconds%.*} s"

resume=()
for ((k = 1; k <= kills; k++)); do
  # A random moment within the run's length (startup included).
  delay=$(awk -v s="$RANDOM" -v t="$seconds" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * t }')
  "${program[@]}" --out "$work/killed" "${resume[@]}" >"$work/kill$k.log" 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    echo "kill $k after ${delay} s: $(grep -c '^epoch' "$work/kill$k.log") epochs logged, checkpoint: $(ls "$work/killed" 2>/dev/null | grep -c checkpoint || true) file(s)"
  else
    wait "$pid" || true
    echo "kill $k after ${delay} s: the run had already finished"
  fi
  resume=(--resume)
done
"${program[@]}" --out "$work/killed" --resume >"$work/final.log"
grep -h "^resumed" "$work/final.log" || echo "final run: nothing to resume (started afresh)"
weights=$(cd "$work/reference" && ls *.safetensors | grep -v checkpoint)
if cmp "$work/reference/$weights" "$work/killed/$weights"; then
  echo "IDENTICAL: $weights ($(stat -c %s "$work/reference/$weights") bytes) after $kills kills; logs in $work"
else
  echo "DIFFERENT: $weights; logs in $work"; exit 1
fi
