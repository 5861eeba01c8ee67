"""Throughput and memory of a full refresh beside bare spaCy (issue 7): `make bench`, or run this file.

Builds a corpus of N distinct documents (bench/corpus.py: from seeds/ and any --corpus DIR of text), then measures,
in one run:
  (a) bare spaCy: the refresh's pipeline (same model and components, gazetteer ruler included) over the same clean
      texts, model load + nlp.pipe, at its best n_process for this machine (chosen on a sample, then timed in full);
  (b) `stancewire refresh` of the corpus into a fresh warehouse (a subprocess: CLI start, imports, every stage);
  (c) a second refresh of the unchanged corpus;
  (d) the peak resident memory of (b) at N and at 4N documents.
CPU seconds (user+sys of each subprocess and the workers it waited for, from getrusage) are printed beside the wall
times: on a machine shared with other work they say more about the pipeline's own overhead than wall times do.
Memory is the peak over time of the summed RSS of the refresh process and all its descendants (its worker
processes), sampled every 50 ms with psutil; the largest single process is printed beside it.

Prefect: by default the bench starts one `prefect server start` and points the refreshes at it (PREFECT_API_URL), as
a scheduled deployment runs against a standing API; the server's start-up time is printed separately and is not in
(b) or (c). Without an API URL every CLI process starts its own temporary server (~15-20 s on 2 cores, a constant
that says nothing about throughput); pass --ephemeral to measure that way instead.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
#: (b)/(a) was 1.25 before the stance encoder (issue 7); issue 11 allows the encoder up to 1.6 x bare spaCy.
TARGETS = {"b_over_a": 1.6, "c_over_b": 0.05, "rss_4n_over_n": 1.3}


@dataclass
class Measured:
    """Wall time and peak memory of one subprocess (and its descendants)."""

    wall_s: float
    cpu_s: float
    peak_tree_mb: float
    peak_proc_mb: float
    returncode: int
    stdout: str = ""
    stage_s: dict[str, float] = field(default_factory=dict)


def _tree_rss(proc: object) -> tuple[int, int]:
    """(sum of RSS over a process and its descendants, largest single RSS) in bytes."""
    import psutil

    total = biggest = 0
    try:
        procs = [proc, *proc.children(recursive=True)]  # type: ignore[attr-defined]
    except psutil.Error:
        return 0, 0
    for p in procs:
        try:
            rss = p.memory_info().rss
        except psutil.Error:
            continue
        total += rss
        biggest = max(biggest, rss)
    return total, biggest


def run_measured(cmd: list[str], env: dict[str, str], interval: float = 0.05, cwd: Path | None = None) -> Measured:
    """Run a command, sampling the RSS of its process tree until it exits."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    popen = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        proc = psutil.Process(popen.pid)
        while not done.is_set():
            total, biggest = _tree_rss(proc)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], biggest)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = popen.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Measured(wall, cpu, peak[0] / 2**20, peak[1] / 2**20, popen.returncode, out, stage_seconds(out))


