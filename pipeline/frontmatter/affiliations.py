"""Affiliation lines under the authors: institution, department, city and postcode."""

from __future__ import annotations

import re

from ..lines import Line
from ..models import Affiliation
from ..resources import structure_cues
from ..text_utils import latin_share

POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def parse_affiliations(text: str) -> list[Affiliation]:
    cues = structure_cues()
    body = text.strip().strip("()（）")
    parts = [p.strip() for p in re.split(r"[；;]", body) if p.strip()]
    out: list[Affiliation] = []
    for k, part in enumerate(parts, 1):
        m = re.match(r"^(\d{1,2})[.．、\s]\s*(.*)$", part)
        idx, part = (int(m.group(1)), m.group(2)) if m else (k, part)
        if latin_share(part) >= 0.8:
            out.append(_split_affiliation_en(idx, part))
        else:
            out.append(_split_affiliation(idx, part, cues.institution_cues))
    return out


def _split_affiliation_en(idx: int, text: str) -> Affiliation:
    """ "Department of Neurology, The First People's Hospital of X, X 215500, China"."""
    cues = structure_cues()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    dept = next((p for p in parts if any(c in p for c in cues.department_cues_en)), None)
    inst = next((p for p in parts if p != dept and any(c in p for c in cues.institution_cues_en)), None)
    pc = POSTCODE.search(text)
    city = None
    for p in parts:
        if pc and pc.group(1) in p:
            city = POSTCODE.sub("", p).strip() or None
            break
    return Affiliation(
        id=idx, text=text, institution=inst, department=dept, city=city, postcode=pc.group(1) if pc else None
    )


def _split_affiliation(idx: int, text: str, inst_cues: list[str]) -> Affiliation:
    """ "武汉市中心医院神经内科，武汉 430014" -> institution, department, city, postcode."""
    pc = POSTCODE.search(text)
    postcode = pc.group(1) if pc else None
    head, tail = text, ""
    if re.search(r"[，,]", text):
        head, tail = re.split(r"[，,]", text, maxsplit=1)
    place = POSTCODE.sub("", tail if tail else (text if postcode else "")).strip(" ，,")
    city = place.split()[-1] if place and not tail else (place or None)
    # a hospital or university ends the institution; an institute inside it is its department
    primary = structure_cues().institution_primary
    cues_used = [c for c in primary if c in head] or [c for c in inst_cues if c in head]
    inst_end = max((head.rfind(c) + len(c) for c in cues_used), default=-1)
    institution = head[:inst_end] if inst_end > 0 else head
    department = head[inst_end:].strip() if inst_end > 0 else ""
    return Affiliation(
        id=idx,
        text=text,
        institution=institution or None,
        department=department or None,
        city=city or None,
        postcode=postcode,
    )


def looks_affiliation(text: str) -> bool:
    cues = structure_cues()
    t = text.strip()
    return bool(POSTCODE.search(t)) or (
        t[:1] in "(（" and any(c in t for c in cues.institution_cues + cues.institution_cues_en)
    )


def read_affiliations(lines: list[Line], start: int, stop: int) -> tuple[list[Affiliation], list[int]]:
    """The affiliation lines from `start` (under the authors) up to `stop`: (affiliations, lines used)."""
    cursor = start
    aff_text = ""
    used: list[int] = []
    while cursor < len(lines) and cursor < stop:
        t = lines[cursor].text
        open_paren = aff_text and not aff_text.rstrip().endswith((")", "）")) and aff_text.startswith(("(", "（"))
        if not (looks_affiliation(t) or open_paren):
            break
        aff_text += t
        used.append(cursor)
        cursor += 1
    return (parse_affiliations(aff_text) if aff_text else []), used
