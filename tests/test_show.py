"""`reviewx show`: the HTML review page, parsed, and rendered by a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.emit import write_document
from pipeline.models import Document, Paragraph, Removed, Section
from pipeline.show import Span, render_text, write_pages

from .conftest import RAW, ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
TYPES = {"drug": "drugs", "trial": "trials", "dose": "doses", "number": "numbers"}
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "wbr"}


class Tree(HTMLParser):
    """Every element with its attributes and text content (nesting kept), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.stack: list[dict] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        el = {"tag": tag, "attrs": dict(attrs), "text": "", "classes": set((dict(attrs).get("class") or "").split())}
        self.elements.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        for el in self.stack:
            el["text"] += data

    def by_id(self) -> dict[str, dict]:
        return {e["attrs"]["id"]: e for e in self.elements if "id" in e["attrs"]}


def parse(html: str) -> Tree:
    t = Tree()
    t.feed(html)
    return t


def _write(doc: Document, tmp: Path, name: str = "in") -> Path:
    d = tmp / name
    d.mkdir(exist_ok=True)
    return write_document(doc, d)


@pytest.fixture(scope="module")
def seed_page(seed_doc, tmp_path_factory) -> tuple[Document, str, Path]:
    tmp = tmp_path_factory.mktemp("show")
    src = _write(seed_doc, tmp)
    out = tmp / "out"
    pages = write_pages([src.parent], out, gold=None, page_images=False)
    assert pages == [out / f"{seed_doc.doc_id}.html", out / "index.html"]
    return seed_doc, pages[0].read_text(encoding="utf-8"), pages[0]


def test_every_mention_is_a_highlight_of_its_type(seed_page):
    doc, html, _ = seed_page
    tree = parse(html)
    marks = [e for e in tree.elements if "m" in e["classes"] and "cont" not in e["classes"]]
    for etype, plural in TYPES.items():
        entities = getattr(doc.entities, plural)
        typed = [e for e in marks if f"m-{etype}" in e["classes"]]
        assert len(typed) == sum(len(x.mentions) for x in entities), etype
        for x in entities:
            for m in x.mentions:
                el = next(
                    (
                        e
                        for e in typed
                        if e["attrs"].get("data-e") == f"{etype}:{entities.index(x)}"
                        and e["text"]
                        and m.text.startswith(e["text"])
                    ),
                    None,
                )
                assert el is not None, (etype, x.id, m.text)
                assert el["attrs"].get("tabindex") == "0"
                assert f"rule: {x.rule}" in el["attrs"]["title"]


def test_tooltips_carry_normalised_values(seed_page):
    doc, html, _ = seed_page
    ids = parse(html).by_id()
    riluzole = next(d for d in doc.entities.drugs if d.id == "riluzole")
    t = ids["m-drug-riluzole-0"]["attrs"]["title"]
    assert "INN: riluzole" in t and f"status: {riluzole.status}" in t and "drugbank" in t
    dose = doc.entities.doses[0]
    t = ids[f"m-dose-{dose.id}-0"]["attrs"]["title"]
    assert dose.unit in t and "route:" in t and "frequency:" in t


def test_paragraph_text_is_never_duplicated(seed_page):
    doc, html, _ = seed_page
    from pipeline.entities import unit_texts

    ids = parse(html).by_id()
    for unit, text in unit_texts(doc).items():
        el = ids["u-" + unit.replace(".", "-")]
        shown = el["text"][len(unit) :] if unit.startswith("p") else el["text"]  # the margin label is the unit id
        assert shown == text, unit


def test_drug_table_counts_and_links(seed_page):
    doc, html, _ = seed_page
    tree = parse(html)
    ids = tree.by_id()
    for i, d in enumerate(doc.entities.drugs):
        row = ids[f"row-drug-{i}"]
        assert row["attrs"]["data-href"] == f"#m-drug-{d.id}-0"
        assert ids[f"m-drug-{d.id}-0"]["text"] == d.mentions[0].text
        assert row["text"].endswith(str(len(d.mentions)))
    assert 'href="#m-drug-riluzole-0"' in html
    for etype in ("trial", "dose"):
        n = len(getattr(doc.entities, TYPES[etype]))
        assert sum(1 for k in ids if k.startswith(f"row-{etype}-")) == n


def test_outline_and_removed_section(seed_page):
    doc, html, _ = seed_page
    ids = parse(html).by_id()
    assert 'href="#sec-s2"' in html and "sec-s2" in ids
    removed = ids["removed"]
    assert removed["text"].startswith("Removed")
    for r in doc.removed:
        assert r.text in removed["text"] and r.rule in removed["text"]
    # removed content stays out of the text
    body = "".join(e["text"] for e in parse(html).elements if e["tag"] == "div" and "body" in e["classes"])
    assert all(r.text not in body for r in doc.removed if len(r.text) > 12)


