"""Body lines into blocks (headings and paragraphs), then into the section tree.

Headings come from the heading grammar in `resources/zh/headings.json`: numbered
styles, numbered items ("1. 名称：正文"), standalone unnumbered headings and run-in
headings. Levels are inferred from the order in which styles first appear, so a
review numbered 一、/（一）/1． and one numbered 1/1.1/1.1.1 both nest correctly.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .citations import CITATION_RE
from .joining import join_lines
from .lines import Line, UnitText
from .resources import HeadingGrammar, HeadingPattern, _json, caption_regex, heading_grammar
from .sentences import ends_sentence
from .text_utils import cjk_share, is_cjk, width
from .units import match_unit

# how many trailing characters make the "head noun" of an unnumbered heading
HEAD_NOUN_CHARS = 2
# an unnumbered standalone heading fills at most this share of a full line
MAX_HEADING_FILL = 0.7


@dataclass
class Block:
    kind: str  # "heading" | "para"
    lines: list[Line] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # char offset into each line
    number: str | None = None
    title: str | None = None
    family: str = ""
    leaf: bool = False
    runin: bool = False
    rule: str = ""
    level: int = 0
    stray: bool = False

    def unit(self, vocabulary: set[str]) -> UnitText:
        return join_lines(self.lines, self.starts, vocabulary)


@dataclass
class HeadingHit:
    number: str | None
    title: str
    family: str
    rule: str
    leaf: bool = False
    runin_rest: int | None = None  # char offset where the run-in text starts


def _clean_title(title: str) -> str:
    return title.strip().rstrip("：:").strip()


def _has_clause(text: str, g: HeadingGrammar) -> bool:
    return any(c in text for c in g.clause_marks)


def match_heading(
    line: Line,
    g: HeadingGrammar,
    body_font: tuple[str | None, float | None],
    weak_runins: bool = False,
    indents_mark_paragraphs: bool = False,
) -> HeadingHit | None:
    text = line.text.strip()
    if not text or CITATION_RE.search(text[:6]):
        return None
    if caption_regex().match(text):
        return None  # a figure or table caption is no heading
    for pat in g.numbered:
        m = pat.regex.match(text)
        if not m:
            continue
        number = _plain_number(m.group("number").replace("．", "."))
        title = m.group("title")
        if "." not in number and starts_with_unit(title):
            continue  # "12 周时……", "3 例患者……": a number with its unit, not a heading number
        if not any(ch.isalpha() for ch in title):
            continue  # "60.7 ±8.6", "0.71 2": numbers of a table row, not a numbered heading
        if re.match(r"0\.\d{2}", number) or title.lstrip()[:1] in "~～":
            continue  # "0.65~0.86，P<0.001）；…": a value or a range running on ("0 引言" is a number)
        # the first pattern whose number and title fit decides: a heading, an item or nothing
        return _numbered(line, text, pat, number, title, g)
    return _unnumbered(line, text, g, weak_runins, indents_mark_paragraphs)


def _numbered(
    line: Line, text: str, pat: HeadingPattern, number: str, title: str, g: HeadingGrammar
) -> HeadingHit | None:
    """A line that opens with a heading number: a run-in lead, a numbered item, a heading, or prose."""
    family = pat.family + (str(number.count(".") + 1) if pat.family == "dotted" else "")
    hit = _numbered_lead(line, text, pat, number, family, g)
    if hit is not None:
        return hit
    item = _numbered_item(text, title, pat, number, family, g)
    if item is not None:
        return item
    if (
        width(title) <= g.max_heading_width
        and not ends_sentence(title)
        and not _has_clause(title, g)
        and not CITATION_RE.search(title)
    ):
        return HeadingHit(number, _clean_title(title), family, pat.id)
    # a numbered line with a bold/heading-face lead is a run-in numbered heading
    lead_len = line.lead_len if line.lead_font and line.lead_len else 0
    if lead_len:
        mm = pat.regex.match(text[:lead_len].strip())
        if mm:
            return HeadingHit(
                number,
                _clean_title(mm.group("title")),
                family,
                pat.id + ".runin",
                runin_rest=_skip_space(text, lead_len),
            )
    return None


def _numbered_item(
    text: str, title: str, pat: HeadingPattern, number: str, family: str, g: HeadingGrammar
) -> HeadingHit | None:
    """A numbered item: "1. 名称：正文" (a short name before an item separator)."""
    for sep in g.item_separators:
        k = title.find(sep)
        if 0 < k and width(title[:k]) <= g.max_item_name_width and not _has_clause(title[:k], g):
            rest = title[k + 1 :].strip()
            off = text.index(title) + k + 1
            while off < len(text) and text[off] in " \u3000":
                off += 1
            return HeadingHit(
                number,
                _clean_title(title[:k]),
                "item:" + family,
                pat.id + ".item",
                leaf=True,
                runin_rest=off if rest else None,
            )
    return None


def _unnumbered(
    line: Line, text: str, g: HeadingGrammar, weak_runins: bool, indents_mark_paragraphs: bool
) -> HeadingHit | None:
    """PDF: a line in the heading face, or a bold lead (run-in); text input: the unnumbered cues."""
    if line.lead_font and 0 < line.lead_len < len(text):
        lead = _clean_title(text[: line.lead_len])
        # a run-in heading introduces running text, not a bracketed label ("groups [x±s,n(%)]")
        rest = text[line.lead_len :]
        prose = any("\u4e00" <= ch <= "\u9fff" for ch in rest) or sum(1 for ch in rest if ch.isalpha()) >= 4
        if lead and prose and width(lead) <= g.max_runin_width and not _has_clause(lead, g):
            return HeadingHit(None, lead, "runin", "heading.runin_font", runin_rest=_skip_space(text, line.lead_len))
    if (
        line.heading_face
        and width(text) <= g.max_heading_width
        and not ends_sentence(text)
        and not _has_clause(text, g)
    ):
        return HeadingHit(None, _clean_title(text), f"plain:{line.font}:{round(line.size or 0)}", "heading.font")
    if line.font is None:
        return _text_unnumbered(line, text, g, weak_runins, indents_mark_paragraphs)
    return None


def _numbered_lead(
    line: Line,
    text: str,
    pat: HeadingPattern,
    number: str,
    family: str,
    g: HeadingGrammar,
) -> HeadingHit | None:
    """A numbered heading run in before its paragraph, set off by another face or a wide gap
    ("1.2 手术方法  局部麻醉下……"); a lead that ends at an item separator is an item's name instead."""
    ends = ([line.lead_len] if line.lead_font and line.lead_len else []) + list(line.lead_gaps)
    for end in ends:
        rest = text[end:].strip()
        if not rest or rest[0] in g.item_separators:
            continue
        mm = pat.regex.match(text[:end].strip())
        if mm and any(sep in mm.group("title") for sep in g.item_separators):
            continue  # "1. 名称：正文 …": the item rule reads it
        # a letter-spaced heading ("结  果") is no lead with a rest: both sides need some length
        if (
            mm
            and len(mm.group("title").strip()) >= 2
            and len(rest) >= 4
            and width(mm.group("title")) <= g.max_heading_width
        ):
            rule = pat.id + (".runin" if end == line.lead_len and line.lead_font else ".runin_gap")
            return HeadingHit(number, _clean_title(mm.group("title")), family, rule, runin_rest=_skip_space(text, end))
    return None


