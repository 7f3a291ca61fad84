"""Front matter: title, authors, affiliations, abstracts, keywords, journal line.

The front matter is found from anchors that every house style prints (an author line,
an abstract label, a keyword label); the title is the heading-like text just above the
authors, and whatever stands before the title belongs to the previous article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .joining import join_lines
from .lines import Line, UnitText
from .models import Affiliation, Author, Keywords
from .resources import structure_cues
from .text_utils import cjk_share, ends_sentence, latin_share, width

# how far into the document the front matter may reach, in lines
FRONT_WINDOW = 80
MAX_TITLE_LINES = 3
MAX_NAME_LINE_WIDTH = 80
# PDF: the lines of one title share their font size within this many points
TITLE_SIZE_TOLERANCE = 0.5
# an English abstract line holds at most this share of CJK characters (a stray "，")
MAX_CJK_IN_ENGLISH = 0.1

_CJK_NAME = re.compile(r"^([\u4e00-\u9fff][\u4e00-\u9fff·]{0,2}[\u4e00-\u9fff])([\d,，*＊†^¹²³⁴⁵⁶⁷⁸⁹⁰\s]*)$")
_PINYIN_NAME = re.compile(r"^([A-Z][A-Za-z]+(?:[ \-][A-Z][A-Za-z]+){1,3})\s*([\d,*^\s]*)$")
_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_DOI = re.compile(r"10\.\d{4,9}/[^\s，,；;：:\u3000-\u9fff]+")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


@dataclass
class FrontMatter:
    title_zh: UnitText | None = None
    title_en: UnitText | None = None
    abstract_zh: UnitText | None = None
    abstract_en: UnitText | None = None
    authors: list[Author] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    keywords: Keywords = field(default_factory=Keywords)
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    title_start: int = 0  # index of the first title line: lines before it are strays
    body_start: int = 0
    used: set[int] = field(default_factory=set)


def _strip_label(text: str, labels: list[str]) -> str | None:
    """The text after a label at the start of `text`, or None when there is no label."""
    cues = structure_cues()
    t = text.lstrip(cues.label_open + " \u3000")
    compact = t.replace(" ", "").replace("\u3000", "")
    for label in sorted(labels, key=len, reverse=True):
        lab = label.replace(" ", "")
        if compact.startswith(lab) or compact.upper().startswith(lab.upper()) and label.isascii():
            # walk the original text past the label's letters, ignoring spaces
            i = n = 0
            while i < len(t) and n < len(lab):
                if t[i] not in " \u3000":
                    n += 1
                i += 1
            rest = t[i:]
            if rest and rest[0].isalpha() and rest[0].isascii() and label.isascii():
                continue  # "Abstracts of" is not the label "Abstract"
            return rest.lstrip(cues.label_close + ":：. \u3000")
    return None


def _find_label(lines: list[Line], labels: list[str], lo: int, hi: int) -> int | None:
    for i in range(lo, min(hi, len(lines))):
        if _strip_label(lines[i].text, labels) is not None:
            return i
    return None


def _name_tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[，、；;]|,(?!\d)|\s{2,}|\u3000", text) if t.strip()]


def parse_cjk_authors(text: str) -> list[tuple[str, list[int]]] | None:
    tokens = _name_tokens(text)
    if not tokens or width(text) > MAX_NAME_LINE_WIDTH:
        return None
    out = []
    for tok in tokens:
        tok = tok.strip()
        m = _CJK_NAME.match(tok)
        if not m:
            # a single space between names ("张三 李四") is a separator too
            parts = tok.split()
            if len(parts) > 1 and all(_CJK_NAME.match(p) for p in parts):
                out.extend((_CJK_NAME.match(p).group(1), _indices(_CJK_NAME.match(p).group(2))) for p in parts)  # type: ignore[union-attr]
                continue
            return None
        out.append((m.group(1), _indices(m.group(2))))
    return out


def parse_pinyin_authors(text: str) -> list[tuple[str, list[int]]] | None:
    if latin_share(text) < 0.9 or width(text) > 2 * MAX_NAME_LINE_WIDTH:
        return None
    tokens = [t.strip() for t in re.split(r",(?!\d)|;|，", text) if t.strip()]
    out = []
    for tok in tokens:
        m = _PINYIN_NAME.match(tok)
        if not m or len(m.group(1).split()) > 3:
            return None
        out.append((m.group(1), _indices(m.group(2))))
    if any(len(name.split()) < 2 for name, _ in out):
        return None
    return out or None


def _indices(s: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d+", s.translate(str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")))]


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
            out.append(_split_affiliation(idx, part, cues.institution_cues, cues.department_cues))
    return out


def _split_affiliation_en(idx: int, text: str) -> Affiliation:
    """ "Department of Neurology, The First People's Hospital of X, X 215500, China"."""
    cues = structure_cues()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    dept = next((p for p in parts if any(c in p for c in cues.department_cues_en)), None)
    inst = next((p for p in parts if p != dept and any(c in p for c in cues.institution_cues_en)), None)
    pc = _POSTCODE.search(text)
    city = None
    for p in parts:
        if pc and pc.group(1) in p:
            city = _POSTCODE.sub("", p).strip() or None
            break
    return Affiliation(
        id=idx, text=text, institution=inst, department=dept, city=city, postcode=pc.group(1) if pc else None
    )


def _split_affiliation(idx: int, text: str, inst_cues: list[str], dept_cues: list[str]) -> Affiliation:
    """ "武汉市中心医院神经内科，武汉 430014" -> institution, department, city, postcode."""
    pc = _POSTCODE.search(text)
    postcode = pc.group(1) if pc else None
    head, sep, tail = re.split(r"[，,]", text, maxsplit=1)[0], "", ""
    if re.search(r"[，,]", text):
        head, tail = re.split(r"[，,]", text, maxsplit=1)
    place = _POSTCODE.sub("", tail if tail else (text if postcode else "")).strip(" ，,")
    city = place.split()[-1] if place and not tail else (place or None)
    # a hospital or university ends the institution; an institute inside it is its department
    primary = structure_cues().institution_primary
    cues_used = [c for c in primary if c in head] or [c for c in inst_cues if c in head]
    inst_end = max((head.rfind(c) + len(c) for c in cues_used), default=-1)
    institution = head[:inst_end] if inst_end > 0 else head
    department = head[inst_end:].strip() if inst_end > 0 else ""
    _ = (sep, dept_cues)
    return Affiliation(
        id=idx,
        text=text,
        institution=institution or None,
        department=department or None,
        city=city or None,
        postcode=postcode,
    )


def _looks_affiliation(text: str) -> bool:
    cues = structure_cues()
    t = text.strip()
    return bool(_POSTCODE.search(t)) or (
        t[:1] in "(（" and any(c in t for c in cues.institution_cues + cues.institution_cues_en)
    )


def _journal_line(text: str) -> tuple[str | None, int | None]:
    cues = structure_cues()
    year_m = _YEAR.search(text)
    for suf in cues.journal_suffixes:
        j = text.find(suf)
        if j > 0:
            name = re.split(r"[\s,，]", text[: j + len(suf)].strip())[-1]
            return name, int(year_m.group(1)) if year_m else None
    return None, None


def journal_line(text: str) -> tuple[str | None, int | None]:
    """Journal name and year of a line such as a running header, when it names both."""
    return _journal_line(text)


def doi_in(text: str) -> str | None:
    """The DOI of a line that labels it ("DOI：10.3760/...")."""
    d = _DOI.search(text)
    if d and any(c in text for c in structure_cues().doi_cues):
        return d.group(0).rstrip(".。")
    return None


def parse(lines: list[Line], vocabulary: set[str]) -> FrontMatter:
    cues = structure_cues()
    fm = FrontMatter()
    hi = min(len(lines), FRONT_WINDOW)
    zh_abs = _find_label(lines, cues.abstract_labels_zh, 0, hi)
    en_abs = _find_label(lines, cues.abstract_labels_en, 0, hi)
    zh_kw = _find_label(lines, cues.keyword_labels_zh, 0, hi)
    en_kw = _find_label(lines, cues.keyword_labels_en, 0, hi)
    anchors = [i for i in (zh_abs, en_abs, zh_kw, en_kw) if i is not None]
    first_anchor = min(anchors) if anchors else hi

    # authors: the first name line before the abstract
    author_idx = None
    for i in range(0, min(first_anchor, hi)):
        if (
            parse_cjk_authors(lines[i].text)
            and i > 0
            and not _continues_title(lines[i - 1], lines[i])
            and not _column_label(lines[i].text, cues.column_labels_zh)
        ):
            author_idx = i
            break
    latin_authors = False
    if author_idx is None:
        # an English-only review: pinyin names under an English title
        for i in range(1, min(first_anchor, hi)):
            if parse_pinyin_authors(lines[i].text):
                author_idx, latin_authors = i, True
                break

    # title: heading-like lines just above the authors (or the abstract label); an English
    # title printed between the Chinese title and the authors is skipped over
    title_end = author_idx if author_idx is not None else first_anchor
    if title_end >= hi and not anchors:
        title_end = 1 if lines and not ends_sentence(lines[0].text) else 0
    title_lines: list[int] = []
    j = title_end - 1
    skipped_latin: list[int] = []
    while j >= 0 and latin_share(lines[j].text) >= 0.8 and not ends_sentence(lines[j].text) and title_end - j <= 3:
        skipped_latin.insert(0, j)
        j -= 1
    while j >= 0 and len(title_lines) < MAX_TITLE_LINES:
        t = lines[j].text
        if ends_sentence(t) or cjk_share(t) < 0.3 or _journal_line(t)[0] and _YEAR.search(t) or _DOI.search(t):
            break
        if title_lines and not _same_size(lines[j], lines[title_lines[0]]):
            break
        title_lines.insert(0, j)
        j -= 1
        if lines[j + 1].gap_before:
            break
    if title_lines:
        fm.title_zh = join_lines([lines[k] for k in title_lines], vocabulary=vocabulary)
        fm.title_start = title_lines[0]
        fm.used.update(title_lines)
    else:
        fm.title_start = title_end

    # journal / year / doi lines anywhere in the front window
    for i in range(0, hi):
        t = lines[i].text
        d = _DOI.search(t)
        if d and any(c in t for c in cues.doi_cues) and fm.doi is None:
            fm.doi = d.group(0).rstrip(".。")
            fm.used.add(i)
        if i < fm.title_start or (i < first_anchor and i not in fm.used):
            name, year = _journal_line(t)
            if name and year and fm.journal is None and i not in fm.used:
                fm.journal, fm.year = name, year
                fm.used.add(i)

    cursor = (title_lines[-1] + 1) if title_lines else title_end
    if author_idx is not None:
        if latin_authors:
            fm.authors = [
                Author(name=n, name_en=n, affiliations=ix)
                for n, ix in parse_pinyin_authors(lines[author_idx].text) or []
            ]
        else:
            fm.authors = [Author(name=n, affiliations=ix) for n, ix in parse_cjk_authors(lines[author_idx].text) or []]
        fm.used.add(author_idx)
        cursor = author_idx + 1
        aff_text = ""
        while cursor < len(lines) and cursor < first_anchor:
            t = lines[cursor].text
            if _looks_affiliation(t) or (
                aff_text and not aff_text.rstrip().endswith((")", "）")) and aff_text.startswith(("(", "（"))
            ):
                aff_text += t
                fm.used.add(cursor)
                cursor += 1
            else:
                break
        if aff_text:
            fm.affiliations = parse_affiliations(aff_text)
            for a in fm.authors:
                if not a.affiliations and fm.affiliations:
                    a.affiliations = [fm.affiliations[0].id] if len(fm.affiliations) == 1 else []

    # Latin lines between the Chinese block and the English abstract: title, names, affiliations
    en_block_end = en_abs if en_abs is not None else first_anchor
    latin_start = (
        zh_kw + 1
        if zh_kw is not None and zh_kw < en_block_end
        else (_end_of_zh_abstract(lines, zh_abs, en_block_end) if zh_abs is not None else cursor)
    )
    en_title: list[int] = []
    for i in range(min(cursor, latin_start), en_block_end):
        if i in fm.used or i == zh_abs or i == zh_kw:
            continue
        t = lines[i].text
        if latin_share(t) < 0.8 or (zh_abs is not None and zh_abs < i < latin_start):
            continue
        names = parse_pinyin_authors(t)
        if names and len(names) == len(fm.authors):
            for a, (n, _) in zip(fm.authors, names):
                a.name_en = n
            fm.used.add(i)
        elif _looks_affiliation(t) or any(c in t for c in cues.institution_cues_en) or "China" in t:
            fm.used.add(i)
        elif not fm.authors or not any(a.name_en for a in fm.authors):
            if not en_title or en_title[-1] == i - 1:
                en_title.append(i)
                fm.used.add(i)
    if not en_title and skipped_latin:
        en_title = skipped_latin
        fm.used.update(en_title)
    if en_title:
        fm.title_en = join_lines([lines[k] for k in en_title], vocabulary=vocabulary)

    # abstracts
    body_start = cursor
    if zh_abs is not None:
        stop = min(
            [x for x in (en_abs, zh_kw, en_kw, *([en_title[0]] if en_title else [])) if x is not None and x > zh_abs]
            or [len(lines)]
        )
        end = _end_of_zh_abstract(lines, zh_abs, stop)
        fm.abstract_zh = _abstract(lines, zh_abs, end, cues.abstract_labels_zh, cues.abstract_parts_zh, vocabulary)
        fm.used.update(range(zh_abs, end))
        body_start = max(body_start, end)
    if zh_kw is not None:
        end = _label_block_end(lines, zh_kw, cues)
        fm.keywords.zh = _keywords(lines, zh_kw, end, cues.keyword_labels_zh)
        fm.used.update(range(zh_kw, end))
        body_start = max(body_start, end)
    if en_abs is not None:
        stop = min([x for x in (en_kw,) if x is not None and x > en_abs] or [len(lines)])
        end = en_abs + 1
        while end < stop and cjk_share(lines[end].text) < MAX_CJK_IN_ENGLISH:
            end += 1
        if en_kw is not None and en_kw > en_abs:
            end = max(end, min(stop, en_kw))
        fm.abstract_en = _abstract(lines, en_abs, end, cues.abstract_labels_en, cues.abstract_parts_en, vocabulary)
        fm.used.update(range(en_abs, end))
        body_start = max(body_start, end)
    if en_kw is not None:
        end = _label_block_end(lines, en_kw, cues, latin=True)
        fm.keywords.en = _keywords(lines, en_kw, end, cues.keyword_labels_en)
        fm.used.update(range(en_kw, end))
        body_start = max(body_start, end)
    # classification lines and stray Latin lines that trail the front matter
    while body_start < len(lines) and (
        body_start in fm.used or any(c in lines[body_start].text for c in cues.classification_cues)
    ):
        fm.used.add(body_start)
        body_start += 1
    fm.body_start = body_start
    return fm


def _column_label(text: str, labels: list[str]) -> bool:
    return re.sub(r"[\s·•・【】\[\]]", "", text) in labels


def _continues_title(prev: Line, line: Line) -> bool:
    """PDF: a short line in the size of a heading-like line above it is that title's last line, not names."""
    return (
        prev.size is not None
        and line.size is not None
        and prev.heading_face
        and line.heading_face
        and _same_size(prev, line)
        and not parse_cjk_authors(prev.text)
    )


