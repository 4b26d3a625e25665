// The OCR page: reads a file, sends it to PaddleX's POST /ocr as a PaddleX client does (Base64 in 'file', the
// form's parameters beside it) and shows the answer: the page with its boxes, PaddleX's ocrImage, the texts and
// their scores, page by page for PDFs. No dependencies; served with a CSP that allows only this origin.

const endpoint = document.querySelector('meta[name="paddlex-ocr-endpoint"]').content;

const $ = (id) => document.getElementById(id);
const form = $('ocr-form');
const fileInput = $('file');
const dropZone = $('drop-zone');
const fileName = $('file-name');
const runButton = $('run');
const results = $('results');
const statusLine = $('status');
const errorLine = $('error');
const resultBody = $('result-body');
const pager = $('pager');
const pageLabel = $('page-label');
const prevPage = $('prev-page');
const nextPage = $('next-page');
const download = $('download');
const boxesView = $('boxes-view');
const canvas = $('boxes');
const boxesCaption = $('boxes-caption');
const paddlexView = $('paddlex-view');
const paddlexRadio = $('view-paddlex');
const ocrImage = $('ocr-image');
const textsCaption = $('texts-caption');
const tableBody = document.querySelector('#texts tbody');

// Result images are at most 2000 px a side (PaddleX's max_output_img_size); the canvas is kept within the same.
const MAX_CANVAS_SIDE = 2000;
const BOX_COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080', '#9a6324', '#800000'];

const state = {
  file: null,
  fileUrl: null,
  answer: null,
  page: 0,
  run: 0,
  downloadUrl: null,
  // What the canvas shows: the page image (or null), the source rectangle in it, the page size in result coordinates.
  backdrop: null,
  polys: [],
  scale: 1,
  highlight: -1,
};

// ---------------------------------------------------------------------------------------------------------------
// Choosing a file: the input, or a drop anywhere on the drop zone. Either starts a recognition.

fileInput.addEventListener('change', () => {
  if (fileInput.files.length > 0) {
    choose(fileInput.files[0]);
  }
});

for (const type of ['dragenter', 'dragover']) {
  dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropZone.classList.add('dragging');
  });
}

for (const type of ['dragleave', 'dragend']) {
  dropZone.addEventListener(type, () => dropZone.classList.remove('dragging'));
}

dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  const file = event.dataTransfer.files[0];
  if (file) {
    choose(file);
  }
});

// A file dropped beside the zone would otherwise replace the page with the file.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!state.file) {
    showError('Choose an image or PDF first.');
    fileInput.focus();
    return;
  }

  recognize();
});

function choose(file) {
  state.file = file;
  if (state.fileUrl) {
    URL.revokeObjectURL(state.fileUrl);
  }

  state.fileUrl = isPdf(file) ? null : URL.createObjectURL(file);
  fileName.textContent = `${file.name} (${formatBytes(file.size)})`;
  recognize();
}

function isPdf(file) {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name);
}

// ---------------------------------------------------------------------------------------------------------------
// The request: PaddleX's fields; a field left empty is not sent, so the server's pipeline setting applies.

