#!/usr/bin/env bash
# Builds Biometrics/build/kordon-biometrics with g++ and pkg-config (dlib, OpenCV, Tesseract from Debian).
# Rebuilds only when the source is newer than the binary. Usage: Biometrics/build.sh [--force]
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p build
OUT=build/kordon-biometrics
if [ "${1:-}" != "--force" ] && [ -x "$OUT" ] && [ "$OUT" -nt kordon-biometrics.cpp ]; then
    exit 0
fi
# dlib's pkg-config file names BLAS/LAPACK by absolute path; that is fine for g++ (only SwiftPM refuses it).
# -O2 without -march=native: the binary may be copied to another x86-64 machine.
CXXFLAGS="-std=c++17 -O2 -DNDEBUG -Wall -Wno-misleading-indentation"
echo "Biometrics/build.sh: compiling kordon-biometrics (about a minute)" >&2
nice -n 5 g++ $CXXFLAGS kordon-biometrics.cpp -o "$OUT.tmp" \
    $(pkg-config --cflags --libs dlib-1 opencv4 tesseract) -lopenblas
mv "$OUT.tmp" "$OUT"
echo "Biometrics/build.sh: built Biometrics/$OUT" >&2
