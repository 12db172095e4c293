"""Engines: where the per-document stages (nlp, resolve, extract) run.

    InProcess(pipeline)                      here, one document after another
    WorkerProcesses(workers=2)               worker processes on this machine
    DaskCluster(scheduler="tcp://...:8786")  the workers of a Dask cluster (or a local one)

Each engine takes documents and yields `Outcome`s in the order they finish, keeping only a few
batches in flight so that a corpus of any size streams through in bounded memory. The language
pipeline is loaded once per worker, not once per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
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

BATCH = 16  # documents analysed together (one spaCy batch), and sent to a worker at a time
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


def _load_worker_pipeline(model: str | None, registry: str | None) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline.load(model, Path(registry) if registry else None)


def _analyze_in_worker(batch: list[Document]) -> list[Outcome]:
    assert _worker_pipeline is not None, "the worker's initializer did not run"
    return analyze_batch(_worker_pipeline, batch)


class WorkerProcesses:
    def __init__(self, workers: int, model: str | None = None, registry: Path | None = None):
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, initializer=_load_worker_pipeline,
                                        initargs=(model, str(registry) if registry else None))

    def run(self, documents: Iterable[Document]) -> Iterator[Outcome]:
        batches = _batches(documents)
        pending = {self.pool.submit(_analyze_in_worker, b) for b in islice(batches, self.workers * (1 + IN_FLIGHT))}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                pending |= {self.pool.submit(_analyze_in_worker, b) for b in islice(batches, 1)}

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


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
        from distributed import as_completed

        batches = _batches(documents)
        first = [self.client.submit(_analyze_on_dask_worker, b, pure=False)
                 for b in islice(batches, self.workers * (1 + IN_FLIGHT))]
        running = as_completed(first)
        for future in running:
            yield from future.result()
            future.release()
            for b in islice(batches, 1):
                running.add(self.client.submit(_analyze_on_dask_worker, b, pure=False))

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
