"""Batch extraction: find inputs, skip unchanged ones, run documents in parallel, report.

Each document is handled by `process_one`, a plain function of (path, out_dir, force)
that never raises: a bad file becomes a failed outcome with its reason, so the batch
goes on. Outputs are written atomically, so a killed batch leaves no partial file and
a re-run finishes the job.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .document import doc_id_for, extract_bytes
from .emit import atomic_write, temp_owner, to_json, writable_folder
from .errors import InputError, ReviewxError
from .quality import NEEDS_REVIEW
from .reading import check_input, printable, read_input, sha256_of
from .runner import Runner, die_with_parent

INPUT_SUFFIXES = (".pdf", ".txt")
# per-document budgets: a pathological file fails with "exceeded limit" instead of stalling
DEFAULT_TIMEOUT = 120.0  # seconds of wall time
DEFAULT_MAX_MEMORY_MB = 4096  # address space of a worker process
# documents in flight per worker: enough to keep workers busy, few enough to bound memory
IN_FLIGHT_PER_WORKER = 4


@dataclass
class Outcome:
    path: str
    status: str  # ok | skipped | failed
    doc_id: str | None = None
    reason: str | None = None
    pages: int | None = None
    seconds: float = 0.0
    # the quality checks an extracted document fell below (its "needs review: ..." warnings)
    needs_review: list[str] = field(default_factory=list)


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def needs_review(self) -> list[Outcome]:
        """Extracted documents whose quality block fell below a threshold."""
        return [o for o in self.outcomes if o.status == "ok" and o.needs_review]


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and `.pdf`/`.txt` files under folders named, in sorted order; links never loop."""
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
                for name in sorted(files):
                    f = Path(root) / name
                    if f.suffix.lower() in INPUT_SUFFIXES and not name.startswith("."):
                        key = os.path.realpath(f)
                        if key not in seen:
                            seen.add(key)
                            yield f
        else:
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                yield p


# an output's identity fields sit in its first bytes (see emit.to_json)
HEAD_BYTES = 4096
_HEAD_SHA = re.compile(r'"source":\s*\{[^{}]*?"sha256":\s*"([0-9a-f]{64})"')
_HEAD_VERSION = re.compile(r'"pipeline":\s*\{[^{}]*?"version":\s*"([^"]*)"')


