"""Documents to JSON bytes and files: deterministic, and written atomically."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from .errors import ReviewxError
from .models import Document
from .reading import printable


def to_json(doc: Document) -> str:
    """Byte-identical for the same document: fields in the models' order, no timestamps.

    The models fix the key order, so identity and provenance (doc_id, source, pipeline)
    come first: a resumed batch reads only a file's first bytes to know it is current.
    """
    data = doc.model_dump(mode="json")
    try:
        # pydantic's serializer writes the same bytes as `json.dumps(indent=1)` ten times faster,
        # except for what the one-line C encoder finds here: NaN or infinity (a ValueError) and
        # floats below 1e-4, which Python writes with an exponent (1e-05) and pydantic without
        flat = json.dumps(data, ensure_ascii=False, allow_nan=False)
        if not _EXPONENT_FLOAT.search(flat):
            return doc.model_dump_json(indent=1) + "\n"
    except ValueError:
        pass
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# a number written with a negative exponent (in a string too: then the slow path, which is always right)
_EXPONENT_FLOAT = re.compile(r"[0-9]e-[0-9]")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename: readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # the writer's pid in the name: a later run removes only temporary files of dead writers
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes owner-only files: give the output the usual permissions for new files
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def temp_owner(name: str) -> int | None:
    """The pid in a temporary file name written by `atomic_write` (None for an older name)."""
    m = re.match(r"^\..+\.(\d+)\.[^.]+\.tmp$", name)
    return int(m.group(1)) if m else None


def writable_folder(path: Path) -> None:
    """Create the output folder, or say in one line why it cannot take output (a file, read-only, ...)."""
    if path.exists() and not path.is_dir():
        raise ReviewxError(f"{printable(path)}: output folder is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=f".probe.{os.getpid()}.", suffix=".tmp", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise ReviewxError(f"{printable(path)}: cannot write to output folder ({e.strerror or e})") from None


def write_document(doc: Document, out_dir: Path) -> Path:
    path = out_dir / f"{doc.doc_id}.json"
    atomic_write(path, to_json(doc))
    return path
