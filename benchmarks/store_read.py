"""Reading every document's model back from a store: `python benchmarks/store_read.py STORE`.

Exports, the web network page and corpus-wide merges read all analyses (`Store.analyses()`).
Beside it, in the same run, the baseline: the same tables read as bare rows, one query each,
with nothing built from them (the floor for any reader). Prints seconds and the ratio.
"""

from __future__ import annotations

import argparse
import time

from faultlines.store import open_store

TABLES = ("documents", "mentions", "entities", "entity_aliases", "relations", "events", "claims",
          "causal_links")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = open_store(args.store)
    best_read, best_rows, documents = float("inf"), float("inf"), 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        documents = sum(1 for _ in store.analyses())
        best_read = min(best_read, time.perf_counter() - start)
        start = time.perf_counter()
        for table in TABLES:
            store.backend.execute(f"SELECT * FROM {table}").fetchall()
        best_rows = min(best_rows, time.perf_counter() - start)
    print(f"{documents} documents: analyses() {best_read:.3f} s, bare rows {best_rows:.3f} s, "
          f"ratio {best_read / best_rows:.1f}")


if __name__ == "__main__":
    main()
