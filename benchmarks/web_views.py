"""/map and /network over a store: `python benchmarks/web_views.py --db PATH`.

Works on a copy of the store. Times each page three times (the first reads the store, the others
are served from memory), then saves one more document, as an ingest beside the server would, and
times the pages again (only what changed is read). Prints milliseconds per request.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from faultlines.store import Store
from faultlines.web import create_app

PAGES = ("/map", "/network", "/api/network", "/map?actor=JNIM", "/network?types=hostile")


def timed(client: TestClient, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "copy.db")
        shutil.copy(args.db, db)
        with Store(db) as store:
            documents = store.counts()["documents"]
        print(f"{documents} documents")
        with TestClient(create_app(db, "benchmark"), base_url="http://127.0.0.1") as client:
            for path in PAGES:
                print(f"{path:26s}" + "".join(f"{timed(client, path):8.0f} ms" for _ in range(3)))
            with Store(db) as store:
                analysis = store.analysis(store.document_ids()[0])
                document = dataclasses.replace(analysis.document, id="benchmark-" + analysis.document.id[10:])
                store.save(dataclasses.replace(analysis, document=document))
            for path in PAGES:
                print(f"after a write {path:26s}{timed(client, path):8.0f} ms")


if __name__ == "__main__":
    main()
