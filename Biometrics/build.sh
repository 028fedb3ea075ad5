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
# Built where it runs (install.sh), so -march=native: dlib's HOG and DNN layers are header templates compiled here
# and use AVX when told they may. KORDON_BIOMETRICS_PORTABLE=1 builds for any x86-64 instead.
ARCH="-march=native"; [ "${KORDON_BIOMETRICS_PORTABLE:-0}" = "1" ] && ARCH=""
CXXFLAGS="-std=c++17 -O3 $ARCH -DNDEBUG -Wall -Wno-misleading-indentation"
echo "Biometrics/build.sh: compiling kordon-biometrics (about a minute)" >&2
nice -n 5 g++ $CXXFLAGS kordon-biometrics.cpp -o "$OUT.tmp" \
    $(pkg-config --cflags --libs dlib-1 opencv4 tesseract) -lopenblas
mv "$OUT.tmp" "$OUT"
echo "Biometrics/build.sh: built Biometrics/$OUT" >&2
