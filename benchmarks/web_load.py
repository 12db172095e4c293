"""Load on the web app: `python benchmarks/web_load.py --db PATH [--pages events,map] [--clients 20] [--seconds 30]`.

Starts `faultlines serve` on a free loopback port over the store, asks once for every address it
will use (the cold answers: the first of all pays for reading the store), then for each kind of
page runs CLIENTS concurrent clients for SECONDS, each asking in turn for that kind's addresses:

- api-dossier: /api/actors/NAME, the 20 actors named in the most documents;
- dossier: /actors/NAME, the same actors' pages;
- events: /events, unfiltered, by type, actor, country, a year, pages 2 to 5, other sorts;
- map: /map, unfiltered, by actor, type and a year;  api-map: /api/map with the same filters.

The values filtered on are the store's most frequent ones. Prints, per kind, requests per second,
latency percentiles and errors (the goal of issues 8 and 18: p95 under 300 ms with 20 clients on a
10,000-document store), and the load average before and after (the load generator shares the machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from urllib.parse import quote, urlencode

import httpx

from faultlines.store import open_store

KINDS = ("api-dossier", "dossier", "events", "map", "api-map")


def top(store, sql: str, n: int) -> list[str]:
    return [r[0] for r in store.backend.execute(sql + " LIMIT ?", (n,)) if r[0]]


def addresses(store) -> dict[str, list[str]]:
    """The addresses each kind of page is loaded with, from what the store holds most often."""
    actors = [a["id"] for a in store.summary(top=20)["actors"]]
    types = top(store, "SELECT type FROM events GROUP BY type ORDER BY count(*) DESC", 3)
    countries = top(store, "SELECT p.country FROM events ev JOIN entities p ON p.id = ev.place "
                           "WHERE p.country IS NOT NULL GROUP BY p.country ORDER BY count(*) DESC", 3)
    years = top(store, "SELECT substr(coalesce(ev.date, d.published), 1, 4) y FROM events ev "
                       "JOIN documents d ON d.id = ev.document_id GROUP BY y ORDER BY count(*) DESC", 2)
    in_events = [a for a, _ in Counter(a for (row,) in store.backend.execute("SELECT actors FROM events")
                                       for a in json.loads(row)).most_common(3)]
    listed = lambda path, queries: [path + (f"?{urlencode(q)}" if q else "") for q in queries]  # noqa: E731
    events = [{}, *({"type": t} for t in types), *({"actor": a} for a in in_events),
              *({"country": c} for c in countries), *({"date_from": y, "date_to": y} for y in years),
              *({"page": n} for n in range(2, 6)), {"sort": "fatalities"}, {"sort": "type", "order": "asc"},
              {"sort": "date", "order": "asc", "page": 2}]
    maps = [{}, *({"actor": a} for a in in_events), *({"type": t} for t in types),
            *({"since": y, "until": y} for y in years)]
    return {"api-dossier": [f"/api/actors/{quote(a, safe='')}" for a in actors],
            "dossier": [f"/actors/{quote(a, safe='')}" for a in actors],
            "events": listed("/events", events), "map": listed("/map", maps), "api-map": listed("/api/map", maps)}


async def client(http: httpx.AsyncClient, paths: list[str], until: float, latencies: list[float],
                 errors: list[int | str], k: int) -> None:
    i = k
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            status = (await http.get(paths[i % len(paths)])).status_code
        except httpx.TransportError as error:  # a connection dropped counts, and the client goes on
            status = type(error).__name__
        latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            errors.append(status)
        i += 1


async def load(base: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], list[int | str]]:
    latencies: list[float] = []
    errors: list[int | str] = []
    until = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        await asyncio.gather(*(client(http, paths, until, latencies, errors, k) for k in range(clients)))
    return latencies, errors


def cold(base: str, kinds: list[str], paths: dict[str, list[str]]) -> dict[str, list[float]]:
    """Each address asked once, one after the other, before any load: ms each, by kind."""
    times: dict[str, list[float]] = {}
    with httpx.Client(base_url=base, timeout=300) as http:
        for kind in kinds:
            for path in paths[kind]:
                started = time.perf_counter()
                response = http.get(path)
                times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    print(f"  {path}: {response.status_code}", file=sys.stderr)
    return times


def described(errors: list[int | str]) -> str:
    """"0", or "3 (2 ReadError, 1 503)"."""
    if not errors:
        return "0"
    return f"{len(errors)} ({', '.join(f'{n} {what}' for what, n in Counter(errors).most_common())})"


def percentile(ordered: list[float], q: float) -> float:
    return ordered[int(q * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--pages", default=",".join(KINDS), help=f"kinds to load, comma-separated: {', '.join(KINDS)}")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30, help="per kind of page")
    args = parser.parse_args()
    kinds = [k for k in args.pages.split(",") if k]
    if unknown := set(kinds) - set(KINDS):
        parser.error(f"no such kind of page: {', '.join(sorted(unknown))}")
    with open_store(args.db) as store:
        paths = addresses(store)
        documents = store.counts()["documents"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    server = subprocess.Popen([sys.executable, "-m", "faultlines", "serve", "--db", args.db, "--port", str(port),
                               "--token", "load-test"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/summary", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        first = cold(base, kinds, paths)
        for kind in kinds:
            results[kind] = asyncio.run(load(base, paths[kind], args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(10)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\n{documents} documents; {args.clients} clients for {args.seconds:.0f} s per kind of page\n")
    print("| page | addresses | requests/s | median | p95 | p99 | errors | cold: first | cold: others, median |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in kinds:
        latencies, errors = results[kind]
        latencies.sort()
        print(f"| {kind} | {len(paths[kind])} | {len(latencies) / args.seconds:.0f} | "
              f"{statistics.median(latencies):.0f} ms | {percentile(latencies, 0.95):.0f} ms | "
              f"{percentile(latencies, 0.99):.0f} ms | {described(errors)} | {first[kind][0]:,.0f} ms | "
              f"{statistics.median(first[kind][1:] or first[kind]):.0f} ms |")


if __name__ == "__main__":
    main()
