"""Numerals: the spans of a text that write a number, and their values, in either language.

Span first, value second. Three scanners share one vocabulary (`resources/numbers.json`,
key "numerals"): Arabic digits (grouping by comma, thin or plain space; decimals, signs,
exponents, "k", 万/亿 after the digits, mixed fractions "2 1/4"), Chinese numerals
(一万零十二, 两千三点一, 负, 廿, financial 壹贰叁, 二三十 as a range, 十几/五百多 as "more
than", X分之Y, 又 for a whole part) and English number words ("one hundred and six",
"two thirds", "one and a half", "1 over 3", "1 in 5"). Ordinals are not numerals.
What a numeral counts or measures is left to `numbers.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import cast

from ..resources import _json, alt, zh_words
from .vocab_types import NumbersVocab, NumeralsVocab

_FW = str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


@dataclass
class Numeral:
    start: int
    end: int
    value: float
    value_max: float | None = None  # "二三十": 20 to 30
    more_than: bool = False  # "十几万", "五百多": a little more than value
    script: str = "ar"  # ar | zh | en
    fraction: bool = False
    percent: bool = False  # 百分之五, 千分之一 (value already in percent)


@cache
def vocab() -> NumeralsVocab:
    return cast("NumbersVocab", _json("numbers.json"))["numerals"]


def _alt(xs: Iterable[str]) -> str:
    # the same vocabulary lists come back for every number: their alternation is built once
    return _alt_of(tuple(xs))


@lru_cache(maxsize=512)
def _alt_of(xs: tuple[str, ...]) -> str:
    return "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))


@cache
def _res() -> dict[str, re.Pattern[str]]:
    v = vocab()
    d = "0-9０-９"
    # integer part: "1,402", "1 234 567", "1\u202f234", "12,34,567" (Indian), "４，５６５"
    group = rf"(?:[{d}]{{1,3}}(?:,[{d}]{{2}})+,[{d}]{{3}}|[{d}]{{1,3}}(?:(?:,|，(?=[０-９])|\u202f|\u2009|\u0020(?=[0-9]{{3}}(?![0-9]|,[0-9])))[{d}]{{3}})+(?![{d}])|[{d}]+)"
    # decimals may be grouped too: "P<0.000 1"
    arabic = (
        rf"(?:(?<![{d}.．])[.．][{d}]+|{group}(?:[.．][{d}]+(?:\u0020[0-9]{{1,3}}(?![0-9.]))?)?)"
        rf"(?:[eE][+\-－]?[0-9０-９]+(?![A-Za-z])|\^[+\-]?[0-9]+)?"
    )
    cn_chars = (
        "".join(v["cn_digits"]) + "".join(v["cn_small_units"]) + "".join(v["cn_big_units"]) + "".join(v["cn_tens"])
    )
    en_words = list(v["en_units"]) + list(v["en_tens"]) + list(v["en_scales"])
    en_den = list(v["en_ordinal_denominators"])
    of = r"\s*".join(re.escape(c) for c in zh_words().fraction_of)  # 分之, its characters maybe apart
    return {
        "arabic": re.compile(arabic),
        "sign": re.compile(r"(?:[-−－]|(?:" + _alt(v["cn_negative"]) + r")\s?)$"),
        "cn_start": re.compile(rf"[{cn_chars}]"),
        # an Arabic number opens a phrase when a scale word follows: "3 hundred and 21", "4 thousand 3 hundred"
        "en_word": re.compile(
            rf"\b(?:{_alt(en_words + en_den + v['en_a'] + list(v['en_half']))})\b"
            rf"|(?<![0-9.,])[0-9]+(?:\.[0-9]+)?(?=\s+(?:{_alt(list(v['en_scales']))})\b)",
            re.IGNORECASE,
        ),
        "vulgar": re.compile(_alt(v["vulgar_fractions"])),
        "en_token": re.compile(
            rf"(?:{_alt(en_words + en_den + list(v['en_half']) + list(v['en_ordinal_units']) + v['en_a'] + ['and', 'point'])})\b"
            r"|[0-9][0-9,.]*\b",
            re.IGNORECASE,
        ),
        "ar_scale": re.compile(rf"^\s?({_alt(v['cn_more'])})?\s?({_alt(v['arabic_scales'])})(?![A-Za-z])"),
        "times_ten": re.compile(r"^\s?[x×]\s?10(?:\^([+\-−]?[0-9]{1,3})|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))"),
        "en_scale_after": re.compile(rf"^\s+({_alt(v['en_scales'])})\b", re.IGNORECASE),
        "mixed": re.compile(r"^(\s{1,2})([0-9０-９]{1,2})\s?[/／]\s?([0-9０-９]{1,2})(?![0-9０-９/.])"),
        "en_frac_join": re.compile(rf"^\s+({_alt(v['en_fraction_joins'])})\s+", re.IGNORECASE),
        "cn_per_cent": re.compile(rf"({_alt(v['cn_per_bases'])})\s*{of}\s*"),
        "cn_fraction_of": re.compile(rf"\s*{of}\s*"),
        "cn_whole_join": re.compile(rf"\s*(?:{alt(zh_words().fraction_whole_joins)})\s*"),
    }


@cache
def _duration_words() -> list[str]:
    return [w for w in cast("NumbersVocab", _json("numbers.json"))["duration_units"] if w.isascii()]


def _num(s: str) -> float:
    t = s.translate(_FW).replace("−", "-").replace(",", "").replace("\u202f", "").replace("\u2009", "").replace(" ", "")
    if "^" in t:
        base, exp = t.split("^")
        return float(base) ** int(exp)
    return float(t)


def scan(text: str, loose: bool = False) -> list[Numeral]:
    """Every numeral of `text`, left to right, not overlapping (`loose`: a lone financial numeral too)."""
    found = _per_cent(text) + _vulgar(text) + _arabic(text) + _chinese(text, loose) + _english(text)
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    out: list[Numeral] = []
    last = -1
    for n in found:
        if n.start >= last:
            out.append(n)
            last = n.end
    return _joined(text, _fractions_of(text, out))


def _vulgar(text: str) -> list[Numeral]:
    """ "½", "¾", and "1½"."""
    out = []
    table = vocab()["vulgar_fractions"]
    for m in _res()["vulgar"].finditer(text):
        a, value = m.start(), table[m.group(0)]
        w = re.search(r"(?<![0-9.])[0-9]{1,3}$", text[max(0, a - 3) : a])
        if w:
            a -= len(w.group(0))
            value += int(w.group(0))
        out.append(Numeral(a, m.end(), value, None, False, "ar", fraction=True))
    return out


def _per_cent(text: str) -> list[Numeral]:
    """Bare "百分之五", "千分之一" (no numeral before the base): percents; "一百分之五" is a fraction."""
    v = vocab()
    out = []
    for m in _res()["cn_per_cent"].finditer(text):
        if m.start() and (_is_cn_numeral_char(text[m.start() - 1]) or text[m.start() - 1].isdigit()):
            continue
        tgt = numeral_at(text, m.end())
        if tgt is not None:
            base = v["cn_per_bases"][m.group(1)]
            vmax = tgt.value_max * 100 / base if tgt.value_max is not None else None  # "百分之二三十"
            out.append(Numeral(m.start(), tgt.end, tgt.value * 100 / base, vmax, tgt.more_than, "zh", percent=True))
    return out


def _joined(text: str, nums: list[Numeral]) -> list[Numeral]:
    """ "1 over 3", "one out of three", "1 in 5": a fraction (out of / in only when it is below one)."""
    out: list[Numeral] = []
    joins = vocab()["en_fraction_joins"]
    i = 0
    while i < len(nums):
        n = nums[i]
        if i + 1 < len(nums) and not n.fraction and not n.percent:
            m = _res()["en_frac_join"].match(text[n.end : nums[i + 1].start + 1] + " ")
            nx = nums[i + 1]
            if m and n.end + m.end() == nx.start and nx.value and not nx.fraction:
                word = re.sub(r"\s+", " ", m.group(1).lower())
                below = abs(n.value) < abs(nx.value)
                yearish = nx.script == "ar" and 1900 <= nx.value <= 2100
                timed = re.match(rf"\s+(?:{_alt(_duration_words())})\b", text[nx.end :], re.IGNORECASE)
                if (joins[word] == "always" or below and not yearish) and not timed:
                    out.append(Numeral(n.start, nx.end, n.value / nx.value, None, False, n.script, fraction=True))
                    i += 2
                    continue
        out.append(n)
        i += 1
    return out


def numeral_at(text: str, pos: int) -> Numeral | None:
    """The numeral that starts exactly at `pos` (for the upper end of a range)."""
    for n in scan(text[pos : pos + 40], loose=True):
        if n.start == 0:
            n.start += pos
            n.end += pos
            return n
        break
    return None


# -- Arabic ----------------------------------------------------------------------------


def _arabic(text: str) -> list[Numeral]:
    r = _res()
    out = []
    for m in r["arabic"].finditer(text):
        start, end = m.span()
        if start and (text[start - 1].isdigit() or text[start - 1] in "０１２３４５６７８９"):
            continue
        if re.match(r"[.．][0-9０-９]", text[end : end + 2]) or re.search(
            r"[0-9][.．]$", text[max(0, start - 2) : start]
        ):
            continue  # "192.168.1.2", "2019.03.01": a dotted identifier or date, no number
        try:
            value = _num(m.group(0))
        except (ValueError, OverflowError):
            continue
        sm = r["sign"].search(text[max(0, start - 2) : start])
        if sm and _is_sign(text, start - len(sm.group(0))):
            start -= len(sm.group(0))
            value = -value
        wm = re.search(rf"\b(?:{_alt(vocab()['en_negative'])})\s+$", text[max(0, start - 10) : start], re.IGNORECASE)
        if wm and not sm:
            start -= len(text[max(0, start - 10) : start]) - wm.start()
            value = -value
        n = Numeral(start, end, value)
        tail = text[end:]
        mm = _res()["mixed"].match(tail)
        if (
            mm
            and value == int(value)
            and float(mm.group(3).translate(_FW)) > 0
            and not re.match(r"\s*[/／]", tail[mm.end() :])
        ):
            frac = float(mm.group(2).translate(_FW)) / float(mm.group(3).translate(_FW))
            n.value = value - frac if value < 0 else value + frac
            n.end += mm.end()
            n.fraction = True
        else:
            tt = r["times_ten"].match(tail)
            if tt and re.match(r"\s?/", tail[tt.end() :]):
                tt = None  # "1.3×10^9/L": the power of ten belongs to the unit (10*9/L)
            if tt:
                exp = tt.group(1) or tt.group(2).translate(_SUP)
                n.value = value * 10 ** int(exp.replace("−", "-"))
                n.end += tt.end()
            sc = None if tt else r["ar_scale"].match(tail) or r["en_scale_after"].match(tail)
            if sc and not re.match(r"[/／0-9]", tail[sc.end() :]):
                word = sc.group(sc.lastindex or 1)
                n.more_than = bool(sc.lastindex == 2 and sc.group(1))
                scales = {**vocab()["arabic_scales"], **vocab()["en_scales"]}
                factor = scales.get(word) or scales.get(word.lower())
                if factor:
                    n.value = value * factor
                    n.end += sc.end()
        out.append(n)
    return out


def _is_sign(text: str, i: int) -> bool:
    """Is the "-" at i a minus sign, not a hyphen ("IL-6", "3-5") or an identifier's suffix ("蛋白 -7")?"""
    if text[i] not in "-−－":
        return True  # 负
    before = text[i - 1] if i else ""
    if before and before in "-−－":
        return False  # "－－9"
    if not before or before in vocab()["sign_after"]:
        return True
    if text[i] in "−－":
        return not before.isalnum()  # a true minus sign; "−3.6%" after "CI "
    if before in " \u3000":
        b2 = text[i - 2] if i >= 2 else ""
        return not b2 or not (b2.isalnum() or b2 in ")）]")
    return False


