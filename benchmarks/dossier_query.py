"""How fast an actor's merged model comes out of a large store: `python benchmarks/dossier_query.py --db PATH`.

For the 20 actors named in the most documents, times what `faultlines dossier` does before it
renders: find the actor by name, read the documents that name it, merge their facts into the
dossier. Each is timed 5 times after one warm-up; prints the median and the 95th percentile in ms
(the issue's goal: under 200 ms), and the slowest actor with its number of documents.
"""

from __future__ import annotations

import argparse
import statistics
import time

from faultlines.analyze.dossier import build_dossier
from faultlines.kb.registry import Registry
from faultlines.store import open_store


def once(store, name: str, registry: Registry) -> float:
    started = time.perf_counter()
    entity = store.find_entity(name)
    build_dossier(entity, store.analyses(involving=entity.id), registry)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--actors", type=int, default=20)
    args = parser.parse_args()
    registry = Registry.load()
    with open_store(args.db) as store:
        actors = [a for a in store.summary(top=args.actors)["actors"]]
        times: list[float] = []
        slowest = (0.0, "", 0)
        for actor in actors:
            once(store, actor["name"], registry)
            runs = [once(store, actor["name"], registry) for _ in range(5)]
            times += runs
            slowest = max(slowest, (max(runs), actor["name"], actor["documents"]))
        counts = store.counts()
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{counts['documents']} documents; {len(actors)} actors x 5 runs: median {statistics.median(times):.0f} ms, "
          f"p95 {p95:.0f} ms; slowest {slowest[1]} ({slowest[2]} documents) {slowest[0]:.0f} ms")


if __name__ == "__main__":
    main()