function requestParameters() {
  const parameters = {};
  for (const element of form.querySelectorAll('[data-param]')) {
    const value = element.value.trim();
    if (value === '') {
      continue;
    }

    switch (element.dataset.kind) {
      case 'bool':
        parameters[element.dataset.param] = value === 'true';
        break;
      case 'int':
        parameters[element.dataset.param] = Number.parseInt(value, 10);
        break;
      case 'number':
        parameters[element.dataset.param] = Number(value);
        break;
      default:
        parameters[element.dataset.param] = value;
    }
  }

  return parameters;
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

async function recognize() {
  if (!form.checkValidity()) {
    form.reportValidity();
    showError('Some parameters are out of range; see the highlighted fields.');
    return;
  }

  const run = ++state.run;
  const file = state.file;
  hideError();
  setBusy(true, `Recognizing ${file.name}…`);
  const started = performance.now();
  let response;
  let answer;
  try {
    const request = { file: await readBase64(file), ...requestParameters() };
    if (isPdf(file)) {
      request.fileType = 0;
    } else if (file.type.startsWith('image/')) {
      request.fileType = 1;
    }

    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
    const text = await response.text();
    try {
      answer = JSON.parse(text);
    } catch {
      throw new Error(`The server answered HTTP ${response.status} without PaddleX's JSON envelope.`);
    }
  } catch (error) {
    if (run === state.run) {
      fail(error instanceof TypeError ? `The server could not be reached: ${error.message}` : error.message);
    }

    return;
  }

  if (run !== state.run) {
    return; // A newer file or request replaced this one.
  }

  if (!response.ok || answer.errorCode !== 0 || !answer.result) {
    fail(`${answer.errorMsg ?? 'The request failed.'} (HTTP ${response.status}, errorCode ${answer.errorCode}, logId ${answer.logId})`);
    return;
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  state.answer = answer;
  state.page = 0;
  const pages = answer.result.ocrResults;
  const count = pages.reduce((sum, page) => sum + page.prunedResult.rec_texts.length, 0);
  offerDownload(answer, file.name);
  resultBody.hidden = false;
  await showPage(0);
  if (run === state.run) {
    setBusy(false, `${file.name}: ${count} text${count === 1 ? '' : 's'} on ${pages.length} page${pages.length === 1 ? '' : 's'} in ${seconds} s.`);
  }
}

// A failed request leaves no result on show, so that the error is not read as being about an earlier file.
function fail(message) {
  state.answer = null;
  resultBody.hidden = true;
  setBusy(false, 'No result.');
  showError(message);
}

function setBusy(busy, message) {
  results.dataset.state = busy ? 'busy' : (state.answer ? 'ready' : 'empty');
  results.setAttribute('aria-busy', String(busy));
  runButton.disabled = busy;
  statusLine.textContent = message;
}

function showError(message) {
  errorLine.textContent = message;
  errorLine.hidden = false;
  results.dataset.state = 'error';
}

function hideError() {
  errorLine.hidden = true;
  errorLine.textContent = '';
}

function offerDownload(answer, name) {
  if (state.downloadUrl) {
    URL.revokeObjectURL(state.downloadUrl);
  }

  state.downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(answer, null, 2)], { type: 'application/json' }));
  download.href = state.downloadUrl;
  download.download = `${name.replace(/\.[^.]*$/, '')}_ocr.json`;
}

// ---------------------------------------------------------------------------------------------------------------
// One page of the answer: pager, pictures, table.

prevPage.addEventListener('click', () => showPage(state.page - 1));
nextPage.addEventListener('click', () => showPage(state.page + 1));

for (const radio of document.querySelectorAll('input[name="view"]')) {
  radio.addEventListener('change', showView);
}

function showView() {
  const paddlex = paddlexRadio.checked && !paddlexRadio.disabled;
  paddlexView.hidden = !paddlex;
  boxesView.hidden = paddlex;
}

async function showPage(index) {
  const pages = state.answer.result.ocrResults;
  if (index < 0 || index >= pages.length) {
    return;
  }

  state.page = index;
  const page = pages[index];
  const pruned = page.prunedResult;
  pager.hidden = pages.length < 2;
  pageLabel.textContent = `Page ${index + 1} of ${pages.length}`;
  prevPage.disabled = index === 0;
  nextPage.disabled = index === pages.length - 1;

  fillTable(pruned.rec_texts, pruned.rec_scores);
  textsCaption.textContent = pages.length > 1 ? `Recognized texts, page ${index + 1}` : 'Recognized texts';

  if (page.ocrImage) {
    ocrImage.src = `data:image/jpeg;base64,${page.ocrImage}`;
    paddlexRadio.disabled = false;
  } else {
    ocrImage.removeAttribute('src');
    paddlexRadio.disabled = true;
    paddlexRadio.checked = false;
    document.querySelector('input[name="view"][value="boxes"]').checked = true;
  }

  showView();
  await drawPage(page, pageSize(index, pruned));
}

// The page's size in the coordinates of rec_polys: the input's (dataInfo), turned when the document preprocessor
// turned the page by 90 or 270 degrees (unwarping keeps the size).
function pageSize(index, pruned) {
  const info = state.answer.result.dataInfo;
  const size = info.type === 'pdf' ? info.pages[index] : info;
  const angle = pruned.doc_preprocessor_res?.angle ?? 0;
  return angle === 90 || angle === 270 ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
}

function fillTable(texts, scores) {
  tableBody.replaceChildren();
  texts.forEach((text, k) => {
    const row = document.createElement('tr');
    row.tabIndex = 0;
    row.dataset.index = String(k);
    const number = document.createElement('td');
    number.className = 'num';
    number.textContent = String(k + 1);
    const cell = document.createElement('td');
    cell.className = 'text';
    cell.textContent = text;
    const score = document.createElement('td');
    score.className = 'num';
    score.textContent = scores[k].toFixed(4);
    row.append(number, cell, score);
    row.addEventListener('mouseenter', () => highlight(k));
    row.addEventListener('focus', () => highlight(k));
    row.addEventListener('mouseleave', () => highlight(-1));
    row.addEventListener('blur', () => highlight(-1));
    tableBody.append(row);
  });

  if (texts.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 3;
    cell.textContent = 'No text found on this page.';
    row.append(cell);
    tableBody.append(row);
  }
}

