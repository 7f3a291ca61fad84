"""Tables and figures are not sections (issue 12, must have 3): corpus renditions against their
hand-written table gold, real journal PDFs against theirs, text dumps, grounding, schema 1 files."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from pipeline import extract_bytes, extract_file
from pipeline.errors import InputError
from pipeline.models import Document
from pipeline.resources import table_caption_regex
from pipeline.schema import load_document
from pipeline.show_tables import tables_section

from .conftest import GOLD, RAW, load_gold
from .realgold import PDF_DIR, fold
from .realgold import load_gold as load_real_gold

WITH_TABLES = ["gout-urate-lowering", "nsclc-egfr-tki"]


@cache
def gold(doc_id: str) -> Document:
    return Document.model_validate(load_gold(GOLD / f"{doc_id}.json"))


@cache
def rendition(doc_id: str, kind: str) -> Document:
    stem = Path(gold(doc_id).source.path).stem
    return extract_file(RAW / (f"{stem}.txt" if kind == "text" else f"{stem}_print.pdf"))


def body_texts(doc: Document) -> list[str]:
    out: list[str] = []

    def walk(secs):  # type: ignore[no-untyped-def]
        for s in secs:
            out.append(s.title or "")
            out.extend(p.text for p in s.paragraphs)
            walk(s.sections)

    walk(doc.sections)
    return out


# --- corpus renditions ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["text", "pdf"])
@pytest.mark.parametrize("doc_id", WITH_TABLES)
def test_corpus_tables_equal_gold(doc_id, kind):
    g, o = gold(doc_id), rendition(doc_id, kind)
    assert [(t.label, t.caption, t.caption_en, t.header_rows, t.rows) for t in o.tables] == [
        (t.label, t.caption, t.caption_en, t.header_rows, t.rows) for t in g.tables
    ]
    assert [(f.label, f.caption, f.caption_en) for f in o.figures] == [
        (f.label, f.caption, f.caption_en) for f in g.figures
    ]
    if kind == "pdf":  # the three-line and the grid table are ruled, the plain one is not
        assert [t.ruled for t in o.tables] == [t.ruled for t in g.tables]
        assert all(t.page and t.bbox for t in o.tables) and all(f.page for f in o.figures)


@pytest.mark.parametrize("kind", ["text", "pdf"])
@pytest.mark.parametrize("doc_id", WITH_TABLES)
def test_no_cell_or_caption_in_sections(doc_id, kind):
    o = rendition(doc_id, kind)
    body = [fold(b) for b in body_texts(o)]
    # a row read as text would show its cells one after the other (names alone occur in prose)
    texts = [fold("".join(r[:2])) for t in gold(doc_id).tables for r in t.rows]
    texts += [fold(x) for t in gold(doc_id).tables + gold(doc_id).figures for x in (t.caption, t.caption_en) if x]
    assert texts and [x for x in texts if any(x in b for b in body)] == []
    assert not any(table_caption_regex().match(b) for b in body_texts(o))


@pytest.mark.parametrize("doc_id", WITH_TABLES)
def test_cell_numbers_are_grounded_in_the_table(doc_id):
    o = rendition(doc_id, "pdf")
    by_id = {t.id: t for t in o.tables}
    cell = [n for n in o.entities.numbers if n.mentions and n.mentions[0].unit.startswith("t")]
    assert len(cell) == sum(1 for n in gold(doc_id).entities.numbers if n.mentions[0].unit.startswith("t"))
    for n in cell:
        m = n.mentions[0]
        t = by_id[m.unit.split(".")[0]]
        assert m.page == t.page and m.boxes, n
        x0, top, x1, bottom = t.bbox
        for b in m.boxes:
            assert x0 - 1 <= b[0] and b[2] <= x1 + 1 and top - 2 <= b[1] and b[3] <= bottom + 2, (n.text, b, t.bbox)


def test_ruled_regions_are_found_by_kind(monkeypatch):
    """The grid table comes from pdfplumber's lattice steps, the three-line one from stacked rules."""
    from pipeline.ingest import pdf
    from pipeline.ingest.pdf import tablegrid

    found: dict[str, int] = {}

    def counting(name, fn):  # type: ignore[no-untyped-def]
        def wrapped(*a):  # type: ignore[no-untyped-def]
            out = fn(*a)
            found[name] = found.get(name, 0) + len(out)
            return out

        return wrapped

    monkeypatch.setattr(tablegrid, "_grid_tables", counting("grid", tablegrid._grid_tables))
    monkeypatch.setattr(tablegrid, "_three_line_tables", counting("three", tablegrid._three_line_tables))
    for name, want in (("nsclc_egfr_tki_print.pdf", "grid"), ("gout_urate_lowering_print.pdf", "three")):
        found.clear()
        pages = pdf.read_glyphs((RAW / name).read_bytes(), name)
        lines, _ = pdf.layout(pages)
        assert found.get(want, 0) >= 1, (name, found)
        assert len({ln.table_box for ln in lines if ln.table_box}) == 1  # one ruled table in each


# --- text dumps -----------------------------------------------------------------------

TEXT = """测试综述的题目

1 结果
两组的基线资料见下表，差异无统计学意义。
表1 两组患者的基线资料
组别\t例数\t年龄（岁）\t有效率
治疗组\t42 例\t56.3±7.1\t85.7%
对照组\t40 例\t55.8±6.9\t62.5%
治疗组的有效率高于对照组，差异有统计学意义。
2 讨论
本研究提示该方案安全有效，值得进一步研究。
"""


