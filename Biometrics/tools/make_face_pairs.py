#!/usr/bin/env python3
"""Builds a labelled pairs file for `kordon bench face` from the face_recognition 1.3.0 test photos.

  make_face_pairs.py [FACES_DIR]     (default Biometrics/testdata/faces, filled by install.sh)
writes FACES_DIR/chip/*.jp2, FACES_DIR/pairs.tsv and FACES_DIR/cases/ (two faces, no face, blurred, small).

Each photo plays the live image; a "chip" copy of every photo stands in for the ePassport's DG2 image:
downscaled to 480 px high and saved as JPEG 2000 (ISO/IEC 19794-5 photos are small and usually JPEG 2000).
Pairs: every live photo against every other photo's chip copy (never its own), labelled same/different
by person. Two people only: this shows the pipeline and the timing; it cannot estimate a false match rate.
"""
import itertools
import os
import sys

from PIL import Image, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))


def person(name):
    return os.path.splitext(name)[0].split("_")[0].rstrip("0123456789")


def main():
    faces = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "testdata", "faces")
    photos = sorted(f for f in os.listdir(faces) if f.endswith(".jpg"))
    os.makedirs(os.path.join(faces, "chip"), exist_ok=True)
    for f in photos:
        img = Image.open(os.path.join(faces, f)).convert("RGB")
        w, h = img.size
        img = img.resize((int(w * 480 / h), 480), Image.LANCZOS)
        img.save(os.path.join(faces, "chip", f.replace(".jpg", ".jp2")), quality_mode="rates", quality_layers=[20])
    lines = []
    for live, ref in itertools.permutations(photos, 2):
        label = "same" if person(live) == person(ref) else "different"
        lines.append("%s\tchip/%s\t%s" % (live, ref.replace(".jpg", ".jp2"), label))
    with open(os.path.join(faces, "pairs.tsv"), "w") as out:
        out.write("\n".join(lines) + "\n")
    # Cases the worker must refuse to compare: two people side by side, no face, a blurred face.
    bad = os.path.join(faces, "cases")
    os.makedirs(bad, exist_ok=True)
    a = Image.open(os.path.join(faces, "obama.jpg")).convert("RGB")
    b = Image.open(os.path.join(faces, "biden.jpg")).convert("RGB")
    b = b.resize((int(b.size[0] * a.size[1] / b.size[1]), a.size[1]))
    two = Image.new("RGB", (a.size[0] + b.size[0], a.size[1]))
    two.paste(a, (0, 0))
    two.paste(b, (a.size[0], 0))
    two.save(os.path.join(bad, "two_faces.jpg"), quality=90)
    Image.effect_noise((640, 480), 40).convert("RGB").save(os.path.join(bad, "no_face.png"))
    a.filter(ImageFilter.GaussianBlur(6)).save(os.path.join(bad, "blurred.jpg"), quality=90)
    small = a.resize((a.size[0] // 6, a.size[1] // 6), Image.LANCZOS)
    small.save(os.path.join(bad, "small.jpg"), quality=90)
    same = sum(1 for l in lines if l.endswith("same"))
    print("%d pairs (%d same, %d different) in %s" % (len(lines), same, len(lines) - same, os.path.join(faces, "pairs.tsv")))


if __name__ == "__main__":
    main()
