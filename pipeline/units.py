"""Units as printed -> UCUM, read part by part from `resources/units.json`.

"mg·kg-1·d-1", "mg/(kg·d)", "mg/kg/d" and "毫克/千克/天" all give "mg/kg/d"; a
concentration ("mmol/L") is a measurement but never a dose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .resources import _json


@dataclass(frozen=True)
class UnitMatch:
    text: str
    ucum: str
    length: int  # characters consumed from the tail, leading space included
    dose: bool  # an amount (mg, IU, mg/kg/d), not a concentration


@cache
def _table() -> Any:
    # units.json, checked against entities.vocab_types.UnitsVocab when read (resources.rule_file);
    # typed loosely here: the ground floor does not import the entity layer
    return _json("units.json")


def _alt(xs: Iterable[str]) -> str:
    return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))


@cache
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    t = _table()
    num = _alt(list(t["mass"]) + list(t["amount"]))
    div = _alt(t["divisors"])
    conc = _alt(t["concentration_only"])
    head = re.compile(rf"^\s?({num})(?![A-Za-z])")
    # "/kg", "·kg-1", "/(kg·d)", "/kg·d" (= /(kg·d)), " /d", "/ 24 h", " per day", " a day"
    part = re.compile(
        rf"^(?:\s?/\s?\(\s?({div})\s?[·.×]\s?({div})\s?\)|\s?/\s?({div})\s?·\s?({div})(?!\s?(?:-1|−1|⁻¹))|\s?/\s?({div})|\s(?:per|a)\s({div})|\s?[·.]\s?({div})\s?(?:-1|−1|⁻¹))(?![A-Za-z])"
    )
    concentration = re.compile(rf"^\s?({conc})(?![A-Za-z{''.join(t['concentration_not_before'])}])")
    return head, part, concentration


def match_unit(tail: str) -> UnitMatch | None:
    """The unit printed at the start of `tail`, if any."""
    head, part, concentration = _regexes()
    t = _table()
    m = concentration.match(tail)
    if m:
        return UnitMatch(m.group(1), t["concentration_only"][m.group(1)], m.end(), False)
    m = head.match(tail)
    if not m:
        return None
    base = m.group(1)
    ucum = t["mass"].get(base) or t["amount"][base]
    pos = m.end()
    parts: list[str] = []
    while True:
        pm = part.match(tail[pos:])
        if not pm:
            break
        groups = [g for g in pm.groups() if g]
        parts.extend(t["divisors"][g] for g in groups)
        pos += pm.end()
    text = tail[:pos].strip()
    if parts:
        ucum = ucum + "".join("/" + p for p in parts)
    # a bare mass in kilograms is a body weight; an amount per volume is a concentration
    per_volume = any(p in VOLUMES for p in parts)
    return UnitMatch(text, ucum, pos, ucum not in ("{AUC}", "kg") and not per_volume)


VOLUMES = {"L", "mL", "dL", "uL"}
