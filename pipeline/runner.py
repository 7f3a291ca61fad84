"""A forked child that the parent times, serving one request after another.

Each document runs outside the batch's own process, so that a parser stuck in C code can be
killed when its budget ends and a crash costs one document. Forking a fresh child per document
made each one pay again for the parent's pages it touched (copy-on-write faults, about 60 ms a
document); a child kept for the next document pays them once. It is replaced after it dies, is
killed for overrunning its budget, asks to leave (after a failure, see `Runner`), or has grown
by `RETIRE_GROWTH_MB`: memory one document took is still given back before the next.

Frames on both pipes: one kind byte, a 4-byte length, a pickled payload.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

# a child whose resident memory grew by more than this since its fork leaves after its answer
# (resident size, read cheaply from statm: what the child takes from free heap it inherited, already
# resident, does not count; the private size in smaps_rollup would, at about 5 ms a read)
RETIRE_GROWTH_MB = 256

_ASK, _ANSWER, _EXTEND = b"q", b"a", b"x"
_HEAD = struct.Struct("<cI")


@dataclass
class Ended:
    """A request the child never answered: killed when its budget ran out, or it died."""

    timed_out: bool
    allowed: float  # seconds the request was given in the end, extensions included
    status: int  # the wait status of the child
    pid: int


def die_with_parent(parent: int) -> None:
    """End this process when `parent` ends, even by kill -9 (Linux: PR_SET_PDEATHSIG; elsewhere a watchdog)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        try:
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            _watchdog(parent)
    else:
        _watchdog(parent)
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)


def _watchdog(parent: int) -> None:
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="reviewx-parent-watchdog", daemon=True).start()


def resident_bytes() -> int:
    """This process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def _send(fd: int, kind: bytes, payload: bytes) -> None:
    view = memoryview(_HEAD.pack(kind, len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


class Runner:
    """One child at a time, forked from this (warm) process when a request needs one.

    `serve(request)` runs in the child and returns a picklable answer; `leave(answer)` says
    whether the child should end after giving it (its state may be damaged). `on_start` runs
    in each new child first. In the child, `report_extension(seconds)` extends the running
    request's budget.
    """

    def __init__(
        self,
        serve: Callable[[Any], Any],
        leave: Callable[[Any], bool] = lambda answer: False,
        on_start: Callable[[Callable[[float], None]], None] | None = None,
    ) -> None:
        self._serve, self._leave, self._on_start = serve, leave, on_start
        self._pid: int | None = None
        self._ask_w = self._answer_r = -1
        self._pending = bytearray()

    @property
    def pid(self) -> int | None:
        return self._pid

    def ask(self, request: Any, timeout: float) -> tuple[Any, Ended | None]:
        """The child's answer to `request` within `timeout` seconds (plus the extensions it asks
        for), or (None, Ended) when it overran them (it is killed) or died."""
        if self._pid is None:
            self._start()
        t0 = time.monotonic()
        deadline = t0 + timeout
        try:
            _send(self._ask_w, _ASK, pickle.dumps(request))
            while True:
                frame = self._frame()
                if frame is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None, self._reap(True, deadline - t0)
                    if select.select([self._answer_r], [], [], left)[0]:
                        chunk = os.read(self._answer_r, 1 << 16)
                        if not chunk:  # the child ended without answering
                            return None, self._reap(False, deadline - t0)
                        self._pending += chunk
                elif frame[0] == _EXTEND:
                    deadline += float(frame[1])
                else:
                    answer, leaving = pickle.loads(frame[1])
                    if leaving:
                        self._reap(False, 0.0)
                    return answer, None
        except BrokenPipeError:  # the child was gone before the request: say how it ended
            return None, self._reap(False, deadline - t0)
        except BaseException:  # interrupted while waiting: the child must not outlive the request
            if self._pid is not None:
                self._reap(True, deadline - t0)
            raise

    def close(self) -> None:
        """End the child: it sees its request pipe close and leaves."""
        if self._pid is not None:
            self._reap(False, 0.0)

    def _frame(self) -> tuple[bytes, bytes] | None:
        """The next whole frame read so far, taken off the buffer."""
        if len(self._pending) < _HEAD.size:
            return None
        kind, n = _HEAD.unpack_from(self._pending)
        if len(self._pending) < _HEAD.size + n:
            return None
        payload = bytes(self._pending[_HEAD.size : _HEAD.size + n])
        del self._pending[: _HEAD.size + n]
        return kind, payload

    def _start(self) -> None:
        ask_r, ask_w = os.pipe()
        answer_r, answer_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child never returns
            os.close(ask_w)
            os.close(answer_r)
            self._child(ask_r, answer_w, parent)
        os.close(ask_r)
        os.close(answer_w)
        self._pid, self._ask_w, self._answer_r = pid, ask_w, answer_r
        self._pending.clear()

    def _child(self, ask_r: int, answer_w: int, parent: int) -> NoReturn:
        """Serve requests until the request pipe closes; leave without running any exit handler."""
        code = 0
        try:
            die_with_parent(parent)
            if self._on_start:
                self._on_start(lambda secs: _send(answer_w, _EXTEND, b"%.1f" % secs))
            start = resident_bytes()
            buf = bytearray()
            while True:
                while len(buf) < _HEAD.size or len(buf) < _HEAD.size + _HEAD.unpack_from(buf)[1]:
                    chunk = os.read(ask_r, 1 << 16)
                    if not chunk:
                        os._exit(0)
                    buf += chunk
                _, n = _HEAD.unpack_from(buf)
                request = pickle.loads(bytes(buf[_HEAD.size : _HEAD.size + n]))
                del buf[: _HEAD.size + n]
                answer = self._serve(request)
                # decided before answering: the parent learns with the answer that no next request is served
                leaving = self._leave(answer) or resident_bytes() - start > RETIRE_GROWTH_MB << 20
                _send(answer_w, _ANSWER, pickle.dumps((answer, leaving)))
                if leaving:
                    break
        except BaseException:
            code = 3
        finally:
            os._exit(code)

    def _reap(self, timed_out: bool, allowed: float) -> Ended:
        """Close the pipes, kill the child if it overran (else it leaves on its own), and collect it."""
        pid = self._pid
        assert pid is not None
        os.close(self._ask_w)
        os.close(self._answer_r)
        self._pid, self._ask_w, self._answer_r = None, -1, -1
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
        return Ended(timed_out, allowed, status, pid)