# -- Chinese ---------------------------------------------------------------------------


def _cn_span(text: str, i: int) -> int:
    """End of the Chinese numeral run starting at `i` (single spaces inside a run are allowed)."""
    v = vocab()
    digits, small, big = v["cn_digits"], v["cn_small_units"], v["cn_big_units"]
    chars = set(digits) | set(small) | set(big) | set(v["cn_tens"])
    arabic = set("0123456789０１２３４５６７８９")
    j = i
    while j < len(text):
        ch = text[j]
        prev = text[:j].rstrip(" \u3000")[-1:] if j > i else ""
        if ch in small and prev in small and small[ch] > small[prev]:
            break  # "七十百分位", "五十千": 百 after 十 opens another word
        if ch in chars:
            j += 1
        elif ch in v["cn_more"] and (prev in small or prev in big or ch in v["cn_unknown"] and prev in v["cn_zero"]):
            j += 1  # 十余, 五百多, 十几, 一百零几
        elif (
            ch in v["cn_point"]
            and prev
            and _skip_sp(text, j + 1) < len(text)
            and text[_skip_sp(text, j + 1)] in digits
            and text[_skip_sp(text, j + 1)] not in v["cn_not_decimal"]
        ):
            j += 1
        elif ch in arabic and (prev in big or prev in small or prev in v["cn_zero"]):
            # "5万4千6百", "3万4000", "1千零20": Arabic digits inside a run of units
            while j < len(text) and (
                text[j] in arabic or text[j] in ".．" and j + 1 < len(text) and text[j + 1] in arabic
            ):
                j += 1
        elif (
            ch in " \u3000"
            and prev
            and j + 1 < len(text)
            and (text[j + 1] in chars or text[j + 1] in v["cn_point"] or text[j + 1] in v["cn_more"])
        ):
            j += 1
        elif (
            ch in " \u3000"
            and (prev in big or prev in small)
            and re.match(r"[ \u3000][0-9０-９]{1,4}[" + "".join(small) + "".join(big) + "]", text[j : j + 6])
        ):
            j += 1  # "7万 5千 4百"
        else:
            break
    while j > i and text[j - 1] in " \u3000":
        j -= 1
    return j


