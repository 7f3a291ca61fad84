"""`reviewx show`: one self-contained HTML review page per extraction, and an index page.

A page shows the review as a reader sees it (titles, authors, abstracts, the section
tree) with every entity mention highlighted by type, tables of the entities, the removed
content apart from the text and, given a gold file, the scores and the differences.
Everything is inline (CSS and JS from `resources/show/`); text, tables and links work
without JavaScript. Output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .emit import atomic_write
from .entities import unit_texts
from .errors import InputError
from .evaluate import ENTITY_TYPES, DocReport, compare
from .models import Box, Document, Dose, Drug, Mention, Number, Result, Section, Trial
from .resources import ROOT as RESOURCES
from .review_id import review_of
from .schema import load_document
from .show_tables import Token, tables_section

SHOW = RESOURCES / "show"
TYPES = ("trial", "drug", "dose", "number")  # outer to inner when spans coincide
PLURAL = dict(zip(TYPES, ("trials", "drugs", "doses", "numbers")))
LABEL = {"drug": "Drug", "trial": "Trial", "dose": "Dose", "number": "Number"}
PAGE_RESOLUTION = 100
BOX_COLOURS = {"drug": (27, 127, 59), "trial": (122, 61, 184), "dose": (199, 106, 0), "number": (31, 95, 191)}


def fmt(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def _slug(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}", s)


def _unit_anchor(unit: str) -> str:
    return "u-" + unit.replace(".", "-")


# -- what each entity says ----------------------------------------------------------------


def tip(etype: str, e: Drug | Trial | Dose | Number) -> str:
    """The normalised values of an entity, one per line, for a tooltip."""
    lines: list[str] = []
    if isinstance(e, Drug):
        lines += [
            f"drug {e.id}: {e.name_zh or ''} / {e.name_en or ''}".rstrip(" /"),
            f"INN: {e.name_en or '-'}",
            f"kind: {e.kind}",
            f"status: {e.status}",
            f"class: {e.drug_class or '-'}",
        ]
        ids = ", ".join(f"{k} {v}" for k, v in e.ids.model_dump().items() if v)
        lines.append(f"ids: {ids or '-'}")
    elif isinstance(e, Trial):
        lines += [
            f"trial {e.id}: {', '.join(e.drugs) or '-'}",
            f"phase: {e.phase or '-'}",
            f"n: {fmt(e.n_enrolled) or '-'}",
            f"outcome: {e.outcome}",
        ]
        if e.design:
            lines.append("design: " + ", ".join(e.design))
        if e.year:
            lines.append(f"year: {e.year}")
    elif isinstance(e, Dose):
        lines += [
            f"dose {e.id}: {_range(e.value, e.value_max)} {e.unit} (as written {e.unit_text})",
            f"drug: {e.drug or '-'}",
            f"frequency: {_freq(e) or '-'}",
            f"route: {e.route or '-'}",
        ]
        if e.duration:
            lines.append(f"duration: {_range(e.duration.value, e.duration.value_max)} {e.duration.unit or ''}")
        if e.arm_n is not None:
            lines.append(f"arm n: {e.arm_n}")
    else:
        val = _range(e.value, e.value_max)
        if e.comparator:
            val = f"{e.comparator} {val}"
        if e.approx:
            val = f"~ {val}"
        lines += [f"number {e.id}: {e.kind}", f"value: {val or '-'}", f"unit: {e.unit or '-'}"]
        if e.sd is not None:
            lines.append(f"sd: {fmt(e.sd)}")
    lines.append(f"rule: {e.rule}")
    return "\n".join(lines)


def _range(a: float | None, b: float | None) -> str:
    return f"{fmt(a)}–{fmt(b)}" if b is not None else fmt(a)


def _freq(d: Dose) -> str:
    f = d.frequency
    return f"{f.count}× per {fmt(f.period)} {f.period_unit}" if f else ""


# -- spans: nested highlights -------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    order: int  # outer first when two spans cover the same text
    seq: int
    classes: str
    attrs: tuple[tuple[str, str], ...] = ()
    cont: bool = False  # a continuation of a span cut by the one it crosses

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (self.start, -self.end, self.order, self.seq)


# spans nested in spans: each with the forest inside it
Forest = list[tuple[Span, "Forest"]]


def nest(spans: list[Span]) -> Forest:
    """Spans as a forest: a span crossing the end of an earlier one is cut in two there."""
    out: Forest = []
    pending = sorted(spans, key=lambda s: s.key)
    while pending:
        s, inner, rest = pending[0], [], []
        for t in pending[1:]:
            if t.start >= s.end:
                rest.append(t)
            elif t.end <= s.end:
                inner.append(t)
            else:
                inner.append(replace(t, end=s.end))
                rest.append(replace(t, start=s.end, cont=True))
        out.append((s, nest(inner)))
        pending = sorted(rest, key=lambda s: s.key)
    return out


# -- a page's model -------------------------------------------------------------------------


@dataclass
class Page:
    doc: Document
    texts: dict[str, str]
    report: DocReport | None = None
    gold: Document | None = None
    spans: dict[str, list[Span]] = field(default_factory=dict)
    first: dict[tuple[str, int], str] = field(default_factory=dict)  # (type, index) -> mention anchor
    spurious: set[tuple[str, int]] = field(default_factory=set)
    missed: list[tuple[str, Drug | Trial | Dose | Number, str | None]] = field(default_factory=list)
    unplaced: int = 0

    def entities(self, etype: str) -> list[Drug | Trial | Dose | Number]:
        found: list[Drug | Trial | Dose | Number] = getattr(self.doc.entities, PLURAL[etype])
        return found

    def counts(self) -> dict[str, int]:
        return {t: len(self.entities(t)) for t in TYPES}


def _path(etype: str, e: Drug | Trial | Dose | Number) -> str:
    """The path `evaluate.compare` gives an entity in its differences."""
    if isinstance(e, Drug):
        return f"entities.drugs[{e.id}]"
    if isinstance(e, Trial):
        return f"entities.trials[{','.join(e.drugs)}:n={e.n_enrolled}]"
    if isinstance(e, Dose):
        return f"entities.doses[{e.drug}:{e.value}{e.unit}]"
    return f"entities.numbers[{e.mentions[0].unit if e.mentions else '?'}:{e.text}]"


def _placeable(texts: dict[str, str], m: Mention) -> bool:
    t = texts.get(m.unit)
    return t is not None and 0 <= m.start < m.end <= len(t)


def build(doc: Document, gold: Document | None = None) -> Page:
    page = Page(doc, unit_texts(doc), gold=gold)
    if gold is not None:
        page.report = report = compare(gold, doc)
        _mark_spurious(page, report)
        _place_missed(page, gold, report)
    _place_mentions(page)
    return page


def _mark_spurious(page: Page, report: DocReport) -> None:
    """Our entities the gold comparison calls spurious, matched by path, first ones first."""
    spurious = Counter(d.path for d in report.differences if d.kind == "spurious")
    for etype in TYPES:
        for i, e in enumerate(page.entities(etype)):
            if spurious[_path(etype, e)] > 0:
                spurious[_path(etype, e)] -= 1
                page.spurious.add((etype, i))


def _place_missed(page: Page, gold: Document, report: DocReport) -> None:
    """Gold entities we missed, listed and highlighted where their mention's text is ours too."""
    missed = Counter(d.path for d in report.differences if d.kind == "missed")
    gold_texts = unit_texts(gold)
    for etype in TYPES:
        for i, g in enumerate(getattr(gold.entities, PLURAL[etype])):
            if missed[_path(etype, g)] <= 0:
                continue
            missed[_path(etype, g)] -= 1
            anchor = None
            for k, m in enumerate(g.mentions):
                ours = page.texts.get(m.unit)
                if ours is None or not _placeable(page.texts, m):
                    continue
                if ours != gold_texts.get(m.unit) and ours[m.start : m.end] != m.text:
                    continue
                a = f"g-{etype}-{i}-{k}"
                anchor = anchor or a
                page.spans.setdefault(m.unit, []).append(
                    Span(
                        m.start,
                        m.end,
                        len(TYPES),
                        0,
                        f"m missed missed-{etype}",
                        (
                            ("id", a),
                            ("tabindex", "0"),
                            ("title", "missed (in gold, not extracted)\n" + tip(etype, g)),
                            ("data-e", f"g:{etype}:{i}"),
                        ),
                    )
                )
            page.missed.append((etype, g, anchor))


