"""A run's heartbeat beats from its own process, so a slow document keeps its claim while the run
lives, and loses it once the run stops beating, on SQLite and PostgreSQL alike."""

import time

import psutil
import pytest

from faultlines.store import Store
from faultlines.store.heartbeat import Heartbeat

EXPIRY = 1.0  # the claim timeout of these tests, in seconds (15 minutes in real ingests)


@pytest.fixture
def slow_run(any_store):
    """A run that has claimed doc-1, seen from another ingest's own connection. The run is put on
    another machine, where only its heartbeat tells it is alive (not its process id)."""
    any_store.start_run("slow")
    any_store._q("UPDATE ingest_runs SET host = 'elsewhere' WHERE owner = 'slow'")
    assert any_store.claim("doc-1", "slow")
    other = Store(any_store.target)
    other.start_run("other")
    yield any_store, other
    other.close()


def heartbeat_threads():
    """The heartbeats running: processes of ours (and no thread: a thread slows spaCy)."""
    return [p for p in psutil.Process().children() if "faultlines.store.heartbeat" in " ".join(p.cmdline())]


@pytest.mark.issue(17)
def test_heartbeat_keeps_a_slow_runs_claim_until_it_stops(slow_run):
    store, other = slow_run
    with Heartbeat(store, "slow", every=EXPIRY / 5):
        time.sleep(EXPIRY * 2.5)  # one document, analysed for longer than the expiry
        assert not other.claim("doc-1", "other", timeout=EXPIRY)
        assert heartbeat_threads()
    assert not heartbeat_threads()  # stopped cleanly
    time.sleep(EXPIRY * 1.5)
    assert other.claim("doc-1", "other", timeout=EXPIRY)


@pytest.mark.issue(17)
def test_without_heartbeat_a_slow_runs_claim_is_taken_over(slow_run):
    store, other = slow_run
    time.sleep(EXPIRY * 1.5)
    assert other.claim("doc-1", "other", timeout=EXPIRY)


@pytest.mark.issue(17)
def test_heartbeat_stops_when_the_work_fails(any_store):
    any_store.start_run("failing")
    started = any_store._q("SELECT heartbeat FROM ingest_runs WHERE owner = 'failing'").fetchone()[0]
    with pytest.raises(RuntimeError), Heartbeat(any_store, "failing", every=0.05):
        time.sleep(0.2)
        raise RuntimeError("the analysis failed")
    assert not heartbeat_threads()
    beat = any_store._q("SELECT heartbeat FROM ingest_runs WHERE owner = 'failing'").fetchone()[0]
    assert beat > started  # it did beat while the work ran
    time.sleep(0.2)
    assert any_store._q("SELECT heartbeat FROM ingest_runs WHERE owner = 'failing'").fetchone()[0] == beat


class SlowWorker:
    """The real in-process engine, taking `seconds` over each document, and noting how old the
    run's heartbeat is in the store (from another connection) once each document is done."""

    def __init__(self, engine, store, seconds):
        self.engine, self.store, self.seconds, self.ages = engine, store, seconds, []

    def run(self, documents):
        for outcome in self.engine.run(documents):
            time.sleep(self.seconds)
            beat, = self.store._q("SELECT max(heartbeat) FROM ingest_runs").fetchone()
            self.ages.append(time.time() - beat)
            yield outcome


@pytest.mark.issue(17)
def test_ingest_beats_while_one_document_takes_long(pipeline, tmp_path, monkeypatch):
    import faultlines.corpus as corpus
    from faultlines.engines import InProcess

    monkeypatch.setattr(corpus, "HEARTBEAT", 0.1)
    (tmp_path / "report.txt").write_text("Fighters of JNIM attacked an army post in Djibo, in Burkina Faso.")
    with Store(tmp_path / "store.db") as store, Store(tmp_path / "store.db") as watcher:
        worker = SlowWorker(InProcess(pipeline), watcher, seconds=1.0)
        summary = corpus.ingest([tmp_path / "report.txt"], store, worker)
    assert summary.new == 1
    assert worker.ages and max(worker.ages) < 0.5  # beaten during the second of work, not before it
    assert not heartbeat_threads()  # stopped with the ingest
