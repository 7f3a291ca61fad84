"""The reference list: where it starts (a label or a run of numbered entries) and ends, and its
entries, numbered ("[1]", "［1］", "[ 1 ]", "1.") or author-year, with wrapped lines joined."""

from __future__ import annotations

import re
from functools import lru_cache

from .joining import join_lines
from .lines import Line
from .models import Reference
from .resources import alt, en_words, structure_cues, zh_words
from .text_utils import cjk_share

# an entry number: "[1]", "[ 1 ]", "［1］", or "1." before a name
_REF_START = re.compile(r"^\s*(?:[\[［]\s*(\d{1,3})\s*[\]］]|(\d{1,3})[.．、]\s*(?=[A-Z\u4e00-\u9fff]))\s*")
# what only a reference entry prints: "[J]", "2015, 12", "(3)", "et al", "等."
_REF_TYPE = re.compile(
    rf"[\[［]\s*(?:{alt(structure_cues().reference_type_codes)})\s*[\]］]|\d{{4}}[,，;；]\s*\d|\(\d+\)"
    rf"|{alt(en_words().reference_et_al)}|{alt(zh_words().reference_et_al)}"
)


def _is_reference_line(text: str) -> bool:
    return bool(_REF_START.match(text))


def _is_prose(text: str) -> bool:
    """Chinese running text, which a reference entry never is."""
    return cjk_share(text) >= 0.5 and ("。" in text or "，" in text) and not _REF_TYPE.search(text)


def find_references(lines: list[Line], start: int) -> tuple[int, int, int | None]:
    """(first reference line, end of the list, label line or None); no list gives (n, n, None)."""
    labels = structure_cues().reference_labels
    brackets = structure_cues().label_open + structure_cues().label_close
    n = len(lines)
    label = None
    for i in range(start, n):
        t = lines[i].text.strip().strip(brackets + " \u3000:：").replace(" ", "").replace("\u3000", "")
        if t in labels:
            label = i
            break
    if label is not None:
        first = label + 1
    else:
        # a run of numbered entries starting at 1 after the body
        first = n
        for i in range(start, n):
            m = _REF_START.match(lines[i].text)
            if (
                m
                and (m.group(1) or m.group(2)) == "1"
                and _REF_TYPE.search(lines[i].text)
                and i + 1 < n
                and _is_reference_line(lines[i + 1].text)
                or (m and (m.group(1) == "1") and _REF_TYPE.search(lines[i].text))
            ):
                first = i
                break
        if first == n:
            return n, n, None
    end = first
    while end < n:
        t = lines[end].text
        if _is_reference_line(t):
            end += 1
            continue
        if _is_prose(t) or (end > first and lines[end].gap_before and not _REF_TYPE.search(t)):
            break
        # after a finished entry, an unpunctuated Chinese line is the next article's title
        if lines[end - 1].text.rstrip().endswith(".") and cjk_share(t) >= 0.5 and not re.search(r"[.,，\[\]]", t):
            break
        end += 1
    return first, end, label


# an author-year entry starts with a name: "Smith JA, ...", "Smith, J.", "van der Berg A", "王明，..."
_AUTHOR_START = re.compile(
    r"^\s*(?:(?:[a-z]{1,3}\s){0,2}[A-Z][A-Za-z'’\-]+,?\s+(?:[A-Z]{1,3}\b|[A-Z]\.)|[\u4e00-\u9fff]{2,4}[，,、])"
)
# an entry ends with a full stop, or with its page numbers
_ENTRY_END = re.compile(r"(?:[.。]|\d)\s*$")


def _entry_starts(lines: list[Line], first: int, end: int) -> list[int]:
    """Where each entry begins: its number, or (an unnumbered list) a name after a finished entry."""
    # a numbered list: lines before its first number are no entry (a caption, a stray line)
    numbered = any(_REF_START.match(lines[i].text) for i in range(first, min(end, first + 3)))
    out: list[int] = []
    for i in range(first, end):
        t = lines[i].text
        if numbered:
            if _REF_START.match(t):
                out.append(i)
        elif not out or (_AUTHOR_START.match(t) and _ENTRY_END.search(lines[i - 1].text)):
            out.append(i)
    return out


def parse_references(lines: list[Line], first: int, end: int) -> list[Reference]:
    """The entries of lines[first:end], each entry's wrapped lines joined."""
    starts = _entry_starts(lines, first, end)
    refs: list[Reference] = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else end
        u = join_lines(lines[a:b])
        m = _REF_START.match(u.text)
        text = (u.text[m.end() :] if m else u.text).strip()
        if text:
            refs.append(Reference(number=int(m.group(1) or m.group(2)) if m else None, text=text))
    return refs


# a reference's document-type mark, including compound ones ("[J/CD]", "[EB/OL]")
_TYPE_MARK = re.compile(r"[\[［]\s*[A-Z]{1,2}(?:/[A-Z]{1,2})?\s*[\]］]")


_SPACES = re.compile(r"\s+")


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text).casefold()


@lru_cache(maxsize=8)
def _squeezed(cues: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_squeeze(c) for c in cues)


def opens_citation(text: str) -> bool:
    """A line opening with a cite cue ("引用本文：", "Cite this article as")."""
    return _squeeze(text).startswith(_squeezed(tuple(structure_cues().cite_cues)))


def cites_itself(text: str, titles: list[str]) -> bool:
    """The "cite this article" block: a cite cue, or the article's own title followed by a
    reference's type mark ("徐某，李某．<title>[J]．<journal>，2010，4(2)：251-255.")."""
    t = text.strip()
    if opens_citation(t):
        return True
    flat = _squeeze(t)
    for title in titles:
        at = flat.find(_squeeze(title)) if len(title) >= 6 else -1
        if at >= 0 and _TYPE_MARK.search(t) and len(flat) < 3 * len(_squeeze(title)) + 120:
            return True
    return False