def stage_seconds(summary: str) -> dict[str, float]:
    """Per-stage seconds from the run summary line 'seconds ingest 1.0s, strip 2.0s, ...; total 9.0s'."""
    line = next((ln for ln in summary.splitlines() if ln.strip().startswith("seconds")), "")
    return {k: float(v) for k, v in re.findall(r"([a-z_]+) ([0-9.]+)s", line)}


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_prefect_server(home: Path, timeout: float = 180.0) -> tuple[subprocess.Popen, str, float]:
    """Start a Prefect API server for the bench; return it, its API URL and the seconds it took to answer."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    t0 = time.perf_counter()
    log = open(home.parent / "prefect_server.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api"
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited early; see {home.parent / 'prefect_server.log'}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url, time.perf_counter() - t0
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"prefect server did not answer within {timeout:.0f} s")


def refresh(corpus: Path, warehouse: Path, env: dict[str, str]) -> Measured:
    """One `stancewire refresh` subprocess, measured."""
    cmd = [sys.executable, "-m", "flows.cli", "refresh", "--input", str(corpus), "--warehouse", str(warehouse)]
    m = run_measured(cmd, env, cwd=ROOT)  # the stancewire CLI of the code next to this file
    if m.returncode != 0:
        raise RuntimeError(f"refresh of {corpus} failed (exit {m.returncode}):\n{m.stdout[-3000:]}")
    return m


def bare_spacy(warehouse: Path, n_process: int, limit: int | None, env: dict[str, str], batch: int) -> dict:
    """Bare spaCy over the warehouse's clean texts in a fresh process; its JSON figures plus peak memory."""
    cmd = [sys.executable, str(ROOT / "bench" / "bare_spacy.py"), "--warehouse", str(warehouse)]
    cmd += ["--n-process", str(n_process), "--batch-size", str(batch)] + (["--limit", str(limit)] if limit else [])
    m = run_measured(cmd, env, cwd=ROOT)
    if m.returncode != 0:
        raise RuntimeError(f"bare spaCy run failed (exit {m.returncode}):\n{m.stdout[-3000:]}")
    out = json.loads(m.stdout.strip().splitlines()[-1])
    out["peak_tree_mb"] = m.peak_tree_mb
    out["cpu_s"] = m.cpu_s  # the whole process (and its spaCy workers): load and pipe
    return out


