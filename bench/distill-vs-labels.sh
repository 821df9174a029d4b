#!/usr/bin/env bash
# Distillation against the labels at equal steps (issue 12's bar), for a teacher you trained:
# the teacher's top-5 store over SAMPLES images for EPOCHS epochs (its own resolution, the policy
# AUG), then a tinyvit-5m student for the same steps under labels, sparse-kd and sparse-kd mixed
# with the labels for each seed in SEEDS, and online-kd for the first seed. Every student trains
# on the same images with the store's policy; each result is OUT/<loss>-s<seed>.json.
# Usage: bench/distill-vs-labels.sh TEACHER_DIR OUT_DIR   (env: SAMPLES, EPOCHS, AUG, SEEDS, TINYVIT)
set -euo pipefail
TEACHER=${1:?usage: $0 TEACHER_DIR OUT_DIR}
OUT=${2:?usage: $0 TEACHER_DIR OUT_DIR}
SAMPLES=${SAMPLES:-20000}
EPOCHS=${EPOCHS:-2}
AUG=${AUG:-flip}
SEEDS=${SEEDS:-"1 2"}
T=${TINYVIT:-"$(cd "$(dirname "$0")/.." && pwd)/tinyvit"}
mkdir -p "$OUT"
[ -f "$OUT/store.json" ] || "$T" logits --teacher "$TEACHER" --epochs "$EPOCHS" --top-k 5 --augmentation "$AUG" \
    --train-samples "$SAMPLES" --out "$OUT/store" --verify --json > "$OUT/store.json"
student() { # NAME SEED ARGS...
  local name=$1 seed=$2; shift 2
  [ -f "$OUT/$name-s$seed.json" ] && return 0
  "$T" distill --preset tinyvit-5m --logits "$OUT/store" --epochs "$EPOCHS" --train-samples "$SAMPLES" --seed "$seed" \
      --out "$OUT/$name-s$seed" --json "$@" > "$OUT/$name-s$seed.tmp" && mv "$OUT/$name-s$seed.tmp" "$OUT/$name-s$seed.json"
}
for seed in $SEEDS; do
  student labels "$seed" --loss labels
  student sparse-kd "$seed" --loss sparse-kd
  student sparse-kd+labels "$seed" --loss sparse-kd --label-weight 0.5
done
student online-kd "${SEEDS%% *}" --loss online-kd --teacher "$TEACHER"
echo "done: $OUT" >&2
