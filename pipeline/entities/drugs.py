"""Drugs: lexicon matches, mined aliases, stems of unknown agents, investigational codes.

Finding and merging are separate: `find_mentions` returns spans with the agent they name
and the rule that found them; `merge` turns them into one `Drug` per agent, with its
class from the heading it is filed under and its status from cue rules scoped to the
sentence (NegEx/ConText style).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from ..resources import _json, alt, char_class, en_words, zh_words
from ..sentences import sentence_bounds
from ..text_utils import is_cjk
from .lexicon import Agent, is_identifier, leftmost_longest, lexicon, squash_zh
from .literals import Status, is_status
from .nlp import Tokens
from .vocab_types import DrugCues

# a per-document alias shorter than this matches with its exact case
MIN_CASELESS = 5
# "(ABBR)" right after a name: the review defines an abbreviation
_ABBR_DEF = re.compile(r"[(（]\s*([A-Z][A-Za-z0-9\-]{1,9})\s*[)）]")
_WORDS_BEFORE = re.compile(r"([A-Za-z0-9][A-Za-z0-9\-']*)\s*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")
# development codes: letters then 3+ digits (NP001, BLU-945, LY3298176, P2B001)
_CODE = re.compile(r"(?<![A-Za-z0-9\-])([A-Z](?:[A-Z]|\d(?=[A-Z])){1,5}-?\d{3,8}[A-Z]?)(?![A-Za-z0-9])")
_Add = Callable[[int, int, str, str], None]  # records a mention (start, end, agent, rule) unless taken


@dataclass
class DrugMention:
    unit: str
    start: int
    end: int
    agent: str  # agent id
    rule: str


@cache
def cues() -> DrugCues:
    return cast("DrugCues", _json("drug_cues.json"))


@dataclass
class NewAgent:
    """An agent the lexicon does not know, found by a stem, a code or an alias pattern."""

    id: str
    name_zh: str | None
    name_en: str | None
    kind: str
    drug_class_en: str | None = None


class DrugFinder:
    def __init__(self) -> None:
        self.lex = lexicon()
        self.new: dict[str, NewAgent] = {}
        self.zh_alias: dict[str, str] = {}  # per-document aliases
        self.en_alias: dict[str, str] = {}
        self.abbr_not_drug: set[str] = set()  # abbreviations the document defines as something else

    # -- lookups ------------------------------------------------------------------

    def agent_zh(self, name: str) -> str | None:
        n = squash_zh(name)
        return self.zh_alias.get(n) or self.lex.zh.get(n)

    def agent_en(self, name: str) -> str | None:
        if name in self.en_alias:
            return self.en_alias[name]
        if name in self.lex.en_exact:
            return self.lex.en_exact[name]
        low = name.lower()
        if low in self.en_alias:
            return self.en_alias[low]
        return self.lex.en.get(low)

    def _not_drug_zh(self, name: str) -> bool:
        n = squash_zh(name)
        return n in self.lex.not_drugs_zh or n in self.lex.classes_zh

    # -- finding ------------------------------------------------------------------

    def mine_aliases(self, text: str) -> None:
        """ "芬戈莫德 (fingolimod)", "甲氨蝶呤 (methotrexate，MTX)", "tirzepatide，研发代号 LY3298176"."""
        self._define_abbreviations(text)
        for m in re.finditer(
            r"([\u4e00-\u9fff]{2,12})\s*[(（]\s*([A-Za-z][A-Za-z0-9\- ]{2,40}?)\s*(?:[,，;；]\s*([A-Za-z0-9\-]{2,15}))?\s*[)）]",
            text,
        ):
            zh, en, abbr = m.group(1), m.group(2).strip(), m.group(3)
            en_id = self.agent_en(en)
            zh_id = self._longest_zh_suffix(zh)
            agent = en_id or (zh_id[0] if zh_id else None)
            if agent is None and self._stem_kind(en, "en"):
                agent = self._new_agent(None, en, "en")
            if agent is None:
                continue
            if zh_id is None:
                # the Chinese name right before the parenthesis is a name of this agent
                name = self._trim_zh_name(zh)
                if name and not self._not_drug_zh(name):
                    self.zh_alias[squash_zh(name)] = agent
            if abbr and not is_identifier(abbr) and abbr.upper() == abbr:
                self.en_alias[abbr] = agent
        # "bepirovirsen（GSK3228836）": an INN with its development code in brackets
        for m in re.finditer(
            r"(?<![A-Za-z])([a-z][a-z\-]{4,30})\s*[（(]\s*([A-Z]{2,5}-?[A-Z]?\d{3,8}[A-Z]?)\s*[）)]", text
        ):
            name, code = m.group(1), m.group(2)
            if is_identifier(code) or name in self.lex.not_drugs_en or name in self.lex.classes_en:
                continue
            agent = self.agent_en(name) or self.agent_en(code)
            if agent is None:
                agent = self._new_agent(None, name, "en")
                if self.new[agent].kind == "other":
                    self.new[agent].kind = "small_molecule"
            self.en_alias.setdefault(name, agent)
            self.en_alias[code] = agent
        for m in _CODE_AFTER_CUE.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            ids = [self.agent_en(w) for w in _WORD.findall(before)] + [a for a, _ in self._zh_in(before)]
            known = [i for i in ids if i]
            if known:
                self.en_alias[m.group(1)] = known[-1]

    def _define_abbreviations(self, text: str) -> None:
        """ "sodium nitroprusside (SNP)": an abbreviation in brackets after a drug's name names it;
        "American Society of Anesthesiologists (ASA)": after words whose initials spell it, it
        names something else, and is then no drug anywhere in the document."""
        for m in _ABBR_DEF.finditer(text):
            abbr = m.group(1)
            head = text[max(0, m.start() - 60) : m.start()]
            words = re.findall(r"[A-Za-z0-9][A-Za-z0-9\-']*", head)[-6:]
            agent = None
            for k in range(min(4, len(words)), 0, -1):
                agent = self.agent_en(" ".join(words[-k:]))
                if agent:
                    break
            if agent and not is_identifier(abbr):
                if abbr.isupper() or any(ch.isdigit() for ch in abbr):
                    self.en_alias.setdefault(abbr, agent)
                continue
            caps = [w for w in words if w[:1].isupper() or w.lower() in ("of", "and", "for", "the")]
            initials = "".join(w[0] for w in caps if w[:1].isupper())
            if abbr.isupper() and len(abbr) >= 2 and abbr in initials:
                self.abbr_not_drug.add(abbr)

    def _trim_zh_name(self, zh: str) -> str | None:
        """The drug-like tail of a Chinese run: "新药瑞美替尼" -> "瑞美替尼" (up to a function word)."""
        stop = cues()["zh_name_boundaries"]
        k = len(zh)
        while k > 0 and zh[k - 1] not in stop:
            k -= 1
        name = zh[k:]
        m = _zh_stem_re().search(name)
        if m and m.end() == len(name):
            # a stem fixes where the name starts: at most a few characters before it
            start = max(0, m.start() - MAX_STEM_PREFIX)
            for k in range(m.start() - MIN_STEM_PREFIX - 1, start - 1, -1):
                if name[k] in STEM_PREFIX_STOPS:
                    start = k + 1
                    break
            for prefix_word in cues()["generic_prefixes"]:
                if name[start:].startswith(prefix_word) and m.start() - start - len(prefix_word) >= MIN_STEM_PREFIX:
                    start += len(prefix_word)
            name = name[start:]
        return name if 2 <= len(name) <= 10 else None

    def _longest_zh_suffix(self, zh: str) -> tuple[str, int] | None:
        for k in range(len(zh) - 1):
            a = self.agent_zh(zh[k:])
            if a:
                return a, k
        return None

    def _zh_in(self, text: str) -> list[tuple[str, tuple[int, int]]]:
        """Lexicon names in `text`, leftmost-longest, by the Chinese automaton."""
        if not text:
            return []
        hits = [(end - len(key) + 1, end + 1, aid) for end, (key, aid, _) in self.lex.zh_automaton.iter(text)]
        return [(aid, (a, b)) for a, b, aid in leftmost_longest(hits)]

    def _en_in(self, text: str) -> list[tuple[int, int, str]]:
        """Lexicon names in `text` as whole words; a hyphen ends a word ("levodopa-induced")."""
        low = _fold(text)
        hits = []
        for end, (key, aid, exact) in self.lex.en_automaton.iter(low):
            a, b = end - len(key) + 1, end + 1
            if (a > 0 and _is_word_char(text[a - 1])) or (b < len(text) and _is_word_char(text[b])):
                continue
            if exact is not None and text[a:b] != exact:
                continue
            if _hyphen_blocked(text, a, b) or _MECHANISM_AFTER.match(low, b):
                continue
            hits.append((a, b, aid))
        return leftmost_longest(hits)

    def _stem_kind(self, word: str, lang: str) -> tuple[str, str | None] | None:
        if not _any_stem_re(lang).search(word):
            return None  # most words carry no stem: one regex instead of a loop over all stems
        for stem, slang, kind, klass in self.lex.stems:
            if slang != lang:
                continue
            if stem.startswith("^"):
                ok = word.startswith(stem[1:]) and len(word) > len(stem) + (1 if lang == "zh" else 2)
            else:
                ok = word.endswith(stem) and len(word) >= len(stem) + (2 if lang == "zh" else 3)
            if ok:
                return kind, klass
        return None

    def _new_agent(self, zh: str | None, en: str | None, lang: str) -> str:
        word = en if lang == "en" else zh
        assert word
        kind, klass = self._stem_kind(word, lang) or ("other", None)
        aid = (en or zh or "").lower().replace(" ", "-")
        if aid not in self.new and aid not in self.lex.agents:
            self.new[aid] = NewAgent(aid, zh, en.lower() if en else None, kind, klass)
        return aid

    def find(self, unit: str, text: str) -> list[DrugMention]:
        out: list[DrugMention] = []
        taken = [False] * len(text)

        def add(a: int, b: int, agent: str, rule: str) -> None:
            if any(taken[a:b]) or self._resistance(text, a, b):
                return
            for k in range(a, b):
                taken[k] = True
            out.append(DrugMention(unit, a, b, agent, rule))

        zh_hits = self._zh_in_spaced(text)  # the automaton's pass over the text, used twice
        self._block(text, taken, zh_hits)
        # per-document aliases first (longest names win), then the lexicon
        for name, agent in sorted(self.zh_alias.items(), key=lambda kv: -len(kv[0])):
            for m in re.finditer(re.escape(name), text):
                add(m.start(), m.end(), agent, "drug.alias_mined_zh")
        tokens = Tokens(text)  # cut only where a name or a stem asks
        self._lexicon_zh(text, zh_hits, tokens, add)
        for name, agent in sorted(self.en_alias.items(), key=lambda kv: -len(kv[0])):
            flags = 0 if name.isupper() or len(name) < MIN_CASELESS else re.IGNORECASE
            for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text, flags):
                add(m.start(), m.end(), agent, "drug.alias_mined_en")
        for a, b, agent in self._en_in(text):
            if text[a:b].lower() in self.lex.not_drugs_en and not self._given_only(agent):
                continue
            if not self._given(text, a, b, agent):
                continue
            add(a, b, agent, "drug.lexicon_en")
        self._codes(text, taken, add)
        self._abbreviations(text, taken, add, out)
        self._stems(text, taken, add, tokens)
        out.sort(key=lambda d: d.start)
        return self._combinations(text, out)

    def _block(self, text: str, taken: list[bool], zh_hits: list[tuple[str, tuple[int, int]]]) -> None:
        """Words that contain a drug's name but are not drugs ("肌酸激酶", class names) block it;
        a protein given as therapy ("神经生长因子") is decided by context instead."""
        given = [(a, b, ag) for ag, (a, b) in zh_hits if self._given_only(ag)]
        for m in self._blockers().finditer(text):
            if any(a <= m.start() and m.end() <= b for a, b, _ in given):
                continue
            for k in range(m.start(), m.end()):
                taken[k] = True

    def _lexicon_zh(self, text: str, zh_hits: list[tuple[str, tuple[int, int]]], tokens: Tokens, add: _Add) -> None:
        """Chinese names of the lexicon, where they are words of their own and given as drugs."""
        for agent, (a, b) in zh_hits:
            if self._classy(text, a, b) or not self._given(text, a, b, agent):
                continue
            # a name inside a longer word ("二氢叶酸还原酶") is not a mention of the drug
            if is_cjk(text[a - 1 : a] or " ") and not tokens.starts_at(a) and not tokens.ends_at(b):
                continue
            # a dictionary name (not curated) must be a word of its own on both sides:
            # "胱氨酸" in "同型半胱氨酸" is not cystine
            ag = self.lex.agents.get(agent)
            if (
                ag is not None
                and not ag.curated
                and (
                    (is_cjk(text[a - 1 : a] or " ") and not tokens.starts_at(a))
                    or (is_cjk(text[b : b + 1] or " ") and not tokens.ends_at(b))
                )
            ):
                continue
            add(a, b, agent, "drug.lexicon_zh")

    def _codes(self, text: str, taken: list[bool], add: _Add) -> None:
        """Drug codes ("ABT-199"): of the lexicon, or investigational where the context says so."""
        for m in _CODE.finditer(text):
            code = m.group(1)
            if any(taken[m.start() : m.end()]) or is_identifier(code):
                continue
            agent = self.agent_en(code)
            if agent:
                add(m.start(), m.end(), agent, "drug.lexicon_code")
            elif self._code_context(text, m.start(), m.end()):
                add(m.start(), m.end(), self._new_code(code), "drug.investigational_code")

    def _combinations(self, text: str, found: list[DrugMention]) -> list[DrugMention]:
        """ "右美沙芬-安非他酮": two Chinese names joined by a hyphen or slash are one combination product."""
        joiners = tuple(cues()["combination_joiners"])
        out: list[DrugMention] = []
        k = 0
        while k < len(found):
            a = found[k]
            b = found[k + 1] if k + 1 < len(found) else None
            if (
                b is not None
                and a.agent != b.agent
                and text[a.end : b.start] == "/"
                and f"{a.agent}-{b.agent}" in self.lex.agents
                and text[a.end - 1].isascii()
            ):
                # "sacubitril/valsartan": an English pair the lexicon knows as one product
                out.append(DrugMention(a.unit, a.start, b.end, f"{a.agent}-{b.agent}", "drug.combination"))
                k += 2
                continue
            if (
                b is not None
                and a.agent != b.agent
                and text[a.end : b.start] in joiners
                and is_cjk(text[a.end - 1])
                and is_cjk(text[b.start])
            ):
                aid = f"{a.agent}-{b.agent}"
                if aid not in self.lex.agents and aid not in self.new:
                    ea, eb = self.agent(a.agent), self.agent(b.agent)
                    en = f"{ea.name_en}/{eb.name_en}" if ea.name_en and eb.name_en else None
                    self.new[aid] = NewAgent(aid, text[a.start : b.end], en, "small_molecule")
                out.append(DrugMention(a.unit, a.start, b.end, aid, "drug.combination"))
                k += 2
                continue
            out.append(a)
            k += 1
        return out

    @staticmethod
    def _resistance(text: str, a: int, b: int) -> bool:
        """ "耐甲氧西林金黄色葡萄球菌", "methicillin-resistant": a drug named in an organism's resistance."""
        c = cues()
        return text[a - 1 : a] == c["resistance_before"] or bool(re.match(c["resistance_after_en"], text[b : b + 20]))

    def _blockers(self) -> re.Pattern[str]:
        return _blocker_re()

    def agents_in(self, text: str) -> list[str]:
        """Agents named in a heading, in order."""
        out = [a for a, _ in self._zh_in(squash_zh(text))]
        out += [a for w in _WORD.findall(text) if (a := self.agent_en(w))]
        return out

    def names_drug(self, text: str) -> bool:
        """True when `text` (a heading) contains the name of a drug."""
        if self._zh_in(squash_zh(text)):
            return True
        return any(self.agent_en(w) for w in _WORD.findall(text))

    def _zh_in_spaced(self, text: str) -> list[tuple[str, tuple[int, int]]]:
        """Lexicon matches, also across a space inside a name ("辅酶 Q10")."""
        if " " not in text:
            return self._zh_in(text)
        keep = [i for i, c in enumerate(text) if c != " "]
        squashed = "".join(text[i] for i in keep)
        out = []
        for agent, (a, b) in self._zh_in(squashed):
            out.append((agent, (keep[a], keep[b - 1] + 1)))
        return out

    def _classy(self, text: str, a: int, b: int) -> bool:
        """A name used as a class ("头孢菌素类", "他汀类药物") or inside a longer class name."""
        after = text[b : b + 4]
        if after.startswith(tuple(cues()["class_suffixes"])) or after.startswith(tuple(cues()["not_drug_suffixes"])):
            return True
        # "去甲肾上腺素和多巴胺再摄取抑制剂": the name of a mechanism, not of an agent
        if re.match(cues()["mechanism_after"], text[b : b + 12]):
            return True
        return any(k <= a and e >= b and e - k > b - a for k, e in _class_spans(text))

    def _code_context(self, text: str, a: int, b: int) -> bool:
        c = cues()
        after = text[b : b + 12]
        before = text[max(0, a - 12) : a]
        if any(after.lstrip().startswith(w) for w in c["code_not_drug_after"]):
            return False
        return any(w in after for w in c["code_drug_context"]) or any(w in before for w in c["code_drug_before"])

    def _new_code(self, code: str) -> str:
        aid = code.lower()
        if aid not in self.new and aid not in self.lex.agents:
            self.new[aid] = NewAgent(aid, None, code.lower(), "investigational_code")
        return aid

    def _given(self, text: str, a: int, b: int, agent: str) -> bool:
        """A dictionary biologic (a protein, enzyme, growth factor) is a drug where the sentence
        gives or tests it, not where it is a target, marker or pathology ("BDNF levels")."""
        ag = self.lex.agents.get(agent)
        if ag is None or not (ag.given_only or (not ag.curated and ag.kind == "biologic")):
            return True
        c = cues()
        after = text[b : b + 12].lstrip(" -")
        if any(after.lower().startswith(w) for w in c["biologic_marker_after"]):
            return False
        s0, s1 = sentence_bounds(text, a)
        sent = text[s0:s1].lower()
        return any(w in sent for w in c["biologic_given"]) or bool(_DOSE_AFTER.match(text[b : b + 20]))

    def _given_only(self, agent: str) -> bool:
        ag = self.lex.agents.get(agent)
        return bool(ag and ag.given_only)

    def _abbreviations(self, text: str, taken: list[bool], add: _Add, found: list[DrugMention]) -> None:
        """Short capitals (ASA, UK, PAN, MTX) are a drug only with drug context: a dose after
        them, a therapy word next to them, or another drug joined to them ("MTX + SASP");
        an abbreviation the review defines as something else never is."""
        c = cues()
        spans = [(m.start, m.end) for m in found]
        auto = self.lex.abbr_automaton
        hits = [] if not len(auto) else [(end - len(k) + 1, end + 1, k) for end, k in auto.iter(text)]
        for a, b, name in leftmost_longest(hits):
            if (a > 0 and (_is_word_char(text[a - 1]) or text[a - 1] == "-")) or (
                b < len(text) and _is_word_char(text[b])
            ):
                continue
            if any(taken[a:b]) or name in self.abbr_not_drug or name in self.en_alias:
                continue
            rest = text[b : b + 16]
            if (
                _MECHANISM_AFTER.match(_fold(rest))
                or re.match(c["mechanism_after"], rest.lstrip())
                or rest.lstrip().startswith(tuple(c["class_suffixes"]) + tuple(c["not_drug_suffixes"]))
            ):
                continue  # "NMDA 受体", "ASA receptor": the name of a target
            before = text[max(0, a - 14) : a].lower()
            after = text[b : b + 12].lower()
            ok = bool(_DOSE_AFTER.match(text[b : b + 20]))
            ok = ok or any(before.rstrip().endswith(w) for w in c["abbr_context_before"])
            ok = ok or any(after.lstrip().startswith(w) for w in c["abbr_context_after"])
            joined = re.compile(c["abbr_joiner"])
            ok = (
                ok
                or any(joined.fullmatch(text[e:a]) for _, e in spans if e <= a)
                or any(joined.fullmatch(text[b:s]) for s, _ in spans if s >= b)
            )
            if ok:
                add(a, b, self.lex.abbr[name], "drug.abbreviation_context")

    def _stems(self, text: str, taken: list[bool], add: _Add, tokens: Tokens) -> None:
        """Unknown agents by INN / approved-name stems: "沃克替尼", "达克珠单抗", "remetinib"."""
        for m in _zh_stem_re().finditer(text):
            a, b = m.start(), m.end()
            if any(taken[a:b]) or text[b : b + 1] in STEM_CONTINUES:
                continue
            # the name runs left from the stem over Chinese characters, up to a boundary word
            left = a
            while (
                left > 0
                and a - left < MAX_STEM_PREFIX
                and is_cjk(text[left - 1])
                and not taken[left - 1]
                and text[left - 1] not in cues()["zh_name_boundaries"] + STEM_PREFIX_STOPS
                and text[left - 1] != cues()["resistance_before"]
            ):
                left -= 1
            name = text[left:b]
            if a - left < MIN_STEM_PREFIX or self._not_drug_zh(name) or self._classy(text, left, b):
                continue
            add(left, b, self.agent_zh(name) or self._new_agent(name, None, "zh"), "drug.stem_zh")
        # a token with an English stem holds the stem's letters: only pieces with some are cut
        for a, b in tokens.where(_en_stem_letters()):
            tok = text[a:b]
            if any(taken[a:b]) or len(tok) < 3 or is_cjk(tok[0]):
                continue
            if tok.isalpha() and tok.islower():
                if tok in self.lex.not_drugs_en or tok in self.lex.classes_en or tok in self.lex.stem_false_friends:
                    continue
                if self._stem_kind(tok, "en"):
                    add(a, b, self.agent_en(tok) or self._new_agent(None, tok, "en"), "drug.stem_en")

    def agent(self, aid: str) -> Agent | NewAgent:
        return self.lex.agents.get(aid) or self.new[aid]


