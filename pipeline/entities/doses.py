"""Doses: amounts with a dose unit, linked to their drug, frequency, route, duration and arm size.

A dose is a number whose unit is an amount (mg, IU, mg/kg/d; never a concentration).
Its drug is the nearest drug named before it in the sentence, else after it, else the
drug its section is about; frequency, route and duration are read from its clause.
Doses of one drug in one sentence that form a regimen (a titration; a loading dose and its
maintenance) keep one dose per amount, as curators list them, tied by `regimen` and `role`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast

from ..resources import _json, alt, char_class, en_words, zh_words
from ..sentences import ends, sentence_bounds
from .drugs import DrugMention
from .literals import DoseRole, Route
from .numbers import NumberHit
from .vocab_types import DoseRoles, UnitsVocab


@dataclass
class DoseHit:
    unit_id: str
    hit: NumberHit
    drug: str | None
    frequency: tuple[int, float, str] | None
    route: Route | None
    duration: tuple[float, float | None, str] | None
    arm_n: int | None
    rule: str
    role: DoseRole | None = None  # start | increase | target | max | loading | maintenance (resources/dose_roles.json)
    regimen: int | None = None  # index (in this unit's list) of the regimen's first dose, when it has two or more


@cache
def _units() -> UnitsVocab:
    return cast("UnitsVocab", _json("units.json"))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a span: up to the nearest "，" or sentence end on either side."""
    marks = "，," + ends()
    a = start
    while a > 0 and text[a - 1] not in marks:
        a -= 1
    b = end
    while b < len(text) and text[b] not in marks:
        b += 1
    return a, b


def _frequency(text: str, a: int, b: int, numbers: list[NumberHit]) -> tuple[int, float, str] | None:
    for n in numbers:
        if n.rule.startswith("number.rate_") and n.unit and a <= n.start < b and not n.unit.startswith("/1"):
            unit = n.unit
            m = re.match(r"^/\((\d+(?:\.\d+)?)\.(\w+)\)$", unit)
            if m:
                return int(n.value or 1), float(m.group(1)), m.group(2)
            return int(n.value or 1), 1.0, unit.lstrip("/")
    seg = text[a:b]
    # "q8h", "q12h", "q8~12h": once every N hours
    m = re.search(r"(?<![A-Za-z])q\s?(\d{1,2})(?:\s?[~-]\s?\d{1,2})?\s?h(?![A-Za-z])", seg)
    if m:
        return 1, float(m.group(1)), "h"
    # "every 4 weeks", "every other day", "every 12 hours"
    words = _units()["every_counts"]
    m = _res()["every"].search(seg)
    if m:
        k = m.group(1)
        period = float(k) if k and k.isdigit() else float(words.get((k or "").lower(), 1))
        return 1, period, {"h": "h", "d": "d", "w": "wk", "m": "mo"}[m.group(2)[0].lower()]
    for abbr, (count, period, punit) in sorted(_units()["frequency_abbrev"].items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<![A-Za-z]){re.escape(abbr)}(?![A-Za-z])", seg, flags=re.IGNORECASE):
            return int(count), float(period), str(punit)
    m = _res()["per_day_times"].search(seg)
    if m:
        zh = zh_words()
        count = int(m.group(2)) if m.group(2).isdigit() else zh.frequency_counts[m.group(2)]
        return count, 1.0, "d" if m.group(1) in zh.per_day_words else "wk"
    return None


