"""Data built from resource files, kept on disk between processes (beside jieba's own cache).

A cache file is named by a hash of what it was built from: the bytes of the source files and of
the code that builds it, the Python version and the marshal format. Changed data or code is a
new name, so a stale file is never read. The file is marshal, not pickle: it sits in a shared
temporary folder, and marshal builds plain values without running code. Its first bytes are a
digest of the rest, so a damaged file is seen before marshal reads it. A missing, unreadable or
damaged file is built again; a cache that cannot be written is only slower.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .emit import atomic_write

# part of every key: bump to invalidate every cache file at once
FORMAT = 1
ENV_DIR = "REVIEWX_CACHE_DIR"
DIGEST = 16  # bytes of the payload's blake2b digest at the head of a cache file

_T = TypeVar("_T")


def cache_dir() -> Path:
    """$REVIEWX_CACHE_DIR, else the folder jieba keeps its dictionary cache in."""
    return Path(os.environ.get(ENV_DIR) or tempfile.gettempdir())


def key_of(sources: Sequence[Path]) -> str:
    h = hashlib.blake2b(digest_size=DIGEST)
    h.update(f"{FORMAT}|{marshal.version}|{sys.version_info[:3]}".encode())
    for path in sources:
        data = path.read_bytes() if path.exists() else b""
        h.update(f"|{path.name}|{len(data)}|".encode())
        h.update(data)
    return h.hexdigest()


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=DIGEST).digest()


def path_for(name: str, sources: Sequence[Path]) -> Path:
    return cache_dir() / f"reviewx-{name}.{key_of(sources)}.marshal"


def cached(name: str, sources: Sequence[Path], build: Callable[[], Any], decode: Callable[[object], _T]) -> _T:
    """`decode(build())`, with what `build` gives read from the cache file of `name` and `sources`
    where there is one that `decode` accepts, else built and written there. `build` returns plain
    values that marshal writes (str, int, float, bool, None, bytes, tuple, list, dict, set)."""
    path = path_for(name, sources)
    collecting = gc.isenabled()
    gc.disable()  # many fresh containers and nothing to collect among them
    try:
        data = path.read_bytes()
        if _digest(data[DIGEST:]) == data[:DIGEST]:
            return decode(marshal.loads(data[DIGEST:]))
    except Exception:  # no cache yet, or one that does not decode: build it again
        pass
    finally:
        if collecting:
            gc.enable()
    plain = build()
    try:
        payload = marshal.dumps(plain)
        atomic_write(path, _digest(payload) + payload)
    except (OSError, ValueError):
        pass  # a read-only or full folder: the next process builds it too
    return decode(plain)
