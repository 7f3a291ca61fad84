"""Entities: drugs, trials, doses and numbers, each grounded in a text unit."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import TYPE_CHECKING

from ..citations import marker_spans
from ..models import (
    Arm,
    Document,
    Dose,
    Drug,
    DrugIds,
    Entities,
    Frequency,
    Number,
    Quantity,
    Result,
    Section,
    Trial,
    fits,
)
from ..resources import alt, en_words, zh_words
from .grounding import mention
from .literals import comparator, drug_kind, p_comparator, period_unit

if TYPE_CHECKING:
    from ..structure import Structured
    from .drugs import DrugFinder, DrugMention
    from .numbers import NumberHit
    from .trials import TrialDraft


def unit_texts(doc: Document, cells: bool = True) -> dict[str, str]:
    """Every text unit of a document by id, in reading order; table cells (t1.r2.c3) last."""
    out: dict[str, str] = {}
    if doc.metadata.title.zh:
        out["title.zh"] = doc.metadata.title.zh
    if doc.metadata.title.en:
        out["title.en"] = doc.metadata.title.en
    if doc.abstract.zh:
        out["abstract.zh"] = doc.abstract.zh
    if doc.abstract.en:
        out["abstract.en"] = doc.abstract.en

    def walk(sections: list[Section]) -> None:
        for s in sections:
            for p in s.paragraphs:
                out[p.id] = p.text
            walk(s.sections)

    walk(doc.sections)
    if cells:
        out.update(cell_texts(doc))
    return out


def cell_texts(doc: Document) -> dict[str, str]:
    """Every non-empty table cell by unit id (t1.r2.c3: table, row, column)."""
    return {f"{t.id}.r{i}.c{j}": c for t in doc.tables for i, row in enumerate(t.rows) for j, c in enumerate(row) if c}


def _number(n: int, unit: str, text: str, h: NumberHit, st: Structured) -> Number:
    return Number(
        id=f"n{n}",
        kind=h.kind,
        value=h.value,
        value_max=h.value_max,
        unit=h.unit,
        sd=h.sd,
        ci_low=h.ci_low,
        ci_high=h.ci_high,
        ci_level=h.ci_level,
        iqr_low=h.iqr_low,
        iqr_high=h.iqr_high,
        comparator=comparator(h.comparator),
        approx=h.approx,
        text=text[h.start : h.end],
        rule=h.rule,
        mentions=[mention(st, unit, text, h.start, h.end)],
    )


def annotate(doc: Document, st: Structured) -> Entities:
    from .doses import link_doses
    from .numbers import find_numbers

    # drugs, doses and trials are read in running text; a table cell gives numbers only (below)
    texts = unit_texts(doc, cells=False)
    drugs, finder, drug_mentions = find_drugs(texts, st)
    numbers: list[Number] = []
    doses: list[Dose] = []
    by_unit: dict[str, list[DrugMention]] = {}
    for m in drug_mentions:
        by_unit.setdefault(m.unit, []).append(m)
    all_hits: dict[str, list[NumberHit]] = {}
    for unit, text in texts.items():
        hits = find_numbers(text, marker_spans(text))
        all_hits[unit] = hits
        section_drugs = [a for h in st.headings_of.get(unit, []) for a in finder.agents_in(h)]
        first = len(doses)  # ids of this unit's doses start here; a regimen is named by its first dose's id
        for dh in link_doses(unit, text, hits, by_unit.get(unit, []), section_drugs):
            h = dh.hit
            assert h.value is not None  # link_doses keeps only amounts with a value
            doses.append(
                Dose(
                    id=f"d{len(doses) + 1}",
                    drug=dh.drug,
                    value=h.value,
                    value_max=h.value_max,
                    unit=h.unit or "",
                    unit_text=h.dose_unit.text if h.dose_unit else "",
                    frequency=Frequency(
                        count=dh.frequency[0], period=dh.frequency[1], period_unit=period_unit(dh.frequency[2])
                    )
                    if dh.frequency and fits(dh.frequency[0]) is not None
                    else None,
                    route=dh.route,
                    arm_n=fits(dh.arm_n),
                    role=dh.role,
                    regimen=f"d{first + dh.regimen + 1}" if dh.regimen is not None else None,
                    rule=dh.rule,
                    mentions=[mention(st, unit, text, _dose_start(text, h), h.end)],
                )
            )
        for h in hits:
            numbers.append(_number(len(numbers) + 1, unit, text, h, st))
    # numbers in table cells are entities too, grounded in the cell (page and box inside the table)
    for unit, text in cell_texts(doc).items():
        for h in find_numbers(text, marker_spans(text)):
            numbers.append(_number(len(numbers) + 1, unit, text, h, st))
    trials = build_trials(texts, st, all_hits, drug_mentions, drugs, doses)
    return Entities(drugs=drugs, trials=trials, doses=doses, numbers=numbers)


def build_trials(
    texts: dict[str, str],
    st: Structured,
    all_hits: dict[str, list[NumberHit]],
    drug_mentions: list[DrugMention],
    drugs: list[Drug],
    doses: list[Dose],
) -> list[Trial]:
    from .trials import arms_of, citations_of, design_of, endpoints_of, find_trials, outcome_of

    paragraphs = [(u, t) for u, t in texts.items() if u.startswith("p")]
    drafts = find_trials(paragraphs, all_hits, drug_mentions)
    names: dict[str, str] = {}
    for d in drugs:
        for name in (d.name_zh, d.name_en, *d.aliases):
            if name:
                names[name] = d.id
    out: list[Trial] = []
    for dr in drafts:
        text = "".join(s.text for s in dr.sentences)
        agents = _trial_agents(dr, drug_mentions, st, drugs)
        if not agents:
            continue  # a study of no named agent (an overview of many) is not a drug trial
        arms = arms_of(text, names)
        design = design_of(text)
        if not arms and "placebo_controlled" in design:
            # a placebo-controlled study has two arms even when the review names neither
            arms = [("治疗组", "treatment", agents[0] if agents else None, None), ("安慰剂组", "placebo", None, None)]
        n = dr.n
        sizes = [a[3] for a in arms if a[3] is not None]
        if n is None and len(arms) >= 2 and len(sizes) == len(arms):
            n = sum(sizes)
        hits = _trial_hits(dr, all_hits)
        years = [int(h.value) for h in hits if h.kind == "year" and h.value]
        dur = next((h for h in hits if h.kind == "duration" and _duration_cue(text, h)), None)
        out.append(
            Trial(
                id=f"t{len(out) + 1}",
                drugs=agents,
                phase=dr.phase,
                design=design,
                n_enrolled=fits(n),
                arms=[Arm(label=a[0], role=a[1], drug=a[2], n=fits(a[3])) for a in arms],
                duration=Quantity(value=dur.value, value_max=dur.value_max, unit=dur.unit) if dur else None,
                endpoints=endpoints_of(text),
                outcome=outcome_of(text, hits),
                results=_trial_results(text, hits),
                year=fits(years[0]) if years else None,
                citations=citations_of(dr),
                rule=dr.rule,
                mentions=[mention(st, s.unit, texts[s.unit], s.start, s.end) for s in dr.sentences],
            )
        )
    return out


def _trial_agents(dr: TrialDraft, drug_mentions: list[DrugMention], st: Structured, drugs: list[Drug]) -> list[str]:
    """The study's drugs: named in its sentences, else just before them, else in its section's heading."""
    from .trials import drugs_of

    agents = drugs_of(dr, drug_mentions)
    if not agents:
        agents = _antecedent_drugs(dr, drug_mentions)
    if not agents:
        unit = dr.sentences[0].unit
        agents = [a for h in st.headings_of.get(unit, []) for a in _finder_agents(h, drugs)][:1]
    return agents


def _trial_hits(dr: TrialDraft, all_hits: dict[str, list[NumberHit]]) -> list[NumberHit]:
    """The study's numbers, placed in the joined text of its sentences."""
    hits, offset = [], 0
    for s in dr.sentences:
        for h in all_hits.get(s.unit, []):
            if s.start <= h.start < s.end:
                hits.append(dataclasses.replace(h, start=offset + h.start - s.start, end=offset + h.end - s.start))
        offset += len(s.text)
    return hits


