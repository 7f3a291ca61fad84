"""The same per-document function on a dask.distributed cluster (optional extra `reviewx[dask]`).

Each task is `batch.process_one(path, out_dir, force)`: workers read the input and write
the output themselves, so paths must be visible to every worker (a shared file system).
Without a scheduler address a LocalCluster of worker processes on this machine is used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from .batch import Outcome, Summary, iter_inputs, process_one
from .document import doc_id_for
from .emit import writable_folder
from .errors import ReviewxError

# tasks submitted ahead of the results: keeps the scheduler fed without holding every path
WINDOW_PER_WORKER = 8


def dask_options(
    scheduler: str | None, jobs: int | None, timeout: float | None, max_memory_mb: int | None
) -> dict[str, Any]:
    """`run_dask` options from the CLI's; what dask cannot honour is refused, never silently dropped.

    A LocalCluster takes `--jobs` as its worker count and `--max-memory` as each worker's memory limit
    (the nanny restarts a worker over it, and the task is reported failed). A remote scheduler's
    workers are sized by whoever started them. Per-document time budgets need signals in the
    process's main thread, where dask does not run tasks: `--timeout` is refused.
    """
    if timeout is not None:
        raise ReviewxError("--timeout is not available with --executor dask (tasks run in worker threads)")
    if scheduler and (jobs or max_memory_mb is not None):
        raise ReviewxError(
            "--jobs and --max-memory size a local cluster; a --scheduler's workers are sized where they start"
        )
    options: dict[str, Any] = {"timeout": None}
    if jobs:
        options["n_workers"] = jobs
    if max_memory_mb is not None:
        options["memory_limit_mb"] = max_memory_mb
    return options


def run_dask(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    scheduler: str | None = None,
    force: bool = False,
    progress: Callable[[Outcome], None] | None = None,
    n_workers: int = 2,
    timeout: float | None = None,
    memory_limit_mb: int | None = None,
) -> Summary:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ReviewxError("the dask executor needs the 'dask' extra: pip install 'reviewx[dask]'") from None
    out = str(out_dir)
    writable_folder(Path(out))
    summary = Summary()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=f"{memory_limit_mb}MB" if memory_limit_mb else "auto",
        )
        client = Client(cluster)

    def record(o: Outcome) -> None:
        summary.outcomes.append(o)
        if progress:
            progress(o)

    try:
        window = max(1, len(client.scheduler_info().get("workers", {})) or n_workers) * WINDOW_PER_WORKER
        _submit_all(client, paths, out, force, timeout, window, record)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary.outcomes.sort(key=lambda o: o.path)
    return summary


def _submit_all(
    client: Any,
    paths: Iterable[str | Path],
    out: str,
    force: bool,
    timeout: float | None,
    window: int,
    record: Callable[[Outcome], None],
) -> None:
    """Every input as one task, at most `window` ahead of the results; a doc_id taken twice fails."""
    from dask.distributed import as_completed

    claimed: dict[str, str] = {}
    path_of: dict[object, str] = {}  # future key -> its input, to name the file of a lost worker
    ac = as_completed()
    in_flight = 0
    for p in iter_inputs(paths):
        doc_id = doc_id_for(p)
        if doc_id in claimed:
            record(Outcome(str(p), "failed", doc_id, f"doc_id '{doc_id}' already taken by {claimed[doc_id]}"))
            continue
        claimed[doc_id] = str(p)
        # timeout=None: dask runs tasks in worker threads, where signal-based budgets cannot apply
        future = client.submit(process_one, str(p), out, force, timeout, pure=False)
        path_of[future.key] = str(p)
        ac.add(future)
        in_flight += 1
        if in_flight >= window:
            done = next(ac)
            record(_result(done, path_of.pop(done.key)))
            in_flight -= 1
    for f in ac:
        record(_result(f, path_of.pop(f.key)))


def _result(future: Any, path: str) -> Outcome:
    try:
        o = cast(Outcome, future.result())
    except Exception as e:  # a worker lost mid-task: report it, the batch goes on
        return Outcome(path, "failed", None, f"worker failed ({type(e).__name__}: {e})")
    # report paths as the user gave them
    return o
