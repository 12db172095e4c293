"""Engines: where the per-document stages (nlp, resolve, extract) run.

    InProcess(pipeline)                      here, one document after another
    WorkerProcesses(workers=2)               worker processes on this machine
    DaskCluster(scheduler="tcp://...:8786")  the workers of a Dask cluster (or a local one)

Each engine takes documents and yields `Outcome`s in the order they finish, keeping only a few
batches in flight so that a corpus of any size streams through in bounded memory. The language
pipeline is loaded once per worker, not once per document.

Worker processes die with the ingest process, however it ends (a death signal and a watchdog cover
`kill -9`). A worker that dies itself (killed, out of memory, a crash in native code) costs no
more than its batch: the batches it took down are retried once, one at a time, in a fresh pool, and
a batch that kills its worker again comes back as failed documents.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from faultlines.errors import ConfigError, FaultlinesError
from faultlines.model import Analysis, Document
from faultlines.pipeline import Pipeline

try:  # Dask is an optional extra; without it only its engine is unavailable
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - exercised where the extra is not installed
    WorkerPlugin = object

BATCH = 32  # documents analysed together (one spaCy batch), and sent to a worker at a time
IN_FLIGHT = 2  # batches queued per worker beyond the one it works on


@dataclass(frozen=True, slots=True)
class Outcome:
    """A document and its analysis, or the one-line reason it could not be analysed."""

    document: Document
    analysis: Analysis | None = None
    error: str | None = None


def analyze_batch(pipeline: Pipeline, batch: list[Document]) -> list[Outcome]:
    try:
        return [Outcome(d, a) for d, a in zip(batch, pipeline.analyze_many(batch), strict=True)]
    except Exception:  # noqa: BLE001 - find which document it was, one at a time below
        pass
    out = []
    for document in batch:
        try:
            out.append(Outcome(document, pipeline.analyze(document)))
        except FaultlinesError as exc:
            out.append(Outcome(document, error=str(exc)))
        except Exception as exc:  # one bad document must not stop a corpus; the reason is kept
            out.append(Outcome(document, error=f"analysis failed ({type(exc).__name__}: {exc}); "
                                               "please report it with the document"))
    return out


class InProcess:
    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        for batch in _batches(documents):
            yield from analyze_batch(self.pipeline, batch)

    def close(self) -> None:
        pass


# One pipeline per worker process, loaded by the pool's initializer: the worker's own copy, never
# shared, so it is state of that process rather than of the program.
_worker_pipeline: Pipeline | None = None
_worker_parent: int | None = None  # the ingest process that started this worker


def _load_worker_pipeline(model: str | None, registry: str | None, parent: int | None = None) -> None:
    global _worker_pipeline
    if parent is not None:
        die_with_parent(parent)
    _worker_pipeline = Pipeline.load(model, Path(registry) if registry else None)


def _analyze_in_worker(batch: list[Document]) -> list[Outcome]:
    assert _worker_pipeline is not None, "the worker's initializer did not run"
    if _worker_parent is not None and os.getppid() != _worker_parent:
        os._exit(1)  # orphaned: no one is left to take the results
    return analyze_batch(_worker_pipeline, batch)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Make this worker end when the process that started it ends, even by `kill -9`, which gives
    the parent no chance to stop it: otherwise it lives on, orphaned, holding its pipeline's memory.

    Linux sends the death signal asked for with prctl, and each batch starts by checking that the
    parent is still there; elsewhere a watchdog thread notices that the parent changed. Not a
    thread on Linux: once a process has a second thread, the C library's memory allocator takes
    locks on every call, and spaCy, which allocates all the time, runs a fifth slower."""
    # The ingest process handles SIGTERM and Ctrl-C and then ends its workers; a worker that
    # inherited those handlers would turn the signals into errors in the batch it is analysing.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker_parent
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        signalled = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux: the watchdog alone
        signalled = False
    first = _worker_parent = os.getppid()
    if first != parent and not _alive(parent):  # the parent died before the death signal was set
        os._exit(1)
    if signalled:
        return

    def watch() -> None:
        while os.getppid() == first:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="faultlines-parent-watchdog", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's (a reused pid)
        return True
    return True


def failed(batch: list[Document], reason: str) -> list[Outcome]:
    return [Outcome(d, error=reason) for d in batch]