def _skip_sp(text: str, j: int) -> int:
    while j < len(text) and text[j] in " \u3000":
        j += 1
    return j


def cn_value(s: str) -> tuple[float, float | None, bool] | None:
    """(value, value_max, more_than) of a Chinese numeral run; None when it writes no number.

    一万零十二 = 10012, 两千三 = 2300 (a digit after 千 with nothing between is hundreds),
    二三十 = 20 to 30, 十几万 = more than 100000, 四万万 = 4e8, 一九九一 = 1991."""
    v = vocab()
    s = re.sub(r"[ \u3000]", "", s)
    digits, small, big, tens = v["cn_digits"], v["cn_small_units"], v["cn_big_units"], v["cn_tens"]
    split = _cn_decimals(s)
    if split is None:
        return None
    s, frac, scale = split
    more = any(ch in v["cn_more"] for ch in s)
    s = "".join(ch for ch in s if ch not in v["cn_more"])
    if not s:
        return None
    for t, rep in tens.items():
        s = s.replace(t, rep)
    if all(ch in big for ch in s):
        return None  # "万", "万万" alone
    # "一九九一", "二〇二〇": digit by digit (never with 两: "两两比较" is pairwise, not 22)
    if len(s) > 1 and all(ch in digits for ch in s) and not any(ch in v["cn_not_decimal"] for ch in s):
        if len(s) == 2 and digits[s[1]] - digits[s[0]] == 1:
            return float(digits[s[0]]), float(digits[s[1]]), False  # "三四" (个): 3 to 4
        return float("".join(str(digits[c]) for c in s) + ("." + frac if frac else "")), None, more
    # "二三十", "三四百", "七八千": a colloquial range of two neighbouring digits before a unit
    if len(s) >= 3 and s[0] in digits and s[1] in digits and digits[s[1]] - digits[s[0]] == 1 and s[2] in small:
        lo = cn_value(s[0] + s[2:])
        hi = cn_value(s[1] + s[2:])
        if lo and hi:
            return lo[0], hi[0], False
    total = _cn_positional(s)
    if total is None:
        return None
    if frac:
        total = float(f"{int(total)}.{frac}")
    return float(total) * scale, None, more