def _place_mentions(page: Page) -> None:
    """A span per mention of our entities; a mention outside its unit's text is only counted."""
    seq = 0
    for order, etype in enumerate(TYPES):
        for i, e in enumerate(page.entities(etype)):
            cls = f"m m-{etype}" + (" spurious" if (etype, i) in page.spurious else "")
            title = ("spurious (not in gold)\n" if (etype, i) in page.spurious else "") + tip(etype, e)
            base = f"m-{etype}-{_slug(e.id)}"
            for k, m in enumerate(e.mentions):
                if not _placeable(page.texts, m):
                    page.unplaced += 1
                    continue
                seq += 1
                anchor = f"{base}-{k}"
                page.first.setdefault((etype, i), anchor)
                page.spans.setdefault(m.unit, []).append(
                    Span(
                        m.start,
                        m.end,
                        order,
                        seq,
                        cls,
                        (("id", anchor), ("tabindex", "0"), ("title", title), ("data-e", f"{etype}:{i}")),
                    )
                )


# -- HTML: view data for the templates in resources/show/ (autoescaped; no markup is built here) ------------


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(SHOW),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=None)
def _resource(name: str) -> Markup:
    """A stylesheet or script of the package itself (trusted, inlined as it is)."""
    return Markup((SHOW / name).read_text(encoding="utf-8"))


