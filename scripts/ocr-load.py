#!/usr/bin/env python3
"""Load test for paddlex-sharp's POST /ocr (standard library only, loopback only).

Starts `paddlex-sharp serve` on 127.0.0.1 (or uses --url, which must be a loopback URL), records a reference answer
per input with one sequential request each, then runs N concurrent clients x M requests and reports throughput,
p50/p95/p99 latency, errors, answers that differ from the reference, 503s (deliberate back-pressure, retried after
Retry-After), and the server's resident memory and managed heap (sampled throughout). --requests is the total,
shared evenly by the clients.

  scripts/ocr-load.py --clients 8 --requests 500 --images ../shared/eval/dev

--mix: a soak over dev images, 20-49 megapixel pages (made from dev PNGs, upscaled, and cached in --cache), PDFs
(text pages and a scanned-photo page, written here) and bad inputs (truncated image, bad Base64, bad fileType, an
out-of-range parameter, an image over the pixel limit), each checked: good answers against the reference, bad ones
for their 4xx. PASS needs 0 unexpected statuses, 0 differing answers and RSS at the end (after --settle seconds)
<= 1.25 x RSS after the first --baseline-after requests.

  scripts/ocr-load.py --mix --clients 8 --requests 8000 --baseline-after 100

--large-page-check: one client sends 50 dev images, one 7,000 x 7,000 page, 50 dev images; PASS needs RSS after
them (and --settle seconds) <= 1.25 x RSS after the first 50 and the managed heap committed under 300 MiB.
"""
import argparse
import base64
import glob
import ipaddress
import json
import os
import random
import re
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    p.add_argument("--requests", type=int, default=500, help="requests in total, shared by the clients (default 500)")
    p.add_argument("--images", default=os.path.join(ROOT, "..", "shared", "eval", "dev"), help="folder of .png/.jpg images")
    p.add_argument("--url", help="a running server's base URL (loopback only); default: start one")
    p.add_argument("--workers", type=int, default=0, help="server workers when started here (0: sized to the machine)")
    p.add_argument("--visualize", action="store_true", help="ask for result images too (slower)")
    p.add_argument("--max-seconds", type=float, default=3600, help="stop the load phase after this many seconds")
    p.add_argument("--sample-every", type=int, default=500, help="print the server's memory every this many requests (0: never)")
    p.add_argument("--dll", help="run this paddlex-sharp.dll (e.g. a copy) instead of scripts/paddlex-sharp")
    p.add_argument("--models", default=os.path.join(ROOT, ".deps", "models"), help="model folder of scripts/setup.sh")
    p.add_argument("--mix", action="store_true", help="soak: dev images, large pages, PDFs and bad inputs, every answer checked")
    p.add_argument("--large-page-check", action="store_true", help="50 dev images, one 7,000 x 7,000 page, 50 dev images; memory checked")
    p.add_argument("--baseline-after", type=int, default=50, help="requests after which the baseline RSS is taken (default 50)")
    p.add_argument("--settle", type=float, default=5, help="seconds after the last request before the final memory sample (default 5)")
    p.add_argument("--cache", default=os.path.join(ROOT, "out", "ocr-load"), help="folder for the generated large pages")
    return p.parse_args()


def check_loopback(url):
    host = urllib.parse.urlparse(url).hostname or ""
    if host == "localhost":
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    sys.exit(f"error: --url must be a loopback address (127.0.0.1, ::1 or localhost), not {host}")


def start_server(args):
    models = args.models
    launcher = ["dotnet", args.dll] if args.dll else [os.path.join(ROOT, "scripts", "paddlex-sharp")]
    cmd = launcher + ["serve", "--host", "127.0.0.1", "--port", "0",
           "--workers", str(args.workers), "--queue_size", "64",
           "--use_doc_orientation_classify", "False", "--use_doc_unwarping", "False", "--use_textline_orientation", "False",
           "--text_detection_model_dir", os.path.join(models, "PP-OCRv4_mobile_det"),
           "--text_recognition_model_dir", os.path.join(models, "PP-OCRv4_mobile_rec")]
    env = dict(os.environ, PADDLEINFERENCESHARP_OFFLINE="1")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    deadline = time.time() + 120
    url = None
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"Listening on (http://127\.0\.0\.1:\d+)", line)
        if m:
            url = m.group(1)
            break
    if url is None:
        proc.kill()
        sys.exit("error: the server did not start")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # drain its log
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/health/ready", timeout=5) as r:
                if r.status == 200:
                    return proc, url
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    proc.kill()
    sys.exit("error: the server did not become ready")


