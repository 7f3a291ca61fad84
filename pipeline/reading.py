"""Reading an input file safely: only regular files, size checked before the first byte is read.

A FIFO named `x.txt` would block `open()` forever and a link to `/dev/zero` would never
end; both are refused by their type, from `stat`, before anything is opened for reading.
The file is then opened without blocking and checked again on the open descriptor, so a
file swapped between the two checks is refused too.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .errors import InputError, LimitExceeded

# a review PDF is a few MB; a larger input is no review and would only exhaust memory
DEFAULT_MAX_INPUT_MB = 256
CHUNK = 1 << 20

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({e.strerror or type(e).__name__})"


def check_input(path: str | Path, max_bytes: int | None = DEFAULT_MAX_INPUT_MB << 20) -> os.stat_result:
    """The stat of a regular file within the size budget (links followed), or InputError; reads nothing."""
    name = str(path)
    try:
        st = os.stat(path)
    except OSError as e:  # a dangling link, a link loop, a name too long
        raise InputError(name, _os_reason(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(name, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(name, f"not a regular file: {_kind(st.st_mode)}")
    if max_bytes is not None and st.st_size > max_bytes:
        raise LimitExceeded(name, f"exceeded limit: {st.st_size} bytes (at most {max_bytes})")
    return st


def _open(path: str | Path, max_bytes: int | None) -> int:
    check_input(path, max_bytes)
    name = str(path)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check cannot block the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise InputError(name, _os_reason(e)) from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (max_bytes is not None and st.st_size > max_bytes):
        os.close(fd)
        check_input(path, max_bytes)  # names the reason
        raise InputError(name, "changed while being read")
    os.set_blocking(fd, True)
    return fd


def read_input(path: str | Path, max_bytes: int | None = DEFAULT_MAX_INPUT_MB << 20) -> bytes:
    """The bytes of a regular file, never more than `max_bytes` (a file growing while read is cut off)."""
    fd = _open(path, max_bytes)
    chunks: list[bytes] = []
    total = 0
    limit = max_bytes if max_bytes is not None else float("inf")
    try:
        while True:
            chunk = os.read(fd, CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise LimitExceeded(str(path), f"exceeded limit: more than {max_bytes} bytes")
            chunks.append(chunk)
    except OSError as e:
        raise InputError(str(path), _os_reason(e)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if not data:
        raise InputError(str(path), "empty file")
    return data


def sha256_of(path: str | Path, max_bytes: int | None = DEFAULT_MAX_INPUT_MB << 20) -> str:
    """The SHA-256 of a regular file, read in chunks: the parent learns it without holding the file."""
    fd = _open(path, max_bytes)
    h = hashlib.sha256()
    try:
        while chunk := os.read(fd, CHUNK):
            h.update(chunk)
    except OSError as e:
        raise InputError(str(path), _os_reason(e)) from None
    finally:
        os.close(fd)
    return h.hexdigest()


def printable(path: str | Path) -> str:
    """A path as text that can be printed and written as UTF-8 (undecodable name bytes become U+FFFD)."""
    return os.fsencode(path).decode("utf-8", errors="replace")