def _plain_number(number: str) -> str:
    """A circled numeral is its number as printed without the circle: "①" -> "1"."""
    if len(number) == 1 and not number.isascii() and unicodedata.category(number) == "No":
        value = unicodedata.numeric(number, -1)
        if value == int(value) and value > 0:
            return str(int(value))
    return number


@cache
def _unit_words() -> tuple[str, ...]:
    v: Any = _json("numbers.json")  # validated against entities.vocab_types.NumbersVocab when read
    words = set(v["count_classifiers"]) | set(v["duration_units"]) | set(v["score_units"]) | {"%", "％"}
    words |= {w for w in v["label_after"] if len(w) <= 2}
    return tuple(sorted(words, key=len, reverse=True))


def starts_with_unit(title: str) -> bool:
    """The words after a number are its unit or classifier ("周", "例", "mg", "个月")."""
    t = title.lstrip()
    if match_unit(" " + t) is not None:
        return True
    return t.startswith(_unit_words()) and not (t[:1].isascii() and t[:1].isalpha() and re.match(r"[A-Za-z]{3,}", t))


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u3000：:":
        i += 1
    return i


# a run-in title followed by Latin text ("卡格列净 CANVAS 研究……") is weaker evidence than one
# followed by Chinese text; it is taken only in documents that have strong run-ins too
MIN_WEAK_RUNIN_CHARS = 3


