"""Text input: decode the bytes, split into lines, mark what the layout tells.

A text file is usually a PDF's text dump: column-width lines, sometimes a blank line
after every line, paragraph indents sometimes kept as full-width spaces. There are no
boxes and no pages, so lines carry only width and indent cues.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from ..errors import InputError
from ..lines import Line

# a text whose typical line is wider than this (half-width cells) has one paragraph per line
PARAGRAPH_LINE_WIDTH = 120
# a line narrower than the typical width by this many half-width cells ends short
SHORT_LINE_MARGIN = 3.0
# below this share of CJK-or-ASCII characters a decoding is judged wrong
MIN_PLAUSIBLE_SHARE = 0.85


def display_width(s: str) -> float:
    return float(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))


def _plausible(text: str) -> bool:
    if not text.strip():
        return True
    ok = 0.0
    for c in text:
        o = ord(c)
        if c.isspace() or o < 0x80 or 0x3000 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x22FF:
            ok += 1
        elif unicodedata.category(c)[0] in "LNPS" and not (0xE000 <= o <= 0xF8FF):
            ok += 0.5
    return ok / len(text) >= MIN_PLAUSIBLE_SHARE


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)  # repairs made on the way, for the document's warnings


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). See `decode_text` for what is accepted."""
    d = decode_text(data, name)
    return d.text, d.encoding


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode a text file, or raise `InputError` with a one-line reason.

    Accepted: UTF-8 (with or without BOM; a few invalid bytes become U+FFFD, noted),
    UTF-16 with BOM, UTF-16 without BOM (recognised by the NUL byte of every ASCII
    character), GB18030/GBK and Big5 (the legacy candidate whose characters are the
    common ones of its own character set wins). Stray NUL bytes in otherwise readable
    text are dropped, noted; many NULs mean binary data.
    """
    if not data.strip():
        raise InputError(name, "empty text file")
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(name, f"broken UTF-16 text ({e.reason} at byte {e.start})") from None
        return _checked(text, "utf-16", notes, name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul = data.count(b"\x00")
    binary = False
    if nul:
        wide = _utf16_without_bom(data)
        if wide is not None:
            return _checked(wide[0], wide[1], notes, name)
        if nul > MAX_NUL_SHARE * len(data):
            raise InputError(name, "binary data, not a text file")
        data = data.replace(b"\x00", b"")
        notes.append(f"{nul} NUL byte(s) removed from the text")
        binary = True  # if the rest is not readable text either, it is binary data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _plausible(text):
            raise InputError(
                name,
                "binary data, not a text file" if binary else "not readable text (control or private-use characters)",
            )
        return _checked(text, "utf-8", notes, name)
    nearly = _nearly_utf8(data)
    if nearly is not None:
        text, bad = nearly
        notes.append(f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD")
        return _checked(text, "utf-8", notes, name)
    legacy = _detected(data)
    if legacy is not None:
        text, enc = legacy
        if enc != "gb18030":
            notes.append(
                f"decoded as {enc} (traditional Chinese): labels and headings are matched in "
                "simplified Chinese only, structure may be missed"
            )
        return _checked(text, enc, notes, name)
    if binary:
        raise InputError(name, "binary data, not a text file")
    raise InputError(name, "unknown text encoding (expected UTF-8, UTF-16, GB18030 or Big5)")


# more NUL bytes than this share of the file: binary data, not text with stray NULs
MAX_NUL_SHARE = 0.01
# charset-normalizer's names for the legacy Chinese encodings, as reviewx reports them (GB2312 and GBK
# text decodes the same as GB18030, their superset)
CHINESE_ENCODINGS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "big5": "Big5", "cp950": "cp950"}
# a legacy decoding with less CJK than this share of its letters is not Chinese text
MIN_CJK_SHARE = 0.2
# a file with at most this many invalid UTF-8 sequences per valid multi-byte character is UTF-8
MAX_BAD_UTF8_RATIO = 0.01


def _checked(text: str, enc: str, notes: list[str], name: str) -> Decoded:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(name, "empty text file (only white space)")
    if not _plausible(text):
        raise InputError(name, "not readable text (control or private-use characters)")
    return Decoded(text, enc, notes)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM: every ASCII character brings a NUL byte, all on one side."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.05 * half and odd >= 10 * even:
        enc = "utf-16-le"
    elif even >= 0.05 * half and even >= 10 * odd:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return (text, enc) if _plausible(text) and "\x00" not in text else None


def _nearly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few damaged bytes: (text with U+FFFD for each bad sequence, count) or None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = sum(1 for c in text if ord(c) >= 0x80 and c != "\ufffd")
    if bad <= 0 or bad > MAX_BAD_UTF8_RATIO * good:
        return None
    return text, bad


def _detected(data: bytes) -> tuple[str, str] | None:
    """A legacy Chinese encoding as charset-normalizer ranks it (coherence and mess over chunks of the
    file), taken when its text is plausible Chinese. What it cannot judge stays with the checks
    above: UTF-8 with a few damaged bytes and UTF-16 without a BOM (tests/test_text_decoding.py)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is None or best.encoding not in CHINESE_ENCODINGS:
        return None
    text = str(best)
    if not _plausible(text) or _cjk_share(text) <= MIN_CJK_SHARE:
        return None
    return text, CHINESE_ENCODINGS[best.encoding]