def _cn_decimals(s: str) -> tuple[str, str, float] | None:
    """Split a run at its decimal point: (integer part, decimal digits, scale of a trailing big unit)."""
    v = vocab()
    digits, big = v["cn_digits"], v["cn_big_units"]
    point = next((p for p in v["cn_point"] if p in s), None)
    frac = ""
    scale = 1.0
    if point:
        s, frac_s = s.split(point, 1)
        while frac_s and frac_s[-1] in big:  # "三点一万" = 3.1 万
            scale *= big[frac_s[-1]]
            frac_s = frac_s[:-1]
        for ch in frac_s:
            if ch not in digits or ch in v["cn_not_decimal"]:
                return None
            frac += str(digits[ch])
    return s, frac, scale


def _cn_positional(s: str) -> float | None:
    """The value of digits with positional units (十百千, 万亿); None at a character that is neither."""
    v = vocab()
    digits, small, big = v["cn_digits"], v["cn_small_units"], v["cn_big_units"]
    parts: list[float] = []  # completed sections under a big unit, largest first
    section = 0.0
    num: float | None = None
    last_unit = 0.0
    zero_seen = False
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isdigit() or ch in "０１２３４５６７８９":
            k = i
            while k < len(s) and (s[k].isdigit() or s[k] in "０１２３４５６７８９.．"):
                k += 1
            num = _num(s[i:k])
            i = k
            continue
        if ch in digits:
            num = digits[ch] if num is None or digits[ch] == 0 else num * 10 + digits[ch]
            if digits[ch] == 0:
                zero_seen = True
                num = None
        elif ch in small:
            section += (num if num is not None else 1) * small[ch]
            num = None
            last_unit = small[ch]
            zero_seen = False
        elif ch in big:
            u = big[ch]
            here = section + (num or 0)
            if here == 0 and parts:
                parts[-1] *= u  # "四万万", "四万亿"
            else:
                lower = sum(p for p in parts if p < u)  # "四千五百六十九万八千三百一十一亿"
                parts = [p for p in parts if p >= u] + [(here + lower) * u]
            section, num = 0.0, None
            last_unit = u
            zero_seen = False
        else:
            return None
        i += 1
    if num is not None and last_unit >= 100 and not zero_seen and len(s) >= 2 and (s[-2] in small or s[-2] in big):
        num = num * last_unit / 10  # 两千三 = 2300, 一万三 = 13000
    return sum(parts) + section + (num or 0)


