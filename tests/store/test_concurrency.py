"""Several processes on one store: creating it at once, and claiming documents so that ingests
sharing it split the work (a dead run's claims taken over), on SQLite and PostgreSQL alike."""

import subprocess
import sys
import time

import pytest

from faultlines.store import CLAIM_TIMEOUT, Store

# Each process imports the store, says it is ready, waits for the go file, then opens the store:
# all of them at the same moment.
OPEN_AT_ONCE = """
import os, sys, time
from pathlib import Path
from faultlines.store import Store
Path(sys.argv[3]).touch()
while not os.path.exists(sys.argv[2]):
    time.sleep(0.001)
Store(sys.argv[1]).close()
"""


def open_at_once(target, folder, processes=4):
    go = folder / "go"
    runs = [subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, str(target), str(go), str(folder / f"ready-{i}")],
                             stderr=subprocess.PIPE, text=True) for i in range(processes)]
    deadline = time.monotonic() + 60
    while len(list(folder.glob("ready-*"))) < processes and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    errors = [r.communicate(timeout=60)[1] for r in runs]
    assert [r.returncode for r in runs] == [0] * processes, errors


def test_processes_creating_one_new_sqlite_store_at_once(tmp_path):
    for attempt in range(2):  # a race: more than one try makes it likelier to show
        folder = tmp_path / str(attempt)
        folder.mkdir()
        open_at_once(folder / "new.db", folder)
        with Store(folder / "new.db") as store:
            assert [v for (v,) in store.db.execute("SELECT version FROM migrations")] == [1, 2, 3, 4, 5, 6, 7]


def test_processes_creating_one_new_postgres_store_at_once(postgres_url, tmp_path):
    open_at_once(postgres_url, tmp_path)
    with Store(postgres_url) as store:
        assert [v for (v,) in store._q("SELECT version FROM migrations ORDER BY version")] == [1, 2, 3, 4, 5, 6, 7]


@pytest.fixture
def two_runs(any_store):
    """The store, opened a second time (another connection, as another ingest would)."""
    other = Store(any_store.path)  # the test server's URL has no password to redact
    yield any_store, other
    other.close()


def test_a_claimed_document_goes_to_one_run_only(two_runs, analyze_text):
    first, second = two_runs
    first.start_run("run-a")
    second.start_run("run-b")
    assert first.claim("doc-1", "run-a") and first.claim("doc-1", "run-a")  # asking again is fine
    assert not second.claim("doc-1", "run-b")
    assert second.claim("doc-2", "run-b") and not first.claim("doc-2", "run-a")
    # A stored document is nobody's to analyse, even after its run has released its claims.
    stored = analyze_text("ISIS-K attacked a Taliban post in Nangarhar.")
    first.save(stored)
    first.release("run-a")
    assert not second.claim(stored.document.id, "run-b")
    assert second.claim("doc-1", "run-b")  # released unstored (failed): free for the next run


def test_claims_of_a_dead_run_are_taken_over(two_runs):
    first, second = two_runs
    second.start_run("run-b")
    # A run on this machine whose process is gone (killed with -9): at once.
    first._q("INSERT INTO ingest_runs VALUES ('dead', ?, ?, ?, ?)",
             (__import__("socket").gethostname(), 2 ** 22 + 12345, time.time(), time.time()))
    first._q("INSERT INTO ingest_claims VALUES ('doc-1', 'dead', ?)", (time.time(),))
    assert second.claim("doc-1", "run-b")
    # A run on another machine: only once its heartbeat is older than the timeout.
    first._q("INSERT INTO ingest_runs VALUES ('far', 'elsewhere', 1, ?, ?)", (time.time(), time.time()))
    first._q("INSERT INTO ingest_claims VALUES ('doc-2', 'far', ?)", (time.time(),))
    assert not second.claim("doc-2", "run-b")
    first._q("UPDATE ingest_runs SET heartbeat = ? WHERE owner = 'far'", (time.time() - CLAIM_TIMEOUT - 1,))
    assert second.claim("doc-2", "run-b")
    assert second._q("SELECT owner FROM ingest_claims ORDER BY document_id").fetchall() == [("run-b",), ("run-b",)]