def _cjk_share(text: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u4e00" <= c <= "\u9fff") / len(letters)


def read_lines(text: str) -> list[Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    raw = text.split("\n")
    nonblank = [r for r in raw if r.strip()]
    # a dump with a blank line after every line says nothing by its blank lines
    blank_between = sum(1 for i in range(1, len(raw) - 1) if not raw[i].strip() and raw[i - 1].strip())
    blanks_are_breaks = blank_between < 0.5 * max(1, len(nonblank) - 1)
    widths = [display_width(r.strip()) for r in nonblank]
    long = [w for w in widths if w >= 20]
    typical = statistics.median(long) if long else (max(widths) if widths else 0.0)
    # lines far wider than any printed column are whole paragraphs: every break is a paragraph break
    if typical > PARAGRAPH_LINE_WIDTH:
        blanks_are_breaks = True
    lines: list[Line] = []
    pending_gap = False
    per_line = typical > PARAGRAPH_LINE_WIDTH
    for r in raw:
        if not r.strip():
            pending_gap = pending_gap or blanks_are_breaks
            continue
        pending_gap = pending_gap or (per_line and bool(lines))
        r = "".join(c for c in r if unicodedata.category(c) != "Cc" or c == "\t")
        if not r.strip():
            pending_gap = pending_gap or blanks_are_breaks
            continue
        body = r.strip()
        lead = r[: len(r) - len(r.lstrip())]
        indent = (
            sum(1.0 if c == "\u3000" else 0.5 for c in lead) if lead.startswith("\u3000") or len(lead) >= 2 else 0.0
        )
        w = display_width(body)
        text_, gaps = _with_cell_gaps(body)
        lines.append(
            Line(
                text=text_,
                cell_gaps=gaps,
                indent=indent,
                short=w <= typical - SHORT_LINE_MARGIN,
                fill=w / typical if typical else 1.0,
                gap_before=pending_gap,
                lead_space=r[:1] in (" ", "\t"),
                trail_space=r.rstrip("\n")[-1:] in (" ", "\t"),
                index=len(lines),
            )
        )
        pending_gap = False
    return lines


# a tab or a run of spaces inside a line separates table cells (see pipeline/cells.py)
_CELL_GAP = re.compile(r"[ \u00a0]*\t[ \t\u00a0]*| {2,}")


def _with_cell_gaps(body: str) -> tuple[str, tuple[int, ...]]:
    """The line's text with spaces normalised, and where cell gaps stood in it."""
    text = _normalise_spaces(body)
    parts = _CELL_GAP.split(body)
    if len(parts) < 2:
        return text, ()
    norm = [_normalise_spaces(p.strip()) for p in parts]
    if " ".join(norm) != text or not all(norm):
        return text, ()
    gaps, at = [], 0
    for part in norm[:-1]:
        at += len(part) + 1
        gaps.append(at)
    return text, tuple(gaps)


_SPACES = " \t\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"


def _normalise_spaces(s: str) -> str:
    # runs of spaces inside a line print as one (CONVENTIONS: spacing as printed, folded);
    # control characters of a text dump are not text
    out = []
    prev_space = False
    for c in s:
        if unicodedata.category(c) == "Cc" and c not in "\t":
            continue
        sp = c in _SPACES
        if sp and prev_space:
            continue
        out.append(" " if sp else c)
        prev_space = sp
    return "".join(out)
