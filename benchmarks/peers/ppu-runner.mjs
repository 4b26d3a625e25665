// Runs ppu-paddle-ocr over a folder of images and writes one <stem>.json per image in the scorer's format
// ({"lines": [{"text", "poly", "score"}], "ms": ...}). Timed like scripts/bench-e2e and ocr-node-runner.mjs: one
// untimed warm-up pass, then `repeat` timed passes; ms = the per-image median; each timed call reads the file.
// Usage: node ppu-runner.mjs <input-dir> <output-dir> [repeat] [models-dir] [strategy]
//   models-dir: holds PP-OCRv4_mobile_det/inference.onnx, PP-OCRv4_mobile_rec/inference.onnx and
//   PP-OCRv4_mobile_rec/ppocr_keys_v1.txt (default ../models beside this file's folder: .deps/models from .deps/peers).
//   strategy: per-box (default), per-line or cross-line. per-box was the best of the three on two 8-image subsets of
//   shared/eval/dev: line accuracy 0.342 and 0.372, against 0.317 and 0.343 (per-line) and 0.308 and 0.314
//   (cross-line); det F1 within 0.013 of the others; median time within 1% (first subset, 3 passes).
import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { PaddleOcrService } from 'ppu-paddle-ocr';

const STRATEGIES = ['per-box', 'per-line', 'cross-line'];
const here = path.dirname(fileURLToPath(import.meta.url));
const [input, output, repeatArg, modelsArg, strategyArg] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node ppu-runner.mjs <input-dir> <output-dir> [repeat] [models-dir] [strategy]');
  process.exit(2);
}
const repeat = Number(repeatArg ?? 3);
const strategy = strategyArg ?? 'per-box';
if (!STRATEGIES.includes(strategy)) {
  console.error(`ppu-runner: unknown strategy '${strategy}'; use one of ${STRATEGIES.join(', ')}`);
  process.exit(2);
}
const models = path.resolve(modelsArg ?? path.join(here, '..', 'models'));
const detection = path.join(models, 'PP-OCRv4_mobile_det', 'inference.onnx');
const recognition = path.join(models, 'PP-OCRv4_mobile_rec', 'inference.onnx');
const dictionaryFile = path.join(models, 'PP-OCRv4_mobile_rec', 'ppocr_keys_v1.txt');
for (const file of [detection, recognition, dictionaryFile]) {
  try {
    await fs.access(file);
  } catch {
    console.error(`ppu-runner: model file '${file}' not found; run scripts/setup.sh or pass the models folder`);
    process.exit(2);
  }
}

// ppu-paddle-ocr splits the dictionary text on newlines and, when it has one entry fewer than the model's classes,
// puts the CTC blank in front; the last entry then decodes as a space. ppocr_keys_v1.txt has no final newline, so
// it is given one here: the empty last entry becomes the space class PP-OCRv4 rec adds (use_space_char: True),
// 1 + 6623 + 1 = 6625 classes. Without it no blank is added and every character comes out shifted by one.
let dictionaryText = await fs.readFile(dictionaryFile, 'utf8');
if (!dictionaryText.endsWith('\n')) dictionaryText += '\n';
const charactersDictionary = new TextEncoder().encode(dictionaryText).buffer;

const images = (await fs.readdir(input)).filter((f) => /\.(png|jpe?g|bmp|webp)$/i.test(f)).sort();
await fs.mkdir(output, { recursive: true });

const loadStart = performance.now();
// Everything else at the library's defaults: ONNX Runtime CPU, intra-op threads 0 (ONNX Runtime decides),
// maxSideLength "auto", minimumConfidence 0.5, the opencv engine.
const ocr = new PaddleOcrService({ model: { detection, recognition, charactersDictionary }, recognition: { strategy } });
await ocr.initialize();
const loadMs = performance.now() - loadStart;

// The service keeps the last results per image in a cache; noCache makes every pass run the models.
const recognize = async (file) => {
  const bytes = await fs.readFile(path.join(input, file));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return ocr.recognize(buffer, { flatten: true, noCache: true, strategy });
};

for (const file of images) {
  await recognize(file);
}

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const perImage = new Map(images.map((f) => [f, []]));
const outputs = new Map();
const wallStart = performance.now();
for (let r = 0; r < repeat; r++) {
  for (const file of images) {
    const start = performance.now();
    outputs.set(file, await recognize(file));
    perImage.get(file).push(performance.now() - start);
  }
}
const wallMs = performance.now() - wallStart;

const times = [];
for (const file of images) {
  const ms = median(perImage.get(file));
  times.push(ms);
  const result = {
    // The peer reports each line as {text, confidence, box}; box is an axis-aligned {x, y, width, height} on the
    // input image, written here as its four corners, clockwise from the top left.
    lines: outputs.get(file).results.map(({ text, confidence, box: { x, y, width, height } }) => ({
      text,
      poly: [[x, y], [x + width, y], [x + width, y + height], [x, y + height]],
      score: confidence,
    })),
    ms: Math.round(ms * 10) / 10,
  };
  await fs.writeFile(path.join(output, `${path.parse(file).name}.json`), JSON.stringify(result));
}
await ocr.destroy();

times.sort((a, b) => a - b);
// Linear interpolation between order statistics, as the .NET harness computes percentiles.
const percentile = (sorted, q) => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};
const summary = {
  tool: 'ppu-paddle-ocr',
  strategy,
  images: images.length,
  repeat,
  load_ms: loadMs,
  median_ms: median(times),
  p90_ms: percentile(times, 0.9),
  images_per_s: (images.length * repeat) / (wallMs / 1000),
  peak_rss_kb: Math.round(process.resourceUsage().maxRSS),
};
await fs.writeFile(path.join(output, '_meta.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
