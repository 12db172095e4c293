"""Processes: an ingest stopped by SIGTERM or kill -9 leaves no worker behind and resumes exactly;
a worker that dies costs a retry of its batch, not the run; ingests sharing a store split the work."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from faultlines.engines import WorkerProcesses, _analyze_in_worker
from faultlines.ingest import make_document
from tests.test_corpus import LONG_TAIL, table_counts, write_reports

REPORTS = 120


def ingest_command(folder, db, workers=2, model="blank"):
    return [sys.executable, "-m", "faultlines", "ingest", str(folder), "--db", str(db), "--workers", str(workers),
            "--batch-size", "4", "--keep-near-duplicates", *(["--model", model] if model else []), "--quiet", "--json"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    write_reports(folder, REPORTS, LONG_TAIL)
    return folder


@pytest.fixture(scope="module")
def short_reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("short_reports")
    write_reports(folder, REPORTS)
    return folder


@pytest.fixture(scope="module")
def reference(reports, tmp_path_factory):
    """The store an uninterrupted ingest of the reports makes."""
    db = tmp_path_factory.mktemp("reference") / "reference.db"
    subprocess.run(ingest_command(reports, db), check=True, capture_output=True, timeout=300)
    return table_counts(db)


def stored(db) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as check:
            return check.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def start_and_wait(command, db, at_least=8):
    """Start an ingest and return it with its worker processes once it has stored a few batches."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and stored(db) < at_least:
        time.sleep(0.05)
    assert process.poll() is None and stored(db) < REPORTS, "the ingest ended before it could be interrupted"
    children = psutil.Process(process.pid).children(recursive=True)
    # The run's heartbeat is a process too, but no worker (faultlines/store/heartbeat.py).
    workers = [p for p in children if "faultlines.store.heartbeat" not in " ".join(p.cmdline())]
    assert len(workers) >= 2 and len(children) == len(workers) + 1
    return process, workers


def assert_gone(processes, seconds=5.0):
    deadline = time.monotonic() + seconds
    alive = processes
    while time.monotonic() < deadline:
        alive = [p for p in processes if _running(p)]
        if not alive:
            return
        time.sleep(0.1)
    pytest.fail(f"worker processes outlived the ingest: {[p.pid for p in alive]}")


def _running(process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def assert_whole_batches_then_resume(db, reports, reference, stopped_at):
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = check.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert stopped_at <= count < REPORTS and count % 4 == 0  # whole batches only
    resumed = subprocess.run(ingest_command(reports, db), capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    report = json.loads(resumed.stdout)
    assert (report["already_stored"], report["new"]) == (count, REPORTS - count)
    assert table_counts(db) == reference


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_stopped_ingest_leaves_no_worker_and_resumes_exactly(how, reports, reference, tmp_path):
    db = tmp_path / "stopped.db"
    process, workers = start_and_wait(ingest_command(reports, db), db)
    everyone = psutil.Process(process.pid).children(recursive=True)  # the heartbeat too
    stopped_at = stored(db)
    process.send_signal(getattr(signal, how))  # to the ingest process only, as kill -9 or systemd would
    _, err = process.communicate(timeout=30)
    assert process.returncode == -getattr(signal, how)
    if how == "SIGTERM":
        assert "stopped by SIGTERM" in err and "Traceback" not in err
    assert_gone(everyone)
    assert_whole_batches_then_resume(db, reports, reference, stopped_at)


def test_a_killed_worker_costs_a_retry_not_the_run(reports, reference, tmp_path):
    db = tmp_path / "worker.db"
    process, workers = start_and_wait(ingest_command(reports, db), db)
    workers[0].kill()
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    report = json.loads(out)
    assert (report["new"], report["failed"]) == (REPORTS, [])
    assert "Traceback" not in err
    assert table_counts(db) == reference


# Tasks for the workers in the tests below: module-level, so that a worker can unpickle them.
def die_on_poison(batch):
    """Kills its worker on a batch holding a POISON document, every time."""
    if any("POISON" in d.text for d in batch):
        os._exit(9)
    return _analyze_in_worker(batch)


def die_once(batch):
    """Kills its worker the first time it sees a batch holding a FLAKY document."""
    flag = Path(os.environ["FAULTLINES_TEST_FLAG"])
    if any("FLAKY" in d.text for d in batch) and not flag.exists():
        flag.touch()
        os._exit(9)
    return _analyze_in_worker(batch)


class PoisonedWorkers(WorkerProcesses):
    task = staticmethod(die_on_poison)


class FlakyWorkers(WorkerProcesses):
    task = staticmethod(die_once)


def test_batch_killing_its_worker_is_retried_once_then_failed_and_the_rest_done():
    import faultlines.engines as engines

    texts = [f"Report {i}: fighters attacked a post in Kunar." for i in range(40)]
    texts[21] = "POISON " + texts[21]
    documents = [make_document(t) for t in texts]
    engine = PoisonedWorkers(2, model="blank")
    try:
        outcomes = list(engine.run(documents))
    finally:
        engine.close()
    assert sorted(o.document.id for o in outcomes) == sorted(d.id for d in documents)  # each exactly once
    failed = [o for o in outcomes if o.analysis is None]
    # The poisoned document's batch (16 documents) comes back failed, with the reason; the rest is done.
    assert len(failed) == engines.BATCH and documents[21].id in {o.document.id for o in failed}
    assert all("worker process died" in o.error and "retried" in o.error for o in failed)


def test_batch_killing_its_worker_once_succeeds_when_retried(tmp_path, monkeypatch):
    monkeypatch.setenv("FAULTLINES_TEST_FLAG", str(tmp_path / "died"))
    texts = [f"Report {i}: fighters attacked a post in Kunar." for i in range(40)]
    texts[5] = "FLAKY " + texts[5]
    engine = FlakyWorkers(1, model="blank")
    try:
        outcomes = list(engine.run([make_document(t) for t in texts]))
    finally:
        engine.close()
    assert (tmp_path / "died").exists()
    assert len(outcomes) == 40 and all(o.analysis is not None for o in outcomes)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_two_ingests_into_one_store_split_the_work(kind, short_reports, tmp_path, request):
    db = tmp_path / "shared.db" if kind == "sqlite" else request.getfixturevalue("postgres_url")
    # The shipped model, not the blank one: its analysis lasts longer than a process takes to start,
    # so the two runs overlap whatever the machine's load (with the blank one the first could finish
    # before the second began).
    commands = [ingest_command(short_reports, db, workers=1, model=None) for _ in range(2)]
    runs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    results = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], [err for _, err in results]
    reports_ = [json.loads(out) for out, _ in results]
    new = [r["new"] for r in reports_]
    assert sum(new) == REPORTS, reports_  # each document analysed once, by one of them
    assert min(new) > 0, reports_  # and both worked
    assert all(r["new"] + r["already_stored"] + r["claimed_elsewhere"] == REPORTS for r in reports_)
    from faultlines.store import Store

    with Store(db) as store:
        assert store.counts()["documents"] == REPORTS
        assert store._q("SELECT count(*) FROM ingest_claims").fetchone()[0] == 0  # both released theirs