def _same_size(a: Line, b: Line) -> bool:
    """Two lines printed in one size (text input has no sizes: always true)."""
    return a.size is None or b.size is None or abs(a.size - b.size) <= TITLE_SIZE_TOLERANCE


def _end_of_zh_abstract(lines: list[Line], start: int, stop: int) -> int:
    """The Chinese abstract runs until a Latin line, a label, or a paragraph break."""
    i = start + 1
    while i < stop:
        line = lines[i]
        if latin_share(line.text) >= 0.8 or line.gap_before:
            break
        if (
            ends_sentence(lines[i - 1].text)
            and (lines[i - 1].short or line.indent > 0 or _numbered_heading(line))
            and not _part_label(line.text)
        ):
            break
        i += 1
    return i


def _numbered_heading(line: Line) -> bool:
    """A numbered heading line ("1 概述", "一、……") ends the abstract above it."""
    from .resources import heading_grammar
    from .sections import starts_with_unit

    g = heading_grammar()
    for pat in g.numbered:
        m = pat.regex.match(line.text.strip())
        if (
            m
            and width(m.group("title")) <= g.max_heading_width
            and not ends_sentence(m.group("title"))
            and not starts_with_unit(m.group("title"))
        ):
            return True
    return False


def _part_label(text: str) -> bool:
    cues = structure_cues()
    return any(
        re.match(rf"^[【\[]?{re.escape(p)}[】\]]?\s*[：:]", text)
        for p in cues.abstract_parts_zh + cues.abstract_parts_en
    )


