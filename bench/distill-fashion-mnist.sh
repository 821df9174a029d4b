#!/usr/bin/env bash
# The first distillation table of docs/benchmarks.md (2026-11-21; SAMPLES=10000 EPOCHS=3 gives it):
# a tinyvit-21m teacher, its logit store, and a tinyvit-5m student under each loss for the same
# epochs and resolution; then the per-step time of labels, sparse-kd and online-kd in one process.
# For a teacher of your own at equal steps over 2 seeds, see bench/distill-vs-labels.sh.
# Usage: bench/distill-fashion-mnist.sh OUT_DIR
set -euo pipefail
OUT=${1:?usage: $0 OUT_DIR}
SAMPLES=${SAMPLES:-20000}
EPOCHS=${EPOCHS:-3}
T="$(cd "$(dirname "$0")/.." && pwd)/tinyvit"
mkdir -p "$OUT"
"$T" teacher --preset tinyvit-21m --drop-path 0.1 --epochs "$EPOCHS" --train-samples "$SAMPLES" --out "$OUT/teacher" --json > "$OUT/teacher.json"
"$T" logits --teacher "$OUT/teacher" --epochs "$EPOCHS" --top-k 5 --train-samples "$SAMPLES" --out "$OUT/store" --verify --json > "$OUT/logits.json"
for loss in labels sparse-kd online-kd; do
  "$T" distill --preset tinyvit-5m --loss "$loss" --logits "$OUT/store" --teacher "$OUT/teacher" --epochs "$EPOCHS" \
      --train-samples "$SAMPLES" --out "$OUT/student-$loss" --json > "$OUT/student-$loss.json"
done
"$T" distill --preset tinyvit-5m --loss sparse-kd --relation-weight 1 --logits "$OUT/store" --teacher "$OUT/teacher" \
    --epochs "$EPOCHS" --train-samples "$SAMPLES" --out "$OUT/student-sparse-kd+relation" --json > "$OUT/student-sparse-kd+relation.json"
# timing: a store of exactly 20 steps of 128 samples from the same teacher
"$T" logits --teacher "$OUT/teacher" --epochs 1 --top-k 5 --train-samples 2560 --out "$OUT/store-timing" --json > /dev/null
"$T" bench distill --preset tinyvit-5m --teacher "$OUT/teacher" --logits "$OUT/store-timing" --batch 128 --rounds 2 --json > "$OUT/timing.json"
echo "done: $OUT" >&2
