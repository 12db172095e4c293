"""Load on the dossier API: `python benchmarks/web_load.py --db PATH [--clients 20] [--seconds 30]`.

Starts `faultlines serve` on a free loopback port over the store, then runs CLIENTS concurrent
clients for SECONDS, each asking in turn for the dossiers (/api/actors/NAME) of the 20 actors named
in the most documents. Prints requests per second and latency percentiles (the issue's goal: p95
under 300 ms with 20 clients on a 10,000-document store).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time

import httpx

from faultlines.store import open_store


async def client(base: str, names: list[str], until: float, latencies: list[float], errors: list[int], k: int):
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        i = k
        while time.perf_counter() < until:
            started = time.perf_counter()
            response = await http.get(f"/api/actors/{names[i % len(names)]}")
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors.append(response.status_code)
            i += 1


async def load(base: str, names: list[str], clients: int, seconds: float):
    latencies: list[float] = []
    errors: list[int] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(base, names, until, latencies, errors, k) for k in range(clients)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    with open_store(args.db) as store:
        names = [a["id"] for a in store.summary(top=20)["actors"]]
        documents = store.counts()["documents"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "faultlines", "serve", "--db", args.db, "--port", str(port),
                               "--token", "load-test"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/api/summary", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        latencies, errors = asyncio.run(load(base, names, args.clients, args.seconds))
    finally:
        server.terminate()
        server.wait(10)
    latencies.sort()
    pick = lambda q: latencies[int(q * (len(latencies) - 1))]  # noqa: E731
    print(f"{documents} documents; {args.clients} clients for {args.seconds:.0f} s: {len(latencies)} requests "
          f"({len(latencies) / args.seconds:.0f}/s), {len(errors)} errors; latency median "
          f"{statistics.median(latencies):.0f} ms, p95 {pick(0.95):.0f} ms, p99 {pick(0.99):.0f} ms")


if __name__ == "__main__":
    main()
