"""Batch extraction: determinism, skipping, resuming after a kill, the run report, Dask parity."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import run
from pipeline.cli import main

from .conftest import RAW, ROOT

TEXTS = ["als_treatment_review.txt", "nsclc_egfr_tki.txt", "t2dm_cv_outcomes.txt"]


@pytest.fixture
def inputs(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name in TEXTS:
        shutil.copy(RAW / name, d / name)
    shutil.copy(RAW / "ra_targeted_therapy_print.pdf", d / "ra_targeted_therapy_print.pdf")
    return d


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_same_input_gives_byte_identical_json(inputs, tmp_path):
    run([inputs], tmp_path / "a", jobs=1)
    run([inputs], tmp_path / "b", jobs=2)
    a, b = outputs(tmp_path / "a"), outputs(tmp_path / "b")
    assert len(a) == 4 and a == b


def test_unchanged_inputs_are_skipped_and_force_redoes(inputs, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(inputs), "-o", str(out), "--jobs", "1"]) == 0
    assert "4 ok, 0 skipped, 0 failed" in capsys.readouterr().out
    assert main(["extract", str(inputs), "-o", str(out), "--jobs", "1"]) == 0
    assert "0 ok, 4 skipped, 0 failed" in capsys.readouterr().out
    (inputs / TEXTS[0]).write_bytes((inputs / TEXTS[0]).read_bytes() + "\n".encode())
    assert main(["extract", str(inputs), "-o", str(out), "--jobs", "1"]) == 0
    assert "1 ok, 3 skipped, 0 failed" in capsys.readouterr().out
    assert main(["extract", str(inputs), "-o", str(out), "--jobs", "1", "--force"]) == 0
    assert "4 ok, 0 skipped, 0 failed" in capsys.readouterr().out


def test_run_report_is_written(inputs, tmp_path):
    out = tmp_path / "out"
    main(["extract", str(inputs), "-o", str(out), "--jobs", "1"])
    (report,) = list((out / "_runs").glob("*.json"))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["ok"] == 4 and data["failed"] == 0
    assert sorted(Path(o["path"]).name for o in data["outcomes"]) == sorted(p.name for p in inputs.iterdir())


def test_killed_batch_resumes_to_the_clean_result(inputs, tmp_path):
    clean = tmp_path / "clean"
    run([inputs], clean, jobs=1)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out), "--jobs", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # kill it as soon as the first output lands, while it works on the next one
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob("*.json")):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # whatever the kill interrupted, every *.json present is whole (atomic rename)
    assert all(json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json"))
    run([inputs], out, jobs=1)
    assert outputs(out) == outputs(clean)
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_doc_id_collision_fails_the_second_file(tmp_path):
    d = tmp_path / "in"
    (d / "a").mkdir(parents=True)
    (d / "b").mkdir()
    shutil.copy(RAW / TEXTS[0], d / "a" / "same.txt")
    shutil.copy(RAW / TEXTS[1], d / "b" / "same.txt")
    s = run([d], tmp_path / "out", jobs=1)
    assert s.count("ok") == 1 and s.count("failed") == 1
    assert "already taken" in s.failed[0].reason


def test_dask_local_cluster_matches_local_executor(inputs, tmp_path):
    pytest.importorskip("distributed")
    from pipeline.dask_exec import run_dask

    local = tmp_path / "local"
    run([inputs], local, jobs=1)
    s = run_dask([inputs], tmp_path / "dask", n_workers=2)
    assert s.count("ok") == 4
    assert outputs(tmp_path / "dask") == outputs(local)


def test_output_paths_come_only_from_sanitised_doc_ids(tmp_path):
    from pipeline.document import doc_id_for

    for name in ["../../x.txt", "..\\..\\x.txt", "a/../../b.pdf", "...txt", "/etc/passwd.txt"]:
        doc_id = doc_id_for(name)
        assert doc_id and "/" not in doc_id and "\\" not in doc_id and not doc_id.startswith(".")
        assert (tmp_path / f"{doc_id}.json").resolve().parent == tmp_path.resolve()


def test_full_disk_leaves_no_partial_output_and_rerun_completes(inputs, tmp_path, monkeypatch):
    import errno
    import multiprocessing

    import pipeline.emit as emit

    out = tmp_path / "out"
    real_fdopen = os.fdopen
    # shared memory: each document is written by its own forked child
    left = multiprocessing.Value("i", 2)

    class Full:
        def __init__(self, f):
            self.f = f

        def write(self, b):
            with left.get_lock():
                if left.value <= 0:
                    raise OSError(errno.ENOSPC, "No space left on device")
                left.value -= 1
            return self.f.write(b)

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return self.f.__exit__(*a)

    monkeypatch.setattr(emit.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    s = run([inputs], out, jobs=1)
    assert s.count("ok") == 2 and s.count("failed") == 2
    assert all(o.reason == "cannot write output (No space left on device)" for o in s.failed)
    assert len(list(out.glob("*.json"))) == 2
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(emit.os, "fdopen", real_fdopen)
    s = run([inputs], out, jobs=1)
    assert s.count("ok") == 2 and s.count("skipped") == 2
    assert len(list(out.glob("*.json"))) == 4


def test_a_worker_that_dies_is_replaced_and_its_document_reported(inputs, tmp_path, monkeypatch):
    import multiprocessing

    import pipeline.batch as batch

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs forked workers to inherit the injected crash")
    real = batch._process_one

    def crashing(path, out_dir, force=False, *rest):
        if "t2dm" in path:
            os._exit(9)  # the worker process dies, as on a segfault or an OOM kill
        return real(path, out_dir, force, *rest)

    monkeypatch.setattr(batch, "_process_one", crashing)
    s = run([inputs], tmp_path / "out", jobs=2)
    assert s.count("ok") == 3
    (failed,) = s.failed
    assert "t2dm" in failed.path and failed.reason.startswith("worker process died (crashed or killed")
    assert len(list((tmp_path / "out").glob("*.json"))) == 3


def test_one_child_serves_the_documents_of_a_run_and_a_dead_one_is_replaced(inputs, tmp_path, monkeypatch):
    """--jobs 1: documents share one forked child; the one that kills it is reported, the rest go on."""
    import pipeline.batch as batch

    real = batch._process_one

    def watched(path, out_dir, force=False, *rest):
        if "t2dm" in path:
            os._exit(9)
        o = real(path, out_dir, force, *rest)
        o.reason = str(os.getpid())  # the child that served it, reported back through the outcome
        return o

    monkeypatch.setattr(batch, "_process_one", watched)
    s = run([inputs], tmp_path / "out", jobs=1)
    assert s.count("ok") == 3
    (failed,) = s.failed
    assert "t2dm" in failed.path and failed.reason.startswith("worker process died (crashed or killed")
    pids = [int(o.reason) for o in s.outcomes if o.status == "ok"]
    assert os.getpid() not in pids
    assert len(set(pids)) <= 2  # one child before the crash, one after it (never one per document)
    assert batch._runner is None  # the run's child ended with the run


# --------------------------------------------------------------------------- two runs into one folder (issue 17)


def test_a_live_runs_temporary_files_are_left_alone(tmp_path):
    """A run starting in a folder removes temporary files of dead writers only, never another run's."""
    out = tmp_path / "out"
    out.mkdir()
    live = out / f".a.json.{os.getpid()}.x1y2z3.tmp"  # this test process: alive
    dead_pid = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    dead = out / f".b.json.{dead_pid}.q9w8e7.tmp"
    old_style = out / ".c.json.k3j4h5.tmp"  # written before temporary names carried a pid
    for p in (live, dead, old_style):
        p.write_text("partial")
    run([], out, jobs=1)
    assert live.exists() and not dead.exists() and not old_style.exists()


def test_run_reports_of_the_same_second_keep_apart(tmp_path):
    from pipeline.batch import Summary, write_run_report

    a = write_run_report(Summary(), tmp_path, "20260101T000000")
    b = write_run_report(Summary(), tmp_path, "20260101T000000")
    assert a != b and sorted(p.name for p in (tmp_path / "_runs").iterdir()) == sorted([a.name, b.name])


def test_two_concurrent_runs_into_one_folder(tmp_path):
    """Two extract commands at once into one folder: both succeed, outputs are whole, reports are two."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in TEXTS:
        shutil.copy(RAW / name, inputs / name)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(inputs), "-o", str(out), "--jobs", "1", "--force"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert all(r[0].strip().endswith(".json)") and r[0].startswith("3 ok, 0 skipped, 0 failed") for r in results)
    assert sorted(p.name for p in out.glob("*.json")) == sorted(f"{Path(n).stem.replace('_', '-')}.json" for n in TEXTS)
    for p in out.glob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))
    assert len(list((out / "_runs").glob("*.json"))) == 2
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
