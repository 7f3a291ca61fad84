"""Scoring an extraction against a gold file: the one module behind `reviewx diff` and `bench/accuracy`.

Entities are aligned per type (drugs by any shared name, doses by drug/value/unit,
numbers by overlapping position and value, trials by drug and n) and counted in the
categories of nervaluate/SemEval: correct, incorrect, partial, missed, spurious.
Positions are compared on the text with white space removed and body paragraphs laid
end to end, so a paragraph split differently does not turn a right number wrong.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from .entities import unit_texts
from .models import Document, Dose, Drug, Number, Section, Trial

ENTITY_TYPES = ("drugs", "trials", "doses", "numbers")
# a stray sentence counts as leaked when a run of this many characters of it is in the body
LEAK_WINDOW = 16
VALUE_TOLERANCE = 1e-6


@dataclass
class Counts:
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    @property
    def possible(self) -> int:  # gold items
        return self.correct + self.incorrect + self.partial + self.missed

    @property
    def actual(self) -> int:  # predicted items
        return self.correct + self.incorrect + self.partial + self.spurious

    def prf(self, lenient: bool = False) -> tuple[float, float, float]:
        hit = self.correct + (0.5 * self.partial if not lenient else self.partial + self.incorrect)
        p = hit / self.actual if self.actual else (1.0 if not self.possible else 0.0)
        r = hit / self.possible if self.possible else (1.0 if not self.actual else 0.0)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def add(self, other: Counts) -> None:
        for k in ("correct", "incorrect", "partial", "missed", "spurious"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.prf()
        lp, lr, lf = self.prf(lenient=True)
        return {
            "correct": self.correct,
            "incorrect": self.incorrect,
            "partial": self.partial,
            "missed": self.missed,
            "spurious": self.spurious,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "lenient": {"precision": round(lp, 4), "recall": round(lr, 4), "f1": round(lf, 4)},
        }


@dataclass
class Difference:
    path: str
    kind: str  # missed | spurious | changed
    gold: Any = None
    ours: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "gold": self.gold, "ours": self.ours}


@dataclass
class AttrScore:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class DocReport:
    doc_id: str
    entities: dict[str, Counts] = field(default_factory=dict)
    attributes: dict[str, AttrScore] = field(default_factory=dict)
    structure: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    leaked_strays: int = 0
    differences: list[Difference] = field(default_factory=list)

    def attr(self, name: str) -> AttrScore:
        return self.attributes.setdefault(name, AttrScore())

    def f1(self, etype: str | None = None) -> float:
        if etype is not None:
            return self.entities[etype].prf()[2]
        total = Counts()
        for c in self.entities.values():
            total.add(c)
        return total.prf()[2]

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "entities": {k: v.as_dict() for k, v in self.entities.items()},
            "attributes": {
                k: {"right": v.right, "total": v.total, "accuracy": round(v.accuracy, 4)}
                for k, v in sorted(self.attributes.items())
            },
            "structure": self.structure,
            "metadata": self.metadata,
            "leaked_strays": self.leaked_strays,
            "differences": [d.as_dict() for d in self.differences],
        }


# -- positions ---------------------------------------------------------------------


class Anchors:
    """Maps (unit, offset) to a position in white-space-free text; body units share one space.

    `align_to(gold)` maps positions of this side onto the gold's body text through the
    matching blocks of the two texts, so an early difference does not shift later ones.
    """

    def __init__(self, doc: Document):
        # table cells are units of their own (t1.r2.c3): numbers in them align by cell
        self.texts = unit_texts(doc)
        self.base: dict[str, tuple[str, int, list[int]]] = {}
        body: list[str] = []
        body_pos = 0
        for unit, text in self.texts.items():
            idx = []
            n = 0
            for ch in text:
                idx.append(n)
                if not ch.isspace():
                    n += 1
            idx.append(n)
            if unit.startswith("p"):
                self.base[unit] = ("body", body_pos, idx)
                body_pos += n
                body.append(_squash(text))
            else:
                self.base[unit] = (unit, 0, idx)
        self.body = "".join(body)
        self._blocks: list[tuple[int, int, int]] | None = None

    def align_to(self, gold: Anchors) -> None:
        sm = difflib.SequenceMatcher(None, self.body, gold.body, autojunk=False)
        self._blocks = [(b.a, b.b, b.size) for b in sm.get_matching_blocks() if b.size]

    def _map(self, pos: int) -> int:
        if self._blocks is None:
            return pos
        best = pos
        for a, b, size in self._blocks:
            if a <= pos < a + size:
                return b + pos - a
            if a > pos:
                return b
            best = b + size
        return best

    def span(self, unit: str, start: int, end: int) -> tuple[str, int, int] | None:
        b = self.base.get(unit)
        if b is None:
            return None
        ns, off, idx = b
        start = min(max(start, 0), len(idx) - 1)
        end = min(max(end, start), len(idx) - 1)
        s, e = off + idx[start], off + max(idx[end], idx[start] + 1)
        if ns == "body":
            s, e = self._map(s), self._map(e - 1) + 1
        return ns, s, e


def _overlap(a: tuple[str, int, int] | None, b: tuple[str, int, int] | None) -> bool:
    return a is not None and b is not None and a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE * max(1.0, abs(a), abs(b))


# -- entity alignment ----------------------------------------------------------------


def _drug_names(d: Drug) -> set[str]:
    names = {d.id, d.name_zh or "", d.name_en or "", *d.aliases}
    return {re.sub(r"[\s\-]+", "", n.lower()) for n in names if n}


def _plain(v: Any) -> Any:
    return v.model_dump() if hasattr(v, "model_dump") else v


def _compare_attrs(rep: DocReport, etype: str, path: str, g: Any, o: Any, attrs: tuple[str, ...]) -> None:
    """Attribute accuracy of a matched pair; lists compare as sets of values."""
    for attr in attrs:
        gv, ov = getattr(g, attr), getattr(o, attr)
        ok = sorted(gv) == sorted(ov) if isinstance(gv, list) else gv == ov
        rep.attr(f"{etype}.{attr}").add(ok)
        if not ok:
            rep.differences.append(Difference(f"{path}.{attr}", "changed", _plain(gv), _plain(ov)))


def score_drugs(gold: list[Drug], ours: list[Drug], rep: DocReport) -> Counts:
    c = Counts()
    used: set[int] = set()
    for gi, g in enumerate(gold):
        gn = _drug_names(g)
        match = next((k for k, o in enumerate(ours) if k not in used and gn & _drug_names(o)), None)
        path = f"entities.drugs[{g.id}]"
        if match is None:
            c.missed += 1
            rep.differences.append(Difference(path, "missed", g.name_zh or g.name_en or g.id))
            continue
        used.add(match)
        o = ours[match]
        c.correct += 1
        _compare_attrs(rep, "drugs", path, g, o, ("status", "drug_class", "name_zh", "name_en", "kind"))
        rep.attr("drugs.mentions").add(len(g.mentions) == len(o.mentions))
        _ = gi
    for k, o in enumerate(ours):
        if k not in used:
            c.spurious += 1
            rep.differences.append(
                Difference(f"entities.drugs[{o.id}]", "spurious", None, o.name_zh or o.name_en or o.id)
            )
    return c


def _drug_key(drug_id: str | None, gold_drugs: list[Drug], our_drugs: list[Drug]) -> str | None:
    """Drug ids of both sides in one name space: the gold id of the agent when the names meet."""
    if drug_id is None:
        return None
    for o in our_drugs:
        if o.id == drug_id:
            names = _drug_names(o)
            for g in gold_drugs:
                if names & _drug_names(g):
                    return g.id
    return drug_id


def score_doses(gold: list[Dose], ours: list[Dose], gd: list[Drug], od: list[Drug], rep: DocReport) -> Counts:
    c = Counts()
    used: set[int] = set()

    def key(d: Dose, drugs_side: str) -> tuple[str | None, str]:
        drug = d.drug if drugs_side == "gold" else _drug_key(d.drug, gd, od)
        return drug, d.unit

    for g in gold:
        gk = key(g, "gold")
        cand = [
            k
            for k, o in enumerate(ours)
            if k not in used and key(o, "ours") == gk and _same(o.value, g.value) and _same(o.value_max, g.value_max)
        ]
        path = f"entities.doses[{g.drug}:{g.value}{g.unit}]"
        if not cand:
            loose = [
                k
                for k, o in enumerate(ours)
                if k not in used and _same(o.value, g.value) and (key(o, "ours")[0] == gk[0] or o.unit == g.unit)
            ]
            if loose:
                used.add(loose[0])
                c.incorrect += 1
                o = ours[loose[0]]
                rep.differences.append(
                    Difference(path, "changed", f"{g.drug} {g.value} {g.unit}", f"{o.drug} {o.value} {o.unit}")
                )
            else:
                c.missed += 1
                rep.differences.append(Difference(path, "missed", f"{g.drug} {g.value} {g.unit_text}"))
            continue
        used.add(cand[0])
        o = ours[cand[0]]
        c.correct += 1
        _compare_attrs(rep, "doses", path, g, o, ("frequency", "route", "arm_n"))
    for k, o in enumerate(ours):
        if k not in used:
            c.spurious += 1
            rep.differences.append(
                Difference(
                    f"entities.doses[{o.drug}:{o.value}{o.unit}]", "spurious", None, f"{o.drug} {o.value} {o.unit_text}"
                )
            )
    return c


def score_numbers(gold: list[Number], ours: list[Number], ga: Anchors, oa: Anchors, rep: DocReport) -> Counts:
    c = Counts()
    gs = [
        (n, ga.span(n.mentions[0].unit, n.mentions[0].start, n.mentions[0].end) if n.mentions else None) for n in gold
    ]
    os_ = [
        (n, oa.span(n.mentions[0].unit, n.mentions[0].start, n.mentions[0].end) if n.mentions else None) for n in ours
    ]
    used: set[int] = set()
    for g, gsp in gs:
        path = f"entities.numbers[{g.mentions[0].unit if g.mentions else '?'}:{g.text}]"
        over = [k for k, (o, osp) in enumerate(os_) if k not in used and _overlap(gsp, osp)]
        exact = [
            k
            for k in over
            if os_[k][0].kind == g.kind and _same(os_[k][0].value, g.value) and _same(os_[k][0].value_max, g.value_max)
        ]
        if exact:
            k = exact[0]
            used.add(k)
            o = os_[k][0]
            same_span = os_[k][1] == gsp
            if same_span:
                c.correct += 1
            else:
                c.partial += 1
                rep.differences.append(Difference(path, "changed", g.text, o.text))
            _compare_attrs(rep, "numbers", path, g, o, ("unit", "comparator", "approx", "sd"))
        elif over:
            k = over[0]
            used.add(k)
            o = os_[k][0]
            c.incorrect += 1
            rep.differences.append(
                Difference(
                    path, "changed", f"{g.kind} {g.value} {g.value_max}", f"{o.kind} {o.value} {o.value_max} ({o.text})"
                )
            )
        else:
            c.missed += 1
            rep.differences.append(Difference(path, "missed", f"{g.kind} {g.value} {g.value_max}"))
    for k, (o, _) in enumerate(os_):
        if k not in used:
            c.spurious += 1
            unit = o.mentions[0].unit if o.mentions else "?"
            rep.differences.append(
                Difference(f"entities.numbers[{unit}:{o.text}]", "spurious", None, f"{o.kind} {o.value} ({o.rule})")
            )
    return c


def score_trials(gold: list[Trial], ours: list[Trial], gd: list[Drug], od: list[Drug], rep: DocReport) -> Counts:
    c = Counts()
    used: set[int] = set()
    for g in gold:
        gdr = set(g.drugs)
        path = f"entities.trials[{','.join(g.drugs)}:n={g.n_enrolled}]"
        cand = [
            k
            for k, o in enumerate(ours)
            if k not in used
            and o.n_enrolled == g.n_enrolled
            and (gdr & {_drug_key(x, gd, od) for x in o.drugs} or (not gdr and not o.drugs))
        ]
        if not cand:
            c.missed += 1
            rep.differences.append(Difference(path, "missed", f"{g.drugs} n={g.n_enrolled} phase={g.phase}"))
            continue
        used.add(cand[0])
        o = ours[cand[0]]
        c.correct += 1
        _compare_attrs(rep, "trials", path, g, o, ("phase", "outcome", "design", "year"))
        gn = sorted((a.role, a.n) for a in g.arms)
        on = sorted((a.role, a.n) for a in o.arms)
        rep.attr("trials.arms").add(gn == on)
        if gn != on:
            rep.differences.append(Difference(f"{path}.arms", "changed", gn, on))
        gp = sorted(r.p_value for r in g.results if r.p_value is not None)
        op = sorted(r.p_value for r in o.results if r.p_value is not None)
        rep.attr("trials.p_values").add(gp == op)
        if gp != op:
            rep.differences.append(Difference(f"{path}.results.p_value", "changed", gp, op))
    for k, o in enumerate(ours):
        if k not in used:
            c.spurious += 1
            rep.differences.append(
                Difference(
                    f"entities.trials[{','.join(o.drugs)}:n={o.n_enrolled}]",
                    "spurious",
                    None,
                    f"{o.drugs} n={o.n_enrolled}",
                )
            )
    return c


# -- structure and metadata ------------------------------------------------------------


def flatten(sections: list[Section]) -> list[tuple[int, str | None, str | None, bool]]:
    out: list[tuple[int, str | None, str | None, bool]] = []
    for s in sections:
        out.append((s.level, s.number, s.title, s.runin))
        out.extend(flatten(s.sections))
    return out


def body_text(sections: list[Section]) -> str:
    parts: list[str] = []
    for s in sections:
        parts.extend(p.text for p in s.paragraphs)
        parts.append(body_text(s.sections))
    return "".join(parts)


def _squash(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def similarity(a: str | None, b: str | None) -> float:
    a, b = _squash(a), _squash(b)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def score_structure(gold: Document, ours: Document, rep: DocReport) -> None:
    gt, ot = flatten(gold.sections), flatten(ours.sections)
    sm = difflib.SequenceMatcher(None, gt, ot, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        for k in range(i1, i2):
            rep.differences.append(
                Difference(
                    f"sections[{k}]",
                    "missed" if tag == "delete" else "changed",
                    list(gt[k]),
                    list(ot[j1 + k - i1]) if tag == "replace" and j1 + k - i1 < j2 else None,
                )
            )
        if tag == "insert" or (tag == "replace" and j2 - j1 > i2 - i1):
            for k in range(j1 + (i2 - i1 if tag == "replace" else 0), j2):
                rep.differences.append(Difference(f"sections[+{k}]", "spurious", None, list(ot[k])))
    p = matched / len(ot) if ot else 1.0
    r = matched / len(gt) if gt else 1.0
    rep.structure = {
        "headings_gold": len(gt),
        "headings_ours": len(ot),
        "headings_matched": matched,
        "tree_exact": gt == ot,
        "headings_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "body_similarity": round(similarity(body_text(gold.sections), body_text(ours.sections)), 4),
        "paragraphs_gold": sum(1 for u in unit_texts(gold) if u.startswith("p")),
        "paragraphs_ours": sum(1 for u in unit_texts(ours) if u.startswith("p")),
        "references_gold": len(gold.references),
        "references_ours": len(ours.references),
        "references_exact": sum(1 for a, b in zip(gold.references, ours.references) if a == b),
    }


def score_metadata(gold: Document, ours: Document, rep: DocReport) -> None:
    fields = {
        "title.zh": (gold.metadata.title.zh, ours.metadata.title.zh),
        "title.en": (gold.metadata.title.en, ours.metadata.title.en),
        "abstract.zh": (gold.abstract.zh, ours.abstract.zh),
        "abstract.en": (gold.abstract.en, ours.abstract.en),
        "authors": (
            "; ".join(f"{a.name}/{a.name_en}/{a.affiliations}" for a in gold.metadata.authors),
            "; ".join(f"{a.name}/{a.name_en}/{a.affiliations}" for a in ours.metadata.authors),
        ),
        "affiliations": (
            "; ".join(a.model_dump_json() for a in gold.metadata.affiliations),
            "; ".join(a.model_dump_json() for a in ours.metadata.affiliations),
        ),
        "keywords.zh": ("；".join(gold.metadata.keywords.zh), "；".join(ours.metadata.keywords.zh)),
        "keywords.en": ("; ".join(gold.metadata.keywords.en), "; ".join(ours.metadata.keywords.en)),
        "journal": (gold.metadata.journal, ours.metadata.journal),
        "year": (
            str(gold.metadata.year) if gold.metadata.year else None,
            str(ours.metadata.year) if ours.metadata.year else None,
        ),
        "doi": (gold.metadata.doi, ours.metadata.doi),
    }
    for name, (g, o) in fields.items():
        strict = (g or None) == (o or None)
        rep.metadata[name] = {"strict": strict, "similarity": round(similarity(g, o), 4)}
        if not strict:
            rep.differences.append(Difference(f"metadata.{name}", "changed", g, o))


def leaked_strays(gold: Document, ours: Document, rep: DocReport) -> int:
    body = _squash(body_text(ours.sections))
    n = 0
    for r in gold.removed:
        if r.reason != "adjacent_article":
            continue
        t = _squash(r.text)
        windows = {t[i : i + LEAK_WINDOW] for i in range(0, max(1, len(t) - LEAK_WINDOW + 1), LEAK_WINDOW // 2)}
        if any(w and len(w) >= min(LEAK_WINDOW, len(t)) and w in body for w in windows):
            n += 1
            rep.differences.append(Difference("removed", "missed", r.text[:80], "found in sections"))
    return n


def compare(gold: Document, ours: Document) -> DocReport:
    rep = DocReport(doc_id=gold.doc_id)
    ga, oa = Anchors(gold), Anchors(ours)
    oa.align_to(ga)
    ge, oe = gold.entities, ours.entities
    rep.entities["drugs"] = score_drugs(ge.drugs, oe.drugs, rep)
    rep.entities["trials"] = score_trials(ge.trials, oe.trials, ge.drugs, oe.drugs, rep)
    rep.entities["doses"] = score_doses(ge.doses, oe.doses, ge.drugs, oe.drugs, rep)
    rep.entities["numbers"] = score_numbers(ge.numbers, oe.numbers, ga, oa, rep)
    score_structure(gold, ours, rep)
    score_metadata(gold, ours, rep)
    rep.leaked_strays = leaked_strays(gold, ours, rep)
    return rep


@dataclass
class RunReport:
    documents: list[DocReport] = field(default_factory=list)
    unpaired_extracted: list[str] = field(default_factory=list)
    unpaired_gold: list[str] = field(default_factory=list)

    def micro(self) -> dict[str, Counts]:
        out = {t: Counts() for t in ENTITY_TYPES}
        for d in self.documents:
            for t, c in d.entities.items():
                out[t].add(c)
        return out

    def macro_f1(self) -> dict[str, float]:
        if not self.documents:
            return {t: 0.0 for t in ENTITY_TYPES}
        return {t: round(sum(d.f1(t) for d in self.documents) / len(self.documents), 4) for t in ENTITY_TYPES}

    def overall_f1(self) -> float:
        total = Counts()
        for c in self.micro().values():
            total.add(c)
        return total.prf()[2]

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.as_dict() for d in self.documents],
            "micro": {t: c.as_dict() for t, c in self.micro().items()},
            "macro_f1": self.macro_f1(),
            "overall_f1": round(self.overall_f1(), 4),
            "leaked_strays": sum(d.leaked_strays for d in self.documents),
            "unpaired_extracted": self.unpaired_extracted,
            "unpaired_gold": self.unpaired_gold,
        }