def server_pid(proc):
    # scripts/paddlex-sharp execs dotnet, so the launcher's pid is the server's (as with --dll).
    return proc.pid if proc else None


def rss_bytes(pid, url):
    if pid:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
        m = re.search(r"^process_resident_memory_bytes (\d+)", r.read().decode(), re.M)
        return int(m.group(1))


def memory(pid, url):
    """(RSS, managed heap committed, free inside it) in MiB; the heap figures from /metrics (as of the last collection)."""
    mib = 1024 * 1024
    with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
        text = r.read().decode()
    values = {}
    for name in ("dotnet_gc_committed_bytes", "dotnet_gc_fragmented_bytes"):
        m = re.search(rf"^{name} (\d+)", text, re.M)
        values[name] = int(m.group(1)) / mib if m else float("nan")
    return rss_bytes(pid, url) / mib, values["dotnet_gc_committed_bytes"], values["dotnet_gc_fragmented_bytes"]


def describe(sample):
    rss, committed, free = sample
    return f"RSS {rss:.0f} MiB, managed heap committed {committed:.0f} MiB ({free:.0f} MiB free inside)"


def memory_sample(pid, url):
    return describe(memory(pid, url))


def post(url, body):
    req = urllib.request.Request(url + "/ocr", data=body, headers={"Content-Type": "application/json"}, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            data = r.read()
            return r.status, json.loads(data), time.perf_counter() - started, None
    except urllib.error.HTTPError as e:
        data = e.read()
        retry = e.headers.get("Retry-After")
        try:
            payload = json.loads(data)
        except ValueError:
            payload = {"errorMsg": data[:200].decode(errors="replace")}
        return e.code, payload, time.perf_counter() - started, retry


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(q / 100 * len(values) + 0.5)) - 1))
    return values[k]


# --- Inputs written here (no imaging libraries needed) ---

