"""The forked child that serves a batch's documents one after another (pipeline/runner.py)."""

from __future__ import annotations

import mmap
import os
import signal
import time

import pytest

from pipeline import runner as runner_mod
from pipeline.runner import Runner

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the runner forks")


def _serve(request):
    kind, arg = request
    if kind == "pid":
        return os.getpid()
    if kind == "sleep":
        time.sleep(arg)
        return "woke"
    if kind == "die":
        os._exit(arg)
    if kind == "raise":
        raise ValueError(arg)
    if kind == "grow":
        # fresh pages of their own, touched: resident (a bytearray can be served from free heap
        # the child inherited already resident, and a long test session leaves much of it)
        _serve.hoard = mmap.mmap(-1, arg << 20)
        for i in range(0, len(_serve.hoard), 4096):
            _serve.hoard[i] = 1
        return os.getpid()
    if kind == "extend":
        _serve.report(arg)
        time.sleep(arg)
        return "extended"
    return ("echo", arg)


def _start(report):
    _serve.report = report


@pytest.fixture
def runner():
    r = Runner(_serve, leave=lambda answer: answer == "leave", on_start=_start)
    yield r
    r.close()


def test_one_child_serves_requests_one_after_another(runner):
    first = runner.ask(("pid", None), 10)[0]
    assert first != os.getpid()
    assert [runner.ask(("pid", None), 10)[0] for _ in range(3)] == [first] * 3
    assert runner.ask(("echo", "héllo\udcff"), 10) == (("echo", "héllo\udcff"), None)


def test_an_overrun_kills_the_child_and_the_next_request_gets_a_new_one(runner):
    first = runner.ask(("pid", None), 10)[0]
    t0 = time.monotonic()
    answer, ended = runner.ask(("sleep", 30), 0.5)
    assert answer is None and ended.timed_out and ended.pid == first
    assert time.monotonic() - t0 < 5
    assert os.WIFSIGNALED(ended.status) and os.WTERMSIG(ended.status) == signal.SIGKILL
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)  # reaped, not a zombie
    second = runner.ask(("pid", None), 10)[0]
    assert second not in (None, first)


def test_a_child_that_dies_is_reported_and_replaced(runner):
    first = runner.ask(("pid", None), 10)[0]
    answer, ended = runner.ask(("die", 7), 10)
    assert answer is None and not ended.timed_out and os.waitstatus_to_exitcode(ended.status) == 7
    answer, ended = runner.ask(("raise", "boom"), 10)  # an exception in the child ends it too
    assert answer is None and os.waitstatus_to_exitcode(ended.status) == 3
    assert runner.ask(("pid", None), 10)[0] not in (None, first)


def test_the_child_asked_to_leave_leaves_after_its_answer(runner):
    first = runner.ask(("pid", None), 10)[0]
    assert runner.ask(("echo", "x"), 10)[0] == ("echo", "x")
    r2 = Runner(lambda req: "leave" if req == "bye" else os.getpid(), leave=lambda a: a == "leave")
    try:
        pid = r2.ask("pid", 10)[0]
        assert r2.ask("bye", 10) == ("leave", None)
        assert r2.pid is None
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        assert r2.ask("pid", 10)[0] not in (None, pid)
    finally:
        r2.close()
    assert runner.ask(("pid", None), 10)[0] == first


def test_a_child_that_grew_is_replaced(runner, monkeypatch):
    monkeypatch.setattr(runner_mod, "RETIRE_GROWTH_MB", 32)
    small = runner.ask(("grow", 1), 10)[0]
    assert runner.ask(("pid", None), 10)[0] == small
    big = runner.ask(("grow", 64), 10)[0]
    assert big == small and runner.pid is None  # answered, then left
    assert runner.ask(("pid", None), 10)[0] not in (None, big)


def test_the_child_can_extend_its_budget(runner):
    assert runner.ask(("extend", 1.0), 0.6) == ("extended", None)
    answer, ended = runner.ask(("sleep", 2.0), 0.6)
    assert answer is None and ended.timed_out and ended.allowed == pytest.approx(0.6, abs=0.05)


def test_close_ends_the_child(runner):
    pid = runner.ask(("pid", None), 10)[0]
    runner.close()
    assert runner.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
