#!/usr/bin/env python3
"""Write the shared MRZ vectors and translit inputs as libFuzzer seed files into the given directory."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, "..", "shared", "testdata")
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
count = 0
with open(os.path.join(SHARED, "mrz", "vectors.jsonl"), encoding="utf-8") as handle:
    for line in handle:
        vector = json.loads(line)
        with open(os.path.join(out, vector["id"]), "w", encoding="utf-8") as seed:
            seed.write("\n".join(vector["mrz"]))
        count += 1
for name in ("icao9303_part3.jsonl", "ukrainian_kmu55_2010.jsonl"):
    with open(os.path.join(SHARED, "translit", name), encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            with open(os.path.join(out, f"translit-{name[:5]}-{index}"), "w", encoding="utf-8") as seed:
                seed.write(json.loads(line)["input"])
            count += 1
print(f"{count} seeds in {out}")
