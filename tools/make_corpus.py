#!/usr/bin/env python3
"""Render corpus markup (``corpus/<name>.rvx``) into test inputs for reviewx.

Usage::

    python tools/make_corpus.py                       # every corpus/*.rvx -> raw/
    python tools/make_corpus.py corpus/foo.rvx --out raw/
    python tools/make_corpus.py corpus/*.rvx --out /tmp/raw --no-txt
    python tools/make_corpus.py --out build/corpus-traits --traits founder --traits caj
    python tools/make_corpus.py corpus/foo.rvx --out /tmp/t --traits subsets,fullwidth,startxref

For each ``<name>.rvx`` (markup described in ``corpus/FORMAT.md``) it writes

* ``<out>/<name>_print.pdf``: an A4 two-column Chinese journal page layout made with
  reportlab: running header with a rule, page numbers, a full-width front matter block
  on page 1 (journal line, column label, titles, authors, affiliations, abstracts,
  keywords), a footnote under a short rule at the foot of the left column of page 1,
  the body in two justified columns (CJK body face AR PL UMing, headings and titles in
  WenQuanYi Zen Hei, authors in AR PL UKai, Latin in Times or in the CJK face), the
  reference list in a smaller size, and neighbouring-article text:
  ``@stray.before`` in the columns above a full-width rule at the top of page 1,
  ``@stray.between`` as a boxed insert inside a column, ``@stray.after`` after the
  references under an invented column-width title (picked from ``AFTER_TITLES`` by a
  hash of the file name, so it is stable).
* ``<out>/<name>.txt``: a look-alike of a PDF text dump (column-width lines), unless
  the rvx has the ``@notext`` directive (the seed, whose real text is kept in raw/).

House styles (``@style``):

* ``a``: 9.5 pt body, Times for Latin, superscript citation markers, centred running
  header alternating journal/issue (even pages) and short title (odd pages), page
  number centred at the bottom, labels 摘要 / ABSTRACT / 关键词 / Key words, the Chinese
  title drawn with faux bold (same glyphs twice, 0.3 pt apart). Text: a blank line
  after every line, now and then a trailing or leading space instead.
* ``b``: 9 pt body, Latin in the CJK face (half-width), header with the journal on the
  left and the issue on the right, page number at the outer bottom corner, labels
  【摘要】 / 【关键词】 / 【Abstract】 / 【Key words】, numbered item names ("1. 利鲁唑：")
  bold. Text: single newlines, paragraphs indented with "　　", a running header line
  and a page number line every 45 lines.
* ``c``: 10 pt body with wider margins and line spacing, inline (not superscript)
  citations, header alternating left/right, labels 摘要： / Abstract: / 关键词： /
  Key words:. Text: single newlines without indent.
* ``d``: 10 pt body in AR PL UKai (headings in WenQuanYi Zen Hei), inline "[1]"
  citations, no header at the top: a running footer at the bottom of every page that
  joins the page number and the journal line ("· 12 ·  刊名 2024 年第 40 卷第 2 期" on even
  pages, mirrored on odd pages) under a thin rule, abstract and keywords in a light grey
  box with bold labels [摘要] / [Abstract] / [关键词] / [Key words] and the DOI line at
  its foot, references in the two columns at a smaller size, a footnote across the full
  width at the foot of page 1 under a long rule. Text: single newlines, paragraph starts
  indented with two ASCII spaces, the footer line every 50 lines (the page-1 footnote
  just before the first one) and once at the end.

Line breaking never splits a Latin word except after an existing hyphen, never puts
closing punctuation at a line start, and only breaks at spaces between two Latin
tokens, so that joining the lines as ``pipeline/joining.py`` does gives back the text
of the rvx. Output is deterministic (``invariant=1``, no timestamps): same bytes on
every run.

Trait renditions (``--traits``, repeatable; ``make corpus-traits``): the same review with
the oddities of real journal PDFs, as listed in ``tools/pdf_traits.py`` with the real file
each was seen in: ``founder`` (digit/Latin fonts whose boxes sit ~8 pt off the Chinese
boxes on the same baseline), ``subsets`` (a font subset per few glyphs), ``fullwidth``
(Ｄｉｅ－ｐｕｎｃｈ), ``tounicode`` ("，" read as U+0082, "∙" decimal points), ``ligatures``
(ﬁ ﬂ), ``startxref`` (``startxref N`` on one line), ``xrefoff`` (a wrong xref offset),
``xrefstream`` (an xref stream, no trailer), ``tail`` (bytes after %%EOF), or a named set
(``founder``, ``caj``, ``cnki-trailer``). They write only ``<name>_trait-<set>.pdf``: the
text rendition and the gold do not change, since a reader must see through every trait.
Trait renditions stay out of raw/; tests render theirs into a temporary folder.

Needs reportlab (dev extra), pypdf (dev extra, trait post-processing) and the Debian font packages fonts-arphic-uming,
fonts-arphic-ukai, fonts-wqy-zenhei and fonts-dejavu-core.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_traits  # noqa: E402  (tools/ is not a package)

# --------------------------------------------------------------------------- fonts

FONT_FILES = {
    "Ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # AR PL UMing CN
    "Kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # AR PL UKai CN
    "Hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # WenQuanYi Zen Hei
    "DejaVu": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
    # used only by trait renditions (tools/pdf_traits.py): embedded Latin faces, and the
    # Founder-style digit/Latin fonts under their real-file names
    "Serif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
    "SerifB": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 0),
    "NEUBZ": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
    "NEUB3": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf", 0),
    # Elsevier's Advent math font (symbolfont trait)
    "AdvSym": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
}
FACE_NAMES = {
    "Serif": b"SerifText",
    "SerifB": b"SerifText-Bold",
    "NEUBZ": b"NEU-BZ-Regular",
    "NEUB3": b"NEU-B3-Regular",
    "AdvSym": b"AdvP4C4E74",
}  # distinct /BaseFont (reportlab names subsets by face)
_GLYPHS: dict[str, set[int]] = {}


def register_fonts() -> None:
    if _GLYPHS:
        return
    for name, (path, index) in FONT_FILES.items():
        if not Path(path).exists():
            sys.exit(f"make_corpus: font file missing: {path} (install the Debian font package)")
        font = TTFont(name, path, subfontIndex=index)
        if name in FACE_NAMES:
            font.face.name = FACE_NAMES[name]
        pdfmetrics.registerFont(font)
        _GLYPHS[name] = set(font.face.charToGlyph)


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# --------------------------------------------------------------------------- char classes

OPEN = set("（《「『【“‘([〔")
CLOSE = set("，。、；：？！）》」』】”’％,.;:?!)]〕…")
_LATIN_END = re.compile(r"[A-Za-z0-9.,;:%)\]]$")  # as pipeline/joining.py
_LATIN_START = re.compile(r"^[A-Za-z0-9(\[]")
CITE = re.compile(r"\[\d+(?:\s*[-–~,，、]\s*\d+)*\]")


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return o >= 0x2E80 or 0x2460 <= o <= 0x24FF or 0x2018 <= o <= 0x201F or ch in "—…"


def txt_width(ch: str) -> int:
    if ch == "\u3000" or unicodedata.east_asian_width(ch) in ("W", "F") or is_cjk(ch):
        return 2
    return 1


# --------------------------------------------------------------------------- markup


@dataclass
class Doc:
    name: str
    meta: dict = field(default_factory=dict)
    lists: dict = field(
        default_factory=lambda: {
            "abstract.zh": [],
            "abstract.en": [],
            "affil": [],
            "stray.before": [],
            "footnote": [],
        }
    )
    blocks: list = field(default_factory=list)  # (kind, ...) in order
    notext: bool = False


# how a table is ruled: three-line (above, under the headings, below), a full grid, or no rules
TABLE_RULES = ("three", "grid", "none")

SINGLE = {
    "style",
    "journal",
    "issue",
    "doi",
    "title.zh",
    "title.en",
    "authors",
    "authors.en",
    "keywords.zh",
    "keywords.en",
}


def parse_rvx(path: Path) -> Doc:
    doc = Doc(name=path.stem)
    in_refs = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            tag, _, val = line[1:].partition(" ")
            val = val.strip()
            if tag == "references":
                in_refs = True
                doc.blocks.append(["refs", []])
            elif tag == "notext":
                doc.notext = True
            elif tag in SINGLE:
                doc.meta[tag] = val
            elif tag in doc.lists:
                doc.lists[tag].append(val)
            elif tag == "stray.between":
                if doc.blocks and doc.blocks[-1][0] == "between":
                    doc.blocks[-1][1].append(val)
                else:
                    doc.blocks.append(["between", [val]])
            elif tag == "table":
                rule, _, caption = val.partition(" ")
                if rule not in TABLE_RULES:
                    print(f"{path}:{lineno}: @table needs a ruling ({', '.join(TABLE_RULES)}) first", file=sys.stderr)
                doc.blocks.append(
                    ["table", {"rule": rule, "caption": caption.strip(), "en": None, "rows": [], "heads": 0}]
                )
            elif tag == "figure":
                doc.blocks.append(["figure", {"caption": val, "en": None}])
            elif tag in ("table.en", "figure.en"):
                if not doc.blocks or doc.blocks[-1][0] != tag.split(".")[0]:
                    print(f"{path}:{lineno}: @{tag} must follow its @{tag.split('.')[0]}", file=sys.stderr)
                else:
                    doc.blocks[-1][1]["en"] = val
            elif tag == "stray.after":
                in_refs = False
                if doc.blocks and doc.blocks[-1][0] == "after":
                    doc.blocks[-1][1].append(val)
                else:
                    doc.blocks.append(["after", [val]])
            else:
                print(f"{path}:{lineno}: unknown directive @{tag}", file=sys.stderr)
            continue
        if in_refs:
            doc.blocks[-1][1].append(line)
            continue
        if line.startswith("|") and doc.blocks and doc.blocks[-1][0] == "table":
            t = doc.blocks[-1][1]
            if re.fullmatch(r"[|\-\s:]+", line):
                t["heads"] = len(t["rows"])  # a |---| line ends the column headings
            else:
                t["rows"].append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        m = re.match(r"^(#{1,3})\s+(.*)$", line)
        if m:
            doc.blocks.append(["heading", len(m.group(1)), m.group(2).strip()])
            continue
        if line.startswith("!!"):
            head, sep, text = line[2:].partition("::")
            if not sep:
                print(f"{path}:{lineno}: run-in heading without '::'", file=sys.stderr)
            doc.blocks.append(["runin", head.strip(), text.strip()])
            continue
        doc.blocks.append(["para", line])
    doc.meta.setdefault("style", "a")
    if doc.meta["style"] not in STYLES:
        print(f"{path}: unknown @style {doc.meta['style']!r}, using a", file=sys.stderr)
        doc.meta["style"] = "a"
    return doc


def parse_authors(s: str) -> list[tuple[str, str]]:
    """'张三^1，李四^1,2' -> [('张三', ''), ('1', 'sup'), ('，李四', ''), ('1,2', 'sup')]"""
    out: list[tuple[str, str]] = []
    for m in re.finditer(r"\^([0-9,，\-*]+)|[^^]+", s):
        if m.group(1):
            out.append((m.group(1), "sup"))
        else:
            out.append((m.group(0), ""))
    return out


def parse_affils(lst: list[str]) -> list[tuple[str, str]]:
    out = []
    for a in lst:
        m = re.match(r"^(\d+)\s+(.*)$", a)
        out.append((m.group(1), m.group(2)) if m else ("", a))
    return out


# --------------------------------------------------------------------------- styles

STYLES = {
    "a": dict(
        margins=(54, 54, 60, 56),
        gutter=18,
        body=9.5,
        lead=15.0,
        latin="Times-Roman",
        latin_bold="Times-Bold",
        super_cite=True,
        faux=True,
        title=18,
        title_en=12,
        h_sizes=(11, 9.5, 9.5),
        ref=8,
        ref_lead=11.5,
        foot=7.5,
        abs_size=9,
        abs_lead=14,
        header="centre_alt",
        pagenum="centre",
        item_bold=False,
        abs_zh="摘要",
        abs_en="ABSTRACT",
        kw_zh="关键词",
        kw_en="Key words",
        sep_label=True,
    ),
    "b": dict(
        margins=(48, 48, 56, 52),
        gutter=14,
        body=9.0,
        lead=13.8,
        latin="Ming",
        latin_bold="Hei",
        super_cite=True,
        faux=False,
        title=16,
        title_en=11.5,
        h_sizes=(10, 9, 9),
        ref=7.5,
        ref_lead=10.5,
        foot=7.0,
        abs_size=8.5,
        abs_lead=13,
        header="left_right",
        pagenum="outer",
        item_bold=True,
        abs_zh="【摘要】",
        abs_en="【Abstract】",
        kw_zh="【关键词】",
        kw_en="【Key words】",
        sep_label=False,
    ),
    "c": dict(
        margins=(66, 66, 70, 66),
        gutter=22,
        body=10.0,
        lead=17.0,
        latin="Times-Roman",
        latin_bold="Times-Bold",
        super_cite=False,
        faux=False,
        title=17,
        title_en=12.5,
        h_sizes=(11, 10, 10),
        ref=8.5,
        ref_lead=12.5,
        foot=8.0,
        abs_size=9.5,
        abs_lead=15,
        header="side_alt",
        pagenum="centre_dash",
        item_bold=False,
        abs_zh="摘要：",
        abs_en="Abstract:",
        kw_zh="关键词：",
        kw_en="Key words:",
        sep_label=False,
    ),
    "d": dict(
        margins=(60, 60, 62, 78),
        gutter=20,
        body=10.0,
        lead=16.0,
        latin="Times-Roman",
        latin_bold="Times-Bold",
        super_cite=False,
        faux=False,
        title=17,
        title_en=12,
        h_sizes=(11, 10, 10),
        ref=7.5,
        ref_lead=10.8,
        foot=7.5,
        abs_size=9,
        abs_lead=14,
        header="footer",
        pagenum="footer",
        item_bold=False,
        cjk_body="Kai",
        abs_zh="[摘要]",
        abs_en="[Abstract]",
        kw_zh="[关键词]",
        kw_en="[Key words]",
        sep_label=False,
    ),
}

AFTER_TITLES = [
    ("·临床研究·", "住院患者临床特征及随访结果分析"),
    ("·论著·", "单中心病例系列的临床资料分析"),
    ("·临床研究·", "早期诊治时机对患者预后的影响"),
    ("·病例分析·", "临床表现、影像特点及治疗转归"),
]
AFTER_AUTHORS = ["陈晓东，刘慧敏，周建平", "李志强，赵丽娟", "孙文博，杨静，吴海涛"]


# --------------------------------------------------------------------------- glyph items


@dataclass
class G:
    ch: str
    font: str
    size: float
    w: float
    rise: float = 0.0
    extra: float = 0.0  # extra advance after the glyph (run-in gap)
    nobreak: bool = False  # no line break before this glyph
    gap: bool = False
    role: str = ""
    draw: str | None = None  # the glyph printed when a trait prints another form than ch


def has_glyph(font: str, ch: str) -> bool:
    return font in _GLYPHS and ord(ch) in _GLYPHS[font]


class Styler:
    def __init__(self, st: dict, traits: frozenset[str] = frozenset()):
        self.st = st
        self.traits = traits

    def font_for(self, ch: str, role: str) -> str:
        return pdf_traits.latin_face(self._font_for(ch, role), self.traits)

    def cjk_face(self, role: str) -> str:
        return self._font_for("中", "body" if role in ("sup", "cite", "cite_sup") else role)

    def _font_for(self, ch: str, role: str) -> str:
        bold = role in ("head", "bold", "title")
        if " " <= ch <= "~":
            if role == "en":
                return "Times-Roman"
            if role == "en_bold":
                return "Times-Bold"
            if role in ("title", "head"):
                return "Hei"
            if role == "kai":
                return "Times-Roman" if self.st["latin"] != "Ming" else "Kai"
            return self.st["latin_bold"] if bold else self.st["latin"]
        cjk = {"head": "Hei", "bold": "Hei", "title": "Hei", "en_bold": "Hei", "kai": "Kai"}.get(
            role, self.st.get("cjk_body", "Ming")
        )
        if ord(ch) in _GLYPHS[cjk]:
            return cjk
        if ord(ch) in _GLYPHS["Ming"]:
            return "Ming"
        return "DejaVu"

    def items(self, spans, size: float, rise_sup: bool = True) -> list[G]:
        """spans: [(text, role)]; role 'sup' is a superscript, 'cite' a citation marker."""
        out: list[G] = []
        for text, role in spans:
            sup = role in ("sup", "cite_sup")
            base_role = "body" if role in ("sup", "cite", "cite_sup") else role
            sz = size * 0.68 if sup else size
            for ch in text:
                f = self.font_for(ch, base_role)
                g = G(ch, f, sz, width(ch, f, sz), rise=size * 0.36 if sup else 0.0, role=base_role)
                if role in ("cite", "cite_sup", "sup"):
                    g.nobreak = True
                out.append(g)
        pdf_traits.apply_printed(
            out, self.traits, is_cjk=is_cjk, has_glyph=has_glyph, width=width, cjk_face=self.cjk_face
        )
        return out

    def body_spans(self, text: str, role: str = "body"):
        spans = []
        pos = 0
        for m in CITE.finditer(text):
            if m.start() > pos:
                spans.append((text[pos : m.start()], role))
            spans.append((m.group(0), "cite_sup" if self.st["super_cite"] else "cite"))
            pos = m.end()
        if pos < len(text):
            spans.append((text[pos:], role))
        return spans


def can_break(items, i: int) -> bool:
    """May a line end before items[i]?"""
    if i <= 0 or i >= len(items):
        return False
    a, b = items[i - 1], items[i]
    if b.ch == " " or b.nobreak:
        return False
    if a.gap:
        return True
    if a.ch == " ":
        if i < 2:
            return False
        prev = items[i - 2].ch
        return bool(_LATIN_END.match(prev)) and bool(_LATIN_START.match(b.ch))
    if b.ch in CLOSE or a.ch in OPEN:
        return False
    if is_cjk(a.ch) or is_cjk(b.ch):
        return True
    if a.ch == "-":
        return hyphen_ok(items, i)
    return False


def hyphen_ok(items, i: int) -> bool:
    j = i - 2
    head = ""
    while j >= 0 and items[j].ch not in " -" and not is_cjk(items[j].ch):
        head = items[j].ch + head
        j -= 1
    k = i
    tail = ""
    while k < len(items) and items[k].ch not in " -" and not is_cjk(items[k].ch):
        tail += items[k].ch
        k += 1
    if len(head) < 2 or len(tail) < 3 or not head[-1].isalnum() or not tail[0].isalpha():
        return False
    # a lower-case word + "-" + lower case would look like a soft hyphen to the joiner
    return not (re.fullmatch(r"[a-z]+", head) and tail[0].islower())


def break_lines(items, measure, first_avail: float, avail: float) -> list[tuple[int, int]]:
    """Greedy line breaking; returns (start, end) index pairs, spaces at the ends dropped."""
    lines = []
    s, n = 0, len(items)
    while s < n:
        while s < n and items[s].ch == " " and not items[s].gap:
            s += 1
        if s >= n:
            break
        cap = first_avail if not lines else avail
        w = 0.0
        i = s
        while i < n:
            w += measure(items[i])
            if w > cap + 0.01:
                break
            i += 1
        if i >= n:
            e = n
        else:
            e = None
            for b in range(i, s, -1):
                if can_break(items, b):
                    e = b
                    break
            if e is None:  # an unbreakable run longer than the line: cut it anyway
                e = max(i, s + 1)
        lines.append((s, e))
        s = e
    out = []
    for s, e in lines:
        while e > s and items[e - 1].ch == " " and not items[e - 1].gap:
            e -= 1
        out.append((s, e))
    return out


def pdf_measure(g: G) -> float:
    return g.w + g.extra


# --------------------------------------------------------------------------- PDF


class PDF:
    def __init__(self, doc: Doc, out: Path, traits: frozenset[str] = frozenset()):
        self.doc = doc
        self.out = out
        self.traits = traits
        self.st = STYLES[doc.meta["style"]]
        self.sty = Styler(self.st, traits)
        self.c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
        self.c.setAuthor("")
        self.c.setTitle("")
        self.W, self.H = A4
        ml, mr, mt, mb = self.st["margins"]
        self.ml, self.mr, self.mt, self.mb = ml, mr, mt, mb
        self.full = self.W - ml - mr
        self.colw = (self.full - self.st["gutter"]) / 2
        self.first_page = 100 + zlib.crc32(doc.name.encode()) % 800
        self.page = 0
        self.col = 0
        self.y = 0.0
        self.col_top = [0.0, 0.0]
        self.col_bottom = [0.0, 0.0]
        self.first_col_lines = 0  # body lines in the left column of page 1 (for the txt)
        self._counting = False

    # ---- low level
    def draw_line(self, items, x, y, avail, justify, faux=False, align="left"):
        if not items:
            return
        nat = sum(pdf_measure(g) for g in items)
        cs = 0.0
        adds = [0.0] * len(items)
        if justify and len(items) > 1 and avail > nat:
            slack = avail - nat
            # stretch the spaces first (a space is a word break already), then every gap a
            # little; glyph gaps stay well under pdfplumber's x_tolerance (3 pt)
            spaces = [k for k, g in enumerate(items[:-1]) if g.ch == " " and not g.gap]
            if spaces:
                ws = min(slack / len(spaces), 4.0)
                for k in spaces:
                    adds[k] = ws
                slack -= ws * len(spaces)
            # letter-spacing only where the line is mostly Chinese
            if sum(is_cjk(g.ch) for g in items) * 2 >= len(items):
                cs = min(slack / (len(items) - 1), 1.2)
            elif spaces:
                for k in spaces:
                    adds[k] += min(slack / len(spaces), 4.0)
        if align == "centre":
            x += (avail - nat) / 2
        elif align == "right":
            x += avail - nat
        passes = [0.0, 0.3] if faux else [0.0]
        for dx in passes:
            t = self.c.beginText()
            xx = x + dx
            k = 0
            while k < len(items):
                g = items[k]
                j = k
                run = ""
                # with stretched gaps every glyph gets its own origin: no Tc (pdfminer drops
                # the char spacing after the last glyph of each Tj, and reportlab starts a
                # new Tj at every font subset switch)
                while (
                    j < len(items)
                    and items[j].font == g.font
                    and items[j].size == g.size
                    and items[j].rise == g.rise
                    and (j == k or (cs == 0 and items[j - 1].extra == 0 and adds[j - 1] == 0))
                ):
                    run += items[j].ch if items[j].draw is None else items[j].draw
                    j += 1
                t.setTextOrigin(xx, y + g.rise)
                t.setFont(g.font, g.size)
                t.textOut(run)
                for q in range(k, j):
                    xx += items[q].w + items[q].extra + adds[q] + cs
                k = j
            self.c.drawText(t)

    def para_lines(self, items, avail, indent=0.0, hang=0.0):
        ranges = break_lines(items, pdf_measure, avail - indent, avail - hang)
        return [(items[s:e], indent if k == 0 else hang) for k, (s, e) in enumerate(ranges)]

    # ---- page furniture
    def short_title(self) -> str:
        t = self.doc.meta.get("title.zh", "")
        if len(t) > 24:
            t = re.split(r"[：:—]", t)[0][:22]
        return t

    def pageno(self) -> int:
        return self.first_page + self.page - 1

    def header_footer(self):
        st, c = self.st, self.c
        j = self.doc.meta.get("journal", "")
        iss = self.doc.meta.get("issue", "")
        size = 8.0
        yh = self.H - self.mt + 16
        S = self.sty
        left = right = centre = None
        p = self.pageno()
        if st["header"] == "footer":  # d: page number and journal line at the foot only
            yf = self.mb - 30
            c.setLineWidth(0.4)
            c.line(self.ml, yf + 11, self.W - self.mr, yf + 11)
            jl = f"{j} {iss}".strip()
            text = f"· {p} ·  {jl}" if p % 2 == 0 else f"{jl}  · {p} ·"
            self.draw_line(
                S.items([(text, "body")], 8), self.ml, yf, self.full, False, align="left" if p % 2 == 0 else "right"
            )
            return
        if self.page == 1:
            left = f"{j}  {iss}".strip()
            doi = self.doc.meta.get("doi")
            if doi and st["header"] != "left_right":
                right = f"DOI：{doi}"
            elif st["header"] == "left_right":
                left, right = j, iss
        elif st["header"] == "centre_alt":
            centre = f"{j}  {iss}".strip() if p % 2 == 0 else self.short_title()
        elif st["header"] == "left_right":
            left, right = j, iss
        else:  # side_alt
            if p % 2 == 0:
                left = f"{j}  {iss}".strip()
            else:
                right = self.short_title()
        for text, align in ((left, "left"), (right, "right"), (centre, "centre")):
            if text:
                self.draw_line(S.items([(text, "body")], size), self.ml, yh, self.full, False, align=align)
        c.setLineWidth(0.5)
        c.line(self.ml, yh - 4, self.W - self.mr, yh - 4)
        if st["header"] == "left_right":
            c.setLineWidth(0.25)
            c.line(self.ml, yh - 5.5, self.W - self.mr, yh - 5.5)
        # page number
        yf = self.mb - 26
        if st["pagenum"] == "centre":
            self.draw_line(S.items([(f"· {p} ·", "body")], 8.5), self.ml, yf, self.full, False, align="centre")
        elif st["pagenum"] == "centre_dash":
            self.draw_line(S.items([(f"- {p} -", "body")], 9), self.ml, yf, self.full, False, align="centre")
        else:
            self.draw_line(
                S.items([(f"·{p}·", "body")], 8.5), self.ml, yf, self.full, False, align="right" if p % 2 else "left"
            )

    def new_page(self):
        if self.page:
            self.c.showPage()
        self.page += 1
        self.header_footer()
        top = self.H - self.mt
        self.col_top = [top, top]
        self.col_bottom = [self.mb, self.mb]
        self.col = 0
        self.y = top

    def colx(self) -> float:
        return self.ml + self.col * (self.colw + self.st["gutter"])

    def next_column(self):
        if self._counting and self.page == 1 and self.col == 0:
            self._counting = False
        if self.col == 0:
            self.col = 1
            self.y = self.col_top[1]
        else:
            self.new_page()

    def room(self) -> float:
        return self.y - self.col_bottom[self.col]

    def emit_lines(self, lines, lead, justify=True, keep=1, align="left", size_first=None):
        """Flow lines (items, indent) in the columns; keep: lines kept together at the start."""
        if lines and self.room() < lead * min(keep, len(lines)) and self.y < self.col_top[self.col] - 1:
            self.next_column()
        for k, (items, indent) in enumerate(lines):
            if self.room() < lead:
                self.next_column()
            self.y -= lead
            last = k == len(lines) - 1
            self.draw_line(
                items, self.colx() + indent, self.y + lead * 0.25, self.colw - indent, justify and not last, align=align
            )
            if self._counting and self.page == 1 and self.col == 0:
                self.first_col_lines += 1

    def space(self, h):
        if self.y < self.col_top[self.col] - 1:  # no space at a column top
            self.y -= h
            if self.room() < 0:
                self.next_column()

    # ---- blocks
    def body_para(self, text, runin=None, lead=None, size=None, role="body"):
        st, S = self.st, self.sty
        size = size or st["body"]
        lead = lead or st["lead"]
        spans = []
        if runin:
            spans.append((runin, "head"))
        m = (
            re.match(r"^(\d+[.．、]\s*)([^：:，。；\s][^：:，。；]{0,15}[：:])", text)
            if st["item_bold"] and not runin
            else None
        )
        if m:
            spans.append((m.group(0), "bold"))
            text = text[m.end() :]
        items = S.items(spans, size)
        if runin:
            sp = S.items([(" ", "head")], size)[0]
            sp.gap = True
            sp.extra = size - sp.w
            items.append(sp)
        items += S.items(S.body_spans(text, role), size)
        lines = self.para_lines(items, self.colw, indent=2 * size)
        self.emit_lines(lines, lead, keep=2)

    def heading(self, level, text):
        st = self.st
        size = st["h_sizes"][min(level, 3) - 1]
        lead = st["lead"] * (1.15 if level == 1 else 1.0)
        items = self.sty.items([(text, "head")], size)
        indent = 0.0
        lines = self.para_lines(items, self.colw, indent=indent, hang=indent)
        self.space(st["lead"] * (0.55 if level == 1 else 0.3))
        align = "centre" if (st["header"] == "side_alt" and level == 1) else "left"
        # keep with the next two body lines
        if self.room() < lead * len(lines) + 2 * st["lead"]:
            self.next_column()
        self.emit_lines(lines, lead, justify=False, align=align)
        self.y -= st["lead"] * 0.15

    def boxed(self, paras):
        st, S = self.st, self.sty
        size = st["body"] - 0.5
        lead = st["lead"] * 0.95
        pad = 5.0
        inner = self.colw - 2 * pad
        all_lines = []
        for p in paras:
            items = S.items(S.body_spans(p), size)
            ls = break_lines(items, pdf_measure, inner - 2 * size, inner)
            for k, (s, e) in enumerate(ls):
                all_lines.append((items[s:e], 2 * size if k == 0 else 0.0, k == len(ls) - 1))
        h = len(all_lines) * lead + 2 * pad
        self.space(st["lead"] * 0.5)
        if self.room() < h:
            self.next_column()
        top = self.y
        x = self.colx()
        self.c.setLineWidth(0.6)
        self.c.rect(x, top - h, self.colw, h, stroke=1, fill=0)
        y = top - pad
        for items, ind, last in all_lines:
            y -= lead
            self.draw_line(items, x + pad + ind, y + lead * 0.25, inner - ind, not last)
        self.y = top - h
        self.space(st["lead"] * 0.5)

    def caption(self, text, en, size):
        """A centred caption (Hei label and text) and its English line, kept with what follows."""
        S = self.sty
        lines = self.para_lines(S.items([(text, "head")], size), self.colw)
        if en:
            lines += self.para_lines(S.items(S.body_spans(en, "en"), size), self.colw)
        return lines

    def table(self, t):
        """A table in the current column: caption above, cells in a smaller size, ruled as asked."""
        st, S = self.st, self.sty
        size = st["body"] - 1.5
        lead = size * 1.75
        rows = t["rows"]
        ncol = max(len(r) for r in rows)
        rows = [r + [""] * (ncol - len(r)) for r in rows]
        cells = [[S.items(S.body_spans(c), size) for c in r] for r in rows]
        need = [max(sum(pdf_measure(g) for g in r[j]) for r in cells) + 1.6 * size for j in range(ncol)]
        ws = [w * self.colw / sum(need) for w in need]  # columns share the full column width
        cap = self.caption(t["caption"], t["en"], st["body"] - 1)
        cap_lead = (st["body"] - 1) * 1.5
        h = lead * len(rows) + 4
        self.space(st["lead"] * 0.5)
        if self.room() < h + cap_lead * len(cap) + 8:
            self.next_column()
        self.emit_lines(cap, cap_lead, justify=False, align="centre")
        self.y -= 3
        x0, top = self.colx(), self.y
        self.c.setLineWidth(0.8 if t["rule"] == "three" else 0.5)
        ys = [top - lead * k for k in range(len(rows) + 1)]
        if t["rule"] == "three":
            for y in (ys[0], ys[t["heads"]] if t["heads"] else None, ys[-1]):
                if y is not None:
                    self.c.line(x0, y, x0 + self.colw, y)
        elif t["rule"] == "grid":
            for y in ys:
                self.c.line(x0, y, x0 + self.colw, y)
            x = x0
            for w in [0.0, *ws]:
                x += w
                self.c.line(x, ys[0], x, ys[-1])
        for k, r in enumerate(cells):
            x = x0
            for j, items in enumerate(r):
                self.draw_line(items, x, ys[k] - lead * 0.7, ws[j], False, align="left" if j == 0 else "centre")
                x += ws[j]
        self.y = ys[-1]
        self.space(st["lead"] * 0.8)

    def figure(self, f):
        """A figure: a grey box standing for the image, the caption under it."""
        st = self.st
        size = st["body"] - 1
        cap = self.caption(f["caption"], f["en"], size)
        h = 70.0
        self.space(st["lead"] * 0.5)
        if self.room() < h + size * 1.5 * len(cap) + 8:
            self.next_column()
        self.c.setFillGray(0.85)
        self.c.rect(self.colx() + self.colw * 0.15, self.y - h, self.colw * 0.7, h, stroke=0, fill=1)
        self.c.setFillGray(0.0)
        self.y -= h + 2
        self.emit_lines(cap, size * 1.5, justify=False, align="centre")
        self.space(st["lead"] * 0.8)

    def references(self, refs):
        st, S = self.st, self.sty
        self.space(st["lead"] * 0.6)
        self.emit_lines(
            self.para_lines(S.items([("参考文献", "head")], st["body"]), self.colw), st["lead"], justify=False, keep=3
        )
        size, lead = st["ref"], st["ref_lead"]
        for r in refs:
            m = re.match(r"^(\[\d+\]|\d+[.．])\s*", r)
            hang = width(m.group(1) + " ", "Times-Roman", size) if m else 0.0
            items = S.items([(r, "en" if st["latin"] != "Ming" else "body")], size)
            self.emit_lines(self.para_lines(items, self.colw, indent=0.0, hang=hang), lead, justify=False)

    def after_block(self, paras):
        st, S = self.st, self.sty
        h = zlib.crc32(self.doc.name.encode())
        label, title = AFTER_TITLES[h % len(AFTER_TITLES)]
        authors = AFTER_AUTHORS[h % len(AFTER_AUTHORS)]
        self.space(st["lead"] * 1.2)
        if self.room() < st["lead"] * 7:
            self.next_column()
        # a thick rule over the next article
        self.c.setLineWidth(1.0)
        self.c.line(self.colx(), self.y - 2, self.colx() + self.colw, self.y - 2)
        self.y -= 6
        self.emit_lines(self.para_lines(S.items([(label, "head")], 8.5), self.colw), 13, justify=False)
        tl = self.para_lines(S.items([(title, "title")], 12.5), self.colw)
        self.emit_lines(tl, 18, justify=False, align="centre")
        self.emit_lines(self.para_lines(S.items([(authors, "kai")], 9.5), self.colw), 16, justify=False, align="centre")
        self.y -= st["lead"] * 0.5
        for p in paras:
            self.body_para(p)

    # ---- page 1
    def front(self):
        st, S, d, m = self.st, self.sty, self.doc, self.doc.meta
        x0 = self.ml
        y = self.H - self.mt

        def block(lines, lead, align="left", justify=True, faux=False, x=x0, avail=self.full):
            nonlocal y
            for k, (items, ind) in enumerate(lines):
                y -= lead
                self.draw_line(
                    items, x + ind, y + lead * 0.25, avail - ind, justify and k < len(lines) - 1, faux=faux, align=align
                )

        # neighbouring article tail, in columns
        strays = d.lists["stray.before"]
        if strays:
            lines = []
            for p in strays:
                items = S.items(S.body_spans(p), st["body"])
                ls = break_lines(items, pdf_measure, self.colw - 2 * st["body"], self.colw)
                for k, (s, e) in enumerate(ls):
                    lines.append((items[s:e], 2 * st["body"] if k == 0 else 0.0, k == len(ls) - 1))
            half = (len(lines) + 1) // 2
            y -= 4
            for col, chunk in enumerate((lines[:half], lines[half:])):
                yy = y
                for items, ind, last in chunk:
                    yy -= st["lead"]
                    self.draw_line(
                        items,
                        x0 + col * (self.colw + st["gutter"]) + ind,
                        yy + st["lead"] * 0.25,
                        self.colw - ind,
                        not last,
                    )
            y -= half * st["lead"] + 8
            self.c.setLineWidth(0.8)
            self.c.line(x0, y, x0 + self.full, y)
            y -= 6
        y -= 10
        block([(S.items([("·综述·", "head")], 9), 0)], 14, justify=False)
        y -= 6
        tz = m.get("title.zh", "")
        block(
            self.para_lines(S.items([(tz, "title")], st["title"]), self.full * 0.86),
            st["title"] * 1.45,
            align="centre",
            justify=False,
            faux=st["faux"],
            x=x0 + self.full * 0.07,
            avail=self.full * 0.86,
        )
        y -= 4
        ind2 = 2 * st["abs_size"]

        def en_block():
            nonlocal y
            if m.get("title.en"):
                y -= 6
                block(
                    self.para_lines(S.items([(m["title.en"], "en_bold")], st["title_en"]), self.full * 0.86),
                    st["title_en"] * 1.3,
                    align="centre",
                    justify=False,
                    x=x0 + self.full * 0.07,
                    avail=self.full * 0.86,
                )
            if m.get("authors.en"):
                spans = [(t, "sup" if r == "sup" else "en") for t, r in parse_authors(m["authors.en"])]
                y -= 3
                block(self.para_lines(S.items(spans, 10), self.full), 14, align="centre", justify=False)

        def authors_block():
            nonlocal y
            if m.get("authors"):
                spans = [(t, "sup" if r == "sup" else "kai") for t, r in parse_authors(m["authors"])]
                y -= 4
                block(self.para_lines(S.items(spans, 11), self.full), 17, align="centre", justify=False)
            affs = parse_affils(d.lists["affil"])
            if affs:
                if len(affs) == 1:
                    txt = f"（{affs[0][1]}）" if st["header"] != "left_right" else affs[0][1]
                else:
                    sep = "；"
                    txt = sep.join(f"{i}. {a}" if i else a for i, a in affs)
                    txt = f"（{txt}）" if st["header"] != "left_right" else txt
                block(
                    self.para_lines(S.items([(txt, "kai")], 8.5), self.full * 0.9),
                    12.5,
                    align="centre",
                    justify=False,
                    x=x0 + self.full * 0.05,
                    avail=self.full * 0.9,
                )

        def labelled(label, parts, lang, kw=False):
            nonlocal y
            size, lead = st["abs_size"], st["abs_lead"]
            role = "body" if lang == "zh" else "en"
            lrole = "head" if lang == "zh" else "en_bold"
            for k, p in enumerate(parts):
                spans = []
                if k == 0:
                    spans.append((label, lrole))
                    spans.append(
                        ("\u2003" if lang == "en" else " ", role)
                        if st["sep_label"]
                        else (
                            ("" if label.endswith(("】", "：", ":")) else " ")
                            + (" " if lang == "en" and label.endswith(":") else ""),
                            role,
                        )
                    )
                pm = re.match(r"^(目的|方法|结果|结论|Objectives?|Methods?|Results?|Conclusions?)\s*[：:]", p)
                if pm:
                    spans.append((pm.group(0), lrole))
                    p = p[pm.end() :]
                spans.append((p, role))
                spans = [s for s in spans if s[0]]
                items = S.items(spans, size)
                block(self.para_lines(items, self.full - 2 * ind2), lead, x=x0 + ind2, avail=self.full - 2 * ind2)

        def boxed_labelled(groups):
            # d: the abstracts and keywords in one light grey box, sized before drawing
            nonlocal y
            size, lead, pad = st["abs_size"], st["abs_lead"], 7.0
            avail = self.full - 2 * ind2
            drawn = []
            for label, parts, lang, gap in groups:
                role = "body" if lang == "zh" else "en"
                lrole = "head" if lang == "zh" else "en_bold"
                for k, p in enumerate(parts):
                    spans = [(label, lrole), (" ", role)] if k == 0 and label else []
                    spans.append((p, role))
                    drawn.append((self.para_lines(S.items(spans, size), avail), gap if k == 0 else 0.0))
            h = sum(len(ls) * lead + g for ls, g in drawn) + 2 * pad
            self.c.saveState()
            self.c.setFillGray(0.92)
            self.c.setStrokeGray(0.75)
            self.c.setLineWidth(0.4)
            self.c.rect(x0 + ind2 - pad, y - h, avail + 2 * pad, h, stroke=1, fill=1)
            self.c.restoreState()
            y -= pad
            for ls, g in drawn:
                y -= g
                block(ls, lead, x=x0 + ind2, avail=avail)
            y -= pad

        if st["header"] == "footer":  # d: Chinese block, English block, grey abstract box
            authors_block()
            en_block()
            y -= 10
            groups = []
            if d.lists["abstract.zh"]:
                groups.append((st["abs_zh"], d.lists["abstract.zh"], "zh", 0.0))
            if m.get("keywords.zh"):
                groups.append((st["kw_zh"], [m["keywords.zh"]], "zh", 2.0))
            if d.lists["abstract.en"]:
                groups.append((st["abs_en"], d.lists["abstract.en"], "en", 6.0))
            if m.get("keywords.en"):
                groups.append((st["kw_en"], [m["keywords.en"]], "en", 2.0))
            if m.get("doi"):
                groups.append(("", [f"DOI：{m['doi']}"], "zh", 2.0))
            if groups:
                boxed_labelled(groups)
        elif st["header"] == "centre_alt":  # a: titles, authors, abstracts
            if m.get("title.en"):
                y -= 2
                block(
                    self.para_lines(S.items([(m["title.en"], "en_bold")], st["title_en"]), self.full * 0.86),
                    st["title_en"] * 1.3,
                    align="centre",
                    justify=False,
                    x=x0 + self.full * 0.07,
                    avail=self.full * 0.86,
                )
            authors_block()
            if m.get("authors.en"):
                spans = [(t, "sup" if r == "sup" else "en") for t, r in parse_authors(m["authors.en"])]
                block(self.para_lines(S.items(spans, 9.5), self.full), 13, align="centre", justify=False)
            y -= 8
            if d.lists["abstract.zh"]:
                labelled(st["abs_zh"], d.lists["abstract.zh"], "zh")
            if m.get("keywords.zh"):
                labelled(st["kw_zh"], [m["keywords.zh"]], "zh")
            y -= 3
            if d.lists["abstract.en"]:
                labelled(st["abs_en"], d.lists["abstract.en"], "en")
            if m.get("keywords.en"):
                labelled(st["kw_en"], [m["keywords.en"]], "en")
        else:  # b, c: Chinese block, then English block
            authors_block()
            y -= 8
            if d.lists["abstract.zh"]:
                labelled(st["abs_zh"], d.lists["abstract.zh"], "zh")
            if m.get("keywords.zh"):
                labelled(st["kw_zh"], [m["keywords.zh"]], "zh")
            y -= 4
            en_block()
            y -= 4
            if d.lists["abstract.en"]:
                labelled(st["abs_en"], d.lists["abstract.en"], "en")
            if m.get("keywords.en"):
                labelled(st["kw_en"], [m["keywords.en"]], "en")
        y -= 10
        if st["header"] == "side_alt":
            self.c.setLineWidth(0.4)
            self.c.line(x0, y + 4, x0 + self.full, y + 4)
        return y

    def footnote(self):
        st, S = self.st, self.sty
        notes = list(self.doc.lists["footnote"])
        if st["header"] == "left_right" and self.doc.meta.get("doi"):
            notes.insert(0, f"DOI：{self.doc.meta['doi']}")
        if not notes:
            return
        size = st["foot"]
        lead = size * 1.45
        if st["header"] == "footer":  # d: across the page under a long rule
            lines = []
            for n in notes:
                lines += self.para_lines(S.items([(n, "body")], size), self.full)
            h = len(lines) * lead
            y = self.mb + h
            self.c.setLineWidth(0.5)
            self.c.line(self.ml, y + 5, self.ml + self.full * 0.8, y + 5)
            for items, ind in lines:
                y -= lead
                self.draw_line(items, self.ml + ind, y + lead * 0.25, self.full - ind, False)
            self.col_bottom = [self.mb + h + 12, self.mb + h + 12]
            return
        lines = []
        for n in notes:
            lines += self.para_lines(S.items([(n, "body")], size), self.colw)
        h = len(lines) * lead
        y = self.mb + h
        self.c.setLineWidth(0.5)
        self.c.line(self.ml, y + 5, self.ml + self.colw / 3, y + 5)
        for items, ind in lines:
            y -= lead
            self.draw_line(items, self.ml + ind, y + lead * 0.25, self.colw - ind, False)
        self.col_bottom[0] = self.mb + h + 12

    def render(self):
        register_fonts()
        self.new_page()
        ybody = self.front()
        self.col_top = [ybody, ybody]
        self.y = ybody
        self.footnote()
        self._counting = True
        prev = None
        for b in self.doc.blocks:
            kind = b[0]
            if kind == "para":
                self.body_para(b[1])
            elif kind == "runin":
                if prev not in ("heading", None):
                    self.space(self.st["lead"] * 0.2)
                self.body_para(b[2], runin=b[1])
            elif kind == "heading":
                self.heading(b[1], b[2])
            elif kind == "between":
                self.boxed(b[1])
            elif kind == "table":
                self.table(b[1])
            elif kind == "figure":
                self.figure(b[1])
            elif kind == "refs":
                self.references(b[1])
            elif kind == "after":
                self.after_block(b[1])
            prev = kind
        self.c.showPage()
        self.c.save()
        if self.traits:
            self.out.write_bytes(pdf_traits.postprocess(self.out.read_bytes(), self.traits, self.doc.name))
        return self


# --------------------------------------------------------------------------- text


class TXT:
    COL = 48  # half-width units per body line (about 24 CJK characters)
    FULL = 100
    D_PAGE = 50  # style d: text lines per page between footer lines

    def __init__(self, doc: Doc, first_col_lines: int, first_page: int):
        self.doc = doc
        self.style = doc.meta["style"]
        self.st = STYLES[self.style]
        self.first_col_lines = first_col_lines
        self.first_page = first_page
        self.rng = zlib.crc32(doc.name.encode())

    def _rand(self) -> int:
        self.rng = (self.rng * 1103515245 + 12345) & 0x7FFFFFFF
        return self.rng >> 8

    @staticmethod
    def items(text: str) -> list[G]:
        out = []
        cites = set()
        for m in CITE.finditer(text):
            cites.update(range(m.start(), m.end()))
        for k, ch in enumerate(text):
            out.append(G(ch, "", 0, float(txt_width(ch)), nobreak=k in cites))
        return out

    def wrap(self, text: str, width: int, indent: int = 0, runin: str | None = None) -> list[str]:
        items = self.items(text)
        if runin:
            head = self.items(runin)
            sp = G(" ", "", 0, 1.0, gap=True)
            items = head + [sp] + items
        ranges = break_lines(items, lambda g: g.w, width - indent, width)
        return ["".join(g.ch for g in items[s:e]) for s, e in ranges]

    def table_lines(self, t) -> list[str]:
        """Caption lines, then one line per row: cells apart by a tab (styles a, c) or padded with
        spaces to aligned columns (b, d), as text dumps of PDF tables come."""
        out = [t["caption"], *filter(None, [t["en"]])]
        rows = t["rows"]
        if self.style in ("a", "c"):
            return out + ["\t".join(r) for r in rows]
        ncol = max(len(r) for r in rows)
        ws = [max(sum(txt_width(ch) for ch in r[j]) for r in rows if j < len(r)) for j in range(ncol)]
        for r in rows:
            cells = [c + " " * (ws[j] - sum(txt_width(ch) for ch in c) + 3) for j, c in enumerate(r)]
            out.append("".join(cells).rstrip())
        return out

    def render(self) -> str:
        d, m, st, style = self.doc, self.doc.meta, self.st, self.style
        front: list[str] = []
        body: list[str] = []  # (paragraph-first lines are marked with \x01)
        P = "\x01"  # first line of a paragraph
        T = "\x02"  # style a: no blank line after this line
        for p in d.lists["stray.before"]:
            for k, ln in enumerate(self.wrap(p, self.COL)):
                front.append((P if k == 0 else "") + ln)
        if m.get("title.zh"):
            front.append(" " + m["title.zh"] if style == "a" else m["title.zh"])
        if style == "a" and m.get("title.en"):
            front.append(m["title.en"])
        if m.get("authors"):
            front.append(re.sub(r"\^([0-9,，]+)", r"\1", m["authors"]))
        affs = parse_affils(d.lists["affil"])
        if affs:
            if len(affs) == 1:
                front.append(f"({affs[0][1]})" if style != "b" else affs[0][1])
            else:
                front.append("(" + "；".join(f"{i}. {a}" for i, a in affs) + ")")
        if style == "a" and m.get("authors.en"):
            front.append(re.sub(r"\^([0-9,]+)", r"\1", m["authors.en"]))

        def lab(label, parts, lang, width):
            out = []
            for k, p in enumerate(parts):
                if k == 0:
                    if style == "a":
                        p = f"{label}\u2003 {p}" if lang == "en" else f"{label} {p}"
                    else:
                        p = f"{label}{p}" if label.endswith(("】", "：")) else f"{label} {p}"
                ls = self.wrap(p, width)
                if style == "a":
                    if k == 0:
                        ls[0] = " " + ls[0]
                    if lang == "en":  # a PDF dump of a full-width English block: no blank lines
                        ls = [T + x + " " for x in ls[:-1]] + ls[-1:]
                out += ls
            return out

        def en_front():
            if style != "a" and m.get("title.en"):
                front.append(m["title.en"])
            if style != "a" and m.get("authors.en"):
                front.append(re.sub(r"\^([0-9,]+)", r"\1", m["authors.en"]))

        if d.lists["abstract.zh"]:
            front += lab(st["abs_zh"], d.lists["abstract.zh"], "zh", self.FULL)
        if m.get("keywords.zh"):
            front += lab(st["kw_zh"], [m["keywords.zh"]], "zh", self.FULL)
        en_front()
        if d.lists["abstract.en"]:
            front += lab(st["abs_en"], d.lists["abstract.en"], "en", 106)
        if m.get("keywords.en"):
            front += lab(st["kw_en"], [m["keywords.en"]], "en", 106)
        if style == "d" and m.get("doi"):
            front.append(f"DOI：{m['doi']}")
        foot = list(d.lists["footnote"])
        if m.get("doi") and style == "b":  # a, c print the DOI in the page-1 header line
            foot.insert(0, f"DOI：{m['doi']}")
        foot_lines = [x for f in foot for x in self.wrap(f, self.COL)]

        for b in d.blocks:
            kind = b[0]
            if kind == "para":
                body += [(P if k == 0 else "") + x for k, x in enumerate(self.wrap(b[1], self.COL, 4))]
            elif kind == "runin":
                body += [(P if k == 0 else "") + x for k, x in enumerate(self.wrap(b[2], self.COL, 4, runin=b[1]))]
            elif kind == "heading":
                body += self.wrap(b[2], self.COL)
            elif kind in ("table", "figure"):
                body += self.table_lines(b[1]) if kind == "table" else [b[1]["caption"], *filter(None, [b[1]["en"]])]
            elif kind == "between":
                for p in b[1]:
                    body += [(P if k == 0 else "") + x for k, x in enumerate(self.wrap(p, self.COL, 4))]
            elif kind == "refs":
                body.append("参考文献")
                for r in b[1]:
                    body += self.wrap(r, self.COL)
            elif kind == "after":
                h = zlib.crc32(d.name.encode())
                label, title = AFTER_TITLES[h % len(AFTER_TITLES)]
                body += [label, title, AFTER_AUTHORS[h % len(AFTER_AUTHORS)]]
                for p in b[1]:
                    body += [(P if k == 0 else "") + x for k, x in enumerate(self.wrap(p, self.COL, 4))]
        # the footnote: b after the front matter, a/c where page 1's left column ends
        if style == "b":
            front += foot_lines
        elif style == "d":  # the full-width footnote ends page 1, just before its footer line
            k = max(0, min(self.D_PAGE - len(foot_lines), len(front) + len(body)) - len(front))
            body = body[:k] + foot_lines + body[k:]
        else:
            k = min(max(self.first_col_lines, 1), len(body))
            body = body[:k] + foot_lines + body[k:]
        lines = front + body
        if style == "d":
            jl = f"{m.get('journal', '')} {m.get('issue', '')}".strip()
            out = []
            page = self.first_page
            for i, ln in enumerate(lines):
                if ln.startswith(P):
                    ln = "  " + ln[1:]
                out.append(ln)
                if (i + 1) % self.D_PAGE == 0 or i + 1 == len(lines):
                    out.append(f"· {page} ·  {jl}" if page % 2 == 0 else f"{jl}  · {page} ·")
                    page += 1
            return "\n".join(out) + "\n"
        if style == "b":
            out = []
            page = self.first_page
            for i, ln in enumerate(lines):
                if ln.startswith(P):
                    ln = "\u3000\u3000" + ln[1:]
                out.append(ln)
                if (i + 1) % 45 == 0 and i + 1 < len(lines):
                    out.append(f"·{page}·")
                    page += 1
                    out.append(f"{m.get('journal', '')}  {m.get('issue', '')}".strip())
            return "\n".join(out) + "\n"
        lines = [ln.replace(P, "") for ln in lines]
        if style == "c":
            lines = [ln.replace(T, "") for ln in lines]
            return "\n".join(lines) + "\n"
        out = []
        i = 0
        while i < len(lines):
            ln = lines[i]
            r = self._rand() % 100
            if ln.startswith(T):
                out.append(ln[1:])
            elif r < 5 and i + 1 < len(lines):
                out.append(ln + " ")
            elif r < 9 and i + 1 < len(lines):
                out.append(ln)
                lines[i + 1] = " " + lines[i + 1]
            else:
                out.append(ln)
                out.append("")
            i += 1
        return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- main


def render(path: Path, out_dir: Path, write_txt: bool = True, traits: frozenset[str] = frozenset()) -> list[Path]:
    """Render one rvx; with traits only the PDF, named <name>_trait-<set>.pdf (the text
    rendition does not change with traits)."""
    doc = parse_rvx(path)
    out_dir.mkdir(parents=True, exist_ok=True)
    suffix = f"_trait-{pdf_traits.slug(traits)}" if traits else "_print"
    pdf_path = out_dir / f"{doc.name}{suffix}.pdf"
    pdf = PDF(doc, pdf_path, traits).render()
    written = [pdf_path]
    if write_txt and not doc.notext and not traits:
        txt_path = out_dir / f"{doc.name}.txt"
        txt_path.write_text(TXT(doc, pdf.first_col_lines, pdf.first_page).render(), encoding="utf-8")
        written.append(txt_path)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Render corpus/*.rvx into raw/ PDFs and text dumps.")
    ap.add_argument("files", nargs="*", type=Path, help="rvx files (default: every corpus/*.rvx)")
    ap.add_argument("--out", type=Path, default=ROOT / "raw", help="output folder (default raw/)")
    ap.add_argument("--no-txt", action="store_true", help="write only the PDFs")
    ap.add_argument(
        "--traits",
        action="append",
        default=[],
        help="render with real-PDF traits (tools/pdf_traits.py), e.g. founder,subsets or a "
        f"set name ({', '.join(pdf_traits.TRAIT_SETS)}); repeat for several renditions",
    )
    a = ap.parse_args(argv)
    try:
        trait_sets = [pdf_traits.parse_traits(t) for t in a.traits] or [frozenset()]
    except ValueError as e:
        print(f"make_corpus: {e}", file=sys.stderr)
        return 2
    files = a.files or sorted((ROOT / "corpus").glob("*.rvx"))
    if not files:
        print("make_corpus: no .rvx files", file=sys.stderr)
        return 1
    rc = 0
    for f in files:
        try:
            for traits in trait_sets:
                for p in render(f, a.out, not a.no_txt, traits):
                    print(p)
        except Exception as e:  # noqa: BLE001 - one bad file does not stop the others
            print(f"make_corpus: {f}: {type(e).__name__}: {e}", file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
