#!/usr/bin/env python3
"""Load test for paddlex-sharp's POST /ocr (standard library only, loopback only).

Starts `paddlex-sharp serve` on 127.0.0.1 (or uses --url, which must be a loopback URL), records a reference answer
per image with one sequential request each, then runs N concurrent clients x M requests over the images and reports
throughput, p50/p95/p99 latency, errors, answers that differ from the reference, 503s (deliberate back-pressure,
retried after Retry-After), and the server's resident memory after the first 50 requests and at the end.
--requests is the total, shared evenly by the clients.

  scripts/ocr-load.py --clients 8 --requests 500 --images ../shared/eval/dev
"""
import argparse
import base64
import glob
import ipaddress
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

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


def memory_sample(pid, url):
    """Resident memory and the managed heap's committed and fragmented bytes from /metrics (MiB)."""
    mib = 1024 * 1024
    with urllib.request.urlopen(url + "/metrics", timeout=10) as r:
        text = r.read().decode()
    values = {}
    for name in ("dotnet_gc_committed_bytes", "dotnet_gc_fragmented_bytes"):
        m = re.search(rf"^{name} (\d+)", text, re.M)
        values[name] = int(m.group(1)) / mib if m else float("nan")
    return (f"RSS {rss_bytes(pid, url) / mib:.0f} MiB, managed heap committed {values['dotnet_gc_committed_bytes']:.0f} MiB "
            f"({values['dotnet_gc_fragmented_bytes']:.0f} MiB free inside)")


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


def texts(answer):
    return [r["prunedResult"]["rec_texts"] for r in answer["result"]["ocrResults"]]


def percentile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(q / 100 * len(values) + 0.5)) - 1))
    return values[k]


def main():
    args = parse_args()
    images = sorted(glob.glob(os.path.join(args.images, "*.png")) + glob.glob(os.path.join(args.images, "*.jpg")))
    if not images:
        sys.exit(f"error: no .png/.jpg images in {args.images}")
    proc = None
    if args.url:
        check_loopback(args.url)
        url = args.url.rstrip("/")
    else:
        proc, url = start_server(args)
    pid = server_pid(proc)
    try:
        bodies = []
        for path in images:
            with open(path, "rb") as f:
                bodies.append(json.dumps({"file": base64.b64encode(f.read()).decode("ascii"), "fileType": 1,
                                          "visualize": bool(args.visualize)}).encode())

        print(f"server {url} (pid {pid}); {len(images)} images; reference pass...", flush=True)
        rss_start = rss_bytes(pid, url)
        reference = []
        for i, body in enumerate(bodies):
            status, answer, _, _ = post(url, body)
            if status != 200:
                sys.exit(f"error: reference request for {images[i]} answered {status}: {answer}")
            reference.append(texts(answer))

        lock = threading.Lock()
        latencies, errors, mismatches, busy = [], [], [], [0]
        done = [0]
        rss_after_50 = [None]
        stop_at = time.time() + args.max_seconds

        def client(cid):
            share = args.requests // args.clients + (1 if cid < args.requests % args.clients else 0)
            for n in range(share):
                if time.time() > stop_at:
                    return
                k = (cid * 7 + n) % len(bodies)
                while True:
                    status, answer, elapsed, retry = post(url, bodies[k])
                    if status == 503:
                        with lock:
                            busy[0] += 1
                        time.sleep(float(retry or 1))
                        continue
                    break
                with lock:
                    done[0] += 1
                    if status != 200:
                        errors.append((status, answer.get("errorMsg")))
                    else:
                        latencies.append(elapsed)
                        if texts(answer) != reference[k]:
                            mismatches.append(os.path.basename(images[k]))
                    if done[0] == 50:
                        rss_after_50[0] = rss_bytes(pid, url)
                        print(f"  after 50 requests: {memory_sample(pid, url)}", flush=True)
                    if args.sample_every and done[0] % args.sample_every == 0:
                        print(f"  after {done[0]} requests: {memory_sample(pid, url)}", flush=True)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        rss_end = rss_bytes(pid, url)

        total = done[0]
        print(f"requests: {total} of {args.requests} by {args.clients} concurrent clients in {wall:.1f} s -> {total / wall:.2f} req/s")
        print(f"latency: p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms, "
              f"p99 {percentile(latencies, 99) * 1000:.0f} ms, mean {statistics.fmean(latencies) * 1000 if latencies else 0:.0f} ms")
        print(f"errors: {len(errors)}; answers differing from the reference: {len(mismatches)}; deliberate 503s (retried): {busy[0]}")
        for status, msg in errors[:5]:
            print(f"  error {status}: {msg}")
        for name in sorted(set(mismatches))[:5]:
            print(f"  differs: {name}")
        mib = 1024 * 1024
        a50 = rss_after_50[0] or rss_end
        print(f"server RSS: start {rss_start / mib:.0f} MiB, after 50 requests {a50 / mib:.0f} MiB, end {rss_end / mib:.0f} MiB "
              f"(end / after-50 = {rss_end / a50:.3f})")
        ok = not errors and not mismatches and rss_end <= 1.2 * a50 and total == args.requests
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