def best_n_process(warehouse: Path, n_docs: int, env: dict[str, str], batch: int) -> tuple[int, list[dict]]:
    """n_process with the highest docs/s on a sample (20% of the corpus, at least 200 documents)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    limit = min(n_docs, max(200, n_docs // 5))
    trials = [bare_spacy(warehouse, k, limit, env, batch) for k in range(1, cpus + 1)]
    best = max(trials, key=lambda t: t["docs"] / t["pipe_s"])
    return int(best["n_process"]), trials


def _row(label: str, seconds: float, docs: int) -> str:
    """One printed line: label, seconds, documents per second."""
    rate = docs / seconds if seconds > 0 else float("inf")
    return f"  {label:<44} {seconds:8.1f} s  {rate:8.1f} docs/s"


def report(n: int, figures: dict) -> str:
    """The side-by-side table and the three ratios."""
    a, b, c = figures["a"], figures["b"], figures["c"]
    lines = [
        f"stancewire bench: N={n} documents ({figures['corpus_mb']:.1f} MB raw), cpus={figures['cpus']}",
        f"  Prefect API: {figures['prefect']}",
        _row(f"(a) bare spaCy, n_process={a['n_process']} (load+pipe)", a["total_s"], n),
        f"      load {a['load_s']:.1f} s, pipe {a['pipe_s']:.1f} s; sample trials: "
        + ", ".join(f"n_process={t['n_process']}: {t['docs'] / t['pipe_s']:.1f} docs/s" for t in figures["trials"]),
        _row("(b) stancewire refresh, fresh warehouse", b["wall_s"], n),
    ]
    for stage, sec in b["stage_s"].items():
        if stage != "total":
            lines.append(_row(f"      {stage}", sec, n))
    lines.append("      (strip/annotate/validate: seconds summed over worker processes; 'total' is in-flow wall)")
    lines.append(_row("(c) stancewire refresh, unchanged corpus", c["wall_s"], n))
    lines.append("      " + ", ".join(f"{k} {v:.1f}s" for k, v in c["stage_s"].items()))
    lines.append(
        f"  (d) peak RSS of (b): N={n}: {b['peak_tree_mb']:.0f} MB (largest process {b['peak_proc_mb']:.0f} MB)"
    )
    if figures.get("b4"):
        b4 = figures["b4"]
        lines.append(
            f"      4N={4 * n}: {b4['peak_tree_mb']:.0f} MB (largest process {b4['peak_proc_mb']:.0f} MB), "
            f"wall {b4['wall_s']:.1f} s ({4 * n / b4['wall_s']:.1f} docs/s)"
        )
    lines.append(
        f"  CPU seconds (each process and its workers): (a) {a['cpu_s']:.1f}, (b) {b['cpu_s']:.1f}, "
        f"(c) {c['cpu_s']:.1f};"
        f" (b)/(a) {figures['cpu_ratios']['b_over_a']:.3f}, (c)/(b) {figures['cpu_ratios']['c_over_b']:.3f}"
        " (less sensitive than wall time to other load on the machine)"
    )
    r = figures["ratios"]
    lines.append("ratios of wall times (target):")
    for key, label in (("b_over_a", "(b)/(a)"), ("c_over_b", "(c)/(b)"), ("rss_4n_over_n", "RSS(4N)/RSS(N)")):
        if key in r:
            ok = "ok" if r[key] <= TARGETS[key] else "MISSED"
            lines.append(f"  {label:<16} {r[key]:6.3f}   (<= {TARGETS[key]})  {ok}")
    return "\n".join(lines)


def main() -> None:
    """Build the corpus, run (a)-(d), print the table and ratios (and optionally write them as JSON)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="N, distinct documents (default 2000)")
    ap.add_argument("--corpus", type=Path, action="append", default=[], help="extra directory of *.txt (repeatable)")
    ap.add_argument("--no-seeds", action="store_true", help="build only from --corpus directories")
    ap.add_argument("--skip-4n", action="store_true", help="skip the 4N memory run")
    ap.add_argument("--workdir", type=Path, default=None, help="where corpora and warehouses go (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the workdir")
    ap.add_argument("--ephemeral", action="store_true", help="no standing Prefect server: each refresh starts its own")
    ap.add_argument("--api-url", default=None, help="use this running Prefect API instead of starting one")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for (a)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    args = ap.parse_args()

    dirs = ([] if args.no_seeds else [ROOT / "seeds"]) + list(args.corpus)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="stancewire_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    server = None
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect_home"), "PREFECT_LOGGING_LEVEL": "WARNING"}
    try:
        corpus_bytes = write_corpus(work / "corpus_n", args.docs, dirs)
        figures: dict = {"corpus_mb": corpus_bytes / 2**20, "cpus": os.cpu_count(), "n": args.docs}
        if args.api_url:
            env["PREFECT_API_URL"] = args.api_url
            figures["prefect"] = f"existing server {args.api_url}"
        elif args.ephemeral:
            env.pop("PREFECT_API_URL", None)
            figures["prefect"] = "ephemeral (each refresh starts its own temporary server; included in (b), (c))"
        else:
            server, url, startup = start_prefect_server(work / "prefect_home")
            env["PREFECT_API_URL"] = url
            figures["prefect"] = f"server started by the bench in {startup:.1f} s (not included in (b), (c))"
        print(f"corpus: {args.docs} documents in {work / 'corpus_n'}; running (b) ...", flush=True)
        b = refresh(work / "corpus_n", work / "wh_n", env)
        print("running (c) ...", flush=True)
        c = refresh(work / "corpus_n", work / "wh_n", env)
        print("running (a) ...", flush=True)
        best, trials = best_n_process(work / "wh_n", args.docs, env, args.batch_size)
        a = bare_spacy(work / "wh_n", best, None, env, args.batch_size)
        figures.update(a=a, trials=trials, b=asdict(b) | {"stdout": ""}, c=asdict(c) | {"stdout": ""})
        figures["ratios"] = {"b_over_a": b.wall_s / a["total_s"], "c_over_b": c.wall_s / b.wall_s}
        figures["cpu_ratios"] = {"b_over_a": b.cpu_s / a["cpu_s"], "c_over_b": c.cpu_s / b.cpu_s}
        if not args.skip_4n:
            print(f"running (d): {4 * args.docs} documents ...", flush=True)
            write_corpus(work / "corpus_4n", 4 * args.docs, dirs)
            b4 = refresh(work / "corpus_4n", work / "wh_4n", env)
            figures["b4"] = asdict(b4) | {"stdout": ""}
            figures["ratios"]["rss_4n_over_n"] = b4.peak_tree_mb / b.peak_tree_mb
        print(report(args.docs, figures))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