@cache
def _res() -> dict[str, re.Pattern[str]]:
    """The regexes of doses around words of zh|en/pattern_words.json, built once."""
    zh, en = zh_words(), en_words()
    arm = alt(zh.arm_words)
    # every_counts is a table of plain words (units.json): joined as they are
    counts = "|".join(_units()["every_counts"])
    return {
        "every": re.compile(
            rf"\b(?:{alt(en.every_words)})\s+(\d{{1,2}}|{counts})?\s*({alt(en.every_periods)})\b", re.IGNORECASE
        ),
        "per_day_times": re.compile(
            rf"(?:{alt(zh.per_words)})({alt(zh.per_day_words + zh.per_week_words)})"
            rf"\s*([{char_class(''.join(zh.frequency_counts))}]|\d)\s*(?:{alt(zh.times_words)})"
        ),
        "arm_bracket": re.compile(rf"[^。；;，,()（）]{{0,24}}?(?:(?:{arm})\s*)?[（(]\s*(?:[nN]\s*=\s*)?"),
        "arm_bracket_open": re.compile(rf"(?:{arm})\s*[（(]\s*$"),
        "arm_counted": re.compile(alt(zh.enrolled_units)),
        "patients_counted": re.compile(f"{alt(zh.patient_count_units)}|{alt(en.patient_count_units)}"),
        "arm_after": re.compile(rf"^\s*(?:{arm})?\s*[（(]"),
        "arm_within": re.compile(rf"(?:{arm})\s*[（(]"),
        "arm_next": re.compile(rf"^\s*(?:{arm})"),
        # "左旋多巴的辅助治疗": a drug followed by 的 modifies something else (but "X 的最大剂量" is its dose)
        "modifier_of": re.compile(rf"^\s*(?:{alt(zh.attributive_particles)})(?!\s*(?:{alt(zh.dose_nouns_after_of)}))"),
        # "需与 MTX 联用": an agent introduced as a partner is not the subject the dose belongs to
        "partner_before": re.compile(rf"(?:{alt(zh.partner_before)})\s*$"),
        "partner_verb": re.compile(alt(zh.partner_verbs)),
        "respectively": re.compile(alt(zh.respectively)),
        "cue_names_dose_before": re.compile(rf"\s*(?:{alt(zh.cue_after_words)})(?!{alt(zh.cue_after_not_before)})"),
    }


def _route(text: str, a: int, b: int) -> Route | None:
    seg = text[a:b]
    for word, route in sorted(_units()["routes"].items(), key=lambda kv: -len(kv[0])):
        if word.isascii():
            # "IV", "SC" as well as "iv"; not the roman numeral of "stage IV", "phase IV"
            pat = rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])"
            for m in re.finditer(pat, seg, flags=re.IGNORECASE):
                guard = "|".join(_units()["route_not_after"])
                if re.search(rf"(?:{guard})\s*$", seg[: m.start()], flags=re.IGNORECASE):
                    continue
                return route
        elif word in seg:
            return route
    return None


_ARM_AFTER = re.compile(r"^[^。；;，,（(]{0,12}?[（(]\s*[nN]\s*=\s*$|^[^。；;（(]{0,40}?[，,]\s*$")


def _arm_n(
    text: str, clause_start: int, dose: NumberHit, numbers: list[NumberHit], doses: list[NumberHit]
) -> int | None:
    """The patients who got this dose: "30 mg 组（n=445）", "(250 mg，每日 1 次口服，609 例)" after it,
    else "5 例患者接受 30 mg", a patient count in the same clause before it."""
    nxt = min((d.start for d in doses if d.start > dose.start), default=len(text))
    close = _bracket_close(text, dose.end)
    res = _res()
    for n in numbers:
        if dose.end <= n.start < min(nxt, close) and n.kind == "count" and n.value is not None:
            between = text[dose.end : n.start]
            n_eq = re.search(r"[nN]\s*=\s*$", between) or re.match(r"[nN]\s*=", text[n.start : n.end])
            # "30 mg 组（n=445）", "40 mg/d 组（124 例）", "25~50 mg/d (n=248)": the arm's own bracket
            if res["arm_bracket"].fullmatch(between) and (
                n_eq or res["arm_bracket_open"].search(between) and res["arm_counted"].search(text[n.start : n.end])
            ):
                return int(n.value)
    best = None
    for n in numbers:
        if (
            clause_start <= n.start < dose.start
            and n.kind == "count"
            and n.value is not None
            and res["patients_counted"].search(text[n.start : n.end])
        ):
            best = int(n.value)
    return best


def _bracket_close(text: str, pos: int) -> int:
    """The end of the bracket the position stands in, or of the bracket that follows "组" right after it; else
    len(text) (no bracket: a count after the dose is not its arm's)."""
    depth = 0
    for i in range(pos, min(len(text), pos + 60)):
        ch = text[i]
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            if depth == 0:
                return i  # the dose is inside this bracket
            depth -= 1
            if (
                depth == 0
                and _res()["arm_after"].match(text[pos:i])
                or depth == 0
                and _res()["arm_within"].search(text[pos:i])
            ):
                return i  # "30 mg 组（n=445）"
        elif ch in "。；;":
            break
    return len(text)