def tokens(text: str, spans: list[Span]) -> list[Token]:
    out: list[Token] = []

    def walk(forest: Forest, lo: int, hi: int) -> None:
        pos = lo
        for s, kids in forest:
            if s.start > pos:
                out.append(Token("text", text[pos : s.start]))
            attrs, cls = s.attrs, s.classes
            if s.cont:
                attrs, cls = tuple((k, v) for k, v in attrs if k in ("title", "data-e")), cls + " cont"
            out.append(Token("open", cls=cls, attrs=attrs))
            walk(kids, s.start, s.end)
            out.append(Token("close"))
            pos = s.end
        if hi > pos:
            out.append(Token("text", text[pos:hi]))

    walk(nest(spans), 0, len(text))
    return out


def render_text(text: str, spans: list[Span]) -> str:
    """The text with its spans as nested `<span>` elements (the template macro the page uses)."""
    return str(_env().get_template("macros.html.j2").module.text(tokens(text, spans)))  # type: ignore[attr-defined]


def unit_tokens(page: Page, unit: str) -> list[Token]:
    return tokens(page.texts.get(unit, ""), page.spans.get(unit, []))


@dataclass(frozen=True)
class Cell:
    text: str = ""
    href: str | None = None  # a link to the first mention
    cls: str | None = None  # a styled span
    lines: tuple[str, ...] | None = None  # lines joined by <br> ("—" when empty)


@dataclass(frozen=True)
class Row:
    etype: str
    index: int
    cells: tuple[Cell, ...]
    href: str | None
    spurious: bool


@dataclass(frozen=True)
class EntityTable:
    caption: str
    heads: tuple[str, ...]
    rows: tuple[Row, ...]
    tid: str
    open: bool = True


def _link(page: Page, etype: str, i: int, label: str) -> Cell:
    a = page.first.get((etype, i))
    return Cell(label, href=f"#{a}" if a else None)


def _num(v: object) -> Cell:
    return Cell("" if v is None else str(v), cls="num")


def _rows(page: Page, etype: str, cells_of) -> tuple[Row, ...]:  # type: ignore[no-untyped-def]
    rows = []
    for i, e in enumerate(page.entities(etype)):
        a = page.first.get((etype, i))
        rows.append(Row(etype, i, tuple(cells_of(i, e)), f"#{a}" if a else None, (etype, i) in page.spurious))
    return tuple(rows)


def drug_table(page: Page) -> EntityTable:
    def cells(i: int, d: Drug) -> list[Cell]:
        return [
            _link(page, "drug", i, d.name_zh or d.name_en or d.id),
            Cell(d.name_en or ""),
            Cell(d.drug_class or ""),
            Cell(d.status, cls=f"st st-{d.status}"),
            _num(len(d.mentions)),
        ]

    return EntityTable("Drugs", ("中文", "INN", "class", "status", "mentions"), _rows(page, "drug", cells), "t-drugs")


