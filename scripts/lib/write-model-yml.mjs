// Writes PaddleX-style inference.yml files for the official PP-OCRv4 / PP-OCR v2 cls ONNX models installed by
// scripts/setup.sh. The values are those of PaddleX's exported configurations for these models. JSON is valid
// YAML 1.2, so the files are written with JSON.stringify (safe quoting for every dictionary character).
// Usage: node write-model-yml.mjs <models dir>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const models = process.argv[2];
if (!models) {
  console.error("usage: node write-model-yml.mjs <models dir>");
  process.exit(2);
}

const write = (name, config) =>
  writeFileSync(join(models, name, "inference.yml"), JSON.stringify(config, null, 2) + "\n", "utf8");

write("PP-OCRv4_mobile_det", {
  Global: { model_name: "PP-OCRv4_mobile_det" },
  PreProcess: {
    transform_ops: [
      { DecodeImage: { channel_first: false, img_mode: "BGR" } },
      { DetResizeForTest: { resize_long: 960 } },
      { NormalizeImage: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], scale: "1./255.", order: "hwc" } },
      { ToCHWImage: null },
    ],
  },
  PostProcess: { name: "DBPostProcess", thresh: 0.3, box_thresh: 0.6, max_candidates: 1000, unclip_ratio: 1.5 },
});

// ppocr_keys_v1.txt: one character per line; only the line break is stripped, as PaddleOCR reads it.
const keys = readFileSync(join(models, "PP-OCRv4_mobile_rec", "ppocr_keys_v1.txt"), "utf8")
  .split("\n")
  .map((line) => line.replace(/\r$/, ""));
if (keys.length > 0 && keys[keys.length - 1] === "") keys.pop();

write("PP-OCRv4_mobile_rec", {
  Global: { model_name: "PP-OCRv4_mobile_rec" },
  PreProcess: {
    transform_ops: [
      { DecodeImage: { channel_first: false, img_mode: "BGR" } },
      { RecResizeImg: { image_shape: [3, 48, 320] } },
    ],
  },
  PostProcess: { name: "CTCLabelDecode", character_dict: keys },
});

write("ch_ppocr_mobile_v2.0_cls", {
  Global: { model_name: "ch_ppocr_mobile_v2.0_cls" },
  PreProcess: {
    transform_ops: [
      { DecodeImage: { channel_first: false, img_mode: "BGR" } },
      { ClsResizeImg: { image_shape: [3, 48, 192] } },
    ],
  },
  PostProcess: { name: "ClsPostProcess", label_list: ["0", "180"] },
});