VOLUME_UNITS = {"mL", "L", "uL", "dL"}
# a drug named in the previous sentence is still the subject this many characters later
MAX_ANTECEDENT_GAP = 120


def _same_clause(text: str, dose: NumberHit, drug: DrugMention, doses: list[NumberHit]) -> bool:
    """A drug named after the amount owns it only in the same clause, with no other amount between:
    "给予 0.5 g 头孢曲松", not "饮水 2 000 mL，同时口服碳酸氢钠 1 g"."""
    if re.search(r"[，,；;。]", text[dose.end : drug.start]):
        return False
    return not any(dose.end <= d.start < drug.start for d in doses if d is not dose)


def _same_topic(text: str, drug_end: int, sentence_start: int) -> bool:
    return sentence_start - drug_end <= MAX_ANTECEDENT_GAP


def _respectively(text: str, doses: list[NumberHit], drugs: list[DrugMention]) -> dict[int, str]:
    """ "艾司西酞普兰和舍曲林……常用剂量分别为 10~20 mg/d 和 50~200 mg/d": doses to drugs in order."""
    out: dict[int, str] = {}
    for m in _res()["respectively"].finditer(text):
        s_a, s_b = sentence_bounds(text, m.start())
        after = [n for n in doses if m.end() <= n.start < s_b]
        names: list[str] = []
        for d in drugs:
            if s_a <= d.start < m.start() and d.agent not in names:
                names.append(d.agent)
        if len(after) >= 2 and len(names) == len(after):
            for n, agent in zip(after, names):
                out[id(n)] = agent
    return out


def link_doses(
    unit_id: str, text: str, numbers: list[NumberHit], drugs: list[DrugMention], section_drugs: list[str]
) -> list[DoseHit]:
    out: list[DoseHit] = []
    doses: list[NumberHit] = []
    seen: set[tuple[float, float | None, str | None]] = set()
    for n in numbers:
        if n.kind != "measurement" or n.dose_unit is None or not n.dose_unit.dose or n.value is None:
            continue
        key = (n.value, n.value_max, n.unit)
        # "3 周时 25 mg 组……": an arm named by a dose already given is not a new dose
        if key in seen and _res()["arm_next"].match(text[n.end : n.end + 2]):
            continue
        seen.add(key)
        doses.append(n)
    respectively = _respectively(text, doses, drugs)
    for n in doses:
        s_a, s_b = sentence_bounds(text, n.start)
        before = [d for d in drugs if s_a <= d.start and d.end <= n.start]
        after = [d for d in drugs if n.end <= d.start and d.end <= s_b]
        prev = [d for d in drugs if d.end <= s_a]
        # a drug used as a modifier ("左旋多巴的辅助治疗") is not the subject of the dose
        subjects = [d for d in before if not _res()["modifier_of"].match(text[d.end : d.end + 6])] or before
        before = subjects
        if id(n) in respectively:
            drug, rule = respectively[id(n)], "dose.respectively"
        elif before:
            pick = before[-1]
            # "英夫利西单抗联合 MTX 3 mg/kg": the dose belongs to the agent the partner is combined with
            if (
                len(before) > 1
                and _res()["partner_before"].search(text[max(s_a, pick.start - 4) : pick.start])
                and _res()["partner_verb"].search(text[pick.end : n.start])
            ):
                pick = before[0]
            drug, rule = pick.agent, "dose.drug_before_in_sentence"
        elif prev and _same_topic(text, prev[-1].end, s_a):
            drug, rule = prev[-1].agent, "dose.drug_previous_sentence"
        elif after and _same_clause(text, n, after[0], doses):
            drug, rule = after[0].agent, "dose.drug_after_in_sentence"
        elif section_drugs:
            drug, rule = section_drugs[0], "dose.drug_of_section"
        else:
            drug, rule = None, "dose.no_drug"
        if drug is None:
            continue  # an amount with no drug named near it is no dose (fluid intake, a lab value, a unit example)
        c_a, c_b = _clause(text, n.start, n.end)
        # frequency and route are often printed in the next clause: "5 mg，每日 2 次"
        w_b = _clause(text, c_b + 1, c_b + 1)[1] if c_b < len(text) and text[c_b] in "，," else c_b
        w_a = _clause(text, c_a - 2, c_a - 1)[0] if c_a > 1 and text[c_a - 1] in "，," else c_a
        # a neighbouring clause with a dose of its own keeps its frequency and route ("A 40 mg 每 2 周 1 次，或 B 50 mg")
        if any(c_b < d.start < w_b for d in doses):
            w_b = c_b
        if any(w_a <= d.start < c_a for d in doses):
            w_a = c_a
        freq = _frequency(text, w_a, w_b, numbers)
        route = _route(text, w_a, w_b)
        out.append(DoseHit(unit_id, n, drug, freq, route, None, _arm_n(text, c_a, n, numbers, doses), rule))
    _regimens(text, out)
    return out