def trial_table(page: Page) -> EntityTable:
    names = {d.id: d.name_zh or d.name_en or d.id for d in page.doc.entities.drugs}

    def cells(i: int, t: Trial) -> list[Cell]:
        arms = tuple(f"{a.label} ({a.role}{', n=' + str(a.n) if a.n is not None else ''})" for a in t.arms)
        return [
            _link(page, "trial", i, t.id),
            Cell("、".join(names.get(x, x) for x in t.drugs) or "—"),
            Cell(t.phase or "—"),
            _num(fmt(t.n_enrolled) or "—"),
            Cell(lines=arms),
            Cell(t.outcome, cls=f"oc oc-{t.outcome}"),
            Cell(lines=tuple(_result(r) for r in t.results[:4])),
        ]

    heads = ("id", "drugs", "phase", "n", "arms", "outcome", "key results")
    return EntityTable("Trials", heads, _rows(page, "trial", cells), "t-trials")


def _result(r: Result) -> str:
    bits = [r.measure or "", fmt(r.value)]
    if r.ci_low is not None or r.ci_high is not None:
        bits.append(f"CI {fmt(r.ci_low)}–{fmt(r.ci_high)}")
    if r.p_value is not None:
        bits.append(f"P{r.p_comparator or '='}{fmt(r.p_value)}")
    return " ".join(b for b in bits if b)


def dose_table(page: Page) -> EntityTable:
    def cells(i: int, d: Dose) -> list[Cell]:
        return [
            _link(page, "dose", i, d.id),
            Cell(d.drug or "—"),
            _num(_range(d.value, d.value_max)),
            Cell(d.unit),
            Cell(_freq(d) or "—"),
            Cell(d.route or "—"),
        ]

    heads = ("id", "drug", "value", "UCUM", "frequency", "route")
    return EntityTable("Doses", heads, _rows(page, "dose", cells), "t-doses")


def number_table(page: Page) -> EntityTable:
    def cells(i: int, n: Number) -> list[Cell]:
        val = ("~" if n.approx else "") + (n.comparator or "") + _range(n.value, n.value_max)
        return [_link(page, "number", i, n.text), Cell(n.kind), _num(val), Cell(n.unit or "")]

    heads = ("text", "kind", "value", "unit")
    return EntityTable("Numbers", heads, _rows(page, "number", cells), "t-numbers", open=False)


@dataclass(frozen=True)
class SectionView:
    id: str
    level: int
    h: int
    runin: bool
    number: str | None
    title: str | None
    label: str  # in the outline
    paragraphs: tuple[dict[str, object], ...]
    children: tuple[SectionView, ...]


def section_view(page: Page, s: Section) -> SectionView:
    paras: tuple[dict[str, object], ...] = tuple(
        {"id": p.id, "anchor": _unit_anchor(p.id), "page": p.page, "tokens": unit_tokens(page, p.id)}
        for p in s.paragraphs
    )
    return SectionView(
        id=s.id,
        level=s.level,
        h=min(s.level + 1, 6),
        runin=bool(s.runin),
        number=s.number,
        title=s.title,
        label=" ".join(x for x in (s.number and f"{s.number}.", s.title) if x) or "(untitled)",
        paragraphs=paras,
        children=tuple(section_view(page, c) for c in s.sections),
    )


def front_view(page: Page) -> dict[str, object]:
    md = page.doc.metadata
    authors = [
        {"name": a.name, "name_en": a.name_en, "sup": ",".join(str(x) for x in a.affiliations)} for a in md.authors
    ]
    return {
        "title_zh": unit_tokens(page, "title.zh") if md.title.zh else None,
        "title_en": unit_tokens(page, "title.en") if md.title.en else None,
        "authors": authors,
        "facts": [(k, v) for k, v in (("journal", md.journal), ("year", md.year), ("DOI", md.doi)) if v],
    }


def abstracts_view(page: Page) -> list[dict[str, object]]:
    md = page.doc.metadata
    out: list[dict[str, object]] = []
    for lang, unit, head, kw_head, kw in (
        ("zh-Hans", "abstract.zh", "摘要", "关键词", md.keywords.zh),
        ("en", "abstract.en", "Abstract", "Keywords", md.keywords.en),
    ):
        if unit not in page.texts and not kw:
            continue
        toks = unit_tokens(page, unit) if unit in page.texts else None
        out.append(
            {
                "lang": lang,
                "head": head,
                "anchor": _unit_anchor(unit),
                "tokens": toks,
                "kw_head": kw_head,
                "keywords": kw,
            }
        )
    return out