def _fold(text: str) -> str:
    """Lower case and single spaces, offset for offset, so automaton hits index `text`."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return re.sub(r"\s", " ", low)


# "xanthine oxidase inhibitors", "tyrosine kinase", "adenosine A2A receptor antagonist",
# "renin-angiotensin-aldosterone system": a name inside the name of a target or mechanism
# "研发代号 LY3298176", "code LY3298176"
_CODE_AFTER_CUE = re.compile(
    rf"(?:{alt(zh_words().code_cues)}|{alt(en_words().code_cues)})\s*[:：]?\s*([A-Z]{{2,5}}-?\d{{3,8}}[A-Z]?)"
)
_MECHANISM_AFTER = re.compile(
    rf"(?:[\s\-]+[a-z0-9]{{1,4}}){{0,2}}[\s\-]+(?:{alt(en_words().mechanism_nouns)}|receptor-[a-z]+)\b"
)


def _is_word_char(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _hyphen_blocked(text: str, a: int, b: int) -> bool:
    """ "insulin-like growth factor", "anti-insulin": a name bound into another word by a hyphen."""
    c = cues()
    after = text[b : b + 16].lower()
    before = text[max(0, a - 8) : a].lower()
    return any(after.startswith(w) for w in c["en_hyphen_after_not_drug"]) or any(
        before.endswith(w) for w in c["en_hyphen_before_not_drug"]
    )


# a Chinese stem name has 2 to 4 characters before its stem ("沃克" + "替尼")
MIN_STEM_PREFIX = 2
MAX_STEM_PREFIX = 4
# characters that never start the name left of a stem (adjectives and class words)
STEM_PREFIX_STOPS = "剂型类性新药种"
# a stem followed by these is part of a longer word ("单抗体")
STEM_CONTINUES = set("体类药")


_DOSE_AFTER = re.compile(
    rf"\s*[:：]?\s*\d+(?:\.\d+)?\s*(?:{alt(cues()['dose_after_units'])}|{alt(zh_words().dose_units)})(?![A-Za-z])"
)


@cache
def _any_stem_re(lang: str) -> re.Pattern[str]:
    """Matches a word that begins or ends with some stem of `lang` (a pre-filter for _stem_kind)."""
    stems = [st for st, sl, _, _ in lexicon().stems if sl == lang]
    ends = [re.escape(st) for st in stems if not st.startswith("^")]
    starts = [re.escape(st[1:]) for st in stems if st.startswith("^")]
    parts = ([f"(?:{'|'.join(ends)})$"] if ends else []) + ([f"^(?:{'|'.join(starts)})"] if starts else [])
    return re.compile("|".join(parts) or r"(?!)")


@cache
def _class_automaton() -> Any:  # an ahocorasick.Automaton: the library ships no types
    import ahocorasick

    auto = ahocorasick.Automaton()
    for cls in lexicon().classes_zh:
        auto.add_word(cls, len(cls))
    if len(auto):
        auto.make_automaton()
    return auto


_LAST_CLASS_SPANS: dict[str, list[tuple[int, int]]] = {}


def _class_spans(text: str) -> list[tuple[int, int]]:
    """Every occurrence of a Chinese class name in `text` (overlaps included), for the last text."""
    hit = _LAST_CLASS_SPANS.get(text)
    if hit is None:
        auto = _class_automaton()
        hit = [(end - n + 1, end + 1) for end, n in auto.iter(text)] if len(auto) else []
        _LAST_CLASS_SPANS.clear()
        _LAST_CLASS_SPANS[text] = hit
    return hit


@cache
def _en_stem_letters() -> re.Pattern[str]:
    """Any English stem anywhere: a word `_any_stem_re("en")` matches holds one of these."""
    stems = sorted({st.lstrip("^") for st, sl, _, _ in lexicon().stems if sl == "en"}, key=len, reverse=True)
    return re.compile("|".join(re.escape(st) for st in stems)) if stems else re.compile(r"(?!)")


@cache
def _zh_stem_re() -> re.Pattern[str]:
    stems = sorted(
        {s for s, lang, _, _ in lexicon().stems if lang == "zh" and not s.startswith("^")}, key=len, reverse=True
    )
    return re.compile("|".join(re.escape(s) for s in stems)) if stems else re.compile(r"(?!)")


@cache
def _blocker_re() -> re.Pattern[str]:
    lex = lexicon()
    terms = sorted({t for t in lex.not_drugs_zh | lex.classes_zh if len(t) >= 3}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms)) if terms else re.compile(r"(?!)")


# -- attributes ------------------------------------------------------------------------


_STATUS_RULES = {
    "approved": "drug.status.approved_cue",
    "failed": "drug.status.failed_cue",
    "investigational": "drug.status.investigational_cue",
}


def status_of(mentions: list[DrugMention], texts: dict[str, str]) -> tuple[Status, str]:
    """(status, rule) from cue words in the sentences that mention the drug."""
    c = cues()["status"]
    seen: Counter[str] = Counter()
    followers = tuple(cues()["scope_followers"])
    for m in mentions:
        text = texts[m.unit]
        a, b = sentence_bounds(text, m.start)
        # a cue's scope runs on into the next sentence when that one refers back ("这些药物……全部失败")
        if b < len(text) and text[b:].lstrip().startswith(followers):
            b = sentence_bounds(text, b + 1)[1]
        sent = text[a:b]
        for status in ("approved", "failed", "investigational"):
            if any(w in sent for w in c[status]) and not any(w in sent for w in c.get(status + "_blockers", [])):
                seen[status] += 1
    for status in c["priority"]:
        if seen[status] and is_status(status):
            return status, _STATUS_RULES[status]
    return "unclear", "drug.status.none"


def class_of(
    mentions: list[DrugMention],
    texts: dict[str, str],
    headings_of: dict[str, list[str]],
    names_drug: Callable[[str], bool],
) -> str | None:
    """The class the review files the agent under: a class phrase printed right before its name
    ("TLR7 激动剂 vesatolimod"), else the nearest class-like heading that names no drug."""
    c = cues()
    phrase = _class_phrase_re()
    for m in mentions:
        hit = phrase.search(texts[m.unit][max(0, m.start - CLASS_PHRASE_REACH) : m.start])
        if hit and not names_drug(hit.group(1)):
            return hit.group(1).strip()
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    generic = set(c["generic_headings"])
    heads = tuple(c["class_heads"])
    for k, m in enumerate(mentions):
        for h in headings_of.get(m.unit, []):
            if h in generic or names_drug(h) or not h.endswith(heads):
                continue
            votes[h] += 1
            first.setdefault(h, k)
            break
    if not votes:
        return None
    return max(votes, key=lambda h: (votes[h], -first[h]))


# how far before a drug's name a class phrase may start
CLASS_PHRASE_REACH = 20


@cache
def _class_phrase_re() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(cues()["class_phrase_heads"], key=len, reverse=True))
    # the phrase ends right before the name; it starts after a clause mark or function word
    return re.compile(
        rf"(?:^|[，,。；;、：:（({char_class(zh_words().class_phrase_openers)}])\s*([\u4e00-\u9fffA-Za-z0-9\-α-ωΑ-Ω ]{{1,16}}?(?:{heads}))\s*$"
    )


def merge_mentions(found: list[DrugMention]) -> dict[str, list[DrugMention]]:
    by: dict[str, list[DrugMention]] = defaultdict(list)
    for m in found:
        by[m.agent].append(m)
    return by