def _trial_results(text: str, hits: list[NumberHit]) -> list[Result]:
    """The study's statistics: P values, means with their SD, estimates with their CI."""
    results = [
        Result(p_value=h.value, p_comparator=p_comparator(h.comparator or "=")) for h in hits if h.kind == "p_value"
    ]
    results += [Result(value=h.value, sd=h.sd) for h in hits if h.kind == "mean_sd"]
    results += [
        Result(measure=_label(text, h), value=h.value, ci_low=h.ci_low, ci_high=h.ci_high)
        for h in hits
        if h.ci_low is not None
    ]
    return results


@cache
def _label_re() -> re.Pattern[str]:
    links = f"{alt(zh_words().stat_label_links)}|{alt(en_words().stat_label_links)}"
    return re.compile(rf"\s*([^\d=:：,，\-−]+?)\s*(?:[=:：,，]|{links})?\s*[\-−]?\d")


def _label(text: str, h: NumberHit) -> str | None:
    """ "HR" of "HR=0.80", "hazard ratio" of "hazard ratio was 0.74": the statistic's label as printed."""
    m = _label_re().match(text[h.start : h.end])
    return m.group(1).strip() if m else None


def _antecedent_drugs(dr: TrialDraft, drug_mentions: list[DrugMention]) -> list[str]:
    """Drugs of the nearest earlier sentence of the paragraph: "美金刚……。但另一项纳入 63 例……"."""
    first = dr.sentences[0]
    before = [m for m in drug_mentions if m.unit == first.unit and m.start < first.start]
    if not before:
        return []
    # the agent named last before the study sentence
    return [max(before, key=lambda m: m.start).agent]


