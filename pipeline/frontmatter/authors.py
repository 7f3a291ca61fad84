"""Author lines: Chinese names with affiliation marks, pinyin names, and the English name line."""

from __future__ import annotations

import re

from ..lines import Line
from ..models import Author
from ..resources import structure_cues
from ..text_utils import cjk_share, latin_share, width
from .anchors import Anchors
from .journal import column_label
from .title import same_size

MAX_NAME_LINE_WIDTH = 80
# a line with this share of Latin (or Chinese) characters is in that script
LATIN_LINE = 0.8
CJK_LINE = 0.5

_CJK_NAME = re.compile(r"^([\u4e00-\u9fff][\u4e00-\u9fff·]{0,2}[\u4e00-\u9fff])([\d,，*＊†^¹²³⁴⁵⁶⁷⁸⁹⁰\s]*)$")
_PINYIN_NAME = re.compile(r"^([A-Z][A-Za-z]+(?:[ \-][A-Z][A-Za-z]+){1,3})\s*([\d,*^\s]*)$")


# a two- or three-character name set with spaces to justify it ("张 冰", "欧 阳 明")
_SPACED_NAME = re.compile(r"^((?:[\u4e00-\u9fff] ){1,2}[\u4e00-\u9fff])(?=[\d,，*＊†^¹²³⁴⁵⁶⁷⁸⁹⁰\s]*$)")


def _without_roles(text: str) -> str:
    """The author line without the roles printed after names ("孔令德（综述）")."""
    roles = structure_cues().author_roles_zh
    if not roles:
        return text
    alt = "|".join(re.escape(r) for r in roles)
    return re.sub(rf"\s*[（(]\s*(?:{alt})\s*[)）]", "", text)


def _name_tokens(text: str) -> list[str]:
    tokens = [t.strip() for t in re.split(r"[，、；;]|,(?!\d)|\s{2,}|\u3000", _without_roles(text)) if t.strip()]
    return [_SPACED_NAME.sub(lambda m: m.group(1).replace(" ", ""), t) for t in tokens]


def _indices(s: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d+", s.translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")))]


def _pair_single_characters(parts: list[str]) -> list[str]:
    """Names justified with spaces among unspaced ones ("韩立新 孟 静"): a run of two or three
    single characters is one name, a run of four two names."""
    out: list[str] = []
    run: list[str] = []
    for p in [*parts, ""]:
        if len(p) == 1 and "\u4e00" <= p <= "\u9fff":
            run.append(p)
            continue
        if run:
            out += (
                ["".join(run)]
                if len(run) in (2, 3)
                else (["".join(run[:2]), "".join(run[2:])] if len(run) == 4 else run)
            )
            run = []
        if p:
            out.append(p)
    return out


def parse_cjk_authors(text: str) -> list[tuple[str, list[int]]] | None:
    tokens = _name_tokens(text)
    if not tokens or width(text) > MAX_NAME_LINE_WIDTH:
        return None
    out: list[tuple[str, list[int]]] = []
    for tok in tokens:
        m = _CJK_NAME.match(tok)
        if not m:
            # a single space between names ("张三 李四") is a separator too
            parts = [_CJK_NAME.match(p) for p in _pair_single_characters(tok.split())]
            if len(parts) > 1 and all(parts):
                out.extend((p.group(1), _indices(p.group(2))) for p in parts if p)
                continue
            return None
        out.append((m.group(1), _indices(m.group(2))))
    return out


def parse_pinyin_authors(text: str) -> list[tuple[str, list[int]]] | None:
    if latin_share(text) < 0.9 or width(text) > 2 * MAX_NAME_LINE_WIDTH:
        return None
    tokens = [t.strip() for t in re.split(r",(?!\d)|;|，", text) if t.strip()]
    out = []
    for tok in tokens:
        m = _PINYIN_NAME.match(tok)
        if not m or len(m.group(1).split()) > 3:
            return None
        out.append((m.group(1), _indices(m.group(2))))
    if any(len(name.split()) < 2 for name, _ in out):
        return None
    return out or None


def continues_title(prev: Line, line: Line) -> bool:
    """PDF: a short line in the size of a heading-like line above it is that title's last line, not names."""
    return (
        prev.size is not None
        and line.size is not None
        and prev.heading_face
        and line.heading_face
        and same_size(prev, line)
        # a title goes on in its own script: Chinese names do not end an English title
        and not (latin_share(prev.text) >= LATIN_LINE and cjk_share(line.text) >= CJK_LINE)
        and not parse_cjk_authors(prev.text)
        and not parse_pinyin_authors(prev.text)
    )


def find_author_line(
    lines: list[Line], anchors: Anchors, lo: int = 0, hi: int | None = None
) -> tuple[int | None, bool]:
    """(index of the first name line in lines[lo:hi], before the abstract; whether it is in pinyin)."""
    cues = structure_cues()
    stop = min(anchors.first, anchors.hi, len(lines) if hi is None else hi)
    for i in range(max(lo, 1), stop):
        if (
            parse_cjk_authors(lines[i].text)
            and not continues_title(lines[i - 1], lines[i])
            and not column_label(lines[i].text, cues.column_labels_zh)
        ):
            return i, False
    # an English-only review: pinyin names under an English title
    for i in range(max(lo, 1), stop):
        if parse_pinyin_authors(lines[i].text) and not continues_title(lines[i - 1], lines[i]):
            return i, True
    return None, False


def authors_of(text: str, latin: bool) -> list[Author]:
    if latin:
        return [Author(name=n, name_en=n, affiliations=ix) for n, ix in parse_pinyin_authors(text) or []]
    return [Author(name=n, affiliations=ix) for n, ix in parse_cjk_authors(text) or []]