def _chinese(text: str, loose: bool = False) -> list[Numeral]:
    v = vocab()
    out = []
    i = 0
    starts = _res()["cn_start"]
    while True:
        m = starts.search(text, i)
        if not m:
            break
        a = m.start()
        b = _cn_span(text, a)
        if b <= a:
            i = a + 1
            continue
        raw = text[a:b]
        i = b
        # "5万4千6百", "3万4000": Arabic digits that open a run of units belong to it
        spaced = a >= 2 and text[a - 1] in " \u3000" and text[a - 2].isdigit()  # "7 万5 千"
        k = a - 1 if spaced else a
        while k > 0 and text[k - 1] in "0123456789０１２３４５６７８９":
            k -= 1
        if spaced and (k == a - 1 or k > 0 and text[k - 1] in " \u3000"):
            k = a  # "3 000 万" is grouped digits read by `_arabic`, not "000 万"
        if k < a and raw[0] in v["cn_big_units"] or k < a and raw[0] in v["cn_small_units"]:
            if len(raw) > 1 and (k == 0 or text[k - 1] not in ".．,"):
                a = k
                raw = text[a:b]
        # financial numerals (壹, 伍, 拾) stand alone in ordinary words (队伍, 收拾): only in a run
        if (
            len(raw.strip()) == 1
            and raw in v["cn_financial"]
            and not loose
            and not (text[a - 1 : a] in v["cn_negative"] or text[b : b + 1] == "又")
        ):
            continue
        got = cn_value(raw)
        if got is None:
            continue
        value, vmax, more = got
        sm = re.search("(?:" + _alt(v["cn_negative"]) + r")$", text[max(0, a - 1) : a])
        if sm:
            a -= 1
            value = -value
            vmax = -vmax if vmax is not None else None
        out.append(Numeral(a, b, value, vmax, more, "zh"))
    return out


def _fractions_of(text: str, nums: list[Numeral]) -> list[Numeral]:
    """Join "X分之Y" (Y/X) and "A又B分之C" (A + C/B)."""
    out: list[Numeral] = []
    res = _res()
    i = 0
    while i < len(nums):
        n = nums[i]
        fm = res["cn_fraction_of"].match(text[n.end :])
        if fm and n.value and not n.percent:
            tgt = numeral_at(text, n.end + fm.end())
            if tgt is not None:
                j = i + 1
                while j < len(nums) and nums[j].start < tgt.end:
                    j += 1
                whole = (
                    out.pop() if out and res["cn_whole_join"].fullmatch(text[out[-1].end : n.start] or "x") else None
                )
                val = tgt.value / n.value
                if whole is not None:
                    val = whole.value + val if whole.value >= 0 else whole.value - val
                    n.start = whole.start
                out.append(Numeral(n.start, tgt.end, round(val, 12), None, False, "zh", fraction=True))
                i = j
                continue
        out.append(n)
        i += 1
    return out


def _is_cn_numeral_char(ch: str) -> bool:
    v = vocab()
    return ch in v["cn_digits"] or ch in v["cn_small_units"] or ch in v["cn_big_units"]


# -- English ---------------------------------------------------------------------------


def _en_tokens(text: str, i: int) -> list[tuple[str, int, int]]:
    """Word tokens of a possible number phrase from `i`: words, "-" joins, spaces."""
    out = []
    pos = i
    tok = _res()["en_token"]
    while pos < len(text):
        m = tok.match(text, pos)
        if not m:
            break
        out.append((m.group(0).lower(), m.start(), m.end()))
        sep = re.match(r"\s*-\s*|\s+", text[m.end() :])
        if not sep:
            break
        pos = m.end() + sep.end()
    return out


@dataclass
class _EnInt:
    """Running state of an integer read word by word."""

    j: int
    total: float = 0.0
    current: float = 0.0
    last: str = ""  # the kind of the last word read: unit, teen, tens, hundred, scale, a, and
    last_scale: float = 0.0
    since_hundred: float = 0.0  # the units and tens after the last "hundred": what a dozen multiplies
    snapshot: tuple[float, float, int] | None = None  # where an "and" joined: "3 hundred and 2 hundred" is two


