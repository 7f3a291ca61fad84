"""Numbers: found as spans first, then read into values; the text is never rewritten.

A numeral span (Arabic, full-width, grouped "1 000", or Chinese "三分之一", "十余") is
grown into an expression with what qualifies it (comparator and approximation words,
a unit, a classifier, "%", "±", a range), classified by rules in order, and dropped
when its context says it is an identifier or a label (SOD1, TDP 43, 3 期, 1 型, 第二).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast

from ..resources import _json, char_class, en_words, zh_words
from ..resources import alt as _words
from ..units import UnitMatch, match_unit
from .literals import NumberKind
from .numerals import Numeral, _is_sign, cn_value, numeral_at, scan
from .numerals import _res as _numeral_res
from .vocab_types import NumbersVocab, UnitsVocab

_FW = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


@dataclass
class NumberHit:
    start: int
    end: int
    kind: NumberKind
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    sd: float | None = None
    comparator: str | None = None
    approx: bool = False
    rule: str = ""
    dose_unit: UnitMatch | None = None
    more_than: bool = False  # "十几万", "五百多": a little more than value (approx is set too)
    iqr_low: float | None = None  # "24 months (IQR 18-30)": a median's interquartile range
    iqr_high: float | None = None
    ci_low: float | None = None  # a statistic's confidence interval ("HR 0.74, 95% CI 0.65-0.85")
    ci_high: float | None = None
    ci_level: float | None = None  # 95 for "95% CI": the label's level, never a percent of its own


@cache
def vocab() -> NumbersVocab:
    return cast("NumbersVocab", _json("numbers.json"))


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = vocab()
    alt = _alt
    arabic = r"[−\-]?" + _numeral_res()["arabic"].pattern
    return {
        "arabic": re.compile(arabic),
        "qualifier_gap": re.compile(rf"(?:{_alt(v['qualifier_gap_words'])})\s*$"),
        "cmp_before": re.compile(rf"(?:{_spaced(list(v['comparators']))})\s*$", re.IGNORECASE),
        "tenths_digit": re.compile(rf"^\s?([{char_class(zh_words().digits_1_9)}1-9])(?![0-9０-９.．\u4e00-\u9fff])"),
        "than_after": re.compile(rf"^\s*({alt(list(v['than_after']))})"),
        "or_equal": re.compile(rf"^\s+(?:{alt(v['comparator_or_equal'])})\b", re.IGNORECASE),
        "approx_before": re.compile(rf"(?:{alt(v['approx_before'])})\s*$", re.IGNORECASE),
        "cmp_after": re.compile(rf"^\s*(?:{alt(v['comparators_after'])})", re.IGNORECASE),
        "approx_after": re.compile(rf"^\s*(?:{alt(v['approx_after'])})"),
        "range_sep": re.compile(
            rf"^\s*(?:{alt(v['range_separators'])})\s*|^\s+(?:{alt(v['range_words_en'])})\s+", re.IGNORECASE
        ),
        "range_and": re.compile(rf"^\s*(?:{alt(v['range_and'])})\s*", re.IGNORECASE),
        "between": re.compile(rf"(?:{alt(v['range_between'])})\s*$", re.IGNORECASE),
        "between_close": re.compile(rf"^\s*(?:{alt(v['range_between_close'])})"),
        "classifier": re.compile(rf"^\s*(?:{alt(v['count_classifiers'])})"),
        "count_en": re.compile(rf"^\s*(?:{alt(v['count_words_en'])})\b"),
        "duration": re.compile(rf"^\s*(?:{alt(v['duration_units'])})(?![A-Za-z])"),
        # "3 期", "2 型"; an English ordinal suffix only attached and whole: "5th", not "2015 the"
        "label_after": re.compile(
            rf"^(?:\s*(?:{alt([w for w in v['label_after'] if not w.isascii()])})"
            rf"|(?:{alt([w for w in v['label_after'] if w.isascii()])})(?![A-Za-z]))"
        ),
        "label_before": re.compile(rf"(?:{alt(v['label_before'])})\s*$"),
        "stat": re.compile(rf"(?<![A-Za-z])(?:{alt(v['stat_labels'])})\s*[=:：]?\s*$"),
        "ci": re.compile(rf"(?:{alt(v['ci_labels'])})\s*[=:：]?\s*$"),
        "not_cn": re.compile(alt(v["cn_number_words_not_numbers"])),
        "percent_after": re.compile(rf"^\s*(?:{_spaced(v['percent_after'])})", re.IGNORECASE),
        "ordinal_list": re.compile(
            rf"(?:{_words(zh_words().ordinal_before)})\s*[0-9０-９{char_class(zh_words().ordinal_numerals)}]+"
            rf"\s*(?:[、,，]|{_words(zh_words().ordinal_joins)})\s*$"
        ),
        "biblio": re.compile(
            r"(?<![\d.])\d{1,4}\s?(?:\(\s?(?:\d{1,4}|[Ss]uppl?\.?\s?\d*)\s?\)\s?[:：]\s?[eE]?\d{1,6}"
            r"(?:\s?[-–]\s?[eE]?\d{1,6})?|[:：]\s?[eE]?\d{1,6}\s?[-–]\s?[eE]?\d{1,6})(?=\s*[.．。;；,，]|\s*$)"
        ),
        "range_join": re.compile(rf"\s*(?:{alt(v['comparator_range_joins'])})?\s*", re.IGNORECASE),
        "percent_before": re.compile(rf"(?:{alt(v['percent_before'])})\s+$", re.IGNORECASE),
        "tenths_after": re.compile(rf"^\s*({alt(v['tenths_after'])})(?![{''.join(v['tenths_not_before'])}])"),
        "date_rest": re.compile(
            rf"^\s*[0-9０-９]{{1,2}}\s*(?:{_words(zh_words().month)})"
            rf"(?:\s*[0-9０-９]{{1,2}}\s*(?:{_words(zh_words().day_after_month)}))?"
        ),
        "currency_after": re.compile(rf"^\s?({alt(v_units()['currency'])})(?![A-Za-z])"),
        "currency_before": re.compile(rf"({alt(v_units()['currency_before'])})\s?$"),
        **_context_patterns(),
    }


def _context_patterns() -> dict[str, re.Pattern[str]]:
    """The words around a number that say what it is (zh|en/pattern_words.json), part of `_patterns`."""
    return {
        "not_identifier_after": re.compile(rf"(?:{_words(en_words().not_identifier_after)}|%)\b"),
        "code_not_before": re.compile(rf"^\s*(?:%|％|mg|g|ml|{_words(zh_words().code_not_before)})"),
        "than_before": re.compile(rf"(?:{_words(zh_words().than_before)})\s*$"),
        "fraction": re.compile(
            r"(?<![\d/.０-９])(?:([0-9０-９]{1,3})\s{1,2})?([0-9０-９]{1,2})\s*[/／]\s*([0-9０-９]{1,3})(?![\d/.０-９])"
            rf"(?![A-Za-z]|\s*(?:{_words(zh_words().fraction_not_before)}))"
        ),
        "half": re.compile(rf"({_words(zh_words().half_words)})"),
        "combination": re.compile(
            rf"(?<![\d./])(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?=\s?[A-Za-zμµ{char_class(zh_words().unit_starts)}])"
        ),
        "hyphen_duration": re.compile(
            rf"(?<![\w.])(\d+(?:\.\d+)?)-({_words(list(en_words().hyphen_durations))})s?\b", re.IGNORECASE
        ),
        "time_point": re.compile(
            rf"\b({_words(list(en_words().time_point_units))})s? (\d+(?:\.\d+)?)\b", re.IGNORECASE
        ),
        "ordinal_before": re.compile(rf"(?:{_words(zh_words().ordinal_before)})\s*$"),
        "approx_after_number": re.compile(rf"^\s*({_words(zh_words().approx_after_number)})"),
        "not_duration": re.compile(rf"^\s*(?:{_words(zh_words().not_durations)})"),
        "months_after_classifier": re.compile(rf"^\s*(?:{_words(zh_words().months_after_classifier)})"),
    }


def cn_to_number(s: str) -> float | None:
    """Read a Chinese numeral span ("一千二百", "十万", "两", "三十五"); None when it is not one."""
    neg = s[:1] in vocab()["numerals"]["cn_negative"]
    got = cn_value(s[1:] if neg else s)
    return (-got[0] if neg else got[0]) if got else None


def _comparator(word: str) -> str:
    table = vocab()["comparators"]
    w = word.strip()

    def norm(x: str) -> str:  # "小于 或 等于" is "小于或等于"; "Less than" is "less than"
        return re.sub(r"\s+", " ", x).lower() if x.isascii() else re.sub(r"\s+", "", x)

    return table.get(w) or table[next(k for k in table if norm(k) == norm(w))]


@cache
def _cached_re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _alt(xs: Iterable[str]) -> str:
    # the same vocabulary lists come back for every number: their alternation is built once
    return _alt_of(tuple(xs))


@lru_cache(maxsize=512)
def _alt_of(xs: tuple[str, ...]) -> str:
    return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))


def _spaced(xs: list[str]) -> str:
    """Alternatives whose Chinese characters may be printed apart ("个 百 分 点")."""

    def one(x: str) -> str:
        return r"\s*".join(re.escape(c) for c in x) if not x.isascii() else re.escape(x)

    return "|".join(one(x) for x in sorted(xs, key=len, reverse=True))


def to_float(s: str) -> float | None:
    t = s.translate(_FW).replace("−", "-").replace(" ", "").replace("\u2009", "").replace("\u202f", "").replace(",", "")
    try:
        return float(t)
    except ValueError:
        got = cn_value(s)
        return got[0] if got else None


# compiled once: _identifier_context runs for every Arabic numeral
_DASH_SPACE = re.compile(r"^-\s")
_DASH_HAN = re.compile(r"^-[\u4e00-\u9fff]")
_CODE_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*)\s$")
_RANGE_AFTER_CODE = re.compile(r"^\s?[~～]\s?\d")


def _identifier_context(text: str, start: int, end: int) -> bool:
    """Digits glued to letters (SOD1, C9orf72, IL-6, d-1, m2), chemical locants ("3-"), codes."""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    if before and (before.isascii() and before.isalpha()):
        return True
    if before in "-‐" and start >= 2 and (text[start - 2].isalnum() or text[start - 2] in " \u3000"):
        # "IL-6", "d-1", and "蛋白 -7" (an identifier's suffix split by a line break)
        return True
    if after and after.isascii() and after.isalpha() and not _patterns()["not_identifier_after"].match(text[end:]):
        return True
    if _DASH_SPACE.match(text[end : end + 2]) or _DASH_HAN.match(text[end : end + 2]):
        return True  # "甘油醛 3- 磷酸"
    # an upper-case code followed by a space and the number: "TDP 43", "ARCHER 1050", "DECLARE-TIMI 58"
    m = _CODE_BEFORE.search(text[max(0, start - 24) : start])
    if (
        m
        and m.group(1) not in vocab()["stat_labels"]
        and m.group(1) not in ("P", "n", "N", "CI")
        and m.group(1) not in vocab()["not_code_words"]  # "In 2019", "Of 120 patients": a sentence's first word
    ):
        tail = text[end:]
        if (
            not _patterns()["classifier"].match(tail)
            and not _patterns()["duration"].match(tail)
            and not _patterns()["code_not_before"].match(tail)
            and match_unit(tail) is None  # "Heparin 80 U/kg": a drug's dose, not a code
            and not _RANGE_AFTER_CODE.match(tail)
        ):
            return True
    return False


_IDENTIFIER_TOKEN = re.compile(
    r"(?:https?://|www\.)[^\s\u3000-\u303f\uff00-\uffef]+"  # URLs
    r"|\b(?:doi:\s*)?10\.\d{4,9}/[^\s\u3000-\u303f\uff00-\uffef]+"  # DOIs
    r"|(?<![\w.])\+?\d{1,4}(?:-\d{2,4}){2,}(?:/\d+)?(?![\w.])",  # "+1-222-2222-2222", "2019-03-01"
    re.IGNORECASE,
)


def find_numbers(text: str, skip: list[tuple[int, int]]) -> list[NumberHit]:
    """Every number expression of `text`, outside the spans in `skip` (citation markers)."""
    pats = _patterns()
    hits: list[NumberHit] = []
    taken = _taken_mask(text, skip)
    for fn in (
        _p_values,
        _bracketed_spread,
        _mean_sd,
        _ci_ranges,
        _stats,
        _combinations,
        _english_durations,
        _english_words,
        _fractions,
        _rates,
        _ratios,
        _folds,
        _generic,
    ):
        for h in fn(text, pats):
            if h is None or any(taken[k] for k in range(h.start, h.end)):
                continue
            _qualify_after(text, h, pats)
            for k in range(h.start, h.end):
                taken[k] = True
            hits.append(h)
    hits.sort(key=lambda h: h.start)
    _shared_units(text, hits)
    _per_day(text, hits)
    hits = _merge_unit_ranges(text, _merge_comparator_ranges(text, hits))
    _attach_cis(text, hits)
    return hits


def _taken_mask(text: str, skip: list[tuple[int, int]]) -> list[bool]:
    """Characters no number may cover: the `skip` spans, reference volumes and pages, identifiers."""
    taken = [False] * (len(text) + 1)
    for a, b in skip:
        for k in range(a, min(b, len(text))):
            taken[k] = True
    for m in _patterns()["biblio"].finditer(text):
        for k in range(m.start(), m.end()):
            taken[k] = True  # "84(3): 245-253": volume, issue and pages of a reference
    for m in _IDENTIFIER_TOKEN.finditer(text):
        for k in range(m.start(), m.end()):
            taken[k] = True  # a URL, a DOI, a phone number or a dotted date: identifiers are never numbers
    return taken


def _qualify_after(text: str, h: NumberHit, pats: dict[str, re.Pattern[str]]) -> None:
    """Grow a hit rightwards over a comparator printed after it: "200 or greater", "比 170 低"."""
    cm = pats["cmp_after"].match(text[h.end :])
    than = re.match(r"\s+than\b\s*", text[h.end + cm.end() :]) if cm else None
    cm_end = 0
    if cm and than:
        if numeral_at(text, h.end + cm.end() + than.end()) is not None:
            cm = None  # "5000 or less than 6000": "less than" bounds the next number
        else:
            cm_end = cm.end() + than.end()
    if cm and h.comparator is None:
        h.comparator = vocab()["comparators_after"][re.sub(r"\s+", " ", cm.group(0).strip()).lower()]
        h.end += cm_end if than else cm.end()  # "200 or greater than"
    oe = pats["or_equal"].match(text[h.end :])
    if oe and numeral_at(text, _skip_space(text, h.end + oe.end())) is not None:
        oe = None  # "more than 5000 or equal to 6000"
    if oe and h.comparator in ("<", ">"):
        h.comparator += "="  # "less than 5000 or equal"
        h.end += oe.end()
    tm = pats["than_after"].match(text[h.end :])
    bm = pats["than_before"].search(text[max(0, h.start - 2) : h.start]) if tm and h.comparator is None else None
    if tm and bm:
        # "比 170 低", "比三十大": the comparison word follows the number
        h.comparator = vocab()["than_after"][tm.group(1)]
        h.start -= len(text[max(0, h.start - 2) : h.start]) - bm.start()
        h.end += tm.end()


_LIST_JOIN = re.compile(rf"\s*(?:{_words(zh_words().list_joins)}|、|,|，|{_words(en_words().list_joins)})\s*")


def _shared_units(text: str, hits: list[NumberHit]) -> None:
    """ "at 6 and 12 months", "5 或 10 mg", "6、12 和 24 周": bare numbers listed before a number with a unit
    share its unit (read right to left, so a list of three shares it too)."""
    for k in range(len(hits) - 2, -1, -1):
        p, h = hits[k], hits[k + 1]
        if (
            p.rule == "number.bare"
            and p.kind == "other"
            and p.value_max is None
            and (
                h.kind in ("duration", "measurement", "percent")
                and h.unit
                or h.kind == "count"
                and h.rule in ("number.count", "number.shared_unit")
            )
            and h.value_max is None
            and h.comparator is None
            and _LIST_JOIN.fullmatch(text[p.end : h.start])
        ):
            p.kind, p.unit, p.dose_unit, p.rule = h.kind, h.unit, h.dose_unit, "number.shared_unit"


_TIME_DIVISORS = ("/d", "/h", "/min", "/wk", "/mo", "/(24.h)")


def _per_day(text: str, hits: list[NumberHit]) -> None:
    """ "每日 300 mg", "每天 900～3 600 mg": an amount a day, mg/d (the 每日 belongs to the number)."""
    for h in hits:
        u = h.dose_unit
        if h.kind != "measurement" or u is None or not u.dose or h.unit is None or h.unit.endswith(_TIME_DIVISORS):
            continue
        m = _cached_re(rf"(?:{'|'.join(vocab()['per_day_before'])})\s*$").search(text[max(0, h.start - 5) : h.start])
        if m is None or h.comparator or h.approx:
            continue
        h.start -= len(text[max(0, h.start - 5) : h.start]) - m.start()
        h.unit = h.unit + "/d"
        h.dose_unit = UnitMatch(u.text, u.ucum + "/d", u.length, u.dose)


_RANGE_SEP = re.compile(rf"\s*(?:~|～|-|–|—|{_words(zh_words().range_words)}|{_words(en_words().range_words)})\s*")


def _merge_unit_ranges(text: str, hits: list[NumberHit]) -> list[NumberHit]:
    """ "10 mg～20 mg", "3 个月-6 个月", "from 2 weeks to 4 weeks": one range when both ends carry the same
    unit (the "～" before the second is the range mark, not "about")."""
    out: list[NumberHit] = []
    for h in hits:
        p = out[-1] if out else None
        if (
            p is not None
            and p.kind == h.kind
            and p.kind in ("measurement", "duration")
            and p.unit is not None
            and p.unit == h.unit
            and p.value_max is None
            and h.value_max is None
            and p.comparator is None
            and h.comparator is None
            and p.value is not None
            and h.value is not None
            and p.value < h.value
        ):
            digit = re.search(r"[0-9０-９]", text[h.start : h.end])
            sep = text[p.end : h.start + (digit.start() if digit else 0)]
            # "increased from 10 mg to 20 mg" is a change, not a range
            verbs = "|".join(vocab()["change_verbs_en"])
            before = text[max(0, p.start - 30) : p.start]
            to_change = "to" in sep and _cached_re(rf"(?:{verbs})\w*\s+(?:from\s+)?$").search(before)
            if _RANGE_SEP.fullmatch(sep) and not to_change:
                out[-1] = NumberHit(
                    p.start, h.end, p.kind, p.value, h.value, p.unit, approx=p.approx, rule="number.unit_range"
                )
                out[-1].dose_unit = p.dose_unit
                continue
        out.append(h)
    return out


def _attach_cis(text: str, hits: list[NumberHit]) -> None:
    """A statistic takes the confidence interval printed right after it: "HR 0.74 (95% CI 0.65~0.85)",
    "OR, 1.2; 95% CI, 0.9 to 1.5", "MD −2.1 [95%CI −3.6~−0.6]". The interval stays a range number of its own
    too (as curators list it); the statistic carries value, ci_low and ci_high."""
    for k, h in enumerate(hits[:-1]):
        ci = hits[k + 1]
        if h.rule != "number.statistic":
            continue
        if ci.rule == "number.confidence_interval":
            if not re.fullmatch(r"[\s,，;；(（\[【:：]*", text[h.end : ci.start]):
                continue
        elif not (
            ci.kind == "range"
            and ci.unit is None
            and re.fullmatch(r"\s*[(（\[]\s*", text[h.end : ci.start])
            and re.match(r"\s*[)）\],，;；]", text[ci.end :])
        ):
            continue  # "HR 0.74 (0.65-0.85)": an unlabelled interval in brackets right after the statistic
        h.ci_low, h.ci_high = ci.value, ci.value_max
        m = re.match(r"\D*?([0-9]{2}(?:\.[0-9])?)\s*[%％]", text[ci.start : ci.end])
        h.ci_level = float(m.group(1)) if m else None


# -- rules, most specific first ------------------------------------------------------


def _p_values(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    out = []
    for m in re.finditer(r"(?<![A-Za-z])[Pp]\s*(=|<|>|≤|≥|＜|＞|<=|>=)\s*(" + pats["arabic"].pattern + ")", text):
        cmp = {"=": None, "<": "<", "＜": "<", ">": ">", "＞": ">", "≤": "<=", "<=": "<=", "≥": ">=", ">=": ">="}[
            m.group(1)
        ]
        out.append(
            NumberHit(m.start(), m.end(), "p_value", to_float(m.group(2)), comparator=cmp, rule="number.p_value")
        )
    return out


def _mean_sd(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    a = pats["arabic"].pattern
    out = []
    if "±" not in text:
        return []
    for m in re.finditer(rf"(?<![\d.０-９])({a})\s*±\s*({a})", text):
        unit = None
        start, end = m.start(), m.end()
        # "(66.3±10.9) 岁", "(0.6±0.1)%": the brackets and the unit after them belong to it
        if text[start - 1 : start] in "(（" and start > 0 and text[end : end + 1] in ")）" and text[end : end + 1]:
            tail = text[end + 1 :]
            um = re.match(r"\s*(%|％)", tail)
            dm = _patterns()["duration"].match(tail)
            sm = re.match(rf"\s?({_alt(list(vocab()['score_units']))})", tail)
            got = um or dm or sm
            if got:
                start -= 1
                unit = (
                    "%"
                    if um
                    else vocab()["duration_units"][dm.group(0).strip()]
                    if dm
                    else vocab()["score_units"][got.group(1)]
                )
                end = end + 1 + got.end()
        else:
            um = re.match(r"\s*(%|％)", text[end:])
            if um:
                unit, end = "%", end + um.end()
        out.append(
            NumberHit(
                start, end, "mean_sd", to_float(m.group(1)), sd=to_float(m.group(2)), unit=unit, rule="number.mean_sd"
            )
        )
    return out


# the words between an interval's bounds: "IQR 18 to 30", "95% CI 0.7 至 0.9"
_INTERVAL_WORDS = f"{_words(zh_words().interval_words)}|{_words(en_words().interval_words)}"


def _bracketed_spread(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    """A median with its IQR or a mean with its SD in brackets, as one number: "24 months (IQR 18-30)",
    "中位年龄 62（IQR 55~70）岁", "12.5 个月（四分位数间距 8.0~17.0 个月）", "5.2 (SD 1.1) kg"."""
    a = pats["arabic"].pattern
    v = vocab()
    rng = rf"\s*(?:~|～|-|–|—|{_INTERVAL_WORDS})\s*"
    out = []
    rx = re.compile(
        rf"(?<![\d.０-９])({a})(\s?[^\s\d()（）,，;；。:：]{{0,8}}?)\s*[(（]\s*(?:({_alt(v['iqr_labels'])})|({_alt(v['sd_labels'])}))"
        rf"\s*[:：,，=]?\s*({a})(?:{rng}({a}))?\s*([^\d()（）,，;；]{{0,8}}?)\s*[)）](\s?[^\s\d,，;；。()（）]{{0,3}})"
    )
    for m in rx.finditer(text):
        iqr = m.group(3) is not None
        if iqr != (m.group(6) is not None):
            continue  # an IQR needs two ends, an SD one value
        core = m.group(1) + m.group(2).rstrip()
        tail_unit = m.group(8) if not m.group(2).strip() else ""  # "62（IQR 55~70）岁": the unit after the bracket
        sub = _core_number(core + tail_unit) or _core_number(core)
        if sub is None:
            continue
        end = m.end() if tail_unit and sub.end == len(core + tail_unit) else m.end(7) + 1
        h = NumberHit(
            m.start(), end, sub.kind, sub.value, unit=sub.unit, rule="number.median_iqr" if iqr else "number.mean_sd"
        )
        h.dose_unit = sub.dose_unit
        if iqr:
            h.iqr_low, h.iqr_high = to_float(m.group(5)), to_float(m.group(6))
        else:
            h.kind, h.sd = "mean_sd", to_float(m.group(5))
        out.append(h)
    return out


def _core_number(core: str) -> NumberHit | None:
    """The one number "62岁" / "24 months" / "5.2" writes, when it is read whole."""
    hits = [h for h in find_numbers(core, []) if h.start == 0]
    if len(hits) != 1 or hits[0].value is None or hits[0].value_max is not None:
        return None
    return hits[0] if hits[0].end >= len(core.rstrip()) else None


def _ci_ranges(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    a = pats["arabic"].pattern
    labels = "|".join(re.escape(x) for x in sorted(vocab()["ci_labels"], key=len, reverse=True))
    out = []
    for m in re.finditer(
        rf"(?:{labels})\s*[=:：,，]?\s*({a})\s*(%|％)?\s*(?:~|～|-|–|—|{_INTERVAL_WORDS}|,|，)\s*({a})\s*(%|％)?", text
    ):
        unit = "%" if m.group(2) or m.group(4) else None
        out.append(
            NumberHit(
                m.start(),
                m.end(),
                "range",
                to_float(m.group(1)),
                to_float(m.group(3)),
                unit=unit,
                rule="number.confidence_interval",
            )
        )
    return out


def _stats(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    a = pats["arabic"].pattern
    labels = "|".join(re.escape(x) for x in sorted(vocab()["stat_labels"], key=len, reverse=True))
    return [
        NumberHit(
            m.start(),
            m.end(),
            "ratio" if _is_ratio_stat(m.group(0)) else "other",
            to_float(m.group(1)),
            rule="number.statistic",
        )
        for m in re.finditer(
            rf"(?<![A-Za-z])(?:{labels})\s*(?:[=:：]|{_alt(vocab()['stat_link_words'])})?\s*({a})", text
        )
    ]


def _is_ratio_stat(label: str) -> bool:
    """Hazard, odds and risk ratios are ratios; other statistics (AUC, r) are "other"."""
    return any(label.lstrip().startswith(x) for x in vocab()["ratio_stat_labels"])


def _fractions(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    out = []
    for m in pats["fraction"].finditer(text):
        den = float(m.group(3).translate(_FW))
        start = m.start()
        tail = text[m.end() :]
        if (
            not den
            or float(m.group(2).translate(_FW)) >= den
            or _identifier_context(text, start, m.end())
            or _patterns()["label_after"].match(tail)
            or m.group(1)
            and (_patterns()["duration"].match(tail) or match_unit(tail))
        ):
            continue  # "2 1/4 years" is a duration: read as a whole by the generic rule
        value = float(m.group(2).translate(_FW)) / den + (
            float(m.group(1).translate(_FW)) if m.group(1) else 0.0
        )  # "2 1/4"
        if start and text[start - 1] in "-−－" and _is_sign(text, start - 1):
            start, value = start - 1, -value
        s, cmp, approx = _qualify_before(text, start)
        out.append(
            NumberHit(s, m.end(), "fraction", _six(value), comparator=cmp, approx=approx, rule="number.fraction_slash")
        )
    for m in re.finditer(
        r"半(" + _alt(list(vocab()["half_durations"])) + r")(?!" + _alt(vocab()["half_not_before"]) + ")", text
    ):
        s, cmp, approx = _qualify_before(text, m.start())
        unit = vocab()["half_durations"][m.group(1)]
        out.append(
            NumberHit(
                s, m.end(), "duration", 0.5, unit=unit, comparator=cmp, approx=approx, rule="number.half_duration"
            )
        )
    for m in _patterns()["half"].finditer(text):
        s, cmp, approx = _qualify_before(text, m.start())
        out.append(NumberHit(s, m.end(), "fraction", 0.5, comparator=cmp, approx=approx, rule="number.half"))
    return out


def _rates(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    out: list[NumberHit] = []
    if "每" not in text and "次" not in text and "/" not in text:
        return out
    a = pats["arabic"].pattern
    out += _population_rates(text, a)
    out += _frequencies(text, a)
    return out


@cache
def _rate_res(a: str) -> dict[str, re.Pattern[str]]:
    """Rates per population and per period around the Arabic numeral pattern `a`, compiled once."""
    v, zh = vocab(), zh_words()
    bases = "|".join(re.escape(x) for x in sorted(v["rate_bases"], key=len, reverse=True))
    per = _alt(list(v["rate_per_bases"]))
    pw = "|".join(re.escape(x) for x in sorted(v_units()["period_words"], key=len, reverse=True))
    every, times = _words(zh.per_words), _words(zh.times_words)
    return {
        # "每 10 万人中 1~2 例"
        "per_population": re.compile(
            rf"(?:{every})\s*({a})?\s*({bases})?\s*({_words(zh.population_units)})\s*(?:{_words(zh.population_in)})?"
            rf"\s*({a})(?:\s*(?:~|～|-|–|{_words(zh.interval_words)})\s*({a}))?\s*({_words(zh.rate_event_units)})?"
        ),
        # "3.2/1 000 人年"
        "over_population": re.compile(
            rf"(?<![\d.])({a})\s*/\s*({per})\s*({_words(zh.per_population_units)})?(?![\d.])"
        ),
        # "每日 3 次", "每 4 周 1 次"
        "per_period_times": re.compile(
            rf"(?:{every})\s*({a})?\s*({pw})\s*({a}|[{char_class(zh.frequency_numerals)}])\s*(?:{times})"
        ),
        "times_per_period": re.compile(rf"({a})\s*(?:{times})\s*/\s*({pw})"),
    }


def _population_rates(text: str, a: str) -> list[NumberHit]:
    """ "每 10 万人中 1~2 例", "每 1 000 人年 5.6 例", "5.6/10 万", "3.2/1 000 人年": a rate per population."""
    v = vocab()
    res = _rate_res(a)
    person_years = zh_words().person_years
    out: list[NumberHit] = []
    for m in res["per_population"].finditer(text):
        base = (to_float(m.group(1)) if m.group(1) else 1.0) or 1.0
        if m.group(2):
            base *= v["rate_bases"][m.group(2)]
        unit = f"/{int(base)}" + ("/a" if m.group(3) in person_years else "")  # per 100 000 person-years
        out.append(
            NumberHit(
                m.start(),
                m.end(),
                "rate",
                to_float(m.group(4)),
                to_float(m.group(5)) if m.group(5) else None,
                unit=unit,
                rule="number.rate_population",
            )
        )
    for m in res["over_population"].finditer(text):
        unit = f"/{v['rate_per_bases'][m.group(2)]}" + ("/a" if m.group(3) in person_years else "")
        out.append(
            NumberHit(m.start(), m.end(), "rate", to_float(m.group(1)), unit=unit, rule="number.rate_per_population")
        )
    return out


def _frequencies(text: str, a: str) -> list[NumberHit]:
    """Dosing frequencies: "每日 3 次", "每 4 周 1 次", "3 次/d"."""
    periods = v_units()["period_words"]
    res = _rate_res(a)
    out: list[NumberHit] = []
    for m in res["per_period_times"].finditer(text):
        n = to_float(m.group(1)) if m.group(1) else 1.0
        assert n is not None  # an Arabic numeral always reads
        unit = periods[m.group(2)]
        out.append(
            NumberHit(
                m.start(),
                m.end(),
                "rate",
                to_float(m.group(3)),
                unit=f"/{unit}" if n == 1 else f"/({_fmt(n)}.{unit})",
                rule="number.rate_frequency",
            )
        )
    for m in res["times_per_period"].finditer(text):
        unit = periods[m.group(2)]
        # beats per minute is a measured physiology, times per day a dosing rate
        kind: NumberKind = "measurement" if unit in ("min", "h") else "rate"
        out.append(
            NumberHit(
                m.start(),
                m.end(),
                kind,
                to_float(m.group(1)),
                unit=f"/{unit}",
                rule="number.rate_per" if kind == "rate" else "number.per_minute",
            )
        )
    return out


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


@cache
def v_units() -> UnitsVocab:
    return cast("UnitsVocab", _json("units.json"))


def _combinations(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    """A fixed-dose combination "49/51 mg" is one amount: the sum of its parts."""
    out = []
    for m in pats["combination"].finditer(text):
        um = match_unit(text[m.end() :])
        if um is None or not um.dose:
            continue
        total = float(m.group(1)) + float(m.group(2))
        out.append(
            NumberHit(
                m.start(),
                m.end() + um.length,
                "measurement",
                total,
                None,
                um.ucum,
                rule="number.combination_dose",
                dose_unit=um,
            )
        )
    return out


def _english_durations(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    """ "5-year survival", "12-week trial"."""
    units = en_words().hyphen_durations
    return [
        NumberHit(
            m.start(), m.end(), "duration", float(m.group(1)), unit=units[m.group(2).lower()], rule="number.duration_en"
        )
        for m in pats["hyphen_duration"].finditer(text)
    ]


def _english_words(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    """English time points: "week 24", "month 6"."""
    units = en_words().time_point_units
    return [
        NumberHit(
            m.start(),
            m.end(),
            "duration",
            float(m.group(2)),
            unit=units[m.group(1).lower()],
            rule="number.duration_en_time_point",
        )
        for m in pats["time_point"].finditer(text)
    ]


def _ratios(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    out = []
    for m in re.finditer(r"(?<![\d.:])(\d{1,3}(?:\.\d+)?)\s*[∶:]\s*(\d{1,3}(?:\.\d+)?)(?![\d:])", text):
        a, b = float(m.group(1)), float(m.group(2))
        if not b or _identifier_context(text, m.start(), m.end()):
            continue
        out.append(NumberHit(m.start(), m.end(), "ratio", round(a / b, 6), rule="number.ratio"))
    return out


_FOLD_AFTER = re.compile(
    rf"^\s?(?:-\s?)?(?:(?:{_words(en_words().fold_words)})(?![A-Za-z])|{_words(zh_words().fold_words)})"
)


def _folds(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    """ "3 倍", "2.5-fold", "两倍", "threefold": a ratio ("数十倍", "几倍" are vague and no number)."""
    out: list[NumberHit] = []
    if "倍" not in text and "fold" not in text.lower():
        return out  # (scanning again costs as much as the generic rule: only where a fold is written)
    for num in scan(text):
        m = _FOLD_AFTER.match(text[num.end :])
        if (
            not m
            or num.value_max is not None
            or num.more_than
            or text[max(0, num.start - 1) : num.start] in ("数", "几")
        ):
            continue
        s, cmp, approx = _qualify_before(text, num.start)
        out.append(
            NumberHit(s, num.end + m.end(), "ratio", num.value, comparator=cmp, approx=approx, rule="number.fold")
        )
    units = vocab()["numerals"]["en_units"]
    for m in re.finditer(rf"\b({'|'.join(w for w in units if units[w] >= 2)})fold\b", text, re.IGNORECASE):
        out.append(NumberHit(m.start(), m.end(), "ratio", float(units[m.group(1).lower()]), rule="number.fold"))
    return out


def _qualify_before(text: str, start: int) -> tuple[int, str | None, bool]:
    """Grow a span leftwards over a comparator or approximation word printed right before it."""
    pats = _patterns()
    cmp = None
    approx = False
    s = start
    # "大约有 10%", "至少发现 25 个": the word qualifies the number across a verb, the span stays put
    gap = pats["qualifier_gap"].search(text[max(0, s - 6) : s])
    if gap:
        g0 = s - (len(text[max(0, s - 6) : s]) - gap.start())
        head = text[max(0, g0 - 12) : g0]
        m = pats["cmp_before"].search(head)
        if m:
            cmp = _comparator(m.group(0))
        m = pats["approx_before"].search(head)
        if m and m.group(0).strip() not in "~～":
            approx = True
        if cmp or approx:
            return s, cmp, approx
    head = text[max(0, s - 28) : s]
    m = pats["cmp_before"].search(head)
    if m:
        cmp = _comparator(m.group(0))
        s -= len(head) - m.start()
        head = text[max(0, s - 12) : s]
    m = pats["approx_before"].search(head)
    if m and not (m.group(0).strip() in "~～" and s >= 2 and text[s - 2].isdigit()):
        approx = True
        s -= len(head) - m.start()
    return s, cmp, approx


def _generic(text: str, pats: dict[str, re.Pattern[str]]) -> list[NumberHit]:
    """Numbers with a unit, a classifier, "%", a duration, or a year; ranges of them; bare numerals."""
    out: list[NumberHit] = []
    for num in scan(text):
        start, end = num.start, num.end
        if num.script == "zh":
            hit = _chinese(text, num)
            if hit:
                out.append(hit)
            continue
        if (
            num.script == "ar"
            and _identifier_context(text, start, end)
            and not (num.script == "ar" and text[start] in "-−－" and not _identifier_context(text, start + 1, end))
        ):
            continue
        if pats["label_before"].search(text[max(0, start - 8) : start]) and not (
            pats["classifier"].match(text[end:])
            or pats["duration"].match(text[end:])
            or match_unit(text[end:])
            or re.match(r"\s*(?:%|％)", text[end:])
        ):
            continue
        if pats["ordinal_before"].search(text[max(0, start - 3) : start]) or pats["ordinal_list"].search(
            text[max(0, start - 12) : start]
        ):
            continue  # an ordinal, or the next of a list of them: "第 3、4 步"
        hit = _expression(text, num)
        if hit is not None:
            out.append(hit)
    return out


def _expression(text: str, num: Numeral) -> NumberHit | None:
    """Grow a numeral into its expression: a range, a unit, a comparator; then classify it."""
    hit = _percent_forms(text, num)
    if hit is not None:
        return hit
    start, e, value_max = _grow_range(text, num)
    tail = text[e:]
    pats = _patterns()
    if pats["label_after"].match(tail) and not pats["duration"].match(tail):
        return None
    s, cmp, approx = _qualify_before(text, start)
    hit = _classify(text, s, e, num.value, value_max, tail, cmp, approx or num.more_than, num.fraction)
    if hit is None:
        return None
    return _refine(text, num, hit)


def _percent_forms(text: str, num: Numeral) -> NumberHit | None:
    """ "percent of 10", "百分之三十", "30%~40%": percents whose sign is not right after the number."""
    pats = _patterns()
    start, e = num.start, num.end
    value: float | None = num.value
    pb = pats["percent_before"].search(text[max(0, start - 16) : start])
    if pb:  # "percent of 10"
        return NumberHit(
            start - (len(text[max(0, start - 16) : start]) - pb.start()),
            e,
            "percent",
            value,
            None,
            "%",
            rule="number.percent_words",
        )
    if num.percent:
        s0, cmp0, approx0 = _qualify_before(text, start)
        return NumberHit(
            s0,
            e,
            "percent" if num.value_max is None else "range",
            value,
            num.value_max,  # "百分之二三十": 20% to 30%
            "%",
            None,
            cmp0,
            approx0 or num.more_than,
            "number.percent_cn",
            more_than=num.more_than,
        )
    # a percent range printed with both signs: "30%~40%", "10%～15%"
    pr = re.match(r"^\s*[%％]\s*(?:" + _alt(vocab()["range_separators"]) + r")\s*", text[e:])
    if pr:
        upper = numeral_at(text, e + pr.end())
        sign = re.match(r"^\s*[%％]", text[upper.end :]) if upper is not None else None
        if upper is not None and sign:
            s0, cmp0, approx0 = _qualify_before(text, start)
            end = upper.end + sign.end()
            return NumberHit(s0, end, "range", value, upper.value, "%", None, cmp0, approx0, "number.percent_range")
    return None


def _grow_range(text: str, num: Numeral) -> tuple[int, int, float | None]:
    """Start, end and upper value of the numeral grown over a range: "10~20", "between 5 and 10", "X 与 Y 之间"."""
    pats = _patterns()
    start, e = num.start, num.end
    value = num.value
    value_max = num.value_max
    between = pats["between"].search(text[max(0, start - 12) : start])
    rm = pats["range_sep"].match(text[e:]) or (pats["range_and"].match(text[e:]) if between else None)
    ra = pats["range_and"].match(text[e:])
    if rm is None and ra:
        # "10000 与 20000 之间": the closing word makes a range with no opener
        up = numeral_at(text, e + ra.end())
        if up is not None and pats["between_close"].match(text[up.end :]):
            rm = ra
    if not (rm and value_max is None):
        return start, e, value_max
    upper = numeral_at(text, e + rm.end())
    years = all(
        x is not None and 1900 <= x <= 2100 and float(x).is_integer() for x in (value, upper.value if upper else None)
    )
    if (
        upper is not None
        and not (upper.script == "ar" and text[upper.start] in "-−－" and not between)
        and not upper.percent
        and not (years and rm.group(0).strip().isalpha())
        and not (value is not None and upper.value < value)  # "1995-01" is a date, not 1995 down to 1
    ):
        close = pats["between_close"].match(text[upper.end :]) if between or rm.re is pats["range_and"] else None
        # "在 X 和 Y 之间": a Chinese opener needs its closing word, or "和" joins two numbers
        if not (between and rm.re is pats["range_and"] and not between.group(0).isascii() and not close):
            value_max = upper.value
            e = upper.end
            if between and (close or rm.re is pats["range_and"]):
                start -= len(text[max(0, start - 12) : start]) - between.start()
            if close:
                e += close.end()
    return start, e, value_max


def _refine(text: str, num: Numeral, hit: NumberHit) -> NumberHit | None:
    """Drop a bare numeral that is part of a name; mark English counts and a trailing "左右"."""
    hit.more_than = num.more_than
    if (
        hit.rule == "number.bare"
        and hit.value_max is None
        and num.script != "en"
        and not _standalone(text, hit.start, hit.end)
    ):
        return None
    if (
        num.script == "en"
        and hit.kind in ("other", "count")
        and hit.rule in ("number.bare", "number.qualified_bare")
        and re.match(r"\s(?:[a-z]+ ){0,2}[a-z]+s\b", text[hit.end :])
    ):
        hit.kind, hit.rule = "count", "number.count_en"  # "two groups", "three large trials"
    am = _patterns()["approx_after"].match(text[hit.end :])
    if am and text[hit.end : hit.end + am.end()].strip() in ("左右", "上下"):
        hit.approx = True
        hit.end += am.end()
    return hit


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u3000":
        i += 1
    return i


def _six(x: float | None) -> float | None:
    """A fraction to six significant digits (1/3 -> 0.333333, 3/4200 -> 0.000714286)."""
    if x is None:
        return None
    return round(x, 6) if abs(x) >= 1 else float(f"{x:.6g}")


_LISTED = re.compile(rf"(?:\s*(?:{_words(zh_words().list_joins)}|、)\s*[0-9０-９]+(?:[.．][0-9０-９]+)?)+")


def _listed_before_unit(text: str, end: int) -> bool:
    """Is the numeral ending at `end` followed by "或 10 mg", "、12 和 24 周": list members up to a unit?"""
    m = _LISTED.match(text, end)
    if not m:
        return False
    tail = text[m.end() :]
    pats = _patterns()
    if pats["label_after"].match(tail):
        return False  # "3、4 级": grades, not numbers
    return bool(pats["duration"].match(tail) or match_unit(tail) or re.match(r"\s*[%％]", tail))


def _standalone(text: str, start: int, end: int) -> bool:
    """A bare numeral is a number unless it is part of a name: "四肢", "二线", "5-HT", "转运体 1", "type 2"."""
    after = text[end : end + 2]
    if _patterns()["cmp_after"].match(text[end:]):
        return True  # "1000以上", "1000 以上": a bound
    if _listed_before_unit(text, end):
        return True  # "5 或 10 mg", "6、12 和 24 周": listed before a number that carries the unit
    if after[:1] and (
        "\u4e00" <= after[0] <= "\u9fff"
        and after[0] not in vocab()["bare_before"]
        or after[0] in "-‐/*"
        and after[1:2].isalnum()
    ):
        return False  # "四肢", "二线", "三磷酸": part of a word (but "四不是五", "前三的")
    head = text[max(0, start - 12) : start].rstrip(" ")
    if not head or len(head) < start - max(0, start - 12) - 1:
        return True  # start of text, or more than one space before
    c = head[-1]
    if not (c.isalnum() or c in "*-‐/_") or c.isdigit() and len(head) < start - max(0, start - 12):
        return True  # after punctuation ("（21）", ": 4") or after another number and a space
    last = re.search(r"[A-Za-z]+$", head)
    if (
        last
        and (last.group(0).islower() or last.group(0) in vocab()["not_code_words"])
        and last.group(0) not in vocab()["label_nouns_en"]
    ):
        return True  # after an English verb or preposition: "receive 5"; not after "type 2", "TDP 43", "Study 4"
    words = vocab()["bare_after"]
    return bool(re.search(rf"(?<![A-Za-z])(?:{_alt(words)})$", head, re.IGNORECASE)) and head[-1] not in "*-‐/_"


def _bound_after(text: str, h: NumberHit) -> bool:
    """Does the hit end in a bound word after its number ("1000以上", "65 岁以下")?"""
    words = [w for w in vocab()["comparators_after"] if not w.isascii()]
    return any(text[h.start : h.end].endswith(w) for w in words)


def _merge_comparator_ranges(text: str, hits: list[NumberHit]) -> list[NumberHit]:
    """ "大于 10 小于 20", "larger than 20 and at most 35": one range from two comparators."""
    joins = _patterns()["range_join"]
    out: list[NumberHit] = []
    for h in hits:
        p = out[-1] if out else None
        if (
            p
            and p.comparator
            and h.comparator
            and p.value_max is None
            and h.value_max is None
            and {p.comparator[0], h.comparator[0]} == {"<", ">"}
            and (
                joins.fullmatch(text[p.end : h.start])
                or (
                    re.fullmatch(r"\s*[,，、]\s*", text[p.end : h.start])
                    and (
                        _bound_after(text, p)
                        and _bound_after(text, h)  # "18 岁以上、65 岁以下"
                        or text[p.start].isascii()
                        and text[p.start].isalpha()
                        and text[h.start].isascii()
                        and text[h.start].isalpha()
                        or text[p.start] == text[h.start] == "比"
                    )
                )
            )
            and p.value is not None
            and h.value is not None
        ):
            lo, hi = (p, h) if p.comparator[0] == ">" else (h, p)
            if lo.value is not None and hi.value is not None and lo.value < hi.value:
                kind = p.kind if p.kind in ("duration", "measurement") else "range"
                out[-1] = NumberHit(
                    p.start,
                    h.end,
                    kind,
                    lo.value,
                    hi.value,
                    p.unit or h.unit,
                    None,
                    None,
                    p.approx or h.approx,
                    "number.comparator_range",
                    p.dose_unit or h.dose_unit,
                )
                continue
        out.append(h)
    return out


@dataclass
class _Span:
    """A numeral grown into its expression, waiting for a rule to classify it."""

    text: str
    s: int
    e: int
    value: float | None
    value_max: float | None
    tail: str
    cmp: str | None
    approx: bool
    fraction: bool


def _classify(
    text: str,
    s: int,
    e: int,
    value: float | None,
    value_max: float | None,
    tail: str,
    cmp: str | None,
    approx: bool,
    fraction: bool = False,
) -> NumberHit | None:
    """The first family of rules that reads the span decides its kind; the order is the priority."""
    sp = _Span(text, s, e, value, value_max, tail, cmp, approx, fraction)
    hit = _currency_rule(sp)
    if hit is not None:
        return hit
    _approx_word(sp)
    for family in (_percent_rules, _duration_rules, _unit_rules, _count_rules):
        hit = family(sp)
        if hit is not None:
            return hit
    return _bare_rules(sp)


def _currency_rule(sp: _Span) -> NumberHit | None:
    """Currency is an amount of money, never a dose nor a duration ("日元")."""
    pats = _patterns()
    text, s, e = sp.text, sp.s, sp.e
    cur = pats["currency_after"].match(sp.tail)
    if cur:
        return NumberHit(
            s,
            e + cur.end(),
            "measurement",
            sp.value,
            sp.value_max,
            v_units()["currency"][cur.group(1)],
            None,
            sp.cmp,
            sp.approx,
            "number.currency",
        )
    cb = pats["currency_before"].search(text[max(0, s - 4) : s])
    if cb:
        return NumberHit(
            s - (len(text[max(0, s - 4) : s]) - cb.start()),
            e,
            "measurement",
            sp.value,
            sp.value_max,
            v_units()["currency"][cb.group(1)],
            None,
            sp.cmp,
            sp.approx,
            "number.currency",
        )
    return None


def _approx_word(sp: _Span) -> None:
    """Approximation words printed between number and classifier: "20 余例", "20 多例"."""
    pats = _patterns()
    am = pats["approx_after_number"].match(sp.tail)
    if am and pats["classifier"].match(sp.tail[am.end() :]) or am and pats["duration"].match(sp.tail[am.end() :]):
        sp.approx = True
        sp.e += am.end()
        sp.tail = sp.tail[am.end() :]


def _percent_rules(sp: _Span) -> NumberHit | None:
    """ "30%", "30 percent"; tenths: 2成 = 20%, 三成半 = 35%, 八五折 = 85%."""
    pats = _patterns()
    value, value_max = sp.value, sp.value_max
    pm = pats["percent_after"].match(sp.tail)
    if pm:
        return NumberHit(
            sp.s,
            sp.e + pm.end(),
            "percent" if value_max is None else "range",
            value,
            value_max,
            "%",
            None,
            sp.cmp,
            sp.approx,
            "number.percent",
        )
    tm = pats["tenths_after"].match(sp.tail)
    if not (tm and value is not None):
        return None
    how = vocab()["tenths_after"][re.sub(r"\s", "", tm.group(1))]
    extra = 0.0
    end = sp.e + tm.end()
    dm2 = pats["tenths_digit"].match(sp.text[end:]) if how == "tenths" and value_max is None else None
    if dm2:  # "七成六" = 76%
        extra = float(to_float(dm2.group(1)) or 0)
        end += dm2.end()

    def pct(x: float) -> float:
        return x if how == "discount" and x >= 10 else x * 10 + (5 if how == "tenths_half" else 0) + extra

    return NumberHit(
        sp.s,
        end,
        "percent" if value_max is None else "range",
        pct(value),
        pct(value_max) if value_max is not None else None,
        "%",
        None,
        sp.cmp,
        sp.approx,
        "number.percent_tenths",
    )


def _duration_rules(sp: _Span) -> NumberHit | None:
    """ "3 年", "two decades", "6 个月"; a year or a date where 年 follows a year number."""
    pats = _patterns()
    text, s, e, tail = sp.text, sp.s, sp.e, sp.tail
    value, value_max = sp.value, sp.value_max
    dm = pats["duration"].match(tail)
    if dm and not pats["not_duration"].match(tail):
        word = dm.group(0).strip()
        unit = vocab()["duration_units"][word]
        if "." in unit:  # "three decades": 30 years
            factor, unit = unit.split(".")
            value = value * float(factor) if value is not None else None
            value_max = value_max * float(factor) if value_max is not None else None
        if unit == "a" and value is not None and value_max is None and 1900 <= value <= 2100 and word in ("年",):
            # "1990 年 1 月 16 日" is a date, one number: its month and day are no durations
            dt = pats["date_rest"].match(text[e + dm.end() :])
            if dt:
                return NumberHit(
                    s, e + dm.end() + dt.end(), "year", value, None, None, None, None, False, "number.date"
                )
            return NumberHit(s, e + dm.end(), "year", value, None, None, None, None, False, "number.year_cn")
        return NumberHit(
            s, e + dm.end(), "duration", value, value_max, unit, None, sp.cmp, sp.approx, "number.duration"
        )
    # 个月 is a duration after a classifier-like 个
    mm = pats["months_after_classifier"].match(tail)
    if mm:
        return NumberHit(
            s, e + mm.end(), "duration", value, value_max, "mo", None, sp.cmp, sp.approx, "number.duration"
        )
    return None


def _unit_rules(sp: _Span) -> NumberHit | None:
    """A score ("3 分") or a unit of measurement ("5 mg/kg")."""
    v = vocab()
    tail = sp.tail
    sm = re.match(rf"^\s?({_alt(list(v['score_units']))})(?![A-Za-z{''.join(v['score_not_after'])}])", tail)
    if sm and not _patterns()["duration"].match(tail):
        return NumberHit(
            sp.s,
            sp.e + sm.end(),
            "measurement",
            sp.value,
            sp.value_max,
            v["score_units"][sm.group(1)],
            None,
            sp.cmp,
            sp.approx,
            "number.score",
        )
    um = match_unit(tail)
    if um is not None:
        return NumberHit(
            sp.s,
            sp.e + um.length,
            "measurement",
            sp.value,
            sp.value_max,
            um.ucum,
            None,
            sp.cmp,
            sp.approx,
            "number.measurement",
            dose_unit=um,
        )
    return None


def _n_equals(sp: _Span) -> NumberHit | None:
    """ "n = 120": a count of patients."""
    text, s = sp.text, sp.s
    m = re.search(r"(?<![A-Za-z])[nN]\s*=\s*$", text[max(0, s - 4) : s])
    if not m:
        return None
    return NumberHit(
        s - (len(text[max(0, s - 4) : s]) - m.start()),
        sp.e,
        "count",
        sp.value,
        None,
        None,
        None,
        None,
        False,
        "number.n_equals",
    )


def _count_rules(sp: _Span) -> NumberHit | None:
    """A fraction, a count with its classifier ("20 例", "12 patients"), or "n = 120"."""
    pats = _patterns()
    if sp.fraction:
        return NumberHit(sp.s, sp.e, "fraction", _six(sp.value), None, None, None, sp.cmp, sp.approx, "number.fraction")
    cm = pats["classifier"].match(sp.tail) or pats["count_en"].match(sp.tail)
    if cm:
        kind: NumberKind = "count" if sp.value_max is None else "range"
        return NumberHit(
            sp.s, sp.e + cm.end(), kind, sp.value, sp.value_max, None, None, sp.cmp, sp.approx, "number.count"
        )
    return _n_equals(sp)


def _bare_rules(sp: _Span) -> NumberHit:
    """No unit nor classifier: a bare year, a qualified count, or a bare numeral of no kind in particular."""
    text, s, e = sp.text, sp.s, sp.e
    value, value_max = sp.value, sp.value_max
    if (
        value is not None
        and value_max is None
        and 1900 <= value <= 2100
        and float(value).is_integer()
        and not re.search(r"[0-9][\s,\u202f\u2009][0-9]", text[s:e])  # "1 961 patients" is grouped, no year
    ):
        # a bare year: "(1994)", "in 2008"
        return NumberHit(s, e, "year", value, None, None, None, None, False, "number.year_bare")
    if sp.cmp or sp.approx:
        return NumberHit(
            s,
            e,
            # "超过 1 000", "约 30": a count; "<0.001" (a P value in a table column) counts nothing
            ("count" if value is not None and value == int(value) else "other") if value_max is None else "range",
            value,
            value_max,
            None,
            None,
            sp.cmp,
            sp.approx,
            "number.qualified_bare",
        )
    # (the n = rule already ran in _count_rules on the same span)
    return NumberHit(
        s, e, "other" if value_max is None else "range", value, value_max, None, None, sp.cmp, sp.approx, "number.bare"
    )


def _chinese(text: str, num: Numeral) -> NumberHit | None:
    pats = _patterns()
    start, end = num.start, num.end
    raw = text[start:end]
    # words that contain numerals: 一些, 唯一, 二甲双胍, 四川 ... (a fraction's 之一 is not one)
    for w in [] if num.fraction or num.percent else pats["not_cn"].finditer(text[max(0, start - 3) : end + 3]):
        ws = max(0, start - 3) + w.start()
        we = ws + len(w.group(0))
        # the word must reach outside the numeral ("一些", "十分重要"), or be all of it ("千万"): "四千万" is a number
        if ws < end and we > start and (ws < start or we > end or (ws, we) == (start, end)):
            return None
    if text[max(0, start - 1) : start] in vocab()["cn_not_after"]:
        return None
    sep = pats["range_sep"].match(text[end:])
    if raw in vocab()["cn_alone_not_number"] and not (sep and numeral_at(text, end + sep.end())):
        return None  # "一" as an indefinite article (but "一到五个" is a range)
    if pats["label_after"].match(text[end:]):
        return None
    hit = _expression(text, num)
    if hit is not None and hit.rule == "number.year_cn" and not all(c in vocab()["numerals"]["cn_digits"] for c in raw):
        hit.kind, hit.unit, hit.rule = "duration", "a", "number.duration"  # "两千年": two thousand years
    if hit is not None and hit.kind == "year" and hit.rule == "number.year_bare":
        # "两千" is two thousand, not a year; a year in Chinese numerals is written digit by digit ("二〇二〇年")
        hit.kind, hit.rule = "other", "number.bare"
        if not _standalone(text, hit.start, hit.end):
            return None
    return hit
