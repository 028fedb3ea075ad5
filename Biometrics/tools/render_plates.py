#!/usr/bin/env python3
"""Renders labelled camera frames of Ukrainian and Moldovan number plates for `kordon bench plates`.

  render_plates.py OUTDIR [--count N] [--seed S]
writes OUTDIR/easy/ and OUTDIR/hard/, each with N JPEG frames (640x480) and labels.tsv ("file<TAB>plate").
  render_plates.py OUTDIR --plates "BC 7788 AK,ABC 123"
writes one easy frame per given plate, OUTDIR/plate-BC7788AK.jpg (the demo's camera frames).

Plates are drawn in the EU layout (520x112 mm, blue national strip on the left) with DejaVu Sans Condensed
Bold from Debian's fonts-dejavu-core: Ukraine `AA 1234 BB` (only the letters Cyrillic and Latin share),
Moldova `ABC 123`. Easy frames: a plate about 230 px wide, tilted up to 3 degrees, light noise and blur.
Hard frames: 140-220 px wide, tilted up to 10 degrees with a little perspective, stronger blur and noise,
uneven light, low JPEG quality and clutter (lines, boxes, stray text) around the plate.
Same seed, same frames: the sets are reproducible and never committed.
"""
import argparse
import os
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
UA_LETTERS = "ABCEHIKMOPTX"
MD_LETTERS = "ABCDEFGHIKLMNOPRSTUVXZ"
W, H = 640, 480


def font(size, name="DejaVuSansCondensed-Bold.ttf"):
    return ImageFont.truetype(os.path.join(FONT_DIR, name), size)


def plate_text(rng):
    if rng.random() < 0.6:
        l1 = "".join(rng.choice(UA_LETTERS) for _ in range(2))
        d = "".join(rng.choice("0123456789") for _ in range(4))
        l2 = "".join(rng.choice(UA_LETTERS) for _ in range(2))
        return "%s %s %s" % (l1, d, l2), "UA"
    l1 = "".join(rng.choice(MD_LETTERS) for _ in range(3))
    d = "".join(rng.choice("0123456789") for _ in range(3))
    return "%s %s" % (l1, d), "MD"


def draw_plate(text, country, rng):
    pw, ph = 520, 112
    img = Image.new("RGB", (pw, ph), (250, 250, 248))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([1, 1, pw - 2, ph - 2], radius=8, outline=(10, 10, 10), width=5)
    d.rectangle([6, 6, 48, ph - 7], fill=(0, 51, 153))
    if country == "UA":
        d.rectangle([14, 20, 40, 35], fill=(0, 87, 183))
        d.rectangle([14, 36, 40, 51], fill=(255, 215, 0))
    d.text((27, 88), country, font=font(24, "DejaVuSans-Bold.ttf"), fill=(255, 255, 255), anchor="mm")
    f = font(84)
    tw = d.textlength(text, font=f)
    size = 84 if tw < 440 else int(84 * 440 / tw)
    d.text((58 + (pw - 10 - 58) / 2, ph / 2 + 2), text, font=font(size), fill=(15, 15, 15), anchor="mm")
    return img


def clutter(d, rng, n):
    for _ in range(n):
        kind = rng.randrange(3)
        c = tuple(rng.randrange(256) for _ in range(3))
        if kind == 0:
            d.line([(rng.randrange(W), rng.randrange(H)), (rng.randrange(W), rng.randrange(H))], fill=c,
                   width=rng.randrange(1, 5))
        elif kind == 1:
            x, y = rng.randrange(W), rng.randrange(H)
            d.rectangle([x, y, x + rng.randrange(10, 120), y + rng.randrange(10, 80)], outline=c, width=2)
        else:
            word = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(rng.randrange(2, 7)))
            d.text((rng.randrange(W), rng.randrange(H)), word, font=font(rng.randrange(12, 30)), fill=c)


