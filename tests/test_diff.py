"""`reviewx diff`: damaged copies of a gold file move exactly the measure they should."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import compare
from pipeline.models import Document, Number, Paragraph

from .conftest import GOLD

GOLD_FILE = GOLD / "nsclc-egfr-tki.json"


def gold() -> Document:
    return Document.model_validate(json.loads(GOLD_FILE.read_text(encoding="utf-8")))


def scores(rep) -> dict:
    return {t: (c.correct, c.incorrect, c.partial, c.missed, c.spurious) for t, c in rep.entities.items()}


def test_gold_against_itself_is_perfect():
    rep = compare(gold(), gold())
    assert all(rep.f1(t) == 1.0 for t in rep.entities)
    assert rep.structure["tree_exact"] and rep.structure["body_similarity"] == 1.0
    assert all(v["strict"] for v in rep.metadata.values())
    assert rep.leaked_strays == 0 and rep.differences == []


def test_dropped_drug_is_one_missed_drug_only():
    ours = gold()
    dropped = ours.entities.drugs.pop(0)
    rep = compare(gold(), ours)
    base = scores(compare(gold(), gold()))
    s = scores(rep)
    assert s["drugs"] == (base["drugs"][0] - 1, 0, 0, 1, 0)
    assert {k: v for k, v in s.items() if k != "drugs"} == {k: v for k, v in base.items() if k != "drugs"}
    assert any(d.kind == "missed" and dropped.id in d.path for d in rep.differences)


def test_spurious_identifier_number_is_one_spurious_number():
    ours = gold()
    unit = "p1"
    text = next(p.text for s in ours.sections for p in s.paragraphs if p.id == unit)
    k = text.index("EGFR") if "EGFR" in text else 0
    ours.entities.numbers.append(
        Number(
            id="x",
            kind="count",
            value=1,
            text=text[k : k + 4],
            rule="test",
            mentions=[{"unit": unit, "start": k, "end": k + 4, "text": text[k : k + 4]}],
        )
    )
    s = scores(compare(gold(), ours))
    assert s["numbers"][4] == 1 and s["numbers"][3] == 0
    assert s["drugs"] == scores(compare(gold(), gold()))["drugs"]


def test_shifted_heading_level_breaks_only_the_tree():
    ours = gold()
    ours.sections[1].sections[0].level += 1
    rep = compare(gold(), ours)
    assert not rep.structure["tree_exact"] and rep.structure["headings_matched"] == rep.structure["headings_gold"] - 1
    assert rep.structure["body_similarity"] == 1.0
    assert all(rep.f1(t) == 1.0 for t in rep.entities)


def test_leaked_stray_sentence_is_counted_as_leakage():
    ours = gold()
    stray = next(r for r in ours.removed if r.reason == "adjacent_article")
    ours.sections[-1].paragraphs.append(Paragraph(id="p999", text=stray.text))
    rep = compare(gold(), ours)
    assert rep.leaked_strays == 1
    assert rep.structure["body_similarity"] < 1.0
    assert all(rep.f1(t) == 1.0 for t in rep.entities)


def test_wrong_dose_unit_is_one_incorrect_dose():
    ours = gold()
    ours.entities.doses[0].unit = "g"
    s = scores(compare(gold(), ours))
    assert s["doses"][1] == 1 and s["doses"][3] == 0 and s["doses"][4] == 0


def _write(tmp: Path, name: str, doc: Document) -> Path:
    p = tmp / name
    p.write_text(doc.model_dump_json(), encoding="utf-8")
    return p


def test_cli_gates_and_formats(tmp_path, capsys):
    g = _write(tmp_path, "gold.json", gold())
    ours = gold()
    del ours.entities.drugs[:3]
    o = _write(tmp_path, "ours.json", ours)
    assert main(["diff", str(o), str(g), "--min-f1", "0.5"]) == 0
    assert main(["diff", str(o), str(g), "--min-f1", "drugs=0.99"]) == 1
    err = capsys.readouterr().err
    assert "below threshold: drugs F1" in err
    assert main(["diff", str(o), str(g), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["micro"]["drugs"]["missed"] == 3
    assert main(["diff", str(o), str(g), "--format", "markdown"]) == 0
    assert "| document | drugs |" in capsys.readouterr().out


def test_folders_pair_by_doc_id_and_list_unpaired(tmp_path, capsys):
    gd, od = tmp_path / "gold", tmp_path / "ours"
    gd.mkdir()
    od.mkdir()
    _write(gd, "a.json", gold())
    other = gold()
    other.doc_id = "something-else"
    other.metadata.title.zh, other.metadata.title.en = "另一篇综述的标题", None  # another review, not a rendition
    _write(od, "b.json", gold())
    _write(od, "c.json", other)
    assert main(["diff", str(od), str(gd)]) == 0
    out = capsys.readouterr().out
    assert "unpaired extraction" in out and "c.json" in out


@pytest.mark.parametrize("content,message", [("{not json", "not valid JSON"), ('{"doc_id": 3}', "schema error")])
def test_unusable_input_exits_2(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["diff", str(bad), str(GOLD_FILE)]) == 2
    assert message in capsys.readouterr().err
