"""Batch extraction: find inputs, skip unchanged ones, run documents in parallel, report.

Each document is handled by `process_one`, a plain function of (path, out_dir, force)
that never raises: a bad file becomes a failed outcome with its reason, so the batch
goes on. Outputs are written atomically, so a killed batch leaves no partial file and
a re-run finishes the job.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .document import doc_id_for, extract_bytes
from .emit import atomic_write, to_json
from .errors import ReviewxError

INPUT_SUFFIXES = (".pdf", ".txt")
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


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


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


def _up_to_date(out_path: Path, sha: str, version: str) -> bool:
    try:
        with out_path.open(encoding="utf-8") as f:
            head = json.load(f)
    except (OSError, ValueError):
        return False
    return head.get("source", {}).get("sha256") == sha and head.get("pipeline", {}).get("version") == version


def process_one(path: str, out_dir: str, force: bool = False) -> Outcome:
    """Extract one file into `out_dir`. Never raises for a bad input."""
    import time

    from . import __version__

    t0 = time.perf_counter()
    p = Path(path)
    doc_id = doc_id_for(p)
    try:
        try:
            data = p.read_bytes()
        except IsADirectoryError:
            return Outcome(path, "failed", doc_id, "is a directory")
        except PermissionError:
            return Outcome(path, "failed", doc_id, "permission denied")
        except FileNotFoundError:
            return Outcome(path, "failed", doc_id, "no such file")
        except OSError as e:
            return Outcome(path, "failed", doc_id, f"cannot read ({e.strerror})")
        if not data:
            return Outcome(path, "failed", doc_id, "empty file")
        out_path = Path(out_dir) / f"{doc_id}.json"
        sha = hashlib.sha256(data).hexdigest()
        if not force and _up_to_date(out_path, sha, __version__):
            return Outcome(path, "skipped", doc_id, "unchanged", seconds=time.perf_counter() - t0)
        doc = extract_bytes(data, p)
        atomic_write(out_path, to_json(doc))
        return Outcome(path, "ok", doc_id, pages=doc.source.pages, seconds=time.perf_counter() - t0)
    except ReviewxError as e:
        reason = getattr(e, "reason", str(e))
        return Outcome(path, "failed", doc_id, reason, seconds=time.perf_counter() - t0)
    except MemoryError:
        return Outcome(path, "failed", doc_id, "exceeded memory", seconds=time.perf_counter() - t0)
    except RecursionError:
        return Outcome(path, "failed", doc_id, "damaged file (nesting too deep)", seconds=time.perf_counter() - t0)
    except Exception as e:  # a bug or a damaged file the parser chokes on: report it, go on
        return Outcome(path, "failed", doc_id, f"{type(e).__name__}: {e}"[:300], seconds=time.perf_counter() - t0)


def _warm() -> None:
    """Per-worker start-up: load rule data and dictionaries once, not per document."""
    from .entities import warm_up

    warm_up()


def run(paths: Iterable[str | Path], out_dir: str | Path, jobs: int = 1, force: bool = False,
        progress=None) -> Summary:  # type: ignore[no-untyped-def]
    out = str(out_dir)
    Path(out).mkdir(parents=True, exist_ok=True)
    summary = Summary()
    inputs = iter_inputs(paths)
    claimed: dict[str, str] = {}

    def record(o: Outcome) -> None:
        summary.outcomes.append(o)
        if progress:
            progress(o)

    def admit(p: Path) -> bool:
        doc_id = doc_id_for(p)
        if doc_id in claimed and claimed[doc_id] != str(p):
            record(Outcome(str(p), "failed", doc_id, f"doc_id '{doc_id}' already taken by {claimed[doc_id]}"))
            return False
        claimed[doc_id] = str(p)
        return True

    if jobs <= 1:
        _warm()
        for p in inputs:
            if admit(p):
                record(process_one(str(p), out, force))
        return summary
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
        pending: set[Future[Outcome]] = set()
        for p in inputs:
            if not admit(p):
                continue
            pending.add(pool.submit(process_one, str(p), out, force))
            if len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    record(f.result())
        for f in pending:
            record(f.result())
    summary.outcomes.sort(key=lambda o: o.path)
    return summary


def write_run_report(summary: Summary, out_dir: Path, stamp: str) -> Path:
    path = out_dir / "_runs" / f"{stamp}.json"
    data = {
        "ok": summary.count("ok"), "skipped": summary.count("skipped"), "failed": summary.count("failed"),
        "outcomes": [asdict(o) for o in summary.outcomes],
    }
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return path