def frame(rng, hard, given=None):
    text, country = plate_text(rng)
    if given:
        text, country = given, ("MD" if len(given.split()) == 2 else "UA")
    base = rng.randrange(40, 140)
    bg = Image.new("RGB", (W, H), (base, base, base + rng.randrange(-20, 20)))
    d = ImageDraw.Draw(bg)
    # A car: a large body, a grille band, the plate in the middle of the lower half.
    body = tuple(rng.randrange(20, 200) for _ in range(3))
    d.rectangle([rng.randrange(20, 80), rng.randrange(60, 140), W - rng.randrange(20, 80), H - rng.randrange(0, 40)],
                fill=body)
    d.rectangle([120, 200, 520, 250], fill=tuple(max(0, c - 40) for c in body))
    if hard:
        clutter(d, rng, rng.randrange(8, 20))
    plate = draw_plate(text, country, rng)
    width = rng.randrange(210, 260) if not hard else rng.randrange(140, 220)
    plate = plate.resize((width, int(width * 112 / 520)), Image.LANCZOS)
    angle = rng.uniform(-3, 3) if not hard else rng.uniform(-10, 10)
    plate = plate.convert("RGBA").rotate(angle, resample=Image.BICUBIC, expand=True)
    if hard:  # a little perspective: squeeze one side
        pw, ph = plate.size
        dy = rng.uniform(0, 0.08) * ph
        coeffs = (1, 0, 0, 0, 1, 0, 0, 0)
        quad = (0, 0, 0, ph, pw, ph - dy, pw, dy) if rng.random() < 0.5 else (0, dy, 0, ph - dy, pw, ph, pw, 0)
        plate = plate.transform(plate.size, Image.QUAD, quad, resample=Image.BICUBIC)
    x = rng.randrange(100, W - plate.size[0] - 100) if W - plate.size[0] > 200 else 50
    y = rng.randrange(260, H - plate.size[1] - 20)
    bg.paste(plate, (x, y), plate)
    if hard:
        # uneven light: a dark gradient across the frame
        shade = Image.linear_gradient("L").resize((W, H)).rotate(rng.choice([0, 90, 180, 270]))
        dark = Image.new("RGB", (W, H), (0, 0, 0))
        depth = rng.uniform(0.2, 0.45)
        bg = Image.composite(dark, bg, shade.point(lambda v: int(v * depth)))
    blur = rng.uniform(0.0, 0.6) if not hard else rng.uniform(0.6, 1.4)
    bg = bg.filter(ImageFilter.GaussianBlur(blur))
    sigma = 4 if not hard else 12
    noise = Image.effect_noise((W, H), sigma).convert("RGB")  # Gaussian around 128
    bg = ImageChops.add(bg, noise, scale=1.0, offset=-128)
    quality = rng.randrange(80, 95) if not hard else rng.randrange(40, 70)
    return bg, text, quality


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--plates", help="comma-separated plates: one easy frame each, instead of the sets")
    a = ap.parse_args()
    if a.plates:
        os.makedirs(a.outdir, exist_ok=True)
        rng = random.Random("plates-%d" % a.seed)
        for given in [p.strip() for p in a.plates.split(",") if p.strip()]:
            img, text, quality = frame(rng, False, given)
            img.save(os.path.join(a.outdir, "plate-%s.jpg" % text.replace(" ", "")), quality=90)
        print("rendered %s in %s" % (a.plates, a.outdir))
        return
    for level in ("easy", "hard"):
        rng = random.Random("%s-%d" % (level, a.seed))
        out = os.path.join(a.outdir, level)
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "labels.tsv"), "w") as labels:
            for i in range(a.count):
                img, text, quality = frame(rng, level == "hard")
                name = "%s-%04d.jpg" % (level, i)
                img.save(os.path.join(out, name), quality=quality)
                labels.write("%s\t%s\n" % (name, text))
    print("rendered %d easy and %d hard frames in %s" % (a.count, a.count, a.outdir))


if __name__ == "__main__":
    main()