def _label_block_end(lines: list[Line], start: int, cues: object, latin: bool = False) -> int:
    """A keyword block runs on over wrapped lines of its own script until a label or a short line."""
    cues = structure_cues()
    labels = cues.keyword_labels_en + cues.abstract_labels_en + cues.abstract_labels_zh + cues.keyword_labels_zh
    stoppers = cues.doi_cues + cues.footnote_cues + cues.classification_cues
    i = start + 1
    while i < len(lines) and i - start <= 3:
        prev, line = lines[i - 1], lines[i]
        open_end = prev.text.rstrip().endswith(("；", ";", "，", ",", "、", "-"))
        if (
            (prev.short and not open_end)
            or line.gap_before
            or prev.text.rstrip().endswith(("。", "."))
            or _strip_label(line.text, labels) is not None
            or any(line.text.startswith(c) for c in stoppers)
        ):
            break
        if (latin_share(line.text) >= 0.8) != latin:
            break
        i += 1
    return i


def _keywords(lines: list[Line], start: int, end: int, labels: list[str]) -> list[str]:
    first = lines[start]
    rest = _strip_label(first.text, labels) or ""
    text = join_lines(lines[start:end], [len(first.text) - len(rest)] + [0] * (end - start - 1)).text
    # a list set off by semicolons keeps the commas inside its terms ("Hepatitis B, chronic")
    seps = r"[；;]" if re.search(r"[；;]", text) else r"[；;，,、]"
    return [w.strip(" 。.\u3000") for w in re.split(seps, text) if w.strip(" 。.\u3000")]


def _abstract(
    lines: list[Line], start: int, end: int, labels: list[str], parts: list[str], vocabulary: set[str]
) -> UnitText:
    first = lines[start]
    rest = _strip_label(first.text, labels) or ""
    offset = len(first.text) - len(rest)
    out = UnitText()
    group: list[Line] = []
    starts: list[int] = []

    def flush() -> None:
        if not group:
            return
        piece = join_lines(group, starts, vocabulary)
        if out.text:
            out.append_inserted("\n")
        out.text += piece.text
        out.src.extend(piece.src)

    for k in range(start, end):
        line = lines[k]
        s = offset if k == start else 0
        if k > start and _part_label(line.text):
            flush()
            group, starts = [], []
        group.append(line)
        starts.append(s)
    flush()
    return out.strip()
