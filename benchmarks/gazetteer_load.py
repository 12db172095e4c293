"""The gazetteer's cost: build time, size on disk, open time, lookups per second and memory.

    python benchmarks/gazetteer_load.py [--names 20000]

Builds the index into a fresh temporary directory (as a first run does), opens it as every run
does, then looks up `--names` place names drawn from the index itself: whole places (`lookup`),
and the spellings the linker asks for, a second time (served by the recent-lookups cache).
Memory is the growth of the process's resident size from just before opening to after the
lookups. Prints one Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
from pathlib import Path

from faultlines.kb.gazetteer import Gazetteer, build_gazetteer
from faultlines.kb.text import name_key


def _rss_mb() -> float:
    """The process's resident memory now (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--names", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazetteer.sqlite"
        start = time.perf_counter()
        build_gazetteer(path)
        built = time.perf_counter() - start
        gc.collect()
        before = _rss_mb()
        start = time.perf_counter()
        gazetteer = Gazetteer(path)
        opened = time.perf_counter() - start
        places = gazetteer._db.execute("SELECT count(*) FROM place").fetchone()[0]
        spellings = gazetteer._db.execute("SELECT count(*) FROM place_name").fetchone()[0]
        names = [n for n, _ in gazetteer.names()]
        sample = random.Random(15).sample(names, min(args.names, len(names)))
        del names
        start = time.perf_counter()
        for name in sample:
            gazetteer.lookup(name)
        cold = len(sample) / (time.perf_counter() - start)
        keys = [name_key(name) for name in sample]
        for key in keys:
            gazetteer.names_for(key)
        start = time.perf_counter()
        for key in keys:
            gazetteer.names_for(key)  # the second time, from the recent-lookups cache
        warm = len(sample) / (time.perf_counter() - start)
        after = _rss_mb()
        size = path.stat().st_size / 1e6
        gazetteer.close()
    print("| measure | value |\n|---|---|")
    print(f"| places | {places:,} |\n| spellings | {spellings:,} |\n| size on disk | {size:.0f} MB |")
    print(f"| build (first run) | {built:.1f} s |\n| open | {opened * 1000:.1f} ms |")
    print(f"| lookups per second, full (`lookup`) | {cold:,.0f} |")
    print(f"| lookups per second, spellings, recent (`names_for`, cached) | {warm:,.0f} |")
    print(f"| resident memory: the open index and its lookup cache | {after - before:.0f} MB |")


if __name__ == "__main__":
    main()