def _up_to_date(out_path: Path, sha: str, version: str) -> bool:
    """The output exists, is complete (atomic writes) and was made from these bytes by this version."""
    try:
        with out_path.open("rb") as f:
            head = f.read(HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    ms, mv = _HEAD_SHA.search(head), _HEAD_VERSION.search(head)
    return ms is not None and mv is not None and ms.group(1) == sha and mv.group(1) == version


def needs_work(path: Path, out_dir: str) -> bool:
    """False when the output for `path` is current: the parent checks this before any worker starts.

    The parent only stats the file and hashes it in chunks: a FIFO, a device or an oversized
    file is never opened here, and the worker reports why it is refused.
    """
    from . import __version__

    out_path = Path(out_dir) / f"{doc_id_for(path)}.json"
    if not out_path.exists():
        return True
    try:
        check_input(path)
        sha = sha256_of(path)
    except InputError:
        return True  # let the worker report the reason
    return not _up_to_date(out_path, sha, __version__)


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in a parser swallows it."""


def _alarm(_signum, _frame):  # type: ignore[no-untyped-def]
    raise _Timeout()


def process_one(
    path: str,
    out_dir: str,
    force: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    ocr: str = "auto",
    ocr_jobs: int = 1,
) -> Outcome:
    """Extract one file into `out_dir`. Never raises for a bad input; a time budget applies
    (OCR adds `budget.OCR_SECONDS_PER_PAGE` per page it reads).

    With a budget, the document runs in a forked child that is killed when the budget ends:
    a parser stuck in C code or a 300 MB content stream cannot overrun it, a crash in a C
    library costs one document, and memory the document took is returned with the child.
    """
    import threading

    main = threading.current_thread() is threading.main_thread()
    if timeout and main and hasattr(os, "fork"):
        return _isolated(path, out_dir, force, float(timeout), ocr, ocr_jobs)
    armed = bool(timeout) and main
    if armed:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, float(timeout))  # type: ignore[arg-type]
    try:
        return _process_one(path, out_dir, force, ocr, ocr_jobs)
    except _Timeout:
        return Outcome(path, "failed", doc_id_for(path), f"exceeded limit: more than {timeout:g} s")
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


_warmed = False
# the child that runs this process's documents while a batch runs (`kept_runner`); None: one per document
_runner: Runner | None = None


def _isolated(path: str, out_dir: str, force: bool, timeout: float, ocr: str = "auto", ocr_jobs: int = 1) -> Outcome:
    import time

    if not _warmed:  # rule data and dictionaries loaded before the fork, so each child shares them
        _warm(None)
    t0 = time.monotonic()
    runner = _runner or _new_runner()
    try:
        answer, ended = runner.ask((path, out_dir, force, ocr, ocr_jobs), timeout)
    finally:
        if runner is not _runner:
            runner.close()
    if ended is None:
        return Outcome(**answer)
    seconds = time.monotonic() - t0
    doc_id = doc_id_for(path)
    _remove_temps_of(Path(out_dir), ended.pid)
    if ended.timed_out:
        return Outcome(path, "failed", doc_id, f"exceeded limit: more than {ended.allowed:g} s", seconds=seconds)
    return _died(path, doc_id, ended.status, seconds)


def _new_runner() -> Runner:
    return Runner(_serve, leave=lambda answer: answer["status"] == "failed", on_start=_child_start)


def _child_start(report: Callable[[float], None]) -> None:
    from . import budget

    budget.set_reporter(report)  # OCR asks for more time: the parent holds the clock, so the child tells it


def _serve(request: tuple[str, str, bool, str, int]) -> dict[str, object]:
    """In the child: one document (looked up at call time, so a patched `_process_one` is the one run)."""
    return asdict(_process_one(*request))


@contextlib.contextmanager
def kept_runner() -> Iterator[None]:
    """While the block runs, this process's documents share one child (see runner.py), ended after it."""
    global _runner
    if _runner is not None:
        yield
        return
    _runner = _new_runner()
    try:
        yield
    finally:
        runner, _runner = _runner, None
        runner.close()


def _died(path: str, doc_id: str, status: int, seconds: float) -> Outcome:
    """The outcome of a child that ended without sending one."""
    if os.WIFSIGNALED(status):
        why = signal.Signals(os.WTERMSIG(status)).name  # SIGKILL: most often the kernel's OOM killer
    else:
        why = f"exit {os.waitstatus_to_exitcode(status)}"
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL) and _memory_capped():
        # native code (PDFium) aborts when an allocation fails under the address-space cap
        return Outcome(
            path, "failed", doc_id, f"exceeded limit: memory budget (worker ended by {why})", seconds=seconds
        )
    return Outcome(path, "failed", doc_id, f"worker process died (crashed or killed: {why})", seconds=seconds)


def _memory_capped() -> bool:
    import resource

    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    return soft != resource.RLIM_INFINITY


def _process_one(path: str, out_dir: str, force: bool = False, ocr: str = "auto", ocr_jobs: int = 1) -> Outcome:
    import hashlib
    import time

    from . import __version__

    t0 = time.perf_counter()
    p = Path(path)
    doc_id = doc_id_for(p)
    try:
        data = read_input(p)  # a regular file within the size budget, or an InputError naming why
        out_path = Path(out_dir) / f"{doc_id}.json"
        sha = hashlib.sha256(data).hexdigest()
        if not force and _up_to_date(out_path, sha, __version__):
            return Outcome(path, "skipped", doc_id, "unchanged", seconds=time.perf_counter() - t0)
        # an undecodable file name cannot reach the JSON
        doc = extract_bytes(data, Path(printable(p)), ocr=ocr, ocr_jobs=ocr_jobs)
        try:
            atomic_write(out_path, to_json(doc))
        except OSError as e:  # a full disk or a read-only folder: the output, not the input, failed
            return Outcome(
                path, "failed", doc_id, f"cannot write output ({e.strerror or e})", seconds=time.perf_counter() - t0
            )
        review = [w for w in doc.warnings if w.startswith(NEEDS_REVIEW)]
        return Outcome(
            path, "ok", doc_id, pages=doc.source.pages, seconds=time.perf_counter() - t0, needs_review=review
        )
    except ReviewxError as e:
        reason = getattr(e, "reason", str(e))
        return Outcome(path, "failed", doc_id, reason, seconds=time.perf_counter() - t0)
    except _Timeout:
        raise
    except MemoryError:
        return Outcome(path, "failed", doc_id, "exceeded limit: out of memory", seconds=time.perf_counter() - t0)
    except RecursionError:
        return Outcome(path, "failed", doc_id, "damaged file (nesting too deep)", seconds=time.perf_counter() - t0)
    except Exception as e:  # a bug or a damaged file the parser chokes on: report it, go on
        return Outcome(path, "failed", doc_id, f"{type(e).__name__}: {e}"[:300], seconds=time.perf_counter() - t0)