def test_self_contained_and_deterministic(seed_doc, seed_page, tmp_path):
    _, html, path = seed_page
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<style>" in html and "<script>" in html and "@import" not in html and "@font-face" not in html
    again = write_pages([_write(seed_doc, tmp_path)], tmp_path / "out")
    assert again[0].read_bytes() == path.read_bytes()
    index = (path.parent / "index.html").read_text(encoding="utf-8")
    assert f'href="{seed_doc.doc_id}.html"' in index and seed_doc.metadata.title.zh in index


def test_text_is_escaped(seed_doc, tmp_path):
    doc = seed_doc.model_copy(deep=True)
    evil = "<script>alert(1)</script> a < b && c > d"
    doc.sections.append(Section(id="s99", title="<b>bold</b>", level=1, paragraphs=[Paragraph(id="p999", text=evil)]))
    doc.removed.append(Removed(reason="other", text="<img src=x onerror=alert(2)>", page=None, rule="test.rule"))
    doc.entities.drugs[0].drug_class = '"><script>alert(3)</script>'
    html = write_pages([_write(doc, tmp_path)], tmp_path / "out")[0].read_text(encoding="utf-8")
    assert html.count("<script") == 1  # only the page's own script
    assert "&lt;script&gt;alert(1)&lt;/script&gt; a &lt; b &amp;&amp; c &gt; d" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<img src=x" not in html
    assert parse(html).by_id()["u-p999"]["text"].endswith(evil)


def test_crossing_spans_nest_without_repeating_text():
    text = "服用 30 mg/d 共 3 个月"
    spans = [
        Span(0, 9, 0, 1, "m m-trial", (("id", "t"),)),
        Span(3, 12, 2, 2, "m m-dose", (("id", "d"),)),
        Span(3, 5, 3, 3, "m m-number", (("id", "n"),)),
    ]
    out = render_text(text, spans)
    assert re.sub(r"<[^>]+>", "", out) == text
    tree = parse(out)
    ids = tree.by_id()
    assert ids["t"]["text"] == text[0:9] and ids["d"]["text"] == text[3:9] and ids["n"]["text"] == "30"
    cont = [e for e in tree.elements if "cont" in e["classes"]]
    assert len(cont) == 1 and cont[0]["text"] == text[9:12] and "id" not in cont[0]["attrs"]


def test_gold_mode_marks_missed_and_spurious(seed_doc, tmp_path):
    dropped, extra = seed_doc.entities.drugs[0], seed_doc.entities.drugs[1]
    gold = seed_doc.model_copy(deep=True)
    gold.entities.drugs = [d for d in gold.entities.drugs if d.id != extra.id]
    ours = seed_doc.model_copy(deep=True)
    ours.entities.drugs = [d for d in ours.entities.drugs if d.id != dropped.id]
    gold_path = _write(gold, tmp_path, "gold")
    html = write_pages([_write(ours, tmp_path)], tmp_path / "out", gold=gold_path)[0].read_text(encoding="utf-8")
    tree = parse(html)
    ids = tree.by_id()
    assert "scores" in ids and "drugs" in ids["scores"]["text"]
    missed = [e for e in tree.elements if {"m", "missed", "missed-drug"} <= e["classes"]]
    assert [e["text"] for e in missed] == [m.text for m in dropped.mentions]
    assert (dropped.name_zh or dropped.id) in ids["missed"]["text"]
    struck = [e for e in tree.elements if {"m", "spurious"} <= e["classes"]]
    assert [e["text"] for e in struck] == [m.text for m in extra.mentions]
    assert all("m-drug" in e["classes"] for e in struck)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "F1" in index


def test_page_images_for_pdf_input(tmp_path):
    from pipeline import extract_file

    doc = extract_file(RAW / "als_treatment_review_print.pdf")
    html = write_pages([_write(doc, tmp_path)], tmp_path / "out", page_images=True)[0].read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') == doc.source.pages
    plain = write_pages([_write(doc, tmp_path)], tmp_path / "plain")[0].read_text(encoding="utf-8")
    assert "data:image/png" not in plain


