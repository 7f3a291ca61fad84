"""`reviewx show`: one self-contained HTML review page per extraction, and an index page.

A page shows the review as a reader sees it (titles, authors, abstracts, the section
tree) with every entity mention highlighted by type, tables of the entities, the removed
content apart from the text and, given a gold file, the scores and the differences.
Everything is inline (CSS and JS from `resources/show/`); text, tables and links work
without JavaScript. Output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from .emit import atomic_write
from .entities import unit_texts
from .errors import InputError
from .evaluate import ENTITY_TYPES, DocReport, compare
from .models import Document, Dose, Drug, Mention, Number, Section, Trial
from .resources import ROOT as RESOURCES
from .schema import load_document

SHOW = RESOURCES / "show"
TYPES = ("trial", "drug", "dose", "number")  # outer to inner when spans coincide
PLURAL = dict(zip(TYPES, ("trials", "drugs", "doses", "numbers")))
LABEL = {"drug": "Drug", "trial": "Trial", "dose": "Dose", "number": "Number"}
PAGE_RESOLUTION = 100
BOX_COLOURS = {"drug": (27, 127, 59), "trial": (122, 61, 184), "dose": (199, 106, 0), "number": (31, 95, 191)}


def esc(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


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


def nest(spans: list[Span]) -> list[tuple[Span, list]]:
    """Spans as a forest: a span crossing the end of an earlier one is cut in two there."""
    out: list[tuple[Span, list]] = []
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


def render_text(text: str, spans: list[Span]) -> str:
    parts: list[str] = []

    def emit(forest: list[tuple[Span, list]], lo: int, hi: int) -> None:
        pos = lo
        for s, kids in forest:
            parts.append(esc(text[pos : s.start]))
            attrs = dict(s.attrs)
            cls = s.classes
            if s.cont:
                attrs = {k: v for k, v in attrs.items() if k in ("title", "data-e")}
                cls += " cont"
            parts.append(f'<span class="{cls}"' + "".join(f' {k}="{esc(v)}"' for k, v in attrs.items()) + ">")
            emit(kids, s.start, s.end)
            parts.append("</span>")
            pos = s.end
        parts.append(esc(text[pos:hi]))

    emit(nest(spans), 0, len(text))
    return "".join(parts)


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

    def entities(self, etype: str) -> list:
        return getattr(self.doc.entities, PLURAL[etype])

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
        page.report = compare(gold, doc)
        spurious = Counter(d.path for d in page.report.differences if d.kind == "spurious")
        missed = Counter(d.path for d in page.report.differences if d.kind == "missed")
        for etype in TYPES:
            for i, e in enumerate(page.entities(etype)):
                if spurious[_path(etype, e)] > 0:
                    spurious[_path(etype, e)] -= 1
                    page.spurious.add((etype, i))
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
    return page


# -- HTML -------------------------------------------------------------------------------------


def _resource(name: str) -> str:
    return (SHOW / name).read_text(encoding="utf-8")


def unit_html(page: Page, unit: str) -> str:
    return render_text(page.texts.get(unit, ""), page.spans.get(unit, []))


def _link(page: Page, etype: str, i: int, label: str) -> str:
    a = page.first.get((etype, i))
    return f'<a href="#{esc(a)}">{esc(label)}</a>' if a else esc(label)


def _row(page: Page, etype: str, i: int, cells: list[str]) -> str:
    a = page.first.get((etype, i))
    cls = ' class="spurious-row"' if (etype, i) in page.spurious else ""
    href = f' data-href="#{esc(a)}"' if a else ""
    return (
        f'<tr id="row-{etype}-{i}"{cls}{href} data-e="{etype}:{i}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
    )


def _table(caption: str, heads: list[str], rows: list[str], tid: str) -> str:
    if not rows:
        return f'<section class="panel-part" id="{tid}"><h2>{esc(caption)} <span class="n">0</span></h2><p class="none">none</p></section>'
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
    return (
        f'<section class="panel-part" id="{tid}"><details open><summary><h2>{esc(caption)} '
        f'<span class="n">{len(rows)}</span></h2></summary><div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></details></section>"
    )


def drug_table(page: Page) -> str:
    rows = []
    for i, d in enumerate(page.doc.entities.drugs):
        rows.append(
            _row(
                page,
                "drug",
                i,
                [
                    _link(page, "drug", i, d.name_zh or d.name_en or d.id),
                    esc(d.name_en),
                    esc(d.drug_class),
                    f'<span class="st st-{esc(d.status)}">{esc(d.status)}</span>',
                    f'<span class="num">{len(d.mentions)}</span>',
                ],
            )
        )
    return _table("Drugs", ["中文", "INN", "class", "status", "mentions"], rows, "t-drugs")


def trial_table(page: Page) -> str:
    names = {d.id: d.name_zh or d.name_en or d.id for d in page.doc.entities.drugs}
    rows = []
    for i, t in enumerate(page.doc.entities.trials):
        arms = "<br>".join(esc(f"{a.label} ({a.role}{', n=' + str(a.n) if a.n is not None else ''})") for a in t.arms)
        res = "<br>".join(esc(_result(r)) for r in t.results[:4])
        drugs = "、".join(names.get(x, x) for x in t.drugs) or "—"
        rows.append(
            _row(
                page,
                "trial",
                i,
                [
                    _link(page, "trial", i, t.id),
                    esc(drugs),
                    esc(t.phase or "—"),
                    f'<span class="num">{esc(fmt(t.n_enrolled) or "—")}</span>',
                    arms or "—",
                    f'<span class="oc oc-{esc(t.outcome)}">{esc(t.outcome)}</span>',
                    res or "—",
                ],
            )
        )
    return _table("Trials", ["id", "drugs", "phase", "n", "arms", "outcome", "key results"], rows, "t-trials")


def _result(r) -> str:  # type: ignore[no-untyped-def]
    bits = [r.measure or "", fmt(r.value)]
    if r.ci_low is not None or r.ci_high is not None:
        bits.append(f"CI {fmt(r.ci_low)}–{fmt(r.ci_high)}")
    if r.p_value is not None:
        bits.append(f"P{r.p_comparator or '='}{fmt(r.p_value)}")
    return " ".join(b for b in bits if b)


def dose_table(page: Page) -> str:
    rows = []
    for i, d in enumerate(page.doc.entities.doses):
        rows.append(
            _row(
                page,
                "dose",
                i,
                [
                    _link(page, "dose", i, d.id),
                    esc(d.drug or "—"),
                    f'<span class="num">{esc(_range(d.value, d.value_max))}</span>',
                    esc(d.unit),
                    esc(_freq(d) or "—"),
                    esc(d.route or "—"),
                ],
            )
        )
    return _table("Doses", ["id", "drug", "value", "UCUM", "frequency", "route"], rows, "t-doses")


def number_table(page: Page) -> str:
    rows = []
    for i, n in enumerate(page.doc.entities.numbers):
        val = ("~" if n.approx else "") + (n.comparator or "") + _range(n.value, n.value_max)
        rows.append(
            _row(
                page,
                "number",
                i,
                [
                    _link(page, "number", i, n.text),
                    esc(n.kind),
                    f'<span class="num">{esc(val)}</span>',
                    esc(n.unit or ""),
                ],
            )
        )
    out = _table("Numbers", ["text", "kind", "value", "unit"], rows, "t-numbers")
    return out.replace("<details open>", "<details>", 1)


def outline(sections: list[Section]) -> str:
    if not sections:
        return ""
    items = []
    for s in sections:
        label = " ".join(x for x in (s.number and f"{s.number}.", s.title) if x) or "(untitled)"
        items.append(f'<li><a href="#sec-{esc(s.id)}">{esc(label)}</a>{outline(s.sections)}</li>')
    return "<ol>" + "".join(items) + "</ol>"


def section_html(page: Page, s: Section) -> str:
    h = min(s.level + 1, 6)
    label = "".join([f'<span class="secno">{esc(s.number)}.</span> ' if s.number else "", esc(s.title or "")])
    out = [f'<section id="sec-{esc(s.id)}" class="lvl{s.level}{" runin" if s.runin else ""}">']
    if s.title or s.number:
        out.append(f"<h{h}>{label}</h{h}>")
    for p in s.paragraphs:
        pg = f" · page {p.page}" if p.page else ""
        out.append(
            f'<p id="{esc(_unit_anchor(p.id))}" class="para"><a class="unit" href="#{esc(_unit_anchor(p.id))}" '
            f'title="text unit {esc(p.id)}{pg}">{esc(p.id)}</a>{unit_html(page, p.id)}</p>'
        )
    out.extend(section_html(page, c) for c in s.sections)
    out.append("</section>")
    return "".join(out)


def front_html(page: Page) -> str:
    doc, md = page.doc, page.doc.metadata
    out = ['<header class="front">']
    out.append(
        '<p class="crumbs"><a href="index.html">All documents</a> · '
        f"<code>{esc(doc.doc_id)}</code> · {esc(doc.source.format)} <code>{esc(doc.source.path)}</code>"
        f"{f' · {doc.source.pages} pages' if doc.source.pages else ''} · reviewx {esc(doc.pipeline.version)}</p>"
    )
    out.append(
        '<h1 id="u-title-zh" lang="zh-Hans">'
        + (unit_html(page, "title.zh") if md.title.zh else esc(doc.doc_id))
        + "</h1>"
    )
    if md.title.en:
        out.append(f'<p id="u-title-en" class="title-en" lang="en">{unit_html(page, "title.en")}</p>')
    if md.authors:
        names = []
        for a in md.authors:
            sup = ",".join(str(x) for x in a.affiliations)
            names.append(
                esc(a.name) + (f" ({esc(a.name_en)})" if a.name_en else "") + (f"<sup>{esc(sup)}</sup>" if sup else "")
            )
        out.append('<p class="authors">' + "，".join(names) + "</p>")
    if md.affiliations:
        out.append(
            '<ol class="affils">'
            + "".join(f'<li value="{esc(a.id)}">{esc(a.text)}</li>' for a in md.affiliations)
            + "</ol>"
        )
    facts = [(k, v) for k, v in (("journal", md.journal), ("year", md.year), ("DOI", md.doi)) if v]
    if facts:
        out.append('<p class="facts">' + " · ".join(f"{k}: {esc(v)}" for k, v in facts) + "</p>")
    out.append("</header>")
    return "".join(out)


def abstract_html(page: Page) -> str:
    doc, md = page.doc, page.doc.metadata
    out = []
    for lang, unit, head, kw in (
        ("zh-Hans", "abstract.zh", "摘要", md.keywords.zh),
        ("en", "abstract.en", "Abstract", md.keywords.en),
    ):
        if unit not in page.texts and not kw:
            continue
        out.append(f'<div class="abstract" lang="{lang}"><h2>{head}</h2>')
        if unit in page.texts:
            out.append(f'<p id="{esc(_unit_anchor(unit))}">{unit_html(page, unit)}</p>')
        if kw:
            out.append(f'<p class="kw"><b>{"关键词" if lang != "en" else "Keywords"}:</b> {esc("; ".join(kw))}</p>')
        out.append("</div>")
    _ = doc
    return f'<section id="abstract" class="abstracts">{"".join(out)}</section>' if out else ""


def legend_html(page: Page) -> str:
    c = page.counts()
    items = "".join(
        f'<label class="lg"><input type="checkbox" id="show-{t}" checked> <span class="sw m-{t}">{LABEL[t]}</span> '
        f'<span class="n">{c[t]}</span></label>'
        for t in TYPES
    )
    extra = ""
    if page.report is not None:
        extra = (
            '<span class="lg"><span class="sw missed">missed</span></span>'
            '<span class="lg"><span class="sw spurious m-drug">spurious</span></span>'
        )
    return f'<div class="legend" role="group" aria-label="Highlight types">{items}{extra}</div>'


def scores_html(page: Page) -> str:
    rep = page.report
    if rep is None:
        return ""
    rows = []
    for t in ENTITY_TYPES:
        c = rep.entities[t]
        p, r, f = c.prf()
        rows.append(
            f"<tr><th scope=row>{t}</th><td>{c.correct}</td><td>{c.incorrect}</td><td>{c.partial}</td>"
            f"<td>{c.missed}</td><td>{c.spurious}</td><td>{p:.3f}</td><td>{r:.3f}</td>"
            f'<td class="f1">{f:.3f}</td></tr>'
        )
    st = rep.structure
    extra = (
        f'<p class="small">overall F1 <b>{rep.f1():.3f}</b> · headings F1 {st.get("headings_f1", 0):.3f} · '
        f"body similarity {st.get('body_similarity', 0):.3f} · paragraphs {st.get('paragraphs_ours')}/{st.get('paragraphs_gold')} "
        f"· leaked strays {rep.leaked_strays} · gold <code>{esc(page.gold.doc_id if page.gold else '')}</code></p>"
    )
    return (
        '<section class="scores" id="scores" aria-label="Scores against gold"><h2>Against gold</h2><table><thead><tr>'
        "<th>type</th><th>correct</th><th>incorrect</th><th>partial</th><th>missed</th><th>spurious</th>"
        f"<th>P</th><th>R</th><th>F1</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{extra}</section>"
    )


def gold_panel(page: Page) -> str:
    rep = page.report
    if rep is None:
        return ""
    items = []
    for etype, g, anchor in page.missed:
        label = (
            g.name_zh or g.name_en or g.id
            if isinstance(g, Drug)
            else (g.text if isinstance(g, Number) else tip(etype, g).split("\n")[0])
        )
        where = f' <a href="#{esc(anchor)}">in text</a>' if anchor else ' <span class="small">(not placed)</span>'
        items.append(
            f'<li class="missed-item missed-{etype}" title="{esc(tip(etype, g))}"><span class="tag">{etype}</span> {esc(label)}{where}</li>'
        )
    missed = ('<ul class="missed-list">' + "".join(items) + "</ul>") if items else '<p class="none">none</p>'
    diffs = "".join(
        f'<tr class="d-{esc(d.kind)}"><td>{esc(d.kind)}</td><td><code>{esc(d.path)}</code></td>'
        f"<td>{esc(_short(d.gold))}</td><td>{esc(_short(d.ours))}</td></tr>"
        for d in rep.differences
    )
    return (
        f'<section class="panel-part" id="missed"><h2>Missed gold entities <span class="n">{len(items)}</span></h2>{missed}</section>'
        f'<section class="panel-part" id="differences"><details><summary><h2>All differences <span class="n">{len(rep.differences)}</span>'
        '</h2></summary><div class="scroll"><table><thead><tr><th>kind</th><th>path</th><th>gold</th><th>ours</th></tr></thead>'
        f"<tbody>{diffs}</tbody></table></div></details></section>"
    )


def _short(v: object) -> str:
    s = "" if v is None else str(v)
    return s if len(s) <= 120 else s[:117] + "…"


def removed_html(doc: Document) -> str:
    rows = "".join(
        f'<tr><td><span class="reason">{esc(r.reason)}</span></td><td><code>{esc(r.rule)}</code></td>'
        f'<td class="num">{esc(r.page if r.page is not None else "—")}</td><td class="rtext">{esc(r.text)}</td></tr>'
        for r in doc.removed
    )
    body = (
        f"<table><thead><tr><th>reason</th><th>rule</th><th>page</th><th>text</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else '<p class="none">nothing removed</p>'
    )
    return (
        f'<section id="removed" class="removed" aria-label="Removed content"><h2>Removed <span class="n">{len(doc.removed)}</span></h2>'
        f'<p class="small">Content kept out of the text: headers, page numbers, footnotes, other articles.</p>{body}</section>'
    )


def _value(n: int | None) -> str:
    return f' value="{esc(n)}"' if n is not None else ""


def references_html(doc: Document) -> str:
    if not doc.references:
        return ""
    items = "".join(f"<li{_value(r.number)}>{esc(r.text)}</li>" for r in doc.references)
    return (
        f'<section id="references" class="refs"><details><summary><h2>References <span class="n">{len(doc.references)}</span></h2>'
        f"</summary><ol>{items}</ol></details></section>"
    )


def page_images_html(page: Page, json_path: Path | None) -> str:
    doc = page.doc
    if doc.source.format != "pdf":
        return ""
    src = Path(doc.source.path)
    if not src.is_absolute() and not src.exists() and json_path is not None:
        for base in (json_path.parent, json_path.parent.parent):
            if (base / src).exists():
                src = base / src
                break
    if not src.exists():
        return (
            '<section id="pages"><h2>Pages</h2><p class="none">source PDF not found: '
            + esc(doc.source.path)
            + "</p></section>"
        )
    import pdfplumber

    boxes: dict[int, dict[str, list]] = {}
    for etype in TYPES:
        for e in page.entities(etype):
            for m in e.mentions:
                if m.page:
                    boxes.setdefault(m.page, {}).setdefault(etype, []).extend(m.boxes)
    figs = []
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
            data = base64.b64encode(buf.getvalue()).decode("ascii")
            figs.append(
                f'<figure id="page-{n}"><img alt="page {n} with entity boxes" src="data:image/png;base64,{data}">'
                f"<figcaption>page {n}</figcaption></figure>"
            )
    return f'<section id="pages" class="pages"><h2>Pages</h2>{"".join(figs)}</section>'


def page_html(page: Page, json_path: Path | None = None, page_images: bool = False) -> str:
    doc = page.doc
    title = doc.metadata.title.zh or doc.metadata.title.en or doc.doc_id
    nav = outline(doc.sections)
    unplaced = (
        f'<p class="warn">{page.unplaced} mention(s) could not be placed in the text.</p>' if page.unplaced else ""
    )
    warnings = (
        (
            '<section id="warnings" class="warnings"><h2>Warnings</h2><ul>'
            + "".join(f"<li>{esc(w)}</li>" for w in doc.warnings)
            + "</ul></section>"
        )
        if doc.warnings
        else ""
    )
    body = [
        '<a class="skip" href="#text">Skip to text</a><a class="skip" href="#panel">Skip to tables</a>',
        front_html(page),
        scores_html(page),
        legend_html(page),
        '<div class="layout">',
        f'<nav class="outline" aria-label="Outline"><h2>Contents</h2><ol><li><a href="#abstract">摘要 / Abstract</a></li></ol>{nav}'
        '<ol class="after"><li><a href="#removed">Removed</a></li>'
        + ('<li><a href="#missed">Missed (gold)</a></li>' if page.report else "")
        + ('<li><a href="#pages">Pages</a></li>' if page_images and doc.source.format == "pdf" else "")
        + "</ol></nav>",
        f'<main id="text" tabindex="-1">{unplaced}{abstract_html(page)}<div class="body" lang="zh-Hans">'
        + "".join(section_html(page, s) for s in doc.sections)
        + f"</div>{removed_html(doc)}{references_html(doc)}{warnings}</main>",
        f'<aside id="panel" class="panel" aria-label="Entity tables">{gold_panel(page)}{drug_table(page)}{trial_table(page)}'
        f"{dose_table(page)}{number_table(page)}</aside>",
        "</div>",
        page_images_html(page, json_path) if page_images else "",
        '<div id="inspector" role="status" aria-live="polite" hidden></div>',
    ]
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · reviewx</title>\n<style>\n{_resource('page.css')}</style>\n</head>\n<body>\n"
        + "\n".join(b for b in body if b)
        + f"\n<script>\n{_resource('page.js')}</script>\n</body>\n</html>\n"
    )


def index_html(rows: list[tuple[Page, str]]) -> str:
    gold = any(p.report is not None for p, _ in rows)
    heads = ["document", "title", "source", "drugs", "trials", "doses", "numbers", "removed"] + (
        ["F1", "F1 per type"] if gold else []
    )
    trs = []
    for p, name in rows:
        d, c = p.doc, p.counts()
        title = "".join(
            f'<span lang="{lang}">{esc(t)}</span><br>'
            for lang, t in (("zh-Hans", d.metadata.title.zh), ("en", d.metadata.title.en))
            if t
        )
        cells = [f'<a href="{esc(name)}">{esc(d.doc_id)}</a>', title or "—", esc(d.source.format)]
        cells += [f'<span class="num">{c[t]}</span>' for t in ("drug", "trial", "dose", "number")]
        cells.append(f'<span class="num">{len(d.removed)}</span>')
        if gold:
            if p.report is not None:
                cells.append(f'<b class="num">{p.report.f1():.3f}</b>')
                cells.append(" · ".join(f"{t} {p.report.f1(t):.2f}" for t in ENTITY_TYPES))
            else:
                cells += ["—", "no gold"]
        trs.append("<tr>" + "".join(f"<td>{x}</td>" for x in cells) + "</tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in heads)
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>reviewx · documents</title>\n'
        f'<style>\n{_resource("page.css")}</style>\n</head>\n<body class="index">\n<main id="text">'
        f"<h1>reviewx · {len(rows)} document{'s' if len(rows) != 1 else ''}</h1>"
        f'<table class="index-table"><thead><tr>{head}</tr></thead><tbody>{"".join(trs)}</tbody></table></main>\n</body>\n</html>\n'
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


def _load_all(paths: list[Path], strict: bool) -> list[tuple[Path, Document]]:
    docs = []
    for f, named in _json_files(paths):
        try:
            docs.append((f, load_document(f)))
        except InputError as e:
            if named or strict:
                raise
            print(f"skipped {e}", file=sys.stderr)
    return docs


def _gold_for(doc: Document, golds: dict[str, Document], single: Document | None) -> Document | None:
    if single is not None:
        return single
    for key in (doc.doc_id, re.sub(r"-print$", "", doc.doc_id)):
        if key in golds:
            return golds[key]
    return None


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


def write_pages(paths: list[Path], out_dir: Path, gold: Path | None = None, page_images: bool = False) -> list[Path]:
    """Write `out_dir/<doc_id>.html` per document and `out_dir/index.html`; return the paths written."""
    from .emit import writable_folder

    docs = _load_all(paths, strict=False)
    writable_folder(out_dir)
    golds: dict[str, Document] = {}
    single: Document | None = None
    if gold is not None:
        gdocs = _load_all([gold], strict=False)
        golds = {d.doc_id: d for _, d in gdocs}
        if not gold.is_dir() and len(docs) == 1 and gdocs:
            single = gdocs[0][1]  # one file against one file, whatever their doc_ids
    written: list[Path] = []
    rows: list[tuple[Page, str]] = []
    seen: set[str] = set()
    for f, doc in sorted(docs, key=lambda x: (x[1].doc_id, str(x[0]))):
        if doc.doc_id in seen:
            print(f"skipped {f}: another file already gave doc_id {doc.doc_id}", file=sys.stderr)
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
