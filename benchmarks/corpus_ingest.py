"""Corpus ingest speed and memory: `python benchmarks/corpus_ingest.py [--limit N] [--corpus FILE]`.

Runs `faultlines ingest` on the corpus that benchmarks/build_corpus.py writes, into a fresh SQLite
store each time, with 1 and 2 worker processes and with the Dask engine on a local cluster of 2
workers; beside them, in the same run, the bare language pipeline (`nlp.pipe` over the same texts in
one process: the speed of spaCy alone, the ceiling for one core). Prints a Markdown table: documents
and words per second (steady state, from the ingest's own clock, and wall time including start-up),
peak memory of the whole process tree, and the speed as a ratio of the bare pipeline's. Last, the
CPU seconds each spent on the work (an ingest's start-up, measured on one document, taken off):
on a machine busy with other work the wall clock of two runs is not comparable, their CPU time is.
For several workers it is their sum (Dask's workers, not children of the ingest, are not counted).
`--one-worker-only` runs the bare pipeline and the 1-worker ingest alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "benchmarks" / "corpus" / "corpus.jsonl"


def bare_pipeline(texts: list[str]) -> dict:
    from faultlines.nlp import load_language

    nlp = load_language(None)
    started, cpu = time.perf_counter(), time.process_time()
    words = 0
    for doc in nlp.pipe(texts, batch_size=64):
        words += sum(1 for t in doc if not t.is_space)
    seconds = time.perf_counter() - started
    return {"documents": len(texts), "seconds": seconds, "wall": seconds, "cpu": time.process_time() - cpu,
            "words_per_second": sum(len(t.split()) for t in texts) / seconds, "peak_mb": _rss(os.getpid())}


def ingest(corpus: Path, workers: int, engine: str, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = keep or Path(tmp) / "bench.db"
        command = [sys.executable, "-m", "faultlines", "ingest", str(corpus), "--db", str(db),
                   "--workers", str(workers), "--engine", engine, "--json"]
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        peak = 0.0
        while True:
            # wait4: the CPU time of the ingest and of the workers it reaped, which a busy machine
            # does not inflate as it does the wall clock
            pid, _, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _rss(process.pid))
            time.sleep(0.25)
        wall = time.perf_counter() - started
        report = json.loads(process.stdout.read())
    return {"documents": report["new"], "seconds": report["seconds"], "wall": wall,
            "cpu": usage.ru_utime + usage.ru_stime,
            "words_per_second": report["words_per_second"], "peak_mb": peak,
            "near_duplicates": report["near_duplicate"], "failed": len(report["failed"])}


def _rss(pid: int) -> float:
    """Resident memory of a process and all its children, in MB."""
    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 1e6
    except psutil.Error:
        return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--keep-store", type=Path, default=None,
                        help="keep the 2-worker run's store here (for benchmarks/dossier_query.py)")
    parser.add_argument("--one-worker-only", action="store_true",
                        help="only the bare pipeline and the 1-worker ingest (the speed ratio, quicker)")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: no corpus; run python benchmarks/build_corpus.py first")
    lines = args.corpus.read_text(encoding="utf-8").splitlines()[:args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        texts = [json.loads(line)["text"] for line in lines]
        runs = {"bare nlp.pipe, 1 process": bare_pipeline(texts)}
        # The CPU an ingest spends starting (imports, model, gazetteer), taken from the others'
        # to compare their work with the bare pipeline's.
        first = Path(tmp) / "first.jsonl"
        first.write_text(lines[0] + "\n", encoding="utf-8")
        start_up = ingest(first, 1, "local")["cpu"]
        for label, workers, engine in (("ingest, 1 worker", 1, "local"), ("ingest, 2 workers", 2, "local"),
                                       ("ingest, Dask local cluster, 2 workers", 2, "dask")):
            if args.one_worker_only and workers > 1:
                continue
            keep = args.keep_store if (workers, engine) == (2, "local") else None
            runs[label] = ingest(corpus, workers, engine, keep)
            print(f"{label}: {runs[label]}", file=sys.stderr)
    words = sum(len(t.split()) for t in texts)
    base = runs["bare nlp.pipe, 1 process"]["words_per_second"]
    print(f"{len(texts)} documents, {words} words; {os.cpu_count()} cores\n")
    bare_cpu = runs["bare nlp.pipe, 1 process"]["cpu"]
    print("| run | docs/s | words/s | wall s | peak MB | words/s vs bare nlp.pipe | CPU s | CPU vs bare |\n"
          "|---|---|---|---|---|---|---|---|")
    for label, r in runs.items():
        cpu = r["cpu"] - (start_up if label.startswith("ingest") else 0)
        print(f"| {label} | {r['documents'] / r['seconds']:.1f} | {r['words_per_second']:,.0f} | {r['wall']:.0f} "
              f"| {r['peak_mb']:.0f} | {r['words_per_second'] / base:.2f} | {cpu:.1f} | {bare_cpu / cpu:.2f} |")


if __name__ == "__main__":
    main()
