#!/usr/bin/env python3
"""A small client for the kordon-biometrics worker: try a request by hand, time it, or fuzz the framing.

  client.py face LIVE REFERENCE [THRESHOLD]   one verification, prints the worker's JSON
  client.py plate FRAME...                    one read per frame
  client.py fuzz [ROUNDS]                     random and mutated requests; the worker must answer each
                                              or resynchronise, and never die
The worker is Biometrics/build/kordon-biometrics with models from Biometrics/models (install.sh).
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class Worker:
    def __init__(self):
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        self.p = subprocess.Popen(
            [os.path.join(ROOT, "build", "kordon-biometrics"), "--models", os.path.join(ROOT, "models")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.n = 0

    def request(self, op, *images, extra=""):
        self.n += 1
        header = " ".join([op, str(self.n)] + [str(len(i)) for i in images] + ([extra] if extra else []))
        self.p.stdin.write(header.encode() + b"\n" + b"".join(images))
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("worker died (exit %s)" % self.p.wait())
        return json.loads(line)

    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def fuzz(rounds):
    w = Worker()
    rng = random.Random(13)
    faces = os.path.join(ROOT, "testdata", "faces")
    seeds = [read(os.path.join(faces, f)) for f in ("obama.jpg", "biden.jpg")] if os.path.isdir(faces) else []
    chip = os.path.join(faces, "chip", "obama.jp2")
    if os.path.exists(chip):
        seeds.append(read(chip))  # JPEG 2000, as a chip's DG2 photo
    seeds.append(b"\x89PNG\r\n\x1a\n" + bytes(40))
    for i in range(rounds):
        kind = rng.randrange(4)
        if kind == 0:  # garbage header line, then a ping to check the worker is in step
            junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))).replace(b"\n", b" ")
            w.raw(junk + b"\n")
            reply = json.loads(w.p.stdout.readline())
            assert reply["ok"] is False, reply
        else:  # a mutated image: flipped bytes, cut short, or a forged header size
            img = bytearray(rng.choice(seeds))
            for _ in range(rng.randrange(1, 20)):
                img[rng.randrange(len(img))] = rng.randrange(256)
            if rng.random() < 0.3:
                img = img[: rng.randrange(1, len(img))]
            op = rng.choice(["probe", "plate", "face", "preview"])
            imgs = [bytes(img)] * (2 if op == "face" else 1)
            reply = w.request(op, *imgs)
            assert "ok" in reply, reply
        pong = w.request("ping")
        assert pong["ok"], pong
    print("fuzz: %d rounds, worker alive" % rounds)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cmd = sys.argv[1]
    if cmd == "face":
        w = Worker()
        extra = sys.argv[4] if len(sys.argv) > 4 else ""
        print(json.dumps(w.request("face", read(sys.argv[2]), read(sys.argv[3]), extra=extra)))
    elif cmd == "plate":
        w = Worker()
        for path in sys.argv[2:]:
            print(path, json.dumps(w.request("plate", read(path))))
    elif cmd == "fuzz":
        fuzz(int(sys.argv[2]) if len(sys.argv) > 2 else 300)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
