"""A letter's signature block after its body: names with degrees, the address under them, then
notes (e-mail, DOI, copyright, disclosures). English journals print authors there, not on top."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lines import Line
from ..models import Affiliation, Author
from ..resources import alt, en_words, structure_cues
from .affiliations import parse_affiliations
from .journal import DOI

_NAME = rf"[A-Z][A-Za-z'’\-]*\.?(?:[ \-](?:[A-Z][A-Za-z'’\-]*\.?|{alt(en_words().name_particles)})){{1,4}}"
_MARKS = "*†‡§¶#y "  # "y" is a dagger some fonts decode as a letter ("Bin Lu, MDy*")


@dataclass
class Signature:
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    used: list[int] = field(default_factory=list)  # name and address lines
    notes: list[int] = field(default_factory=list)  # e-mail, DOI, copyright, disclosure lines
    doi: str | None = None


def _degree_line() -> re.Pattern[str]:
    degrees = "|".join(re.escape(d) for d in sorted(structure_cues().degree_suffixes, key=len, reverse=True))
    return re.compile(rf"^\s*({_NAME}),\s*(?:{degrees})(?:[,\s]|[{re.escape(_MARKS)}]|$)")


def _is_note(text: str) -> bool:
    return "@" in text or any(c in text for c in structure_cues().signature_note_cues)


def _address(lines: list[Line]) -> str:
    """Address lines joined: a line opening in lower case continues the one above."""
    out = ""
    for line in lines:
        t = line.text.strip().lstrip(_MARKS.replace(" ", "").replace("y", ""))
        if not out:
            out = t
        elif t[:1].islower():
            out += " " + t
        else:
            out += ", " + t
    return out


def read_signature(lines: list[Line], lo: int, hi: int) -> Signature | None:
    """The last run of name-and-degree lines in lines[lo:hi], with its address and notes."""
    pat = _degree_line()
    hits = [i for i in range(lo, hi) if pat.match(lines[i].text)]
    if not hits:
        return None
    end = hits[-1] + 1
    start = hits[-1]
    while start - 1 >= lo and start - 1 in hits:
        start -= 1
    sig = Signature(used=list(range(start, end)))
    for i in range(start, end):
        m = pat.match(lines[i].text)
        if m:
            sig.authors.append(Author(name=m.group(1), name_en=m.group(1)))
    k = end
    while k < hi and not _is_note(lines[k].text) and not lines[k].gap_before:
        k += 1
    if k > end:
        sig.affiliations = parse_affiliations(_address(lines[end:k]))[:1]
        sig.used += list(range(end, k))
    while k < hi and (_is_note(lines[k].text) or (lines[k].size or 99) < (lines[start].size or 0) - 0.5):
        d = DOI.search(lines[k].text)
        if d and sig.doi is None:
            sig.doi = d.group(0).rstrip(".。")
        sig.notes.append(k)
        k += 1
    return sig