def remove_stale_temps(out: Path) -> None:
    """Temporary files a killed batch left behind (never read: outputs appear only by rename).

    A temporary name carries its writer's pid: a file of a live process (another run into
    the same folder) is left alone.
    """
    for p in out.glob(".*.json.*.tmp"):
        owner = temp_owner(p.name)
        if owner is not None and _alive(owner):
            continue
        try:
            p.unlink()
        except OSError:
            pass


def _remove_temps_of(out: Path, pid: int) -> None:
    for p in out.glob(f".*.json.{pid}.*.tmp"):
        try:
            p.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _warm(max_memory_mb: int | None = None, parent: int | None = None) -> None:
    """Per-worker start-up: die with the parent, a memory budget, then rule data and dictionaries loaded once."""
    global _warmed
    if parent is not None:  # a pool worker: it ends with the batch, and keeps one child for its documents
        die_with_parent(parent)
        global _runner
        _runner = _new_runner()
    if max_memory_mb:
        import resource

        limit = max_memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if _warmed:  # a pool worker forked from a warm parent shares what the parent loaded
        return
    from .entities import warm_up

    warm_up()
    try:  # the PDF reader's library, imported once here rather than in every forked child
        import pdfplumber  # noqa: F401

        from .ingest import pdf  # noqa: F401
        from .ingest.pdf import scanned  # noqa: F401  (every PDF asks which pages need OCR)
    except ImportError:
        pass
    _warm_stages()
    _warmed = True
    import gc

    gc.freeze()  # objects loaded so far are never collected: children forked per document share their pages


def _warm_stages() -> None:
    """Extract a short bilingual sample once, so that every stage's lazily built rules (compiled
    patterns, automata, modules imported on first use) exist before the fork: a child forked per
    document would otherwise build them again for each document, and lose them when it ends."""
    from .document import extract_bytes
    from .resources import ROOT

    try:
        extract_bytes((ROOT / "warm_up.txt").read_bytes(), "warm_up.txt")
    except Exception:  # only a head start: a document meets the same error itself and reports it
        pass


def run(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    jobs: int = 1,
    force: bool = False,
    progress: Callable[[Outcome], None] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB,
    ocr: str = "auto",
) -> Summary:
    """Extract every input; documents stream through a bounded window, so memory stays flat.
    `ocr`: auto, off or force (see ingest/ocr.py); one document alone OCRs its pages in `jobs` threads."""
    out = str(out_dir)
    writable_folder(Path(out))
    remove_stale_temps(Path(out))
    summary = Summary()
    claimed: dict[str, str] = {}

    def record(o: Outcome) -> None:
        summary.outcomes.append(o)
        if progress:
            progress(o)

    def admitted() -> Iterator[Path]:
        for p in iter_inputs(paths):
            doc_id = doc_id_for(p)
            if doc_id in claimed and claimed[doc_id] != str(p):
                record(Outcome(str(p), "failed", doc_id, f"doc_id '{doc_id}' already taken by {claimed[doc_id]}"))
                continue
            claimed[doc_id] = str(p)
            yield p

    def to_do() -> Iterator[Path]:
        for p in admitted():
            if force or needs_work(p, out):
                yield p
            else:
                record(Outcome(str(p), "skipped", doc_id_for(p), "unchanged"))

    import itertools

    todo = to_do()
    head = list(itertools.islice(todo, 2))
    if jobs <= 1 or len(head) == 1:
        # a single document gets the cores as OCR threads instead of a pool of one
        warmed = False
        with kept_runner():
            for p in itertools.chain(head, todo):
                if not warmed:  # rule data and dictionaries only once there is work
                    _warm(None)
                    warmed = True
                record(process_one(str(p), out, True, timeout, ocr, max(1, jobs)))
    else:
        _run_pool(itertools.chain(head, todo), out, jobs, True, timeout, max_memory_mb, record, ocr)
    summary.outcomes.sort(key=lambda o: o.path)
    return summary


