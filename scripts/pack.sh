#!/usr/bin/env bash
# Packs every PaddleInferenceSharp NuGet package (.nupkg + .snupkg) into out/packages/:
#   the managed libraries of PaddleInferenceSharp.sln (Release), the ONNX Runtime runtime package and the
#   PP-OCRv4 mobile model package. The native library and the models are the ones scripts/setup.sh installed in
#   .deps/, checked against the pinned SHA-256 sums of scripts/lib/pins.sh before they are packed.
#
#   scripts/pack.sh              # build (Release) and pack
#   scripts/pack.sh --no-build   # pack what is already built (scripts/setup.sh or a Release build ran)
#   scripts/pack.sh -o DIR       # another output folder
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/pins.sh
source "$ROOT/scripts/lib/pins.sh"
OUT="$ROOT/out/packages"
BUILD=()
while (($#)); do
  case "$1" in
    --no-build) BUILD=(--no-build) ;;
    -o|--output) OUT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "pack.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

fail() { echo "pack.sh: $*" >&2; exit 1; }
check() {
  local file="$1" expected="$2"
  [[ -f "$file" ]] || fail "$file is missing; run scripts/setup.sh first"
  [[ "$(sha256sum "$file" | cut -d' ' -f1)" == "$expected" ]] || fail "$file does not match its pinned SHA-256 $expected; run scripts/setup.sh again"
}

ORT_LIB="$ROOT/.deps/onnxruntime/$ORT_VERSION/linux-x64/libonnxruntime.so.1"
MODELS="$ROOT/.deps/models"
check "$ORT_LIB" "$ORT_LIB_SHA256"
check "$MODELS/PP-OCRv4_mobile_det/inference.onnx" "$DET_ONNX_SHA256"
check "$MODELS/PP-OCRv4_mobile_rec/inference.onnx" "$REC_ONNX_SHA256"
check "$MODELS/PP-OCRv4_mobile_rec/ppocr_keys_v1.txt" "$KEYS_SHA256"
check "$MODELS/ch_ppocr_mobile_v2.0_cls/inference.onnx" "$CLS_ONNX_SHA256"

mkdir -p "$OUT"
rm -f "$OUT"/PaddleInferenceSharp.*.nupkg "$OUT"/PaddleInferenceSharp.*.snupkg
cd "$ROOT"
pack() { dotnet pack "$@" -c Release --nologo -v quiet -clp:NoSummary -o "$OUT"; }

echo "==> managed packages (PaddleInferenceSharp.sln)"
pack PaddleInferenceSharp.sln "${BUILD[@]}"
echo "==> PaddleInferenceSharp.runtime.linux-x64.onnxruntime $ORT_VERSION"
pack native/packaging/onnxruntime/PaddleInferenceSharp.runtime.linux-x64.onnxruntime.csproj \
  "-p:OnnxRuntimeVersion=$ORT_VERSION" "-p:OnnxRuntimeLibrary=$ORT_LIB"
echo "==> PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile"
pack src/PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile/PaddleInferenceSharp.Ocr.Models.PPOCRv4Mobile.csproj \
  "-p:ModelsDirectory=$MODELS"

echo "pack.sh: packages in $OUT:"
(cd "$OUT" && ls -1 PaddleInferenceSharp.*.nupkg PaddleInferenceSharp.*.snupkg | sed 's/^/    /')