def read_png(path):
    """Decodes an 8- or 16-bit gray, RGB or RGBA PNG (not interlaced) to (width, height, RGB rows)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, color, _, _, interlace = header
    if depth not in (8, 16) or color not in (0, 2, 6) or interlace:
        return None
    channels = {0: 1, 2: 3, 6: 4}[color]
    bpp = channels * depth // 8
    stride = width * bpp
    raw = zlib.decompress(b"".join(idat))
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
        elif kind == 4:
            for i in range(stride):
                a, b = (line[i - bpp] if i >= bpp else 0), prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        samples = line[0::2] if depth == 16 else line
        if channels == 1:
            rgb = bytes(v for v in samples for _ in range(3))
        elif channels == 4:
            rgb = b"".join(samples[i:i + 3] for i in range(0, len(samples), 4))
        else:
            rgb = bytes(samples)
        rows.append(rgb)
    return width, height, rows


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_header(width, height):
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))


def write_large_page(source, width, height, path):
    """A width x height RGB PNG: `source` upscaled by the largest whole factor that fits, centred on white."""
    w, h, rows = read_png(source)
    f = max(1, min(width // w, height // h))
    left, top = (width - w * f) // 2, (height - h * f) // 2
    white = b"\x00" + b"\xff" * (width * 3)
    pad_left, pad_right = b"\xff" * (left * 3), b"\xff" * ((width - left - w * f) * 3)
    compressor, parts, line = zlib.compressobj(6), [], white
    for y in range(height):
        sy = (y - top) // f
        if y < top or sy >= h:
            line = white
        elif (y - top) % f == 0:
            r = rows[sy]
            line = b"\x00" + pad_left + b"".join(r[i:i + 3] * f for i in range(0, len(r), 3)) + pad_right
        parts.append(compressor.compress(line))
    parts.append(compressor.flush())
    tmp = path + ".tmp"
    with open(tmp, "wb") as out:
        out.write(png_header(width, height) + png_chunk(b"IDAT", b"".join(parts)) + png_chunk(b"IEND", b""))
    os.replace(tmp, path)


def large_pages(images, cache, sizes):
    """Generated (cached) large pages, one per size, each from a different dev PNG."""
    os.makedirs(cache, exist_ok=True)
    sources = [p for p in images if p.endswith(".png") and read_png(p) is not None]
    pages = []
    for i, (width, height) in enumerate(sizes):
        source = sources[(i * 7) % len(sources)]
        path = os.path.join(cache, f"large_{width}x{height}_{os.path.splitext(os.path.basename(source))[0]}.png")
        if not os.path.exists(path):
            print(f"writing {path} ({width * height / 1e6:.0f} MP, from {os.path.basename(source)})...", flush=True)
            write_large_page(source, width, height, path)
        pages.append(path)
    return pages


def jpeg_size(data):
    i = 2
    while i < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height, data[i + 9]
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    raise ValueError("no JPEG frame header")


def pdf(pages):
    """A PDF of pages, each ('text', lines) in Helvetica on A4 or ('jpeg', bytes) filling an A4 page."""
    objects = [None, b"<< /Type /Catalog /Pages 1 0 R >>"]
    kids = []
    for kind, content in pages:
        if kind == "text":
            text = "".join(f"BT /F1 20 Tf 40 {800 - 36 * i} Td ({line}) Tj ET\n" for i, line in enumerate(content)).encode("latin-1")
            objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
            stream_id = len(objects)
            objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
            resources = b"/Font << /F1 %d 0 R >>" % len(objects)
        else:
            width, height, components = jpeg_size(content)
            space = b"/DeviceGray" if components == 1 else b"/DeviceRGB"
            objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
                           % (width, height, space, len(content)) + content + b"\nendstream")
            image_id = len(objects)
            draw = b"q 595 0 0 842 0 0 cm /Im0 Do Q\n"
            objects.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
            stream_id = len(objects)
            resources = b"/XObject << /Im0 %d 0 R >>" % image_id
        objects.append(b"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents %d 0 R >>" % (resources, stream_id))
        kids.append(len(objects))
    objects[0] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 2 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def request(data, file_type, visualize, **fields):
    body = {"file": data if isinstance(data, str) else base64.b64encode(data).decode("ascii"), "fileType": file_type, "visualize": visualize}
    body.update(fields)
    return json.dumps(body).encode()


class Case:
    """One input: its request body, the status it must get and, for good ones, the reference answer."""

    def __init__(self, kind, name, body, expect=200):
        self.kind, self.name, self.body, self.expect = kind, name, body, expect
        self.reference = None


def mix_cases(args, images):
    read = lambda p: open(p, "rb").read()
    cases = {"dev": [Case("dev", os.path.basename(p), request(read(p), 1, bool(args.visualize))) for p in images]}
    # Large pages ask for the result images too: they are the largest buffers of the path.
    cases["large"] = [Case("large", os.path.basename(p), request(read(p), 1, True))
                      for p in large_pages(images, args.cache, [(5000, 4000), (6000, 6000), (7000, 7000)])]
    lines = ["The library opens at nine and closes at six", "Do not exceed the recommended daily dose",
             "This invoice is payable within thirty days", "Platform 4 for the 10:15 train to Leeds"]
    jpegs = [p for p in images if p.endswith(".jpg")]
    cases["pdf"] = [Case("pdf", "text.pdf (2 pages)", request(pdf([("text", lines), ("text", lines[::-1])]), 0, bool(args.visualize))),
                    Case("pdf", "scan.pdf (1 page)", request(pdf([("jpeg", read(jpegs[0]))]), 0, bool(args.visualize)))]
    png = read(next(p for p in images if p.endswith(".png")))
    huge = png_header(10000, 10000) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 30001)) + png_chunk(b"IEND", b"")
    cases["bad"] = [Case("bad", "truncated PNG", request(png[:len(png) // 2], 1, False), 422),
                    Case("bad", "bad Base64", request("not base64 at all!", 1, False), 422),
                    Case("bad", "fileType 7", request(png, 7, False), 422),
                    Case("bad", "textDetThresh 1.5", request(png, 1, False, textDetThresh=1.5), 422),
                    Case("bad", "100 MP image", request(huge, 1, False), 422)]
    return cases


def schedule(cases, total, seed=1):
    """`total` cases: in every 100, 1 large page, 4 PDFs, 8 bad inputs and 87 dev images, shuffled."""
    block = ["large"] + ["pdf"] * 4 + ["bad"] * 8 + ["dev"] * 87
    rng, counters, order = random.Random(seed), {k: 0 for k in cases}, []
    while len(order) < total:
        rng.shuffle(block)
        for kind in block:
            order.append(cases[kind][counters[kind] % len(cases[kind])])
            counters[kind] += 1
    return order[:total]


def answer_key(answer):
    """What must not change between identical requests: the whole result but the log id."""
    return json.dumps(answer.get("result"), sort_keys=True)


def send(url, case):
    """Posts a case, retrying deliberate 503s; returns (status, answer, seconds, 503s seen)."""
    busy = 0
    while True:
        status, answer, elapsed, retry = post(url, case.body)
        if status != 503 or case.expect == 503:
            return status, answer, elapsed, busy
        busy += 1
        time.sleep(float(retry or 1))


def check(case, status, answer):
    """None when the answer is the expected one, else what is wrong."""
    if status != case.expect:
        return f"{case.name}: status {status}, expected {case.expect}: {str(answer.get('errorMsg'))[:160]}"
    if status != 200:
        return None if answer.get("errorCode") == status else f"{case.name}: errorCode {answer.get('errorCode')} with status {status}"
    if case.reference is not None and answer_key(answer) != case.reference:
        return f"{case.name}: the answer differs from the reference"
    return None


def large_page_check(args, cases, url, pid):
    """50 dev images (the first pass records the references), one 7,000 x 7,000 page, 50 dev images."""
    dev, problems = cases["dev"], []
    for n in range(100):
        if n == 50:
            baseline = memory(pid, url)
            print(f"  after 50 dev images: {describe(baseline)}", flush=True)
            page = cases["large"][0]
            status, answer, elapsed, _ = send(url, page)
            print(f"  {page.name}: {status} in {elapsed:.1f} s", flush=True)
            problems += [p for p in [check(page, status, answer)] if p]
            print(f"  after the large page: {memory_sample(pid, url)}", flush=True)
        case = dev[n % len(dev)]
        status, answer, _, _ = send(url, case)
        if case.reference is None and status == 200:
            case.reference = answer_key(answer)
        problems += [p for p in [check(case, status, answer)] if p]
    print(f"  after 50 more dev images: {memory_sample(pid, url)}", flush=True)
    time.sleep(args.settle)
    end = memory(pid, url)
    print(f"  {args.settle:.0f} s later: {describe(end)}", flush=True)
    for p in problems[:5]:
        print(f"  problem: {p}")
    ratio = end[0] / baseline[0]
    print(f"server RSS after 50 dev images {baseline[0]:.0f} MiB, after the large page and 50 more {end[0]:.0f} MiB "
          f"(x{ratio:.3f}); managed heap committed {end[1]:.0f} MiB; problems: {len(problems)}")
    ok = not problems and ratio <= 1.25 and end[1] < 300
    print("result: PASS" if ok else "result: FAIL")
    return 0 if ok else 1


def main():
    args = parse_args()
    images = sorted(glob.glob(os.path.join(args.images, "*.png")) + glob.glob(os.path.join(args.images, "*.jpg")))
    if not images:
        sys.exit(f"error: no .png/.jpg images in {args.images}")
    if args.mix and args.large_page_check:
        sys.exit("error: --mix and --large-page-check are separate runs")
    # Inputs first: the large pages take a few seconds each to write the first time.
    if args.mix:
        cases = mix_cases(args, images)
    else:
        cases = {"dev": [Case("dev", os.path.basename(p), request(open(p, "rb").read(), 1, bool(args.visualize))) for p in images]}
        if args.large_page_check:
            page = large_pages(images, args.cache, [(7000, 7000)])[0]
            cases["large"] = [Case("large", os.path.basename(page), request(open(page, "rb").read(), 1, bool(args.visualize)))]
    proc = None
    if args.url:
        check_loopback(args.url)
        url = args.url.rstrip("/")
    else:
        proc, url = start_server(args)
    pid = server_pid(proc)
    try:
        rss_start = rss_bytes(pid, url)
        print(f"server {url} (pid {pid}); " + ", ".join(f"{len(v)} {k}" for k, v in cases.items()) + f"; {describe(memory(pid, url))}", flush=True)
        if args.large_page_check:
            return large_page_check(args, cases, url, pid)

        print("reference pass...", flush=True)
        for case in (c for kind in cases.values() for c in kind):
            status, answer, _, _ = send(url, case)
            if status != case.expect:
                sys.exit(f"error: reference request for {case.name} answered {status} (expected {case.expect}): {answer.get('errorMsg')}")
            if status == 200:
                case.reference = answer_key(answer)

        if args.mix:
            order = schedule(cases, args.requests)
            shares = [order[c::args.clients] for c in range(args.clients)]
            first_large = next((i for i, c in enumerate(order) if c.kind == "large"), None)
            print(f"{args.requests} requests: " + ", ".join(f"{sum(c.kind == k for c in order)} {k}" for k in cases)
                  + f" (the first large page is request {first_large})", flush=True)
        else:
            dev = cases["dev"]
            shares = [[dev[(c * 7 + n) % len(dev)] for n in range(args.requests // args.clients + (1 if c < args.requests % args.clients else 0))]
                      for c in range(args.clients)]

        lock = threading.Lock()
        latencies = {k: [] for k in cases}
        problems, busy, done, samples = [], [0], [0], []
        baseline = [None]
        stop_at = time.time() + args.max_seconds

        def client(share):
            for case in share:
                if time.time() > stop_at:
                    return
                status, answer, elapsed, retried = send(url, case)
                problem = check(case, status, answer)
                with lock:
                    done[0] += 1
                    busy[0] += retried
                    latencies[case.kind].append(elapsed)
                    if problem:
                        problems.append(problem)
                    n = done[0]
                if n == args.baseline_after or (args.sample_every and n % args.sample_every == 0):
                    sample = memory(pid, url)
                    with lock:
                        samples.append((n, sample))
                        if n == args.baseline_after:
                            baseline[0] = sample
                    print(f"  after {n} requests: {describe(sample)}", flush=True)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(share,)) for share in shares]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        end_now = memory(pid, url)
        time.sleep(args.settle)
        end = memory(pid, url)

        total = done[0]
        every = [x for v in latencies.values() for x in v]
        print(f"requests: {total} of {args.requests} by {args.clients} concurrent clients in {wall:.1f} s -> {total / wall:.2f} req/s")
        print(f"latency: p50 {percentile(every, 50) * 1000:.0f} ms, p95 {percentile(every, 95) * 1000:.0f} ms, "
              f"p99 {percentile(every, 99) * 1000:.0f} ms, mean {statistics.fmean(every) * 1000 if every else 0:.0f} ms")
        if len(cases) > 1:
            print("by kind: " + "; ".join(f"{k} {len(v)} (p50 {percentile(v, 50) * 1000:.0f} ms, max {max(v, default=0) * 1000:.0f} ms)"
                                          for k, v in latencies.items()))
        unexpected = [p for p in problems if "differs" not in p]
        differing = [p for p in problems if "differs" in p]
        print(f"unexpected statuses: {len(unexpected)}; answers differing from the reference: {len(differing)}; deliberate 503s (retried): {busy[0]}")
        for p in problems[:5]:
            print(f"  {p}")
        base = (baseline[0] or end)[0]
        rss = [x[1][0] for x in samples] + [end_now[0], end[0]]
        heap = [x[1][1] for x in samples] + [end_now[1], end[1]]
        mib = 1024 * 1024
        print(f"server RSS: start {rss_start / mib:.0f} MiB, after {args.baseline_after} requests {base:.0f} MiB, "
              f"at the end {end_now[0]:.0f} MiB, {args.settle:.0f} s later {end[0]:.0f} MiB (/ after-{args.baseline_after} = {end[0] / base:.3f}); "
              f"samples {min(rss):.0f}-{max(rss):.0f} MiB; managed heap committed {min(heap):.0f}-{max(heap):.0f} MiB, {end[1]:.0f} at the end")
        limit = 1.25 if args.mix else 1.2
        ok = not problems and end[0] <= limit * base and total == args.requests
        print("result: PASS" if ok else "result: FAIL")
        return 0 if ok else 1
    finally:
        if proc:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