def _run_pool(
    inputs: Iterator[Path],
    out: str,
    jobs: int,
    force: bool,
    timeout: float | None,
    max_memory_mb: int | None,
    record: Callable[[Outcome], None],
    ocr: str = "auto",
) -> None:
    """A process pool; a worker that dies is replaced and the documents it held are retried alone."""
    from concurrent.futures.process import BrokenProcessPool

    def new_pool(n: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=n, initializer=_warm, initargs=(max_memory_mb, os.getpid()))

    first = next(inputs, None)
    if first is None:
        return  # nothing to do: no pool, no start-up
    if _fork_context():
        _warm(None)  # once, in the parent: workers forked from it share the loaded pages
    pool = new_pool(jobs)
    pending: dict[Future[Outcome], Path] = {}
    suspects: list[Path] = []
    try:
        import itertools

        for p in itertools.chain([first], inputs):
            pending[pool.submit(process_one, str(p), out, force, timeout, ocr)] = p
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                pool = _drain(pool, pending, suspects, record, new_pool, jobs, FIRST_COMPLETED)
        while pending:
            pool = _drain(pool, pending, suspects, record, new_pool, jobs, FIRST_COMPLETED)
    finally:
        pool.shutdown(cancel_futures=True)
    # documents that were in flight when a worker died: one at a time, so the culprit is named
    for p in suspects:
        solo = new_pool(1)
        try:
            record(solo.submit(process_one, str(p), out, force, timeout, ocr).result())
        except BrokenProcessPool:
            record(Outcome(str(p), "failed", doc_id_for(p), "worker process died (crashed or killed)"))
        finally:
            solo.shutdown(cancel_futures=True)


def _fork_context() -> bool:
    """Pool workers start by fork (Linux), so they inherit the parent's loaded rules and dictionaries."""
    import multiprocessing

    return multiprocessing.get_start_method(allow_none=False) == "fork"


def _drain(
    pool: ProcessPoolExecutor,
    pending: dict[Future[Outcome], Path],
    suspects: list[Path],
    record: Callable[[Outcome], None],
    new_pool: Callable[[int], ProcessPoolExecutor],
    jobs: int,
    mode: str,
) -> ProcessPoolExecutor:
    from concurrent.futures.process import BrokenProcessPool

    done, _ = wait(list(pending), return_when=mode)
    broken = False
    for f in done:
        p = pending.pop(f)
        try:
            record(f.result())
        except BrokenProcessPool:
            suspects.append(p)
            broken = True
    if broken:
        suspects.extend(pending.values())
        pending.clear()
        pool.shutdown(cancel_futures=True)
        pool = new_pool(jobs)
    return pool


def write_run_report(summary: Summary, out_dir: Path, stamp: str) -> Path:
    """`_runs/<stamp>-<pid>-<random>.json`: two runs in the same second never share a report."""
    import secrets

    path = out_dir / "_runs" / f"{stamp}-{os.getpid()}-{secrets.token_hex(3)}.json"
    data = {
        "ok": summary.count("ok"),
        "skipped": summary.count("skipped"),
        "failed": summary.count("failed"),
        "needs_review": [printable(o.path) for o in summary.needs_review],
        "outcomes": [{**asdict(o), "path": printable(o.path)} for o in summary.outcomes],
    }
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path