def _en_int(toks: list[tuple[str, int, int]], k: int) -> tuple[float, int] | None:
    """An integer in words from token k: (value, next token index)."""
    v = vocab()
    small = set(v["en_units"]) | set(v["en_tens"])
    st = _EnInt(k)
    while st.j < len(toks):
        w = toks[st.j][0]
        nxt = toks[st.j + 1][0] if st.j + 1 < len(toks) else ""
        if w[0].isdigit() or w in small or w == "hundred":
            go = _en_small_word(st, w, nxt)
        else:
            go = _en_scale_word(st, toks, w, nxt)
        if not go:
            break
        st.j += 1
    if not st.last or st.last == "a":
        return None
    return st.total + st.current, st.j


def _en_small_word(st: _EnInt, w: str, nxt: str) -> bool:
    """Read Arabic digits, a unit, a tens word or "hundred" into `st`; False where the number ends."""
    v = vocab()
    units, tens_w, scales = v["en_units"], v["en_tens"], v["en_scales"]
    last = st.last
    if w[0].isdigit():
        # Arabic digits inside a phrase of scale words: "3 hundred", "and 21"
        if last in ("unit", "teen", "tens") or not (nxt == "hundred" or nxt in scales or last == "and"):
            return False
        try:
            st.current += float(w.replace(",", ""))
        except ValueError:
            return False
        st.since_hundred += float(w.replace(",", ""))
        st.last = "unit"
    elif w in units:
        if last in ("unit", "teen") or last == "tens" and (units[w] >= 10 or units[w] == 0):
            return False
        st.current += units[w]
        st.since_hundred += units[w]
        st.last = "teen" if units[w] >= 10 else "unit"
    elif w in tens_w:
        if last in ("unit", "teen", "tens"):
            return False
        st.current += tens_w[w]
        st.since_hundred += tens_w[w]
        st.last = "tens"
    else:  # "hundred"
        if last in ("hundred", ""):
            return False
        if st.current >= 100 and st.snapshot is not None:
            st.total, st.current, st.j = st.snapshot  # a second hundreds group after "and" opens another number
            st.last = "hundred"
            return False
        st.current = (st.current or 1) * 100
        st.since_hundred = 0.0
        st.last = "hundred"
    return True


def _en_scale_word(st: _EnInt, toks: list[tuple[str, int, int]], w: str, nxt: str) -> bool:
    """Read a scale word ("dozen", "thousand"), an article or a joining "and" into `st`; False where the number ends."""
    v = vocab()
    units, scales = v["en_units"], v["en_scales"]
    last = st.last
    if w in scales and scales[w] < 100 and st.since_hundred and last in ("unit", "teen", "tens"):
        # "three hundred and two dozen" = 300 + 24: a dozen multiplies the words it follows only
        st.current += st.since_hundred * (scales[w] - 1)
        st.since_hundred = 0.0
        st.last = "scale"
    elif w in scales:
        if last == "scale" and st.current == 0 and scales[w] > st.last_scale:
            st.total *= scales[w]  # "three lakh crore", "a thousand million"
            st.last_scale = scales[w]
            return True
        if last == "" or last == "scale" and st.current == 0:
            return False
        st.total += (st.current or 1) * scales[w]
        st.current, st.last, st.last_scale = 0.0, "scale", scales[w]
    elif w in v["en_a"] and not last and (nxt == "hundred" or nxt in scales):
        st.current, st.last = 1.0, "a"
    elif (
        w == "and"
        and last in ("hundred", "scale", "unit", "teen", "tens")
        and (nxt in units or nxt in v["en_tens"] or nxt[:1].isdigit())
        and not (units.get(nxt) == 0 or re.fullmatch(r"0+", nxt))  # "3 hundred and 0": nothing to add
        and not _ends_in_fraction(toks, st.j + 1)
        and (last in ("hundred", "scale") or _ends_in_fraction_later(toks, st.j + 1))
    ):
        st.snapshot = (st.total, st.current, st.j)
        st.last = "and"
    else:
        return False
    return True


def _ends_in_fraction(toks: list[tuple[str, int, int]], k: int) -> bool:
    """Do the number words from k write a proper fraction ("and fifty-four hundredths", "and a half")?
    "one hundred and thirty fifths" is 130/5: its words after "and" are no proper fraction."""
    v = vocab()
    fracs = {**v["en_ordinal_denominators"], **v["en_half"]}
    n = 0.0
    while k < len(toks) and (toks[k][0] in v["en_units"] or toks[k][0] in v["en_tens"] or toks[k][0] in v["en_a"]):
        w = toks[k][0]
        n += v["en_units"].get(w, 0) + v["en_tens"].get(w, 0) + (1 if w in v["en_a"] else 0)
        k += 1
    return k < len(toks) and toks[k][0] in fracs and n < fracs[toks[k][0]]


