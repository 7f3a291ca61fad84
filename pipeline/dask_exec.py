"""The same per-document function on a dask.distributed cluster (optional extra `reviewx[dask]`).

Each task is `batch.process_one(path, out_dir, force)`: workers read the input and write
the output themselves, so paths must be visible to every worker (a shared file system).
Without a scheduler address a LocalCluster of worker processes on this machine is used.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .batch import Outcome, Summary, doc_id_for, iter_inputs, process_one
from .emit import writable_folder
from .errors import ReviewxError

# tasks submitted ahead of the results: keeps the scheduler fed without holding every path
WINDOW_PER_WORKER = 8


def run_dask(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    scheduler: str | None = None,
    force: bool = False,
    progress=None,
    n_workers: int = 2,
    timeout: float | None = None,
) -> Summary:  # type: ignore[no-untyped-def]
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ReviewxError("the dask executor needs the 'dask' extra: pip install 'reviewx[dask]'") from None
    out = str(out_dir)
    writable_folder(Path(out))
    summary = Summary()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        window = max(1, len(client.scheduler_info().get("workers", {})) or n_workers) * WINDOW_PER_WORKER
        claimed: dict[str, str] = {}
        ac = as_completed()
        in_flight = 0

        def record(o: Outcome) -> None:
            summary.outcomes.append(o)
            if progress:
                progress(o)

        for p in iter_inputs(paths):
            doc_id = doc_id_for(p)
            if doc_id in claimed:
                record(Outcome(str(p), "failed", doc_id, f"doc_id '{doc_id}' already taken by {claimed[doc_id]}"))
                continue
            claimed[doc_id] = str(p)
            # timeout=None: dask runs tasks in worker threads, where signal-based budgets cannot apply
            ac.add(client.submit(process_one, str(p), out, force, timeout, pure=False))
            in_flight += 1
            if in_flight >= window:
                record(_result(next(ac), p))
                in_flight -= 1
        for f in ac:
            record(_result(f, None))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary.outcomes.sort(key=lambda o: o.path)
    return summary


def _result(future, path) -> Outcome:  # type: ignore[no-untyped-def]
    try:
        o = future.result()
    except Exception as e:  # a worker lost mid-task: report it, the batch goes on
        return Outcome(str(path or "?"), "failed", None, f"worker failed ({type(e).__name__}: {e})")
    # report paths as the user gave them
    return o