def scores_view(page: Page) -> dict[str, object] | None:
    rep = page.report
    if rep is None:
        return None
    rows = []
    for t in ENTITY_TYPES:
        c = rep.entities[t]
        p, r, f = c.prf()
        rows.append(dict(type=t, correct=c.correct, incorrect=c.incorrect, partial=c.partial, missed=c.missed,
                         spurious=c.spurious, p=p, r=r, f=f))  # fmt: skip
    missed = []
    for etype, g, anchor in page.missed:
        if isinstance(g, Drug):
            label = g.name_zh or g.name_en or g.id
        else:
            label = g.text if isinstance(g, Number) else tip(etype, g).split("\n")[0]
        missed.append({"etype": etype, "label": label, "anchor": anchor, "tip": tip(etype, g)})
    st = rep.structure
    return {
        "rows": rows,
        "f1": rep.f1(),
        "headings_f1": st.get("headings_f1", 0),
        "body_similarity": st.get("body_similarity", 0),
        "paragraphs_ours": st.get("paragraphs_ours"),
        "paragraphs_gold": st.get("paragraphs_gold"),
        "leaked": rep.leaked_strays,
        "gold_id": page.gold.doc_id if page.gold else "",
        "missed": missed,
        "differences": [
            {"kind": d.kind, "path": d.path, "gold": _short(d.gold), "ours": _short(d.ours)} for d in rep.differences
        ],
    }


def _short(v: object) -> str:
    s = "" if v is None else str(v)
    return s if len(s) <= 120 else s[:117] + "…"


def page_images_view(page: Page, json_path: Path | None) -> dict[str, object]:
    """Each PDF page as a PNG with the entity boxes drawn (data: URLs, so the page stays self-contained)."""
    doc = page.doc
    src = Path(doc.source.path)
    if not src.is_absolute() and not src.exists() and json_path is not None:
        for base in (json_path.parent, json_path.parent.parent):
            if (base / src).exists():
                src = base / src
                break
    if not src.exists():
        return {"missing": doc.source.path}
    import pdfplumber

    boxes: dict[int, dict[str, list[Box]]] = {}
    for etype in TYPES:
        for e in page.entities(etype):
            for m in e.mentions:
                if m.page:
                    boxes.setdefault(m.page, {}).setdefault(etype, []).extend(m.boxes)
    figures = []
    with pdfplumber.open(src) as pdf:
        for n, p in enumerate(pdf.pages, 1):
            im = p.to_image(resolution=PAGE_RESOLUTION)
            for etype in TYPES:
                rects = [tuple(b) for b in boxes.get(n, {}).get(etype, [])]
                if rects:
                    r, g, b = BOX_COLOURS[etype]
                    im.draw_rects(rects, stroke=(r, g, b), fill=(r, g, b, 40), stroke_width=1)
            buf = io.BytesIO()
            im.save(buf, format="PNG")
            figures.append({"n": n, "data": base64.b64encode(buf.getvalue()).decode("ascii")})
    return {"missing": None, "figures": figures}


def page_html(page: Page, json_path: Path | None = None, page_images: bool = False) -> str:
    doc = page.doc
    counts = page.counts()
    return (
        _env()
        .get_template("page.html.j2")
        .render(
            doc=doc,
            title=doc.metadata.title.zh or doc.metadata.title.en or doc.doc_id,
            css=_resource("page.css"),
            js=_resource("page.js"),
            front=front_view(page),
            scores=scores_view(page),
            legend=[{"type": t, "label": LABEL[t], "count": counts[t]} for t in TYPES],
            sections=[section_view(page, s) for s in doc.sections],
            abstracts=abstracts_view(page),
            unplaced=page.unplaced,
            doc_tables=tables_section(doc, lambda u: unit_tokens(page, u)),
            tables=[drug_table(page), trial_table(page), dose_table(page), number_table(page)],
            page_images=page_images_view(page, json_path) if page_images and doc.source.format == "pdf" else None,
        )
    )