class WorkerProcesses:
    # What a worker does with a batch; a module-level function, so that workers can unpickle it.
    task = staticmethod(_analyze_in_worker)

    def __init__(self, workers: int, model: str | None = None, registry: Path | None = None):
        self.workers = workers
        self.initargs = (model, str(registry) if registry else None, os.getpid())
        self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, initializer=_load_worker_pipeline, initargs=self.initargs)

    def _restart(self) -> None:
        _stop_workers(self.pool)
        self.pool = self._new_pool()

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        batches = _batches(documents)
        pending: dict[Future, list[Document]] = {}
        orphans: list[list[Document]] = []  # batches lost with a worker that died

        def submit(more: Iterable[list[Document]]) -> None:
            for batch in more:
                try:
                    pending[self.pool.submit(self.task, batch)] = batch
                except BrokenProcessPool:  # the pool broke since the last look
                    orphans.append(batch)

        submit(islice(batches, self.workers * (1 + IN_FLIGHT)))
        while pending or orphans:
            done, _ = wait(pending, return_when=FIRST_COMPLETED) if pending else ((), ())
            for future in done:
                batch = pending.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    orphans.append(batch)
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. an analysis that cannot be sent back
                    outcomes = failed(batch, f"the worker could not return its analysis ({type(exc).__name__}: "
                                             f"{exc}); please report it with the document")
                yield from outcomes
                if not orphans:
                    submit(islice(batches, 1))
            if orphans and not pending:
                # A dead worker breaks the whole pool and fails every batch it held, so which one
                # killed it is unknown: each is retried alone in a fresh pool.
                self._restart()
                for batch in orphans:
                    yield from self._retry(batch)
                orphans = []
                submit(islice(batches, self.workers * (1 + IN_FLIGHT)))

    def _retry(self, batch: list[Document]) -> list[Outcome]:
        try:
            return self.pool.submit(self.task, batch).result()
        except BrokenProcessPool:
            self._restart()
            return failed(batch, "a worker process died while analysing the batch of "
                                 f"{len(batch)} documents that holds it, and again when it was retried alone "
                                 "(killed, or out of memory?); run the ingest again to retry it")

    def close(self) -> None:
        _stop_workers(self.pool)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now, busy or not: after an interruption nobody wants their batches,
    and shutdown() alone would wait for them."""
    workers = list((pool._processes or {}).values())  # no public way to end busy workers before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(1)


class DaskCluster:
    """Runs on a Dask distributed cluster: `scheduler` is its address (SLURM or Kubernetes
    clusters made with dask-jobqueue or dask-kubernetes give one); without it, a local cluster of
    `workers` single-threaded processes."""

    def __init__(self, scheduler: str | None = None, workers: int = 2, model: str | None = None,
                 registry: Path | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ConfigError("--engine dask needs Dask: pip install 'faultlines[dask]'") from exc
        self.cluster = None if scheduler else LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        try:
            self.client = Client(scheduler or self.cluster, timeout="30s")
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); check --scheduler") from exc
        self.client.register_plugin(PipelineOnWorker(model, str(registry) if registry else None),
                                    name="faultlines-pipeline")
        self.workers = max(1, len(self.client.scheduler_info()["workers"]))

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        from distributed import KilledWorker, as_completed

        batches = _batches(documents)
        batch_of = {}  # future -> its batch, to report its documents if the workers running it die
        for b in islice(batches, self.workers * (1 + IN_FLIGHT)):
            batch_of[self.client.submit(_analyze_on_dask_worker, b, pure=False)] = b
        running = as_completed(list(batch_of))
        for future in running:
            batch = batch_of.pop(future)
            try:
                outcomes = future.result()
            except KilledWorker as exc:  # Dask retried it on other workers, and they died too
                outcomes = failed(batch, f"the Dask workers analysing it died ({exc}); "
                                         "run the ingest again to retry it")
            yield from outcomes
            future.release()
            for b in islice(batches, 1):
                new = self.client.submit(_analyze_on_dask_worker, b, pure=False)
                batch_of[new] = b
                running.add(new)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class PipelineOnWorker(WorkerPlugin):
    """A Dask worker plugin: loads the pipeline once when the worker starts."""

    def __init__(self, model: str | None, registry: str | None):
        self.model, self.registry = model, registry

    def setup(self, worker) -> None:
        worker.faultlines_pipeline = Pipeline.load(self.model, Path(self.registry) if self.registry else None)

    def teardown(self, worker) -> None:
        worker.faultlines_pipeline = None


def _analyze_on_dask_worker(batch: list[Document]) -> list[Outcome]:
    from distributed import get_worker

    return analyze_batch(get_worker().faultlines_pipeline, batch)


def _batches(documents: Iterable[Document]) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, BATCH)):
        yield batch