def _ends_in_fraction_later(toks: list[tuple[str, int, int]], k: int) -> bool:
    """ "twenty and three and three fifths": the "and" joins 20 and 3 when a proper fraction follows."""
    v = vocab()
    while k < len(toks) and (toks[k][0] in v["en_units"] or toks[k][0] in v["en_tens"]):
        k += 1
    return k < len(toks) and toks[k][0] == "and" and _ends_in_fraction(toks, k + 1)


def _english(text: str) -> list[Numeral]:
    v = vocab()
    out = []
    pos = 0
    word = _res()["en_word"]
    while True:
        m = word.search(text, pos)
        if not m:
            break
        toks = _en_tokens(text, m.start())
        pos = m.end()
        if not toks:
            continue
        got = _en_phrase(toks, text)
        negative = re.search(
            rf"\b(?:{_alt(v['en_negative'])})\s+$", text[max(0, toks[0][1] - 10) : toks[0][1]], re.IGNORECASE
        )
        if (
            got is None
            and toks[0][0] in v["en_alone_not_number"]
            and (_res()["en_frac_join"].match(text[toks[0][2] :]) or negative)
        ):
            got = (float(v["en_units"].get(toks[0][0], 1)), 1, False)  # "one over three", "one in five"
        if got is None:
            continue
        value, j, frac = got
        start, end = toks[0][1], toks[j - 1][2]
        of = (
            re.match(rf"\s+(?:of\s+)?an?\s+({_alt(list(v['en_scales']))})\b", text[end:], re.IGNORECASE)
            if frac
            else None
        )
        if of:  # "two thirds of a million", "half a dozen"
            value *= v["en_scales"][of.group(1).lower()]
            end += of.end()
            frac = False
        sm = re.search(rf"\b(?:{_alt(v['en_negative'])})\s+$", text[max(0, start - 10) : start], re.IGNORECASE)
        if sm:
            start -= len(text[max(0, start - 10) : start]) - sm.start()
            value = -value
        out.append(Numeral(start, end, value, None, False, "en", fraction=frac))
        pos = end
    return out


def _en_phrase(toks: list[tuple[str, int, int]], text: str, scaled: bool = True) -> tuple[float, int, bool] | None:
    """(value, tokens used, is a fraction) of the number phrase opening `toks`."""
    v = vocab()
    dens, halves = v["en_ordinal_denominators"], v["en_half"]
    first = toks[0][0]
    # "a half", "half", "a quarter"
    if (
        first in v["en_a"]
        and len(toks) > 2
        and toks[1][0] in v["en_tens"]
        and toks[2][0] in v["en_ordinal_units"]
        and not toks[2][0].endswith("s")
    ):
        return 1 / (v["en_tens"][toks[1][0]] + v["en_ordinal_units"][toks[2][0]]), 3, True  # "a twenty-first"
    if (
        first in v["en_a"]
        and len(toks) > 1
        and (toks[1][0] in halves or toks[1][0] in dens and toks[1][0] not in v["en_not_denominator"])
    ):
        return _en_scaled(1 / (halves.get(toks[1][0]) or dens[toks[1][0]]), 2, toks, True, scaled)
    if first in halves and (first in ("half", "halves") or len(toks) > 1 and toks[1][0] in v["en_scales"]):
        return _en_scaled(1 / halves[first], 1, toks, True, scaled)
    if first in v["en_a"] and not (len(toks) > 1 and toks[1][0] in v["en_scales"]):
        return None  # "a" alone; "a thousand" is a number
    if first[0].isdigit() and not (len(toks) > 1 and toks[1][0] in v["en_scales"]):
        return None  # Arabic digits are read by `_arabic`
    got = _en_int(toks, 0)
    if got is None:
        return None
    value, j = got
    read = _en_over(toks, value, j, scaled) or _en_point(toks, value, j) or _en_and_fraction(toks, text, value, j)
    if read is not None:
        return read
    if first in v["en_alone_not_number"] and j == 1:
        return None  # "one of the", "which one"
    o = j + 1 if j + 1 < len(toks) and toks[j][0] == "and" else j
    if (
        o < len(toks)
        and toks[o][0] in v["en_ordinal_units"]
        and not toks[o][0].endswith("s")
        and not re.match(r"\s*-", text[toks[o][2] :])  # "one hundred second-line patients": 100
    ):
        return None  # "the one hundred fifth patient", "twenty first", "hundred and first": an ordinal
    return value, j, False