def _finder_agents(heading: str, drugs: list[Drug]) -> list[str]:
    return [d.id for d in drugs if (d.name_zh and d.name_zh in heading) or (d.name_en and d.name_en in heading.lower())]


def _duration_cue(text: str, h: NumberHit) -> bool:
    """A duration is the study's when a treatment or follow-up word stands next to it."""
    from .trials import cues

    around = text[max(0, h.start - 6) : h.end + 6]
    return any(w in around for w in cues()["duration_cues"])


def _dose_start(text: str, h: NumberHit) -> int:
    """A dose's mention starts at its value: a comparator word before it belongs to the number only."""
    m = re.search(r"[−\-]?[0-9０-９]", text[h.start : h.end])
    return h.start + (m.start() if m else 0)


def find_drugs(texts: dict[str, str], st: Structured) -> tuple[list[Drug], DrugFinder, list[DrugMention]]:
    from .drugs import DrugFinder, class_of, merge_mentions, status_of

    finder = DrugFinder()
    for text in texts.values():
        finder.mine_aliases(text)
    found = [m for unit, text in texts.items() for m in finder.find(unit, text)]
    out: list[Drug] = []
    for aid, ms in merge_mentions(found).items():
        agent = finder.agent(aid)
        surface = sorted({texts[m.unit][m.start : m.end] for m in ms})
        name_zh = agent.name_zh
        if name_zh is None:
            name_zh = next((x for x in surface if any("\u4e00" <= c <= "\u9fff" for c in x)), None)
        name_en = agent.name_en
        if agent.kind == "investigational_code":
            name_en = next((x for x in surface if x.isascii()), name_en)
        names = {n for n in (name_zh, name_en) if n}
        aliases = sorted({x for x in surface if x not in names and x.lower() != (name_en or "").lower()})
        status, _status_rule = status_of(ms, texts)
        if status == "unclear" and getattr(agent, "atc", None):
            # no cue either way: a medicine with an ATC code is one in clinical use
            status = "approved"
        klass = class_of(ms, texts, st.headings_of, finder.names_drug)
        ids = DrugIds(
            drugbank=getattr(agent, "drugbank", None),
            mesh=getattr(agent, "mesh", None),
            atc=getattr(agent, "atc", None),
        )
        out.append(
            Drug(
                id=aid,
                name_zh=name_zh,
                name_en=name_en,
                aliases=aliases,
                kind=drug_kind(agent.kind),
                drug_class=klass,
                status=status,
                ids=ids,
                rule=ms[0].rule,
                mentions=[mention(st, m.unit, texts[m.unit], m.start, m.end) for m in ms],
            )
        )
    out.sort(key=lambda d: d.id)
    return out, finder, found


def warm_up() -> None:
    """Load every rule file and dictionary once per process (workers call this at start)."""
    from ..resources import heading_grammar, stray_rules, structure_cues
    from .lexicon import lexicon
    from .nlp import en_tokenizer, zh_segmenter

    structure_cues()
    heading_grammar()
    stray_rules()
    zh_segmenter()
    en_tokenizer()
    lex = lexicon()
    _ = lex.en_automaton, lex.zh_automaton, lex.abbr_automaton
