"""Recognizers-Text Number specs as a test harness for `find_numbers`.

Each spec case is an Input and the numbers a reader should find in it (span, value).
Our reader is run on the Input; an expected result is *recalled* when a hit overlaps its
span with the right value, and a hit that overlaps an expected span is *right* when its
value is the expected one (precision: when we fire on it, the value is right). Hits on
text the spec expects nothing of are counted apart (`unexpected`): the specs leave out
numbers that carry a unit ("the 180.25ml liquid"), which we do read.

Views per spec kind:
- number: the hit's value (a range hit offers both ends).
- percent: a hit with unit "%" (or a range of percents), value without the "%".
- range: the interval the hit denotes: [value, value_max] for a range (ends compared,
  not their openness, since we read ranges inclusive), (v,) / [v,) / (,v) / (,v] for a
  comparator, [v,v] for a plain value. "500多" / "十几万" (more than) is read as an
  approximation by us; its interval is (v,).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.entities.numbers import NumberHit, find_numbers

SPECS = Path(__file__).resolve().parent / "data" / "recognizers"
FILES = {"number": "NumberModel.json", "percent": "PercentModel.json", "range": "NumberRangeModel.json"}
LANGS = {"zh": "Chinese", "en": "English"}


@dataclass
class Expected:
    start: int
    end: int  # exclusive
    text: str
    value: tuple | float


@dataclass
class Case:
    lang: str
    kind: str
    text: str
    expected: list[Expected]


@dataclass
class Score:
    expected: int = 0
    recalled: int = 0
    fired: int = 0  # hits overlapping an expected span
    right: int = 0
    unexpected: int = 0
    misses: list[str] = field(default_factory=list)
    wrongs: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.fired if self.fired else 1.0


def _interval(s: str) -> tuple:
    """ "(20,35]" -> (20.0, 35.0, False, True); an open end is None."""
    lo_incl, hi_incl = s[0] == "[", s[-1] == "]"
    lo, hi = s[1:-1].split(",")
    return (float(lo) if lo else None, float(hi) if hi else None, lo_incl, hi_incl)


def load_cases(lang: str, kind: str) -> list[Case]:
    """Cases of one spec file; those the reference (.NET) implementation itself fails are left out,
    and so are results with no value ("the % of increase")."""
    raw = json.loads((SPECS / LANGS[lang] / FILES[kind]).read_text(encoding="utf-8-sig"))
    out = []
    for c in raw:
        if "dotnet" in c.get("NotSupported", ""):
            continue
        exp = []
        for r in c["Results"]:
            v = r["Resolution"].get("value")
            if v in (None, "null"):
                continue
            value: tuple | float = _interval(v) if kind == "range" else float(v.rstrip("%"))
            exp.append(Expected(r["Start"], r["End"] + 1, r["Text"], value))
        out.append(Case(lang, kind, c["Input"], exp))
    return out


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-9)  # fractions are kept to six significant digits


def hit_interval(h: NumberHit, text: str) -> tuple:
    if h.value_max is not None:
        return (h.value, h.value_max, True, True)
    c = h.comparator
    if c is None and getattr(h, "more_than", False):
        c = ">"
    if c in (">", ">="):
        return (h.value, None, c == ">=", False)
    if c in ("<", "<="):
        return (None, h.value, False, c == "<=")
    return (h.value, h.value, True, True)


def right_value(kind: str, h: NumberHit, e: Expected, text: str) -> bool:
    if kind == "range":
        lo, hi, li, hi_i = hit_interval(h, text)
        elo, ehi, eli, ehi_i = e.value  # type: ignore[misc]
        if not (_close(lo, elo) and _close(hi, ehi)):
            return False
        two_sided = elo is not None and ehi is not None and not _close(elo, ehi)
        return two_sided or (li == eli and hi_i == ehi_i)
    if kind == "percent" and h.unit != "%":
        return False
    return _close(h.value, e.value) or (h.value_max is not None and _close(h.value_max, e.value))  # type: ignore[arg-type]


def score(cases: list[Case]) -> Score:
    s = Score()
    for c in cases:
        hits = find_numbers(c.text, [])
        s.expected += len(c.expected)
        for e in c.expected:
            over = [h for h in hits if h.start < e.end and e.start < h.end]
            if any(right_value(c.kind, h, e, c.text) for h in over):
                s.recalled += 1
            else:
                got = [(c.text[h.start : h.end], h.value, h.value_max, h.unit, h.comparator) for h in over]
                s.misses.append(f"{c.text!r}: {e.text!r}={e.value} got {got}")
        for h in hits:
            over = [e for e in c.expected if h.start < e.end and e.start < h.end]
            if not over:
                s.unexpected += 1
                continue
            s.fired += 1
            if any(right_value(c.kind, h, e, c.text) for e in over):
                s.right += 1
            else:
                s.wrongs.append(
                    f"{c.text!r}: {c.text[h.start : h.end]!r} read {h.value},{h.value_max},{h.unit},"
                    f"{h.comparator} want {[(e.text, e.value) for e in over]}"
                )
    return s


def score_all() -> dict[tuple[str, str], Score]:
    return {(lang, kind): score(load_cases(lang, kind)) for lang in LANGS for kind in FILES}
