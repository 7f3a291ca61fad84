"""What the command line tells its user: totals, refusals, quiet ends, pairing of renditions."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import Outcome
from pipeline.cli import main
from pipeline.diffing import diff_paths
from pipeline.progress import Progress
from pipeline.show import write_pages

from .conftest import RAW, ROOT

GOLD = ROOT / "tests" / "gold"
REVIEWX = [sys.executable, "-m", "pipeline.cli"]


def test_no_input_found_is_exit_1_with_one_line(tmp_path, capsys):
    empty = tmp_path / "empty"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "readme.md").write_text("not an input", encoding="utf-8")
    assert main(["extract", str(empty), "-o", str(tmp_path / "out")]) == 1
    cap = capsys.readouterr()
    assert "no input found" in cap.err and ".pdf" in cap.err and cap.out == ""
    assert not (tmp_path / "out").exists()


def test_progress_bar_shows_count_percentage_and_eta():
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=160, color_system=None)
    with Progress(enabled=True, total=4, console=console) as prog:
        for i in range(3):
            prog.update(Outcome(f"d{i}.txt", "ok", f"d{i}", None, pages=2))
    shown = buf.getvalue()
    assert "3/4" in shown and "75%" in shown and "ETA" in shown and "pages/s" in shown


def test_log_lines_count_against_the_total(capsys):
    with Progress(enabled=False, total=2) as prog:
        prog.update(Outcome("a.txt", "ok", "a", None))
        prog.update(Outcome("b.txt", "ok", "b", None))
    assert capsys.readouterr().err.splitlines() == ["done [1/2] a.txt", "done [2/2] b.txt"]


@pytest.mark.parametrize(
    "extra, said",
    [
        (["--timeout", "30"], "--timeout is not available with --executor dask"),
        (["--scheduler", "tcp://127.0.0.1:1", "--jobs", "2"], "sized where they start"),
        (["--scheduler", "tcp://127.0.0.1:1", "--max-memory", "512"], "sized where they start"),
    ],
)
def test_dask_refuses_options_it_cannot_honour(extra, said, tmp_path, capsys):
    code = main(["extract", str(RAW / "als_treatment_review.txt"), "-o", str(tmp_path), "--executor", "dask", *extra])
    assert code == 2 and said in capsys.readouterr().err
    assert not list(tmp_path.glob("*.json"))


def test_dask_options_carry_jobs_and_memory():
    from pipeline.dask_exec import dask_options

    assert dask_options(None, 3, None, 900) == {"timeout": None, "n_workers": 3, "memory_limit_mb": 900}
    assert dask_options("tcp://h:8786", 0, None, None) == {"timeout": None}


def test_a_reader_that_leaves_ends_quietly(tmp_path):
    """`reviewx diff ... | head`: the pipe closes before reviewx writes; no traceback, no complaint at exit."""
    r, w = os.pipe()
    os.close(r)
    try:
        done = subprocess.run(
            REVIEWX + ["diff", str(GOLD), str(GOLD), "--format", "json"],
            stdout=w,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=300,
        )
    finally:
        os.close(w)
    assert done.returncode == 1 and done.stderr == ""


def _rendition(src: Path, folder: Path, doc_id: str, title: str | None = None) -> Path:
    data = json.loads(src.read_text(encoding="utf-8"))
    data["doc_id"] = doc_id
    data.pop("review_id", None)
    if title is not None:
        data["metadata"]["title"]["zh"] = title
    folder.mkdir(exist_ok=True)
    out = folder / f"{doc_id}.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_diff_pairs_every_rendition_with_its_gold_and_names_the_rest(tmp_path):
    gold = GOLD / "chb-antiviral.json"
    title = json.loads(gold.read_text(encoding="utf-8"))["metadata"]["title"]["zh"]
    ours = tmp_path / "ours"
    shutil.copy(gold, ours.mkdir() or ours / gold.name)
    # a PDF rendition whose title came out with a line break and a full-width space: the same review
    _rendition(gold, ours, "chb-scan-copy", title[:5] + "\n\u3000" + title[5:])
    stray = _rendition(gold, ours, "some-other-review", "完全不同的另一篇综述标题")
    golds = tmp_path / "gold"
    golds.mkdir()
    shutil.copy(gold, golds / gold.name)
    lone = shutil.copy(GOLD / "gout-urate-lowering.json", golds / "gout-urate-lowering.json")
    run = diff_paths(str(ours), str(golds))  # str or Path
    assert sorted(d.doc_id for d in run.documents) == ["chb-antiviral", "chb-scan-copy"]
    assert all(d.f1() == 1.0 for d in run.documents)
    assert run.unpaired_extracted == [str(stray)] and run.unpaired_gold == [str(lone)]


def test_show_returns_its_warnings_and_prints_nothing(tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copy(GOLD / "chb-antiviral.json", folder.mkdir() or folder / "chb-antiviral.json")
    (folder / "broken.json").write_text('{"doc_id": ', encoding="utf-8")
    written = write_pages(str(folder), str(tmp_path / "html"))
    assert [p.name for p in written] == ["chb-antiviral.html", "index.html"]
    assert len(written.warnings) == 1 and "broken.json" in written.warnings[0]
    assert capsys.readouterr() == ("", "")
