#!/usr/bin/env python3
"""Times face verifications through one or more worker binaries, taking turns request by request so that every
binary sees the same machine load (this machine is shared: compare binaries side by side, not run after run).

  face_timing.py PASSES BINARY [BINARY...]
Uses Biometrics/testdata/faces/pairs.tsv (make_face_pairs.py) and Biometrics/models. Prints, per binary: wall
p50 and mean per verification, the worker's CPU time per verification (user + system, from /proc: the two
images' threads added up) and how many outcomes disagree with the labels.
"""
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import client  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACES = os.path.join(ROOT, "testdata", "faces")
TICK = os.sysconf("SC_CLK_TCK")


def start(binary):
    w = client.Worker.__new__(client.Worker)
    w.p = subprocess.Popen([binary, "--models", os.path.join(ROOT, "models")], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    w.n = 0
    w.request("ping")
    return w


def cpu_seconds(w):
    fields = open("/proc/%d/stat" % w.p.pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    passes, binaries = int(sys.argv[1]), sys.argv[2:]
    pairs = [line.split("\t") for line in open(os.path.join(FACES, "pairs.tsv")).read().splitlines() if line]
    images = {p: client.read(os.path.join(FACES, p)) for pair in pairs for p in pair[:2]}
    workers = [start(b) for b in binaries]
    walls, cpus, wrong = [[] for _ in workers], [0.0] * len(workers), [0] * len(workers)
    for _ in range(passes):
        for live, reference, label in pairs:
            for i, w in enumerate(workers):
                c0, t0 = cpu_seconds(w), time.perf_counter()
                answer = w.request("face", images[live], images[reference])
                walls[i].append((time.perf_counter() - t0) * 1000)
                cpus[i] += cpu_seconds(w) - c0
                wrong[i] += (answer.get("outcome") == "match") != (label == "same")
    for i, binary in enumerate(binaries):
        n = len(walls[i])
        print("%s: %d verifications, wall p50 %.0f ms, mean %.0f ms; CPU %.0f ms per verification; %d wrong outcomes"
              % (binary, n, statistics.median(walls[i]), statistics.mean(walls[i]), cpus[i] * 1000 / n, wrong[i]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