def index_html(rows: list[tuple[Page, str]]) -> str:
    gold = any(p.report is not None for p, _ in rows)
    heads = ["document", "title", "source", "drugs", "trials", "doses", "numbers", "removed"]
    view = []
    for p, name in rows:
        d, c = p.doc, p.counts()
        view.append(
            {
                "name": name,
                "doc_id": d.doc_id,
                "titles": [
                    (lang, t) for lang, t in (("zh-Hans", d.metadata.title.zh), ("en", d.metadata.title.en)) if t
                ],
                "format": d.source.format,
                "counts": [c["drug"], c["trial"], c["dose"], c["number"], len(d.removed)],
                "f1": p.report.f1() if p.report is not None else None,
                "f1_types": " · ".join(f"{t} {p.report.f1(t):.2f}" for t in ENTITY_TYPES) if p.report else "",
            }
        )
    return (
        _env()
        .get_template("index.html.j2")
        .render(
            css=_resource("page.css"),
            heads=heads + (["F1", "F1 per type"] if gold else []),
            rows=view,
            gold=gold,
            reviews=len({review_of(p.doc) for p, _ in rows}),
        )
    )


# -- files ------------------------------------------------------------------------------------


def _json_files(paths: list[Path]) -> list[tuple[Path, bool]]:
    out: list[tuple[Path, bool]] = []
    for p in paths:
        if p.is_dir() and not p.name.endswith(".json"):  # a folder named x.json is named as a file: refused
            out.extend(
                (f, False) for f in sorted(p.glob("*.json")) if not f.name.startswith(("_", ".")) and f.is_file()
            )
        else:
            out.append((p, True))
    return out


class Written(list[Path]):
    """The pages written (index last), with what was skipped and why in `warnings`."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []


def _load_all(paths: list[Path], strict: bool, warnings: list[str]) -> list[tuple[Path, Document]]:
    docs = []
    for f, named in _json_files(paths):
        try:
            docs.append((f, load_document(f)))
        except InputError as e:
            if named or strict:
                raise
            warnings.append(f"skipped {e}")
    return docs


def _gold_for(doc: Document, golds: dict[str, Document], single: Document | None) -> Document | None:
    """The gold of a document: one named alone, else the gold of its doc_id or of its review (another rendition)."""
    if single is not None:
        return single
    if doc.doc_id in golds:
        return golds[doc.doc_id]
    mine = review_of(doc)
    return next((g for _, g in sorted(golds.items()) if review_of(g) == mine), None)


INDEX = "index.html"


def page_name(doc_id: str) -> str:
    """`<doc_id>.html`; a document whose id is "index" gets `index.doc.html` (a dot no doc_id has)."""
    return f"{doc_id}.doc.html" if f"{doc_id}.html" == INDEX else f"{doc_id}.html"


def _inside(out_dir: Path, name: str) -> Path:
    """`out_dir/name`, refused unless it stays in `out_dir` (doc_ids are slugs, but the JSON is untrusted)."""
    path = out_dir / name
    if "/" in name or "\\" in name or name.startswith(".") or path.resolve().parent != out_dir.resolve():
        raise InputError(name, f"output name would leave the output folder {out_dir}")
    return path


def write_pages(
    paths: str | Path | Iterable[str | Path],
    out_dir: str | Path,
    gold: str | Path | None = None,
    page_images: bool = False,
) -> Written:
    """Write `out_dir/<doc_id>.html` per document and `out_dir/index.html`; return the paths written
    (with the files skipped, and why, in `.warnings`)."""
    out_dir = Path(out_dir)
    from .emit import writable_folder

    paths_: list[Path] = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    written = Written()
    docs = _load_all(paths_, strict=False, warnings=written.warnings)
    writable_folder(out_dir)
    golds: dict[str, Document] = {}
    single: Document | None = None
    if gold is not None:
        gold = Path(gold)
        gdocs = _load_all([gold], strict=False, warnings=written.warnings)
        golds = {d.doc_id: d for _, d in gdocs}
        if not gold.is_dir() and len(docs) == 1 and gdocs:
            single = gdocs[0][1]  # one file against one file, whatever their doc_ids
    rows: list[tuple[Page, str]] = []
    seen: set[str] = set()
    for f, doc in sorted(docs, key=lambda x: (x[1].doc_id, str(x[0]))):
        if doc.doc_id in seen:
            written.warnings.append(f"skipped {f}: another file already gave doc_id {doc.doc_id}")
            continue
        seen.add(doc.doc_id)
        page = build(doc, _gold_for(doc, golds, single) if gold is not None else None)
        path = _inside(out_dir, page_name(doc.doc_id))
        atomic_write(path, page_html(page, f, page_images))
        written.append(path)
        rows.append((page, path.name))
    index = out_dir / INDEX
    atomic_write(index, index_html(rows))
    written.append(index)
    return written
