"""Lines in reading order -> front matter, section tree, references and removed content.

The stage order: furniture out of the stream, front matter (what stands before the
title is a neighbouring article), the reference list (what follows it is one too),
body blocks, stray blocks inside the body, levels, then the tree with its text units.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import frontmatter, tables
from .articles import body_size
from .articles import choose as choose_article
from .citations import CITATION_RE, citations_in
from .figure_text import figure_regions, is_table_label
from .furniture import split_furniture
from .joining import document_vocabulary, join_lines
from .lines import Line, UnitText
from .models import Bilingual, Figure, Metadata, Note, Paragraph, Reference, Removed, Section, Table
from .notes import split_notes, starts_back_matter
from .references import cites_itself, find_references, opens_citation, parse_references
from .resources import stray_rules, structure_cues
from .sections import Block, assign_levels, blocks
from .sentences import ends_sentence
from .strays import StrayVerdict, is_stray, key_terms, score_blocks, stopwords


@dataclass
class Structured:
    lines: list[Line]
    metadata: Metadata
    abstract: Bilingual
    sections: list[Section]
    references: list[Reference]
    removed: list[Removed]
    units: dict[str, UnitText] = field(default_factory=dict)
    # section title each paragraph stands under, nearest first (drug classes come from here)
    headings_of: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # a title with an author line or an abstract/keyword label under it was found
    title_block: bool = False
    abstract_label_seen: bool = False
    # characters of the other articles cut off before the stream was built (articles.choose)
    cut_chars: int = 0
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


def _removed_block(lines: list[Line], rule: str, reason: str = "adjacent_article") -> list[Removed]:
    """One entry per page of a contiguous block (a block may run over a page break)."""
    out: list[Removed] = []
    by_page: dict[int | None, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, group in by_page.items():
        text = join_lines(group).text
        if text:
            out.append(Removed(reason=reason, text=text, page=page, rule=rule))  # type: ignore[arg-type]
    return out


# a PDF line this much larger than the body text, followed by a name line, is another article's title
NEW_TITLE_SIZE_RATIO = 1.25
# stray signals that only tell a block's position; in a PDF they do not outweigh a layout that
# continues the body's (same face and size, in the column flow, not boxed)
WEAK_STRAY_SIGNALS = frozenset({"tail_position", "between_sections"})


def _body_face(lines: list[Line]) -> tuple[str | None, float | None]:
    c: Counter[tuple[str | None, float | None]] = Counter()
    for line in lines:
        if line.size is not None:
            c[(line.font, round(line.size, 1))] += len(line.text)
    return c.most_common(1)[0][0] if c else (None, None)


def _layout_continues(b: Block, v: StrayVerdict | None, face: tuple[str | None, float | None]) -> bool:
    """PDF: a block set like the body, whose only structural stray signals are positional, is body."""
    if v is None or face[1] is None or not b.lines or any(ln.size is None or ln.boxed for ln in b.lines):
        return False
    structural = set(v.signals) & set(stray_rules().structural_signals)
    if not structural <= WEAK_STRAY_SIGNALS:
        return False
    return all(ln.font == face[0] and abs((ln.size or 0) - (face[1] or 0)) < 0.3 for ln in b.lines)


def _next_article_start(lines: list[Line], start: int, end: int) -> int | None:
    """PDF: a title set well above the body size with a name line under it starts another article.

    An article-type label printed just above that title (a short line in another size) goes with it.
    """
    sizes: Counter[float] = Counter()
    for line in lines[start:end]:
        if line.size is not None:
            sizes[round(line.size, 1)] += len(line.text)
    if not sizes:
        return None
    body = sizes.most_common(1)[0][0]
    for i in range(start, end):
        line = lines[i]
        if line.size is None or line.size < NEW_TITLE_SIZE_RATIO * body:
            continue
        names = range(i + 1, min(end, i + 1 + frontmatter.MAX_TITLE_LINES))
        if not any(frontmatter.parse_cjk_authors(lines[j].text) for j in names):
            continue
        k = i
        prev = lines[k - 1] if k - 1 >= start else None
        if (
            prev is not None
            and prev.page == line.page
            and prev.size is not None
            and abs(prev.size - body) > 0.3
            and prev.fill < 0.5
            and not ends_sentence(prev.text)
        ):
            k -= 1
        return k
    return None


def _one_article(lines: list[Line], removed: list[Removed]) -> tuple[list[Line], list[Removed], list[str]]:
    """PDF without abstract or keyword labels: keep the article whose title stands in the file
    (the one with most pages when there are several); the rest is removed with its rule."""
    if not any(line.size is not None for line in lines) or frontmatter.find_anchors(lines).found:
        return lines, removed, []
    choice = choose_article(lines)
    if choice is None or (choice.start == 0 and choice.end == len(lines)):
        return lines, removed, []
    removed = list(removed)
    if choice.start:
        removed += _removed_block(lines[: choice.start], "strays.before_title")
    if choice.end < len(lines):
        removed += _removed_block(lines[choice.end :], "strays.next_article_title")
    return lines[choice.start : choice.end], removed, choice.warnings


def _without_figure_text(body: list[Line], removed: list[Removed], taken: set[int]) -> tuple[list[Line], list[Removed]]:
    """The text drawn inside figures (PDF) leaves the body; reported in `removed`. Regions are found
    with the captions in place (they anchor them); lines already `taken` by a table or a figure
    caption (Line.index) are not reported twice."""
    regions = figure_regions(body, body_size(body))
    drop = {k for a, b in regions for k in range(a, b)}
    for a, b in regions:
        rule = "tables.table_text" if is_table_label(body[a].text) else "figures.figure_text"
        rest = [ln for ln in body[a:b] if ln.index not in taken]
        if rest:
            removed = removed + _removed_block(rest, rule, reason="other")
    return [ln for k, ln in enumerate(body) if k not in drop and ln.index not in taken], removed


def _without_back_matter(blks: list[Block]) -> tuple[list[Block], list[Line]]:
    """Statements after the body (利益冲突声明, 作者贡献说明 ...), as headings with their text or as
    paragraphs opening with the label: out of the body, their lines returned."""
    keep: list[Block] = []
    back: list[Line] = []
    in_statement = False
    for b in blks:
        head = (b.title if b.kind == "heading" else b.lines[0].text if b.lines else "") or ""
        if b.kind == "heading":
            in_statement = starts_back_matter(head)
        if in_statement or (b.kind == "para" and starts_back_matter(head)):
            back += [ln for ln in b.lines if all(ln is not x for x in back)]
            continue
        keep.append(b)
    return keep, back


def _notes(lines: list[Line], fm: frontmatter.FrontMatter, removed: list[Removed], back: list[Line]) -> list[Note]:
    """metadata.notes from footnotes (those on the title's page first), classification lines in the
    front matter and back-matter statements; the first note of each kind is kept."""
    title_page = lines[fm.title_start].page if fm.title_start < len(lines) else None
    foot = [r for r in removed if r.reason == "footnote" and r.rule != "backmatter.statement"]
    foot.sort(key=lambda r: r.page != title_page)
    texts = [r.text for r in foot]
    cues = structure_cues().classification_cues
    texts += [lines[i].text for i in sorted(fm.used) if i < fm.body_start and any(c in lines[i].text for c in cues)]
    texts += [join_lines(back).text] if back else []
    out: list[Note] = []
    for t in texts:
        out += [n for n in split_notes(t) if all(n.kind != o.kind for o in out)]
    return out


def _signature(lines: list[Line], fm: frontmatter.FrontMatter, meta: Metadata, body_end: int) -> list[Removed]:
    """A letter signed at its end: authors and address from the signature block, its notes removed."""
    sig = frontmatter.read_signature(lines, fm.body_start, body_end)
    if sig is None or not sig.authors:
        return []
    for a in sig.authors:
        a.affiliations = [sig.affiliations[0].id] if sig.affiliations else []
    meta.authors, meta.affiliations = sig.authors, sig.affiliations
    meta.doi = sig.doi or meta.doi  # the letter's own DOI stands in its notes
    fm.used.update(sig.used + sig.notes)
    return _removed_block([lines[i] for i in sig.notes], "frontmatter.signature_notes", reason="footnote")


def _metadata_from_furniture(meta: Metadata, removed: list[Removed]) -> None:
    """A running header names the journal and year; a footnote may carry the DOI."""
    for r in removed:
        if r.reason == "running_header":
            name, year = frontmatter.journal_line(r.text)
            if name and year:
                meta.journal, meta.year = name, year
                break
    if meta.article_type is None:
        # a journal that prints the column only in its running header ("Letters to the Editor")
        kinds = (frontmatter.article_type_of(r.text) for r in removed if r.reason == "running_header")
        meta.article_type = next((k for k in kinds if k), None)
    if meta.doi is None:
        for r in removed:
            if r.reason == "adjacent_article":
                continue  # another article's DOI
            doi = frontmatter.doi_in(r.text)
            if doi:
                meta.doi = doi
                break


def build(all_lines: list[Line], furniture: list[Removed] | None = None) -> Structured:
    lines, removed = split_furniture(all_lines)
    removed = list(furniture or []) + removed
    n_all = sum(len("".join(ln.text.split())) for ln in lines)
    lines, removed, warnings = _one_article(lines, removed)
    cut_chars = n_all - sum(len("".join(ln.text.split())) for ln in lines)
    for k, line in enumerate(lines):
        line.index = k
    vocab = document_vocabulary(lines)
    fm = frontmatter.parse(lines, vocab)
    meta = _metadata(fm)
    units = _front_units(fm)
    _metadata_from_furniture(meta, removed)
    removed += _before_title(lines, fm)
    ref_first, ref_end, ref_label = find_references(lines, fm.body_start)
    references = parse_references(lines, ref_first, ref_end)
    after = lines[ref_end:] if ref_first < len(lines) else []
    body_end = _body_end(lines, fm, meta, ref_label if ref_label is not None else ref_first, removed)
    body_lines = [lines[i] for i in range(fm.body_start, body_end) if i not in fm.used]
    # tables and figure captions first: their lines never become headings or paragraphs
    found = tables.find(body_lines)
    units.update(found.units)
    body_lines, removed = _without_figure_text(body_lines, removed, found.used)

    blks, back = _without_back_matter(split_on_citation_restart(blocks(body_lines), vocab))
    if back:
        removed += _removed_block(back, "backmatter.statement", reason="footnote")
    meta.notes = _notes(lines, fm, removed, back)
    texts = [b.unit(vocab).text if b.kind == "para" else "" for b in blks]
    core, key = _core_and_key(meta, fm)
    blks, texts, removed = _drop_self_citation(
        blks, texts, [t for t in (meta.title.zh, meta.title.en) if t], removed, vocab
    )
    kept, strays = _without_strays(blks, texts, core, key, _body_face(body_lines))
    removed += strays
    if after:
        removed += _removed_block(after, "strays.after_references")
    assign_levels(kept)
    sections, headings_of = _tree(kept, vocab, units)
    return Structured(
        lines=lines,
        metadata=meta,
        abstract=Bilingual(
            zh=units["abstract.zh"].text if "abstract.zh" in units else None,
            en=units["abstract.en"].text if "abstract.en" in units else None,
        ),
        sections=sections,
        references=references,
        removed=removed,
        units=units,
        headings_of=headings_of,
        warnings=warnings + found.warnings,
        cut_chars=cut_chars,
        title_block=bool(fm.title_zh or fm.title_en) and bool(meta.authors or fm.anchors_seen),
        abstract_label_seen=fm.abstract_label_seen,
        tables=found.tables,
        figures=found.figures,
    )


def _before_title(lines: list[Line], fm: frontmatter.FrontMatter) -> list[Removed]:
    """Banners over the title block, and what precedes it on its page (the previous article's end)."""
    out = [
        Removed(reason="running_header", text=lines[i].text, page=lines[i].page, rule="frontmatter.banner")
        for i in fm.banners
    ]
    before = [lines[i] for i in range(0, fm.title_start) if i not in fm.used]
    return out + (_removed_block(before, "strays.before_title") if before else [])


def _body_end(
    lines: list[Line], fm: frontmatter.FrontMatter, meta: Metadata, body_end: int, removed: list[Removed]
) -> int:
    """Where the body ends: before the references, the next article's title block, or the letter's
    signature (authors read from it when the title block had none); what is cut goes to `removed`."""
    nxt = _next_article_start(lines, fm.body_start, body_end)
    if nxt is not None:
        removed += _removed_block(
            [lines[i] for i in range(nxt, body_end) if i not in fm.used], "strays.next_article_title"
        )
        body_end = nxt
    if not fm.authors:
        removed += _signature(lines, fm, meta, body_end)
    return body_end


def _metadata(fm: frontmatter.FrontMatter) -> Metadata:
    return Metadata(
        title=Bilingual(zh=fm.title_zh.text if fm.title_zh else None, en=fm.title_en.text if fm.title_en else None),
        authors=fm.authors,
        affiliations=fm.affiliations,
        keywords=fm.keywords,
        journal=fm.journal,
        year=fm.year,
        doi=fm.doi,
        article_type=fm.article_type,
    )


def _front_units(fm: frontmatter.FrontMatter) -> dict[str, UnitText]:
    """The text units of the front matter (titles, abstracts) that entities ground to."""
    pairs = (
        ("title.zh", fm.title_zh),
        ("title.en", fm.title_en),
        ("abstract.zh", fm.abstract_zh),
        ("abstract.en", fm.abstract_en),
    )
    return {k: u for k, u in pairs if u}


def _core_and_key(meta: Metadata, fm: frontmatter.FrontMatter) -> tuple[str, set[str]]:
    """What the article is about (titles, abstracts, keywords) and its key terms, for stray scoring."""
    core = " ".join(
        filter(
            None,
            [
                meta.title.zh,
                meta.title.en,
                fm.abstract_zh.text if fm.abstract_zh else "",
                fm.abstract_en.text if fm.abstract_en else "",
                " ".join(fm.keywords.zh),
                " ".join(fm.keywords.en),
            ],
        )
    )
    key = key_terms(
        " ".join(filter(None, [meta.title.zh, meta.title.en])),
        " ".join(fm.keywords.zh + fm.keywords.en),
        core,
        stopwords(),
    )
    return core, key


def _without_strays(
    blks: list[Block], texts: list[str], core: str, key: set[str], body_face: tuple[str | None, float | None]
) -> tuple[list[Block], list[Removed]]:
    """Blocks scored as neighbouring text leave the body; consecutive ones are one removed entry."""
    verdicts = score_blocks(blks, texts, core, key)
    if all(is_stray(v) for b, v in zip(blks, verdicts) if b.kind == "para"):
        verdicts = [None] * len(blks)  # a body is never all neighbouring text: keep it whole
    kept: list[Block] = []
    removed: list[Removed] = []
    run: list[Line] = []
    run_rule = ""
    for b, v in zip(blks, verdicts):
        if is_stray(v) and not _layout_continues(b, v, body_face):
            assert v is not None
            run_rule = run_rule or v.rule
            run.extend(b.lines)
            continue
        if run:
            removed += _removed_block(run, run_rule)
            run, run_rule = [], ""
        kept.append(b)
    if run:
        removed += _removed_block(run, run_rule)
    return kept, removed


def _drop_self_citation(
    blks: list[Block], texts: list[str], titles: list[str], removed: list[Removed], vocab: set[str]
) -> tuple[list[Block], list[str], list[Removed]]:
    """The "cite this article" block printing the article's own reference is no body text; where
    it is glued to the last paragraph, it begins at the line that opens with a cite cue."""
    out_b: list[Block] = []
    out_t: list[str] = []
    after_cite = False
    for b, t in zip(blks, texts):
        if b.kind != "para":
            out_b.append(b)
            out_t.append(t)
            after_cite = False
            continue
        cut = (
            0 if cites_itself(t, titles) else next((k for k, ln in enumerate(b.lines) if opens_citation(ln.text)), None)
        )
        if cut is None and after_cite and not any(ch.isalpha() for ch in t):
            cut = 0  # the citation's volume and pages ("2010，4（2）：251-255.") set apart as a block of their own
        after_cite = cut is not None
        if cut is None:
            out_b.append(b)
            out_t.append(t)
            continue
        removed = removed + _removed_block(b.lines[cut:], "strays.cite_this_article", reason="other")
        if cut:
            head = Block("para", b.lines[:cut], b.starts[:cut])
            out_b.append(head)
            out_t.append(head.unit(vocab).text)
    return out_b, out_t, removed


def split_on_citation_restart(blks: list[Block], vocab: set[str]) -> list[Block]:
    """A paragraph whose last sentences restart the citation numbering ([1], [2] after [18]) has
    another article's text glued to it across a lost paragraph break: cut it there, so the stray
    signals can judge that part alone."""
    from .strays import restarts

    rules = stray_rules()
    out: list[Block] = []
    running = 0
    for b in blks:
        if b.kind != "para" or len(b.lines) < 2:
            out.append(b)
            if b.kind == "para":
                running = max([running, *citations_in(b.unit(vocab).text)])
            continue
        cut = None
        has_marker = [CITATION_RE.search(ln.text) is not None for ln in b.lines]
        for k in range(1, len(b.lines)):
            # only a sentence end followed by more citation markers can start a restart
            if not ends_sentence(b.lines[k - 1].text) or not any(has_marker[k:]):
                continue
            head = Block("para", b.lines[:k], b.starts[:k])
            tail = Block("para", b.lines[k:], b.starts[k:])
            head_cites = citations_in(head.unit(vocab).text)
            if restarts(citations_in(tail.unit(vocab).text), max([running, *head_cites]), rules.citation_drop_ratio):
                cut = (head, tail)
                break
        if cut:
            out.extend(cut)
            running = max([running, *citations_in(cut[0].unit(vocab).text)])
        else:
            out.append(b)
            running = max([running, *citations_in(b.unit(vocab).text)])
    return out


def _tree(blks: list[Block], vocab: set[str], units: dict[str, UnitText]) -> tuple[list[Section], dict[str, list[str]]]:
    roots: list[Section] = []
    stack: list[Section] = []
    sid = 0
    pid = 0
    headings_of: dict[str, list[str]] = {}

    def new_section(number: str | None, title: str | None, level: int, runin: bool) -> Section:
        nonlocal sid
        sid += 1
        return Section(id=f"s{sid}", number=number, title=title, level=level, runin=runin)

    for b in blks:
        if b.kind == "heading":
            level = max(1, b.level)
            sec = new_section(b.number, b.title, level, b.runin)
            while stack and stack[-1].level >= level:
                stack.pop()
            if stack:
                # a level may be skipped (a 1.1.1 under a 1): keep the depth the tree gives
                sec.level = stack[-1].level + 1
                stack[-1].sections.append(sec)
            else:
                sec.level = 1
                roots.append(sec)
            stack.append(sec)
            continue
        u = b.unit(vocab)
        if not u.text:
            continue
        if not stack:
            sec = new_section(None, None, 1, False)
            roots.append(sec)
            stack.append(sec)
        pid += 1
        key = f"p{pid}"
        units[key] = u
        pages = sorted({ln.page for ln in b.lines if ln.page})
        stack[-1].paragraphs.append(
            Paragraph(id=key, text=u.text, citations=citations_in(u.text), page=pages[0] if pages else None)
        )
        headings_of[key] = [s.title for s in reversed(stack) if s.title]
    return roots, headings_of