def test_text_dump_table_becomes_a_table():
    for sep in ("\t", "    "):
        doc = extract_bytes(TEXT.replace("\t", sep).encode(), "t.txt")
        assert [(t.label, t.caption) for t in doc.tables] == [("表 1", "两组患者的基线资料")]
        assert doc.tables[0].rows == [
            ["组别", "例数", "年龄（岁）", "有效率"],
            ["治疗组", "42 例", "56.3±7.1", "85.7%"],
            ["对照组", "40 例", "55.8±6.9", "62.5%"],
        ]
        assert doc.tables[0].header_rows == 1
        body = body_texts(doc)
        assert not any("42" in b or "表1" in b for b in body)
        assert [s.title for s in doc.sections] == ["结果", "讨论"]
        assert {n.text for n in doc.entities.numbers if n.mentions[0].unit.startswith("t1.")} >= {"42 例", "85.7%"}


def test_prose_naming_a_table_is_no_caption():
    text = TEXT.replace("表1 两组患者的基线资料", "表1显示两组患者的基线资料相近。")
    doc = extract_bytes(text.encode(), "t.txt")
    assert doc.tables == []
    assert any("表1显示" in b for b in body_texts(doc))


def test_caption_without_cells_is_a_warning():
    text = TEXT.split("组别")[0] + "治疗组的有效率高于对照组。\n"
    doc = extract_bytes(text.encode(), "t.txt")
    assert [t.label for t in doc.tables] == ["表 1"] and doc.tables[0].rows == []
    assert any("no cells" in w for w in doc.warnings)


# --- real journal PDFs ------------------------------------------------------------------

REAL = ["zh09_tongji_coalition_clinical", "zh05_scaphoid_anatomy_lecture"]


@cache
def real(stem: str) -> Document:
    return extract_file(PDF_DIR / f"{stem}.pdf")


def _need(stem: str) -> None:
    if not (PDF_DIR / f"{stem}.pdf").exists():
        pytest.skip(f"{PDF_DIR} absent")


@pytest.mark.parametrize("stem", REAL)
def test_real_tables_found_with_captions(stem):
    _need(stem)
    g, o = load_real_gold(stem), real(stem)
    assert [(t.label, fold(t.caption), t.page) for t in o.tables] == [
        (t["label"], fold(t["caption"]), t["page"]) for t in g["tables"]
    ]
    en = [fold(t.get("caption_en")) for t in g["tables"]]
    assert [fold(t.caption_en) for t in o.tables] == en
    assert all(t.ruled for t in o.tables)  # three-line tables, all of them


@pytest.mark.parametrize("stem", REAL)
def test_real_table_cells_equal_gold(stem):
    _need(stem)
    g, o = load_real_gold(stem), real(stem)
    by_label = {t.label: t for t in o.tables}
    checked = 0
    for gt in g["tables"]:
        if "rows" not in gt:
            continue
        t = by_label[gt["label"]]
        assert [fold(c) for c in t.rows[t.header_rows - 1]] == [fold(c) for c in gt["columns"]]
        assert [[fold(c) for c in r] for r in t.rows[t.header_rows :]] == [[fold(c) for c in r] for r in gt["rows"]]
        checked += 1
    assert checked


@pytest.mark.parametrize("stem", REAL)
def test_real_table_cells_never_in_paragraphs(stem):
    _need(stem)
    g, o = load_real_gold(stem), real(stem)
    body = [fold(b) for b in body_texts(o)]
    cells = [fold(c) for c in g.get("table_cells") or []]
    # a value cell inside prose, or any cell as a paragraph or heading of its own (names occur in prose)
    assert cells and [c for c in cells if any(c == b or ("±" in c and c in b) for b in body)] == []


def test_real_figures_of_zh09():
    stem = "zh09_tongji_coalition_clinical"
    _need(stem)
    g, o = load_real_gold(stem), real(stem)
    assert [(f.label, fold(f.caption), fold(f.caption_en), f.page) for f in o.figures] == [
        (f["label"], fold(f["caption"]), fold(f["caption_en"]), f["page"]) for f in g["figures"]
    ]


# --- schema 1 files and the page ------------------------------------------------------


def test_schema_1_file_reads_as_2_without_tables(tmp_path):
    d = json.loads((GOLD / "als-treatment-review.json").read_text(encoding="utf-8"))
    assert d["schema_version"] == "1"
    p = tmp_path / "v1.json"
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    doc = load_document(p)
    assert doc.schema_version == "2" and doc.tables == [] and doc.figures == []
    d["schema_version"] = "3"
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="schema_version '3': this reviewx reads versions 1, 2"):
        load_document(p)


def test_show_has_the_tables_section():
    o = rendition("nsclc-egfr-tki", "pdf")
    from pipeline.show import build, page_html

    data = tables_section(o)
    assert data is not None and [t["label"] for t in data["tables"]] == ["表 1", "表 2"]
    head = [[tok.text for c in r for tok in c] for r in data["tables"][0]["head"]]
    assert head == [["组别", "例数", "1 年无进展生存率"]] and len(data["tables"][0]["body"]) == 2
    html = page_html(build(o))
    html = html[html.index('<section id="tables"') :]
    html = html[: html.index("</section>")]
    assert html.count("<figure") == 2 and "<th>中位 PFS</th>" in html
    assert "Treatment after resistance to EGFR-TKI" in html
    assert tables_section(o.model_copy(update={"tables": [], "figures": []})) is None


def test_show_page_highlights_numbers_in_cells():
    import re

    from pipeline.show import build, page_html

    html = page_html(build(rendition("nsclc-egfr-tki", "pdf")))
    tables = html[html.index('<section id="tables"') :]
    tables = tables[: tables.index("</section>")]
    cells = re.findall(r"<td>(.*?)</td>", tables, flags=re.S)
    hit = [c for c in cells if "13.1 个月" in re.sub(r"<[^>]+>", "", c)]
    assert hit and "m-number" in hit[0]
