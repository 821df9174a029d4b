#!/usr/bin/env python3
"""How sure a teacher is of the samples it stored: top-1 probability (median, mean, share above
0.9 and 0.99) and the mass the stored top-K hold, over every epoch file of a logit store.
Reads the store format of framework/.../distill/store (header of 172 bytes; records of an int32
seed, K int16 indices, K float16 probabilities; a CRC32 per block of 1,024 records after them).
Usage: bench/store-confidence.py STORE_DIR"""
import glob, os, struct, sys
import numpy as np

HEADER = 172
store = sys.argv[1]
tops, masses = [], []
for path in sorted(glob.glob(os.path.join(store, "epoch-*.logits"))):
    raw = open(path, "rb").read()
    if raw[:8] != b"TVLOGITS":
        sys.exit(f"{path}: not a logit store file")
    version, k, classes, index_bytes = struct.unpack_from("<4i", raw, 8)
    (count,) = struct.unpack_from("<q", raw, 24)
    if version != 1 or index_bytes != 2:
        sys.exit(f"{path}: format version {version}, index width {index_bytes}: not read by this script")
    record = np.dtype([("seed", "<i4"), ("index", "<i2", (k,)), ("prob", "<f2", (k,))])
    records = np.frombuffer(raw, dtype=record, count=count, offset=HEADER)
    probs = records["prob"].astype(np.float64)
    tops.append(probs[:, 0])
    masses.append(probs.sum(axis=1))
top, mass = np.concatenate(tops), np.concatenate(masses)
print(f"{store}: {top.size} records; top-1 probability median {np.median(top):.3f}, mean {top.mean():.3f}, "
      f"above 0.9 {100 * (top > 0.9).mean():.1f} %, above 0.99 {100 * (top > 0.99).mean():.1f} %; top-K mass mean {mass.mean():.4f}")