function highlight(index) {
  state.highlight = index;
  for (const row of tableBody.rows) {
    row.classList.toggle('active', row.dataset.index === String(index));
  }

  drawBoxes();
}

// ---------------------------------------------------------------------------------------------------------------
// The canvas: the page the boxes belong to, with rec_polys drawn and numbered as the table rows.

async function drawPage(page, size) {
  const pruned = page.prunedResult;
  const preprocessed = pruned.model_settings?.use_doc_preprocessor === true;
  let image = null;
  let source = null;
  let note = '';
  if (preprocessed && page.ocrImage) {
    // The boxes belong to the preprocessed page, which is the left half of PaddleX's ocr_res_img.
    image = await loadImage(`data:image/jpeg;base64,${page.ocrImage}`);
    source = image && { x: 0, y: 0, width: image.naturalWidth / 2, height: image.naturalHeight };
    note = ' The page is the preprocessed one, taken from the left half of ocrImage.';
  } else if (!preprocessed && page.inputImage) {
    image = await loadImage(`data:image/jpeg;base64,${page.inputImage}`);
  } else if (!preprocessed && state.fileUrl && state.answer.result.dataInfo.type === 'image') {
    image = await loadImage(state.fileUrl);
  }

  if (!image) {
    note = ' The page image was not returned (visualize is off), so the boxes are drawn on white.';
  }

  if (state.answer.result.ocrResults[state.page] !== page) {
    return; // Another page was chosen while this one loaded.
  }

  const scale = Math.min(1, MAX_CANVAS_SIDE / Math.max(size.width, size.height));
  canvas.width = Math.max(1, Math.round(size.width * scale));
  canvas.height = Math.max(1, Math.round(size.height * scale));
  state.backdrop = image && { image, source: source ?? { x: 0, y: 0, width: image.naturalWidth, height: image.naturalHeight } };
  state.polys = pruned.rec_polys ?? [];
  state.scale = canvas.width / size.width;
  state.highlight = -1;
  drawBoxes();
  const count = state.polys.length;
  canvas.setAttribute('aria-label', `Page ${state.page + 1} with ${count} text box${count === 1 ? '' : 'es'}; the table lists their texts in the same order.`);
  canvas.dataset.boxes = String(count);
  boxesCaption.textContent = `${count} box${count === 1 ? '' : 'es'} (rec_polys), numbered as the rows of the table.${note}`;
}

function loadImage(url) {
  return new Promise((resolve) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => resolve(null); // e.g. a TIFF the browser cannot show: the boxes go on white.
    image.src = url;
  });
}

function drawBoxes() {
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  if (state.backdrop) {
    const { image, source } = state.backdrop;
    context.drawImage(image, source.x, source.y, source.width, source.height, 0, 0, canvas.width, canvas.height);
  }

  const line = Math.max(1.5, canvas.width / 600);
  context.lineJoin = 'round';
  context.font = `600 ${Math.round(Math.max(11, line * 7))}px system-ui, sans-serif`;
  context.textBaseline = 'bottom';
  state.polys.forEach((poly, k) => {
    const colour = BOX_COLOURS[k % BOX_COLOURS.length];
    context.beginPath();
    poly.forEach(([x, y], i) => (i === 0 ? context.moveTo(x * state.scale, y * state.scale) : context.lineTo(x * state.scale, y * state.scale)));
    context.closePath();
    if (k === state.highlight) {
      context.fillStyle = 'rgba(240, 162, 2, 0.35)';
      context.fill();
    }

    context.lineWidth = k === state.highlight ? line * 2 : line;
    context.strokeStyle = colour;
    context.stroke();
    const [x, y] = poly[0];
    const label = String(k + 1);
    const width = context.measureText(label).width + 6;
    const height = Math.round(Math.max(11, line * 7)) + 4;
    const left = Math.max(0, x * state.scale);
    const top = Math.max(height, y * state.scale);
    context.fillStyle = colour;
    context.fillRect(left, top - height, width, height);
    context.fillStyle = '#ffffff';
    context.fillText(label, left + 3, top - 1);
  });
}

// A click on a box selects its row.
canvas.addEventListener('click', (event) => {
  const bounds = canvas.getBoundingClientRect();
  const x = ((event.clientX - bounds.left) * canvas.width) / bounds.width / state.scale;
  const y = ((event.clientY - bounds.top) * canvas.height) / bounds.height / state.scale;
  const index = state.polys.findIndex((poly) => contains(poly, x, y));
  if (index >= 0) {
    const row = tableBody.querySelector(`tr[data-index="${index}"]`);
    row.focus();
    row.scrollIntoView({ block: 'nearest' });
  }
});

function contains(poly, x, y) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }

  return inside;
}

function formatBytes(bytes) {
  if (bytes < 1024) {
    return `${bytes} B`;
  }

  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