def _en_over(toks: list[tuple[str, int, int]], value: float, j: int, scaled: bool) -> tuple[float, int, bool] | None:
    """The integer `value` (ending at token j) over a denominator in words: "two thirds", "one twenty-fifth"."""
    v = vocab()
    dens, halves = v["en_ordinal_denominators"], v["en_half"]
    # "one hundred thirty-fifths" = 100/35: tens and an ordinal are one denominator when no "and" joins them
    if (
        2 <= j < len(toks)
        and toks[j - 1][0] in v["en_tens"]
        and toks[j][0] in v["en_ordinal_units"]
        and toks[j - 2][0] != "and"
        and value - v["en_tens"][toks[j - 1][0]] > 0
        and toks[j][0].endswith("s")
    ):
        tens = v["en_tens"][toks[j - 1][0]]
        return (value - tens) / (tens + v["en_ordinal_units"][toks[j][0]]), j + 1, True
    # "one twenty-fifth", "three twenty-firsts", "twenty twenty fifths": a compound ordinal as denominator
    if (
        j + 1 < len(toks)
        and toks[j][0] in v["en_tens"]
        and toks[j + 1][0] in v["en_ordinal_units"]
        and (value == 1 or toks[j + 1][0].endswith("s"))
    ):
        return value / (v["en_tens"][toks[j][0]] + v["en_ordinal_units"][toks[j + 1][0]]), j + 2, True
    # "one one hundred fifth", "two one hundred and sixths": a compound ordinal (105th) as denominator
    big = _en_int(toks, j) if j < len(toks) and toks[j][0] in v["en_units"] else None
    if big is not None and big[0] >= 100:
        k = big[1] + (big[1] < len(toks) and toks[big[1]][0] == "and")
        w = toks[k][0] if k < len(toks) else ""
        if w in v["en_ordinal_units"] and (value == 1 or w.endswith("s")):
            return value / (big[0] + v["en_ordinal_units"][w]), k + 1, True
    # "two thirds", "one fifth", "three quarters"
    if j < len(toks) and (toks[j][0] in dens and toks[j][0] not in v["en_not_denominator"] or toks[j][0] in halves):
        # "two thirds" takes the plural; "two millionth" is an ordinal, not a fraction
        if value == 1 or toks[j][0].endswith("s"):
            den = dens.get(toks[j][0]) or halves[toks[j][0]]
            return _en_scaled(value / den, j + 1, toks, True, scaled)
    return None


def _en_point(toks: list[tuple[str, int, int]], value: float, j: int) -> tuple[float, int, bool] | None:
    """ "two hundred point zero three"."""
    v = vocab()
    if not (j + 1 < len(toks) and toks[j][0] == "point"):
        return None
    digits = ""
    k = j + 1
    while k < len(toks) and (toks[k][0] in v["en_units"] or toks[k][0] in v["en_tens"]):
        w = toks[k][0]
        digits += str(int(v["en_units"].get(w, 0) + v["en_tens"].get(w, 0)))
        if (
            w in v["en_tens"]
            and k + 1 < len(toks)
            and toks[k + 1][0] in v["en_units"]
            and v["en_units"][toks[k + 1][0]] < 10
        ):
            digits = digits[:-1] + str(int(v["en_units"][toks[k + 1][0]]))
            k += 1
        k += 1
    if digits:
        return value + float("0." + digits), k, False
    return None


def _en_and_fraction(
    toks: list[tuple[str, int, int]], text: str, value: float, j: int
) -> tuple[float, int, bool] | None:
    """ "one and a half", "twenty and three fifths", "five and a half million"."""
    if not (j + 1 < len(toks) and toks[j][0] == "and"):
        return None
    scales = vocab()["en_scales"]
    rest = _en_phrase(toks[j + 1 :], text, scaled=False)
    if rest is not None and rest[2] and rest[0] < 1:
        k = j + 1 + rest[1]
        before = scales.get(toks[j - 1][0], 1)
        after = scales.get(toks[k][0], 1) if k < len(toks) else 1
        if after >= 1000:  # "five and a half million", "one billion and a half million"
            return (value + rest[0] * after if before >= 1000 else (value + rest[0]) * after), k + 1, False
        if before >= 1000:  # "one million and a half" = 1.5 million
            return value + rest[0] * before, k, False
        return value + rest[0], k, True
    return None


def _en_scaled(
    value: float, j: int, toks: list[tuple[str, int, int]], frac: bool, scaled: bool = True
) -> tuple[float, int, bool]:
    """ "half million", "a quarter million"."""
    scales = vocab()["en_scales"]
    if scaled and j < len(toks) and toks[j][0] in scales:
        return value * scales[toks[j][0]], j + 1, False
    return value, j, frac