# -- a real browser ------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not installed: `apt-get install -y chromium` (as .ci/run does) enables the browser test",
)
def test_chromium_renders_the_seed_page(seed_page, tmp_path):
    doc, _, path = seed_page
    url = path.resolve().as_uri()
    run = _chromium(["--dump-dom", url], tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    tree = parse(dom)
    for etype, plural in TYPES.items():
        n = sum(len(x.mentions) for x in getattr(doc.entities, plural))
        got = [e for e in tree.elements if {"m", f"m-{etype}"} <= e["classes"] and "cont" not in e["classes"]]
        assert len(got) == n, etype
    ids = tree.by_id()
    assert "removed" in ids and all(r.text in ids["removed"]["text"] for r in doc.removed)
    assert sum(1 for k in ids if k.startswith("row-drug-")) == len(doc.entities.drugs)
    assert "js" in tree.elements[0]["classes"]  # the page's script ran
    assert ids["inspector"]["attrs"].get("hidden") is not None
    shot = tmp_path / "seed_page.png"
    run = _chromium([f"--screenshot={shot}", "--window-size=1400,2000", "--hide-scrollbars", url], tmp_path)
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "seed_page.png")


# --------------------------------------------------------------------------- untrusted JSON (issue 17)


def _small_doc(doc_id: str = "crafted") -> Document:
    from pipeline.models import Drug, Entities, Mention, PipelineInfo, Source

    text = "利鲁唑可延长生存期。"
    return Document(
        doc_id=doc_id,
        source=Source(path="x.txt", sha256="0" * 64, format="text"),
        pipeline=PipelineInfo(version="t"),
        sections=[Section(id="s1", level=1, paragraphs=[Paragraph(id="p1", text=text)])],
        entities=Entities(
            drugs=[
                Drug(
                    id="riluzole",
                    name_zh="利鲁唑",
                    rule="r",
                    mentions=[Mention(unit="p1", start=0, end=3, text="利鲁唑")],
                )
            ]
        ),
    )


def test_crafted_doc_id_cannot_write_outside_the_output_folder(tmp_path, capsys):
    import json

    from pipeline.cli import main

    data = _small_doc().model_dump(mode="json")
    data["doc_id"] = "../../escape"
    bad = tmp_path / "in" / "crafted.json"
    bad.parent.mkdir()
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "a" / "b" / "out"
    assert main(["validate", str(bad)]) == 1
    assert main(["show", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "doc_id" in err and "Traceback" not in err
    assert not list(tmp_path.rglob("escape*")) and not out.exists()


def test_ids_from_the_json_are_escaped_in_attributes(tmp_path):
    """A paragraph id is data: it may hold quotes and markup, and must stay inside its attribute."""
    payload = 'p1" onmouseover="alert(1)"><script>alert(1)</script><a x="'
    doc = _small_doc()
    doc.sections[0].paragraphs[0].id = payload
    doc.entities.drugs[0].mentions[0].unit = payload
    doc.entities.drugs[0].id = '"><img src=x onerror=alert(1)>'
    doc = Document.model_validate(doc.model_dump())  # the schema takes these ids: only escaping protects
    (page, _) = write_pages([_write(doc, tmp_path)], tmp_path / "out")
    html = page.read_text(encoding="utf-8")
    tree = parse(html)
    assert [e["tag"] for e in tree.elements].count("script") == 1  # the page's own script
    assert not [e for e in tree.elements if e["tag"] == "img" or "onmouseover" in e["attrs"] or "onerror" in e["attrs"]]
    para = tree.by_id()["u-" + payload.replace(".", "-")]
    assert para["tag"] == "p" and "利鲁唑可延长生存期。" in para["text"]
    assert any(e["attrs"].get("href") == "#u-" + payload.replace(".", "-") for e in tree.elements)


def test_a_document_named_index_keeps_its_page(tmp_path):
    docs = [_write(_small_doc("index"), tmp_path), _write(_small_doc("other"), tmp_path)]
    written = write_pages(docs, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == ["index.doc.html", "index.html", "other.html"]
    index = parse((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    links = [e["attrs"]["href"] for e in index.elements if e["tag"] == "a"]
    assert links == ["index.doc.html", "other.html"]
    page = (tmp_path / "out" / "index.doc.html").read_text(encoding="utf-8")
    assert "可延长生存期。" in page and "<title>reviewx · documents</title>" not in page


def test_markup_is_built_by_the_templates_only():
    """show.py builds view data; every element and attribute comes from the autoescaped templates."""
    import ast

    from pipeline import show

    src = Path(show.__file__).read_text(encoding="utf-8")
    tree = ast.parse(src)
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    tags = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docstrings
        and re.search(r"</?[a-zA-Z][^>]*>", n.value)
    ]
    assert tags == []
    assert show._env().autoescape is True
    assert "html.escape" not in src and "import html" not in src
