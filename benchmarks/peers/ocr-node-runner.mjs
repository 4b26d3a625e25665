// Runs @gutenye/ocr-node over a folder of images and writes one <stem>.json per image in the scorer's format
// ({"lines": [{"text", "poly", "score"}], "ms": ...}). Timed like scripts/bench-e2e: one untimed warm-up pass,
// then `repeat` timed passes; ms = the per-image median. Usage: node ocr-node-runner.mjs <input-dir> <output-dir> [repeat]
import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Ocr from '@gutenye/ocr-node';

const [input, output, repeatArg] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node ocr-node-runner.mjs <input-dir> <output-dir> [repeat]');
  process.exit(2);
}
const repeat = Number(repeatArg ?? 3);
const images = (await fs.readdir(input)).filter((f) => /\.(png|jpe?g|bmp|webp)$/i.test(f)).sort();
await fs.mkdir(output, { recursive: true });

const loadStart = performance.now();
const ocr = await Ocr.create();
const loadMs = performance.now() - loadStart;

for (const file of images) {
  await ocr.detect(path.join(input, file));
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
    outputs.set(file, await ocr.detect(path.join(input, file)));
    perImage.get(file).push(performance.now() - start);
  }
}
const wallMs = performance.now() - wallStart;

const times = [];
for (const file of images) {
  const ms = median(perImage.get(file));
  times.push(ms);
  const result = {
    // The peer reports each line as {text, mean, box}; box is four [x, y] points on the input image.
    lines: outputs.get(file).map((l) => ({ text: l.text, poly: l.box ?? [], score: l.mean })),
    ms: Math.round(ms * 10) / 10,
  };
  await fs.writeFile(path.join(output, `${path.parse(file).name}.json`), JSON.stringify(result));
}

times.sort((a, b) => a - b);
// Linear interpolation between order statistics, as the .NET harness computes percentiles.
const percentile = (sorted, q) => {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
};
const p90 = percentile(times, 0.9);
const summary = {
  tool: '@gutenye/ocr-node',
  images: images.length,
  repeat,
  load_ms: loadMs,
  median_ms: median(times),
  p90_ms: p90,
  images_per_s: (images.length * repeat) / (wallMs / 1000),
  peak_rss_kb: Math.round(process.resourceUsage().maxRSS),
};
await fs.writeFile(path.join(output, '_meta.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