@cache
def _roles() -> DoseRoles:
    return cast("DoseRoles", _json("dose_roles.json"))


@lru_cache(maxsize=1024)
def _cue_pattern(word: str) -> re.Pattern[str]:
    """A cue word as a pattern, compiled once (a dose meets every cue of its table)."""
    pat = rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])" if word.isascii() else re.escape(word)
    return re.compile(pat, flags=re.IGNORECASE)


def _cue(seg: str, table: dict[str, DoseRole], last: bool) -> DoseRole | None:
    """The role of the last (or first) cue word of `seg`."""
    best: tuple[int, DoseRole] | None = None
    for word, role in table.items():
        for m in _cue_pattern(word).finditer(seg):
            if last and _res()["cue_names_dose_before"].match(seg[m.end() :]):
                continue  # "100 mg 首剂后 50 mg", "负荷剂量后": the cue names the dose before, not this one
            # the longest cue at a place wins ("起始剂量" over "起始"); then the last / first place
            key = (m.start() if last else -m.start()) * 100 + len(word)
            if best is None or key > best[0]:
                best = (key, role)
    return best[1] if best else None


def _role(text: str, h: NumberHit, prev_end: int, next_start: int) -> DoseRole | None:
    """What part of a regimen the dose is: a cue in its clause after it ("1.25 mg qd 起始", "100 mg 首剂后"),
    else the last cue before it in its clause, since the previous dose ("起始剂量为 2.5 mg", "titrated to 200 mg/day")."""
    c_a, c_b = _clause(text, h.start, h.end)
    after = _cue(text[h.end : min(c_b, next_start)], _roles()["after"], last=False)
    if after:
        return after
    s_a, _ = sentence_bounds(text, h.start)
    # a cue in an earlier clause is the previous dose's ("100 mg/d 起始，每 2 周增加……")
    return _cue(text[max(prev_end, s_a, c_a) : h.start], _roles()["before"], last=True)


def _regimens(text: str, hits: list[DoseHit]) -> None:
    """Roles, and doses of one drug in one sentence linked as one regimen: a titration (a starting dose and
    the doses it is raised to) or a loading dose and the maintenance that follows it. Each amount stays a dose
    of its own, as curators list them; `regimen` ties them together."""
    t = _roles()
    for k, dh in enumerate(hits):
        prev_end = hits[k - 1].hit.end if k else 0
        next_start = hits[k + 1].hit.start if k + 1 < len(hits) else len(text)
        dh.role = _role(text, dh.hit, prev_end, next_start)
    for k, dh in enumerate(hits):
        if dh.role not in t["opens"] or dh.regimen is not None:
            continue
        sentence = sentence_bounds(text, dh.hit.start)
        members = [k]
        for j in range(k + 1, len(hits)):
            o = hits[j]
            if (
                sentence_bounds(text, o.hit.start) != sentence
                or re.search(r"\.\s+[A-Z]", text[dh.hit.end : o.hit.start])  # an English sentence ends
                or o.role in t["opens"]
            ):
                break
            if o.drug != dh.drug:
                continue
            if o.role is None and "none" not in t["joins"][dh.role]:
                continue  # "100 mg/d 起始，每 2 周增加 100 mg，最大 800 mg/d": an increment is no step of its own
            if (o.role or "none") not in t["joins"][dh.role]:
                break
            if o.role is None:
                o.role = "maintenance"  # "2.5 mg/kg（负荷）后 1.5 mg/kg q12h": what follows a loading dose
            members.append(j)
        if len(members) > 1:
            for j in members:
                hits[j].regimen = k
