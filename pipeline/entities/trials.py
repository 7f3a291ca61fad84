"""Trials: one entry per clinical study the review describes, over as many sentences as it takes.

Sentences are read in order within a paragraph. A sentence opens a study when it reports
enrolment ("纳入 513 例", "n=120"), a phase or a named study together with a trial word;
it continues the open study when it carries results or refers back ("该研究", "两组",
"P<0.05"); animal and cell experiments never open one. Each study then collects its
drugs, phase, design tags, arms, duration, endpoints, outcome, results and citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal, cast

from ..citations import citations_in
from ..resources import _json, alt, char_class, en_words, zh_words
from ..sentences import sentence_spans
from .drugs import DrugMention
from .literals import ArmRole, Design, Outcome, Phase, is_phase
from .numbers import NumberHit
from .vocab_types import TrialCues

_PHASE = re.compile(
    r"(?<![\dA-Za-z])(\d(?:\s*/\s*\d)?|[ⅠⅡⅢⅣ]{1,3}(?:\s*/\s*[ⅠⅡⅢⅣ]{1,3})?|I{1,3}V?|IV)\s*([ab])?\s*"
    rf"(?:{alt(zh_words().phase_after)})"
    rf"|(?:{alt(en_words().phase_before)})\s*(\d(?:/\d)?|I{{1,3}}V?|IV)"
)
# a study's acronym: "LEADER", "RISE-PD", "SUSTAIN-6", "OPERA II", "DECLARE-TIMI 58"
# "RA-BEAM" (two capitals before a hyphen), "ORAL Surveillance 研究" (a capitalised word before the trial word)
_ACR = (
    r"(?:[A-Z][A-Z0-9]{2,}|[A-Z]{2}(?=-[A-Z]))(?:[\-][A-Za-z0-9]+)*"
    r"(?:\s(?:OUTCOME|I{1,3}|IV|\d{1,3}|[A-Z][a-z]{3,}"
    rf"(?=\s*(?:{alt(zh_words().trial_words)}|{alt(en_words().trial_word_after_acronym_word)})))(?![A-Za-z0-9]))?"
)
_NAME = re.compile(
    rf"(?<![A-Za-z0-9])({_ACR})\s*(?:{alt(zh_words().trial_words)}|{alt(en_words().trial_word_after_name)})"
)
_JOIN = rf"\s*(?:{alt(zh_words().trial_name_joins)}|、|,|，|{alt(en_words().trial_name_joins)})\s*"
# "BENEFIT 和 CONFIRM 研究", "OPERA I and OPERA II trials": several named studies, one trial word
_NAME_LIST = re.compile(
    rf"(?<![A-Za-z0-9])({_ACR}(?:{_JOIN}{_ACR})+)"
    rf"\s*(?:{alt(zh_words().trial_words)}|{alt(en_words().trial_words_after_names)})"
)
# "two phase 3 trials, AFFIRM and SENTINEL,", "两项研究（AFFIRM 与 SENTINEL）": the names after the trial word
# (not "如 / such as": examples in a summary)
_NAME_LIST_AFTER = re.compile(
    rf"(?:{alt(zh_words().trial_words)}|{alt(en_words().trial_words_before_names)})"
    rf"\s*(?:[,，:：]|[(（])\s*({_ACR}(?:{_JOIN}{_ACR})+)(?![A-Za-z0-9])"
)


@cache
def cues() -> TrialCues:
    return cast("TrialCues", _json("trial_cues.json"))


@dataclass
class Sentence:
    unit: str
    start: int
    end: int
    text: str


@dataclass
class TrialDraft:
    sentences: list[Sentence] = field(default_factory=list)
    name: str | None = None
    n: int | None = None
    phase: Phase | None = None
    rule: str = ""


def sentences(unit: str, text: str) -> list[Sentence]:
    # a semicolon does not end a study's statement: "A 组……；B 组……" reports one trial
    return [Sentence(unit, a, b, text[a:b]) for a, b in sentence_spans(text, semicolons=False)]


def _phase(text: str) -> Phase | None:
    m = _PHASE.search(text)
    if not m:
        return None
    raw = (m.group(1) or m.group(3) or "").replace(" ", "")
    words = cues()["phase_words"]
    parts = []
    for p in raw.split("/"):
        if p.isdigit():
            parts.append(p)
        else:
            # "ⅡⅢ" is not a phase; a roman numeral is read whole
            parts.append(words.get(p) or {"Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3", "Ⅳ": "4"}.get(p, ""))
    phase = "/".join(p for p in parts if p)
    return phase if is_phase(phase) else None


@cache
def _enrolment_res() -> dict[str, re.Pattern[str]]:
    zh, en = zh_words(), en_words()
    before = sorted(cues()["enrol_before"], key=len, reverse=True)
    return {
        "enrolled": re.compile(f"{alt(zh.enrolled_units)}|{alt(en.enrolled_units)}"),
        "counts_an_arm": re.compile(
            rf"(?<!{alt(zh.arm_links_not_after)})(?:{alt(zh.arm_links)})\s*[\u4e00-\u9fff]{{0,6}}(?:{alt(zh.arm_words)})"
        ),
        # an enrolment verb right before the count, any of them (longest first)
        "verb_before": re.compile(
            rf"(?:{alt(before)})\s*(?:{alt(zh.enrol_particles)})?\s*(?:[\u4e00-\u9fff]{{0,4}}(?:{alt(zh.patient_nouns)}))?"
            rf"\s*(?:{alt(zh.approximators)})?\s*$"
        ),
        "clause_of": re.compile(rf"(?:{alt(zh.attributive_particles)})\s*$"),
    }


def _enrolment(sent: Sentence, numbers: list[NumberHit]) -> int | None:
    c = cues()
    res = _enrolment_res()
    n_equals = None
    for n in numbers:
        if not (sent.start <= n.start < sent.end) or n.value is None:
            continue
        t = sent.text
        rel = n.start - sent.start
        if n.rule == "number.n_equals":
            # "(n=452)" after the study is its size; "(n=3 498)" after an arm is the arm's: a counted
            # enrolment ("纳入 7 031 例") in the sentence wins
            n_equals = n_equals if n_equals is not None else int(n.value)
            continue
        if n.kind != "count" or not res["enrolled"].search(t[rel : n.end - sent.start]):
            continue
        tail = re.split(r"[，,；;]", t[n.end - sent.start : n.end - sent.start + 30])[0]
        if res["counts_an_arm"].search(tail):
            continue  # "16 例患者为治疗组" counts an arm
        head = t[max(0, rel - 24) : rel]  # "randomly assigned 4 744 patients"
        if res["verb_before"].search(head):
            return int(n.value)
        # "纳入 104 家 ICU 的 7 031 例患者": the verb a little further back in the same clause
        clause = re.split(r"[，,；;。]", t[max(0, rel - ENROL_REACH) : rel])[-1]
        if res["clause_of"].search(clause) and any(w in clause for w in c["enrol_before"] if len(w) >= 2):
            return int(n.value)
        if any(w in tail for w in c["enrol_after"]):
            return int(n.value)
    return n_equals


# how far back in its clause an enrolment verb may stand ("纳入 104 家中心的 …… 例")
ENROL_REACH = 24


def _cumulative(sent: Sentence, n: int | None) -> bool:
    return n is not None and any(w in sent.text for w in cues()["cumulative_words"])


# "Smith 等 [12]", "Smith 等 (2015)", "Smith et al. [3]": a study named by its author
_AUTHOR = re.compile(
    rf"([A-Z][a-z]+)\s*(?:{alt(zh_words().et_al)}|{alt(en_words().et_al)})"
    r"\s*(\[[\d,，\-–~ ]+\]|[（(]\s*(?:19|20)\d{2}\s*[)）])"
)


def _authors(text: str) -> list[str]:
    """ "Smith 等 (2015)" -> "Smith (2015)": a study named by its first author and year (or reference)."""
    return [a + " " + re.sub(r"\s+", "", ref) for a, ref in _AUTHOR.findall(text)]


_RESPECTIVELY = re.compile(f"{alt(zh_words().respectively)}|{alt(en_words().respectively)}")


def _respective_counts(sent: Sentence, numbers: list[NumberHit], k: int) -> list[int | None]:
    """ "A 和 B 试验分别纳入 3 730 例和 5 988 例患者", "… enrolled 700 and 900 patients, respectively": one size
    per named study, in order, when the sentence says so and gives exactly that many."""
    if not _RESPECTIVELY.search(sent.text):
        return [None] * k
    verbs = [sent.text.find(w) for w in cues()["enrol_before"] if len(w) >= 2 and w in sent.text]
    if not verbs:
        return [None] * k
    after = sent.start + min(verbs)  # the sizes follow the enrolment verb: "分别纳入 3 730 例和 5 988 例"
    counts = [
        n
        for n in numbers
        if after <= n.start < sent.end
        and n.value is not None
        and n.kind in ("count", "other")
        and n.rule != "number.year_bare"
    ]
    counted = [n for n in counts if n.kind == "count"]
    if len(counted) == k or len(counts) == k and counted:
        sizes: list[int | None] = [
            int(n.value) for n in (counted if len(counted) == k else counts) if n.value is not None
        ]
        return sizes
    return [None] * k


def names_in(text: str) -> list[str]:
    """The acronyms of the studies a sentence names together ("BENEFIT 和 CONFIRM 研究"), in order."""
    not_names = set(cues()["not_trial_names"])
    m = _NAME_LIST.search(text) or _NAME_LIST_AFTER.search(text)
    if m:
        names = [x.strip() for x in re.split(_JOIN, m.group(1))]
    else:
        names = [x for x in (_NAME.findall(text))[:1]]
    out: list[str] = []
    for x in names:
        if x and x not in not_names and x not in out:
            out.append(x)
    return out


# "2 项 3 期临床试验", "two phase 3 trials" (an English numeral with a capital first letter too)
_MANY = re.compile(
    rf"(?<![\d.])(?<!{alt(zh_words().ordinal_before)})([2-9{char_class(''.join(zh_words().study_count_numerals))}]|\d{{2,3}})"
    rf"\s*(?:{alt(zh_words().study_measure_words)})[^，。；]{{0,12}}?(?:{alt(zh_words().study_nouns)})"
    r"|\b("
    + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in en_words().study_count_numerals)
    + rf"|[2-5])\s+(?:[\w-]+\s+){{0,3}}?(?:{alt(en_words().counted_study_nouns)})\b"
)


def multiplicity(text: str) -> int:
    """How many studies one sentence describes: "2 项 3 期临床试验", "A 等 [1]、B 等 [2]……"."""
    authors = _AUTHOR.findall(text)
    if len(authors) >= 2:
        return len(authors)
    names = names_in(text)
    if len(names) >= 2:
        return len(names)
    m = _MANY.search(text)
    if m:
        k = m.group(1) or m.group(2)
        return zh_words().study_count_numerals.get(k) or en_words().study_count_numerals.get(k.lower()) or int(k)
    return 1


# more studies than a sentence describes one by one: it summarises them
MAX_LISTED_STUDIES = 5


@cache
def _many_studies() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(cues()["many_studies"], key=len, reverse=True))
    nouns = f"{alt(zh_words().study_nouns)}|{alt(en_words().many_study_nouns)}"
    return re.compile(rf"(?:{words})[^，,。；;]{{0,14}}?(?:{nouns})")


def summary_of_many(text: str) -> bool:
    """ "上述 3 项研究共纳入 2 000 余例", "SUSTAIN 系列研究", "超过 20 项 3 期临床试验", "several phase 3 trials":
    a sentence about many studies together, describing none of them."""
    if _many_studies().search(text):
        return True
    return multiplicity(text) > MAX_LISTED_STUDIES


def _is_trial_sentence(text: str) -> bool:
    return any(w in text for w in cues()["trial_words"])


def _meta_analysis(text: str) -> bool:
    """ "荟萃分析显示……", "A meta-analysis of 12 RCTs": a study of studies, not a trial of its own."""
    return any(w in text for w in cues()["meta_analysis"])


def _not_human(text: str) -> bool:
    """Animal or cell experiments only: an animal cue and no human one."""
    return any(w in text for w in cues()["not_human"]) and not any(w in text for w in cues()["human"])


@dataclass
class _Reading:
    """What one sentence says of a trial: its enrolment, phase, name, and whether it opens one (or k)."""

    n: int | None
    phase: Phase | None
    named: list[str]
    authors: list[str]
    name: str | None
    opens: bool
    plural: bool


def _read_sentence(s: Sentence, nums: list[NumberHit], drug_mentions: list[DrugMention]) -> _Reading:
    n = _enrolment(s, nums)
    phase = _phase(s.text)
    named = names_in(s.text)
    authors = _authors(s.text)
    name = named[0] if named else authors[0] if len(authors) == 1 else None
    trialish = _is_trial_sentence(s.text) or n is not None
    author = _AUTHOR.search(s.text) and _is_trial_sentence(s.text)
    # "两项激素研究结论不一" summarises; several studies open only with a phase or a design
    plural = multiplicity(s.text) > 1 and (
        phase is not None or bool(design_of(s.text)) or len(_AUTHOR.findall(s.text)) >= 2 or len(named) >= 2
    )
    if (
        n is not None
        and _cumulative(s, n)
        and not any(m.unit == s.unit and s.start <= m.start < s.end for m in drug_mentions)
    ):
        n = None  # "已完成的试验累计纳入超过 10 万例": an overview, not a study
    # "上述 3 项研究共纳入……" sums several studies up: no study of its own (named ones are listed apart)
    summary = summary_of_many(s.text)
    opens = (
        not _not_human(s.text)
        and not _meta_analysis(s.text)
        and not summary
        and trialish
        and (
            n is not None
            or (phase is not None)
            or (name is not None and _is_trial_sentence(s.text))
            or bool(author)
            or plural
            or ("随机" in s.text and sum(1 for a in arms_of(s.text, {}) if a[3] is not None) >= 2)
        )
    )
    return _Reading(n, phase, named, authors, name, opens, plural)


def find_trials(
    paragraphs: list[tuple[str, str]], numbers: dict[str, list[NumberHit]], drug_mentions: list[DrugMention]
) -> list[TrialDraft]:
    c = cues()
    drafts: list[TrialDraft] = []
    for unit, text in paragraphs:
        cur: TrialDraft | None = None
        for s in sentences(unit, text):
            nums = numbers.get(unit, [])
            r = _read_sentence(s, nums, drug_mentions)
            k = multiplicity(s.text) if r.opens and r.plural else 1
            if k > 1:
                # several studies in one sentence: one entry each, no shared enrolment
                labels = r.named if len(r.named) == k else r.authors if len(r.authors) == k else [None] * k
                sizes = _respective_counts(s, nums, k)
                for i in range(k):
                    drafts.append(TrialDraft([s], labels[i], sizes[i], r.phase, rule="trial.opens_plural"))
                cur = drafts[-1]
            elif r.opens:
                cur = _open_or_join(cur, s, r, drug_mentions, drafts)
            elif (
                cur is not None
                and (
                    any(w in s.text for w in c["continuation_cues"])
                    or any(re.search(p, s.text) for p in c["continuation_patterns"])
                )
                and not _not_human(s.text)
            ):
                cur.sentences.append(s)
            elif cur is not None:
                cur = None
    return drafts


def _open_or_join(
    cur: TrialDraft | None, s: Sentence, r: _Reading, drug_mentions: list[DrugMention], drafts: list[TrialDraft]
) -> TrialDraft:
    """A sentence that opens a trial adds to the current one unless it names another; else a new draft."""
    s_drugs = {m.agent for m in drug_mentions if m.unit == s.unit and s.start <= m.start < s.end}
    cur_drugs = {
        m.agent
        for m in drug_mentions
        for x in (cur.sentences if cur else [])
        if m.unit == x.unit and x.start <= m.start < x.end
    }
    n, phase, name = r.n, r.phase, r.name
    new_cue = (
        (bool(s_drugs) and bool(cur_drugs) and not (s_drugs & cur_drugs))
        or any(w in s.text[:12] for w in cues()["new_trial_cues"])
        or (name is not None and cur is not None and cur.name not in (None, name))
        or (phase is not None and cur is not None and cur.phase not in (None, phase))
    )
    if (
        cur is not None
        and not new_cue
        and (cur.n is None or n is None)
        and (cur.name is None or name in (None, cur.name))
    ):
        cur.sentences.append(s)
        cur.n = cur.n or n
        cur.phase = cur.phase or phase
        cur.name = cur.name or name
        return cur
    cur = TrialDraft(
        [s],
        name,
        n,
        phase,
        rule="trial.opens_enrolment" if n is not None else "trial.opens_phase" if phase else "trial.opens_name",
    )
    drafts.append(cur)
    return cur


# -- attributes -----------------------------------------------------------------------


def design_of(text: str) -> list[Design]:
    tags: list[Design] = []
    for word, tag in cues()["design"].items():
        if word in text and tag not in tags:
            tags.append(tag)
    return sorted(tags)


def _cue_positions(text: str, words: list[str]) -> list[int]:
    return [m.start() for w in words for m in _literal(w).finditer(text)]


@lru_cache(maxsize=1024)
def _literal(word: str) -> re.Pattern[str]:
    return re.compile(re.escape(word))


def _negated(text: str, pos: int) -> bool:
    """A negation trigger shortly before the cue, in the same clause ("未发现任何治疗获益")."""
    head = re.split(r"[，,。；;]", text[max(0, pos - NEGATION_WINDOW) : pos])[-1]
    return any(t in head for t in cues()["negation_triggers"])


# how far back (characters) a negation reaches a positive cue
NEGATION_WINDOW = 10


def primary_polarity(hits: list[NumberHit]) -> Literal["positive", "negative"] | None:
    """The first statistic reported decides: P below the level, or a ratio CI that excludes 1."""
    alpha = cues()["significance_level"]
    for h in sorted(hits, key=lambda h: h.start):
        if h.kind == "p_value" and h.value is not None:
            if h.comparator in ("<", "<=") and h.value <= alpha or h.comparator is None and h.value < alpha:
                return "positive"
            return "negative"
        if (
            h.rule == "number.confidence_interval"
            and h.value is not None
            and h.value_max is not None
            and h.unit is None
            and h.value > 0
        ):
            return "negative" if h.value <= 1 <= h.value_max else "positive"
    return None


def _positive_after_contrast(text: str, hits: list[NumberHit], pos_at: list[int]) -> bool:
    """ "……P=0.095，但次要终点风险降低 16% (P=0.027)": benefit reported after 但/然而."""
    alpha = cues()["significance_level"]
    for word in cues()["contrast_words"]:
        k = text.find(word)
        while k != -1:
            if any(p > k for p in pos_at):
                return True
            sig = [h for h in hits if h.kind == "p_value" and h.value is not None and h.value < alpha]
            if any(h.start > k for h in sig) and any(
                h.start < k and h.kind == "p_value" and h.value is not None and h.value >= alpha for h in hits
            ):
                return True
            k = text.find(word, k + 1)
    return False


def outcome_of(text: str, hits: list[NumberHit] | None = None) -> Outcome:
    """Outcome from cue words (with NegEx-style negation) and, failing words, the first statistic."""
    o = cues()["outcome"]
    if any(w in text for w in o["ongoing"]):
        return "ongoing"
    if any(w in text for w in o.get("mixed", [])):
        return "mixed"
    blockers = cues()["outcome_blockers"]["positive"]
    pos_at = [
        p
        for p in _cue_positions(text, o["positive"])
        if not _negated(text, p)
        and not any(text.startswith(b, max(0, p - len(b) + 2)) for b in blockers)
        and not any(b in text[max(0, p - 4) : p + 6] for b in blockers)
    ]
    neg_at = _cue_positions(text, o["negative"]) + [p for p in _cue_positions(text, o["positive"]) if _negated(text, p)]
    primary = primary_polarity(hits or [])
    if primary == "negative" and _positive_after_contrast(text, hits or [], pos_at):
        return "mixed"  # the primary result failed, but a later clause reports a benefit
    pos = bool(pos_at) or primary == "positive"
    neg = bool(neg_at) or (primary == "negative" and not pos_at)
    if pos and neg:
        contrast = cues()["contrast_words"]
        first_neg = min(neg_at) if neg_at else len(text)
        later_contrast = any(text.rfind(c, 0, first_neg) > (min(pos_at) if pos_at else -1) for c in contrast)
        if later_contrast:
            return "mixed"
        return primary or ("positive" if pos_at and (not neg_at or min(pos_at) < min(neg_at)) else "negative")
    if pos:
        return "positive"
    if neg:
        return "negative"
    return "unclear"


Arm_ = tuple[str, ArmRole, str | None, int | None]
_COUNT = r"(\d{1,3}(?:[ ,]\d{3})*|\d+)"


@cache
def _arm_res() -> dict[str, re.Pattern[str]]:
    zh = zh_words()
    arm, size = alt(zh.arm_words), rf"{_COUNT}\s*(?:{alt(zh.arm_size_units)})"
    return {
        # "安慰剂组 104 例", "X 组 (n=342)"
        "label_then_size": re.compile(
            rf"([\u4e00-\u9fffA-Za-z0-9.\s/]{{1,16}}?(?:{arm}))\s*[(（]?\s*(?:n\s*=\s*{_COUNT}|{size})"
        ),
        # "A (n=161)", "B (318 例)"
        "size_in_brackets": re.compile(
            rf"([^，,、；;。()（）]{{1,24}}?)\s*[(（]\s*(?:n\s*=\s*{_COUNT}[^()（）]{{0,20}}|{size})\s*[)）]"
        ),
        # "16 例……为治疗组"
        "size_then_arm": re.compile(
            rf"{size}[^，。；]{{0,16}}?(?:{alt(zh.arm_links)})\s*([\u4e00-\u9fff]{{1,8}}(?:{arm}))"
        ),
        "label_break": re.compile(
            rf"[，,、：:。；{char_class(zh.arm_label_joins)}]|{alt(en_words().arm_label_breaks)}|{alt(zh.arm_label_breaks)}"
        ),
    }


def arms_of(text: str, drug_names: dict[str, str]) -> list[Arm_]:
    """(label, role, drug, n): "安慰剂组 104 例", "X 组 (342 例)", "A (n=161)", "16 例……为治疗组",
    and arms listed without sizes ("随机分为 A 组与 B 组", "随机接受 A 或 B")."""
    c = cues()
    roles = c["arm_roles"]
    found: list[tuple[int, str, int | None]] = []  # position, label, n
    # "安慰剂组 104 例", "X 组 (n=342)": the size must say what it counts
    res = _arm_res()
    for m in res["label_then_size"].finditer(text):
        label = _last_phrase(m.group(1))
        if label and label not in zh_words().arm_words and not re.match(r"^\d", label):
            found.append((m.start(1), label, _int(m.group(2) or m.group(3))))
    # a size in brackets must say what it counts ("(n=161)", "(318 例)"); "(2008)" is a year
    for m in res["size_in_brackets"].finditer(text):
        label = _last_phrase(m.group(1))
        if label and not re.search(r"\d\s*$", label) and not label.endswith(tuple(zh_words().trial_words)):
            found.append((m.start(1), label, _int(m.group(2) or m.group(3))))
    for m in res["size_then_arm"].finditer(text):
        found.append((m.start(), m.group(2), _int(m.group(1))))
    if len(found) < 2:
        listed = _listed_arms(text, c)
        if len(listed) >= 2:
            found = [(k, lab, None) for k, lab in listed]
    found.sort(key=lambda f: f[0])
    out: list[Arm_] = []
    seen: set[tuple[str, int | None]] = set()
    for _, label, n in found:
        if (label, n) not in seen and not any(n is not None and n == m for _, m in seen if _ == label):
            seen.add((label, n))
            out.append((label, _role(label, roles), _drug_in(label, drug_names), n))
    # with no placebo or control named, the arm listed last is the comparator
    if len(out) == 2 and all(a[1] == "treatment" for a in out):
        out[-1] = (out[-1][0], "control", out[-1][2], out[-1][3])
    return out


def _int(s: str) -> int:
    return int(re.sub(r"[ ,]", "", s))


def _last_phrase(s: str) -> str:
    return _arm_res()["label_break"].split(s)[-1].strip()


def _listed_arms(text: str, c: TrialCues) -> list[tuple[int, str]]:
    for cue in c["arm_list_cues"]:
        k = text.find(cue)
        if k < 0:
            continue
        start = k + len(cue)
        end = len(text)
        for stop in "，,；;。(（":
            j = text.find(stop, start)
            if j != -1:
                end = min(end, j)
        segment = text[start:end]
        parts = [p.strip() for p in re.split(c["arm_separators"], segment) if p.strip()]
        if 2 <= len(parts) <= 5 and all(len(p) <= 24 for p in parts):
            out, pos = [], start
            for p in parts:
                pos = text.find(p, pos)
                out.append((pos, p))
            return out
    return []


def _role(label: str, roles: dict[str, ArmRole]) -> ArmRole:
    for word, role in roles.items():
        if word in label:
            return role
    return "treatment"


def _drug_in(label: str, drug_names: dict[str, str]) -> str | None:
    for name, aid in drug_names.items():
        if name and name in label:
            return aid
    return None


# "主要终点为 …" (after an endpoint cue), "以 … 作为主要终点"
_ENDPOINT_AFTER_CUE = re.compile(rf"\s*(?:{alt(zh_words().endpoint_links)}|：|:)?\s*([^，。；,;()（）]{{2,24}})")
_PRIMARY_ENDPOINT = re.compile(
    rf"(?:{alt(zh_words().primary_endpoint_before)})\s*([^，。；]{{2,24}}?)\s*"
    rf"(?:{alt(zh_words().primary_endpoint_after)})(?:{alt(zh_words().primary_endpoint_nouns)})"
)


def endpoints_of(text: str) -> list[str]:
    out = []
    for cue in sorted(cues()["endpoint_cues"], key=len, reverse=True):
        for m in re.finditer(re.escape(cue), text):
            after = text[m.end() : m.end() + 30]
            mm = _ENDPOINT_AFTER_CUE.match(after)
            if mm:
                e = mm.group(1).strip()
                if e not in out:
                    out.append(e)
        if out:
            break
    for m in _PRIMARY_ENDPOINT.finditer(text):
        e = m.group(1).strip()
        if e not in out:
            out.append(e)
    return out


def citations_of(draft: TrialDraft) -> list[int]:
    seen: dict[int, None] = {}
    for s in draft.sentences:
        for c in citations_in(s.text):
            seen.setdefault(c, None)
    return list(seen)


def drugs_of(draft: TrialDraft, mentions: list[DrugMention]) -> list[str]:
    out: list[str] = []
    for s in draft.sentences:
        for m in mentions:
            if m.unit == s.unit and s.start <= m.start < s.end and m.agent not in out:
                out.append(m.agent)
    return out