def _text_unnumbered(
    line: Line, text: str, g: HeadingGrammar, weak_runins: bool = False, indents_mark_paragraphs: bool = False
) -> HeadingHit | None:
    # run-in with a Latin head: "MAO-B 抑制剂 MAO-B 抑制剂通过……"
    m = re.match(
        r"^(?P<title>[A-Za-z][A-Za-z0-9\-]{1,12} [\u4e00-\u9fff]{2,12})(?P<sep>[ \u3000]+)(?P<rest>\S.*)$", text
    )
    if (
        weak_runins
        and m
        and any(m.group("title").endswith(h) for h in g.runin_heads)
        and not _has_clause(m.group("title"), g)
    ):
        return HeadingHit(None, m.group("title"), "runin", "heading.runin_text_latin_head", runin_rest=m.start("rest"))
    # run-in: "抗氧化治疗药物 氧化应激反应……"
    m = re.match(r"^(?P<title>[^\s\u3000]{2,40})(?P<sep>[ \u3000]+)(?P<rest>\S.*)$", text)
    if m:
        title, rest = m.group("title"), m.group("rest")
        ok_title = (
            width(title) <= g.max_runin_width
            and cjk_share(title) >= 0.6
            and not _has_clause(title, g)
            and not any(s in title for s in g.item_separators)
            and not CITATION_RE.search(title)
            and not re.search(r"[()（）\[\]【】“”\"]", title)
        )
        starts_text = is_cjk(rest[0]) or (rest[0].isascii() and rest[0].isalpha())
        strong = "\u3000" in m.group("sep") or is_cjk(rest[0]) or any(title.endswith(h) for h in g.runin_heads)
        weak = (
            weak_runins
            and cjk_share(title) == 1.0
            and len(title) >= MIN_WEAK_RUNIN_CHARS
            and not any(c in g.weak_runin_stopchars for c in title)
        )
        if ok_title and starts_text and (strong or weak) and rest[:1] not in "的了":
            return HeadingHit(
                None,
                title,
                "runin",
                "heading.runin_text" if strong else "heading.runin_text_weak",
                runin_rest=m.start("rest"),
            )
    # where indents mark paragraphs, an indented line opens a paragraph, never a standalone heading
    if indents_mark_paragraphs and line.indent > 0:
        return None
    # standalone: a line well short of the column (a paragraph's first line is only indented)
    if (
        line.fill <= MAX_HEADING_FILL
        and width(text) <= g.max_heading_width
        and not ends_sentence(text)
        and not _has_clause(text, g)
        and not CITATION_RE.search(text)
        and cjk_share(text) >= 0.3
        and not text.endswith(("：", ":", "、"))
        and text[0] not in "(（[【"
    ):
        return HeadingHit(None, _clean_title(text), "plain", "heading.standalone_text")
    return None


def body_font(lines: list[Line]) -> tuple[str | None, float | None]:
    c: Counter[tuple[str | None, float | None]] = Counter()
    for line in lines:
        if line.font is not None:
            c[(line.font, round(line.size or 0, 1))] += len(line.text)
    return c.most_common(1)[0][0] if c else (None, None)


def _boundary(prev: Line | None, prev_block: Block | None, line: Line) -> bool:
    if prev is None or (prev_block is not None and prev_block.kind == "heading") or ends_sentence(prev.text):
        return True
    # a paragraph running on into the next column or page goes on in the body face: a line in
    # the heading face there starts something new (after table rows read as text, say)
    return line.heading_face and not prev.heading_face and (prev.page, prev.column) != (line.page, line.column)


def _para_break(prev: Line, line: Line, uses_indent: bool) -> bool:
    if line.gap_before:
        return True
    if uses_indent:
        return line.indent > 0
    if not ends_sentence(prev.text):
        return False
    return prev.short or (line.short and not ends_sentence(line.text))


def blocks(lines: list[Line]) -> list[Block]:
    """Split body lines into heading and paragraph blocks."""
    out = _blocks(lines, weak_runins=False)
    if any(b.rule == "heading.runin_text" for b in out):
        out = _blocks(lines, weak_runins=True)
    return out


def _blocks(lines: list[Line], weak_runins: bool) -> list[Block]:
    g = heading_grammar()
    bf = body_font(lines)
    indented = sum(1 for x in lines if x.indent > 0)
    uses_indent = indented >= 3 and indented >= 0.05 * len(lines)
    out: list[Block] = []
    cur: Block | None = None
    prev: Line | None = None
    for line in lines:
        at_boundary = (
            _boundary(prev, out[-1] if out else None, line) or line.gap_before or (uses_indent and line.indent > 0)
        )
        hit = match_heading(line, g, bf, weak_runins, uses_indent) if at_boundary else None
        if hit is not None:
            h = Block(
                "heading",
                [line],
                [0],
                hit.number,
                hit.title,
                hit.family,
                hit.leaf,
                hit.runin_rest is not None,
                hit.rule,
            )
            out.append(h)
            cur = None
            if hit.runin_rest is not None:
                cur = Block("para", [line], [hit.runin_rest])
                out.append(cur)
        elif cur is None or (prev is not None and _para_break(prev, line, uses_indent)):
            cur = Block("para", [line], [0])
            out.append(cur)
        else:
            cur.lines.append(line)
            cur.starts.append(0)
        prev = line
    return out


def assign_levels(blocks_: list[Block]) -> None:
    """Levels from the order of first appearance of each heading family.

    Unnumbered families are split by their head noun: a standalone heading that shares
    its last characters with the run-in headings around it is their sibling, not their
    parent ("……药物" beside "……药物"), which is how a reader nests them.
    """
    heads = [b for b in blocks_ if b.kind == "heading"]
    runin_heads = {(b.title or "")[-HEAD_NOUN_CHARS:] for b in heads if b.family == "runin" and b.number is None}
    for b in heads:
        if b.family.startswith("plain") and (b.title or "")[-HEAD_NOUN_CHARS:] in runin_heads:
            b.family = "runin"
    stack: list[str] = []
    last_level = 0
    for b in heads:
        if b.leaf:
            b.level = last_level + 1
            continue
        if b.family in stack:
            del stack[stack.index(b.family) + 1 :]
        else:
            stack.append(b.family)
        b.level = len(stack)
        last_level = b.level
