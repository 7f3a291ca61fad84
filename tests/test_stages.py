"""document.STAGES one by one on a small text (issue 16): each stage adds its own part of the `Article`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline import document
from pipeline.document import STAGES, extract_bytes
from pipeline.emit import to_json
from pipeline.errors import InputError, LimitExceeded
from pipeline.lines import Line
from pipeline.models import Document
from pipeline.working import Article, StageOrderError

TEXT = """·综述·
华法林在心房颤动中的应用
Warfarin in atrial fibrillation

【摘要】 心房颤动患者卒中风险较高。华法林可降低风险。
【关键词】 心房颤动；华法林

Abstract: Atrial fibrillation carries a high stroke risk. Warfarin reduces it.
Key words: atrial fibrillation; warfarin

1 华法林
华法林 2.5 mg，每日 1 次口服，目标 INR 2.0～3.0。\x00
2 讨论
In the ARISTOTLE trial (n=18 201), apixaban 5 mg twice daily reduced stroke by 21% versus warfarin.
"""


def _article(text: str = TEXT) -> Article:
    return Article(data=text.encode("utf-8"), path=Path("small_review.txt"))


def _run(a: Article, name: str) -> Article:
    (stage,) = [s for s in STAGES if s.name == name]
    return stage.run(a)


def test_stage_names_follow_the_documented_order():
    doc = document.__doc__ or ""
    (line,) = [ln.strip() for ln in doc.splitlines() if re.fullmatch(r"\s*\w+(\s*->\s*\w+)+\s*", ln)]
    assert [s.name for s in STAGES] == re.split(r"\s*->\s*", line)
    assert [s.name for s in STAGES] == ["read", "limits", "structure", "document", "entities", "quality"]


def test_each_stage_adds_its_part():
    a = _run(_article(), "read")
    assert a.format == "text" and a.pages is None
    assert any("华法林 2.5 mg" in ln.text for ln in a.lines)
    assert not any("\x00" in ln.text for ln in a.lines)  # NUL replaced, and said so
    assert any("NUL" in n for n in a.notes)
    assert a.structured is None and a.document is None

    lines = list(a.lines)
    a = _run(a, "limits")
    assert a.lines == lines and a.structured is None  # a check only

    a = _run(a, "structure")
    assert a.st.metadata.title.zh == "华法林在心房颤动中的应用"
    assert a.st.abstract.en and "stroke" in a.st.abstract.en
    assert [s.title for s in a.st.sections][:2] == ["华法林", "讨论"]
    assert a.document is None

    a = _run(a, "document")
    doc = a.doc
    assert isinstance(doc, Document)
    assert doc.doc_id == "small-review" and doc.source.format == "text"
    assert doc.sections == a.st.sections and doc.metadata == a.st.metadata
    assert doc.warnings[: len(a.notes)] == a.notes  # the readers' notes come first
    assert doc.entities.drugs == [] and doc.quality is None

    a = _run(a, "entities")
    assert a.doc is doc  # the same output model, filled in
    assert {d.id for d in doc.entities.drugs} >= {"warfarin", "apixaban"}
    assert any(x.value == 2.5 and x.unit == "mg" for x in doc.entities.doses)
    assert doc.quality is None

    a = _run(a, "quality")
    assert doc.quality is not None and doc.quality.abstract_found
    assert doc.quality.heading_count == 2

    # the stages one by one are the pipeline
    assert to_json(doc) == to_json(extract_bytes(TEXT.encode("utf-8"), "small_review.txt"))


def test_limits_refuse_what_no_later_stage_could_read():
    blank = Article(data=b"", path=Path("scan.pdf"), format="pdf", lines=[Line(" ", page=1), Line("", page=2)])
    with pytest.raises(InputError, match="no text found"):  # a PDF without a text layer (OCR off)
        _run(blank, "limits")
    long = TEXT + "x" * (document.MAX_LINE_CHARS + 1) + "\n"
    with pytest.raises(LimitExceeded, match="a line of"):
        _run(_run(_article(long), "read"), "limits")


def test_no_structure_stops_at_the_structure_stage():
    a = _run(_run(_article("~~~\n"), "read"), "limits")
    with pytest.raises(InputError, match="no recognizable structure"):
        _run(a, "structure")


def test_a_stage_run_too_early_says_what_is_missing():
    a = _run(_article(), "read")
    with pytest.raises(StageOrderError, match="structure stage"):
        _run(a, "document")
    with pytest.raises(StageOrderError, match="document stage"):
        _run(a, "entities")


def test_the_output_model_is_built_in_one_stage():
    """`Document(...)` is called once in pipeline/: in the document stage."""
    root = Path(document.__file__).resolve().parent
    calls = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Document":
                        calls.append((path.name, fn.name))
    assert calls == [("document.py", "_document")]
