"""Text input: decode the bytes, split into lines, mark what the layout tells.

A text file is usually a PDF's text dump: column-width lines, sometimes a blank line
after every line, paragraph indents sometimes kept as full-width spaces. There are no
boxes and no pages, so lines carry only width and indent cues.
"""

from __future__ import annotations

import statistics
import unicodedata

from ..errors import InputError
from ..lines import Line

# a line narrower than the typical width by this many half-width cells ends short
SHORT_LINE_MARGIN = 3.0
# below this share of CJK-or-ASCII characters a decoding is judged wrong
MIN_PLAUSIBLE_SHARE = 0.85


def display_width(s: str) -> float:
    return float(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))


def _plausible(text: str) -> bool:
    if not text.strip():
        return True
    ok = 0
    for c in text:
        o = ord(c)
        if c.isspace() or o < 0x80 or 0x3000 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x22FF:
            ok += 1
        elif unicodedata.category(c)[0] in "LNPS" and not (0xE000 <= o <= 0xF8FF):
            ok += 0.5
    return ok / len(text) >= MIN_PLAUSIBLE_SHARE


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, Big5."""
    if not data.strip():
        raise InputError(name, "empty text file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(name, f"broken UTF-16 text ({e.reason} at byte {e.start})") from None
    if b"\x00" in data[:4096]:
        raise InputError(name, "binary data, not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _plausible(text):
            return text, "utf-8"
        raise InputError(name, "not readable text (control or private-use characters)")
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text) and _cjk_share(text) > 0.2:
            return text, enc
    raise InputError(name, "unknown text encoding (expected UTF-8 or GB18030)")


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
    lines: list[Line] = []
    pending_gap = False
    for r in raw:
        if not r.strip():
            pending_gap = pending_gap or blanks_are_breaks
            continue
        r = "".join(c for c in r if unicodedata.category(c) != "Cc" or c == "\t")
        if not r.strip():
            pending_gap = pending_gap or blanks_are_breaks
            continue
        body = r.strip()
        lead = r[: len(r) - len(r.lstrip())]
        indent = sum(1.0 if c == "\u3000" else 0.5 for c in lead) if lead.startswith("\u3000") or len(lead) >= 2 else 0.0
        w = display_width(body)
        lines.append(
            Line(
                text=_normalise_spaces(body),
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
