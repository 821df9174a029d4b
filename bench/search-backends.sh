#!/usr/bin/env bash
# The backend throughput figures of docs/benchmarks.md: the same small search (same store, seed and
# candidates) trained in this process, by one worker process with every core, by one worker per
# core, and by Spark local[cores] with a worker process per task; candidate evaluations per hour of
# each. Run it alone on the machine. Usage: bench/search-backends.sh LOGIT_STORE OUT_DIR [search options...]
set -euo pipefail
STORE=${1:?usage: $0 LOGIT_STORE OUT_DIR [search options...]}
OUT=${2:?usage: $0 LOGIT_STORE OUT_DIR [search options...]}
shift 2
CORES=${CORES:-$(nproc)}
T=${TINYVIT:-"$(cd "$(dirname "$0")/.." && pwd)/tinyvit"}  # TINYVIT: another launcher, e.g. of a jar snapshot
mkdir -p "$OUT"
SEARCH=(--logits "$STORE" --budgets 5M --generations 2 --population 6 --seed 1 "$@")
bench() { # NAME BACKEND-OPTIONS...
  local name=$1; shift
  rm -rf "$OUT/$name"
  "$T" bench search "${SEARCH[@]}" "$@" --out "$OUT/$name" --json > "$OUT/$name.json"
  echo "$name: $(cat "$OUT/$name.json")" >&2
}
bench in-process
bench "workers-1x$CORES" --workers 1 --threads "$CORES"
bench "workers-${CORES}x1" --workers "$CORES" --threads 1
bench "spark-local$CORES" --spark "local[$CORES]" --threads 1
echo "done: $OUT" >&2
