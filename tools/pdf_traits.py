"""Real-journal PDF traits for corpus renditions (``make_corpus.py --traits ...``).

Our reportlab renditions are clean: one embedded subset per face, Latin in Times, Unicode
that says what each glyph is. Real journal PDFs are not. Each trait below copies one thing
seen in a real file in ``../shared/real-pdfs/`` (see SOURCES.tsv there); the gold of a
review does not change, because a reader must see through every one of them.

Render-time traits (they change which glyph and font is printed, ``apply_printed``):

* ``founder``: in paragraphs with Chinese text, digits and Latin letters are set in
  separate fonts (``NEU-BZ-Regular``, bold ``NEU-B3-Regular``; DejaVu Serif outlines)
  whose font descriptor (Ascent, Descent, FontBBox) is moved 0.68 em down, so pdfminer /
  pdfplumber put their boxes ~7-8 pt below the Chinese boxes of the same line while the
  baseline (text matrix) is the same. Seen: zh07 (Founder/方正 typesetting,
  ``DXUWQZ+NEU-BZ-Regular`` next to ``DXUWQZ+FZSSK--GBK1-0``): digit boxes 7.4 pt below
  the Chinese boxes on the same baseline; zh09 has the same scheme (``E-BZ``, ``E-B1``).
* ``fullwidth``: in paragraphs with Chinese text, ASCII letters, digits and ``.-/`` are
  printed as full-width forms (U+FF01-FF5E) in the Chinese face, with the full-width code
  point as their Unicode: ``Ｄｉｅ－ｐｕｎｃｈ``, ``１０．３９６９``. Full-width words are wide (1 em a
  letter): one longer than the column is cut where the line ends, with no hyphen. Seen: zh03 (CAJ->PDF,
  all Latin of the Chinese text), zh05 (CNKI fonts).
* ``tounicode`` (render part): a decimal point between digits is printed as ``∙``
  (U+2219, BULLET OPERATOR). Seen: zh05 (6 times, next to U+00B7 elsewhere).
* ``ligatures``: ``fi`` / ``fl`` in Latin text printed as one glyph mapped to U+FB01 /
  U+FB02; the Latin face becomes an embedded DejaVu Serif (base-14 Times has no ligature
  in WinAnsi). Seen: en02 (Elsevier, ``…+fb`` fonts: 23 ﬁ, 6 ﬂ on 3 pages).
* ``symbolfont`` (render part): ``+ = ± ≥ ≤`` are printed in a separate embedded math
  font whose face is ``AdvP4C4E74`` (DejaVu Serif outlines, BaseFont ``ABCDEF+AdvP4C4E74``),
  wherever they occur. Seen: en02 (Elsevier JACC, Advent fonts ``MCGAAP+AdvP4C4E74``: ``+``,
  ``=``, ``±``, ``†`` in the body and table notes; see the CMap part).
* ``subsets`` (render part): the Latin face is embedded (DejaVu Serif) so that it can be
  split into subsets too, as in the CAJ conversions where every font is an embedded Type 1.

Post-processing traits (on the reportlab PDF with pypdf, ``postprocess``):

* ``founder`` (descriptor part, see above).
* ``subsets``: every embedded font is cloned into ``SUBSET_COPIES`` font dictionaries with
  their own subset prefix (``DY12+``, ``KTJ+``, six-letter ``ABCDEF+``) and descriptor,
  and every string shown in it is cut into runs of 1-3 glyphs, each shown in the next
  clone: a file carries 36-46 font dictionaries (about 20 show glyphs on a page,
  pdfplumber) and a word changes font every few glyphs. Seen: zh03
  (CAJ->PDF: ``DY242+ZHXEXn-244``, ``DY2+ZHXEXQ-2``..., 19 fonts, non-embedded GBK ones
  besides). Our clones share one font program; the real subsets hold only their glyphs.
* ``tounicode`` (CMap part): the ToUnicode entry of the Chinese comma ``，`` (U+FF0C) in
  every font is rewritten to U+0082, a C1 control code; the glyph still prints a comma.
  Seen: zh05 (CNKI ``*_CNKI`` fonts: 117 U+0082 in the text layer, all standing for ``，``).
* ``symbolfont`` (CMap part): that font's ToUnicode entries name the wrong characters, as
  the real file's WinAnsi/Differences encoding does: ``+`` -> ``þ``, ``=`` -> ``¼``, ``±`` ->
  U+0002, ``≥`` -> U+0015, ``≤`` -> U+0014 (PDFium reads "CAD (þ0.53%)", "ESLD ¼ end-stage",
  "49 \\x02 13 years"). Seen: en02 (þ, ¼, U+0002; U+0014/U+0015 as documented for the same
  font by a public project).
* ``startxref``: the trailer is written as ``startxref N`` on one line. Seen: zh09
  (``startxref 1333024`` then ``%%EOF``; pdfminer fails "No /Root object", poppler and
  PDFium open it).
* ``xrefoff``: the ``startxref`` offset points ``XREF_SHIFT`` bytes before the ``xref``
  keyword (PDFium and poppler rebuild the table; pdfminer falls back to scanning).
  Not seen in the five files; a common oddity of hand-patched files that viewers tolerate.
* ``xrefstream``: the cross-reference table and ``trailer`` dictionary are replaced by a
  cross-reference stream (``/Type /XRef``), no ``trailer`` keyword anywhere. Seen: zh09
  (with ``startxref`` on one line it is the file pdfminer cannot open at all).
* ``tail``: bytes after ``%%EOF`` (CNKI's ``<FileProperty>…</FileProperty>`` XML). Seen:
  zh03, zh05, zh07, zh09.

Named sets (``TRAIT_SETS``) group the traits as they come together in real files; every
rendition is deterministic (the clone rotation is seeded by the document name).
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterable
from typing import Any

TRAITS = (
    "founder",
    "subsets",
    "fullwidth",
    "tounicode",
    "ligatures",
    "symbolfont",
    "startxref",
    "xrefoff",
    "xrefstream",
    "tail",
)
TRAIT_SETS = {
    # Founder-typeset journal site download with an odd trailer and English ligatures
    "founder": ("founder", "ligatures", "startxref"),
    # CAJ/CNKI conversion: per-glyph subsets, full-width Latin, broken ToUnicode
    "caj": ("subsets", "fullwidth", "tounicode", "xrefoff"),
    # CNKI download trailer: xref stream, no trailer keyword, startxref on one line, XML tail
    "cnki-trailer": ("xrefstream", "startxref", "tail"),
    # Elsevier journal PDF: ligatures, math symbols in an Advent font with a wrong ToUnicode map
    "elsevier": ("ligatures", "symbolfont"),
}
CNKI_TAIL = (
    b"<FileProperty><Doi /><FileName>REVIEWX0000000</FileName><TableName>CJFDTotal</TableName>"
    b"<Type>JOURNAL</Type></FileProperty>"
)
FOUNDER_SHIFT = 680  # font units (1/1000 em) the NEU-* descriptor boxes move down
SUBSET_COPIES = 4
XREF_SHIFT = 7
FULLWIDTH_ASCII = (
    set("0123456789.-/")
    | {chr(c) for c in range(ord("A"), ord("Z") + 1)}
    | {chr(c) for c in range(ord("a"), ord("z") + 1)}
)
LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}
SYMBOL_FONT = "AdvSym"  # make_corpus's font name; its face is AdvP4C4E74
# the character a symbol prints -> the character the broken ToUnicode entry names (en02)
SYMBOL_TOUNICODE = {"+": "\u00fe", "=": "\u00bc", "\u00b1": "\u0002", "\u2265": "\u0015", "\u2264": "\u0014"}


def parse_traits(spec: str | Iterable[str] | None) -> frozenset[str]:
    """'founder,subsets' or a set name ('caj') -> the trait names; ValueError if unknown."""
    if spec is None:
        return frozenset()
    parts = [p.strip() for p in (spec.split(",") if isinstance(spec, str) else spec) if p.strip()]
    out: set[str] = set()
    for p in parts:
        if p in TRAIT_SETS:
            out.update(TRAIT_SETS[p])
        elif p in TRAITS:
            out.add(p)
        else:
            raise ValueError(f"unknown trait {p!r} (traits: {', '.join(TRAITS)}; sets: {', '.join(TRAIT_SETS)})")
    return frozenset(out)


def slug(traits: frozenset[str]) -> str:
    """A stable file-name part for a trait set: a set name when it is one, else the names."""
    for name, members in TRAIT_SETS.items():
        if traits == frozenset(members):
            return name
    return "+".join(t for t in TRAITS if t in traits)


# --------------------------------------------------------------------------- render time


def latin_face(font: str, traits: frozenset[str]) -> str:
    """The face a Latin glyph gets: ligatures and subsets need an embedded face."""
    if traits & {"ligatures", "subsets"}:
        return {"Times-Roman": "Serif", "Times-Bold": "SerifB"}.get(font, font)
    return font


def apply_printed(
    items: list[Any],
    traits: frozenset[str],
    *,
    is_cjk: Callable[[str], bool],
    has_glyph: Callable[[str, str], bool],
    width: Callable[[str, str, float], float],
    cjk_face: Callable[[str], str],
) -> None:
    """Set the printed glyph (``draw``) and font of glyph items in place; ``ch`` stays the text.

    items carry ch, font, size, w, rise, nobreak, role and draw (None = print ch).
    """
    if not traits or not items:
        return
    chinese = any(is_cjk(g.ch) for g in items)
    n = len(items)
    if "tounicode" in traits:
        for k in range(1, n - 1):
            g = items[k]
            if g.ch == "." and items[k - 1].ch.isdigit() and items[k + 1].ch.isdigit():
                g.font = g.font if has_glyph(g.font, "\u2219") else "Serif"
                g.draw = "\u2219"
                g.w = width(g.draw, g.font, g.size)
    if "fullwidth" in traits and chinese:
        for g in items:
            if g.draw is None and g.ch in FULLWIDTH_ASCII and not g.rise:
                g.draw = chr(ord(g.ch) + 0xFEE0)
                g.font = cjk_face(g.role)
                g.w = width(g.draw, g.font, g.size)
    if "founder" in traits and chinese:
        for g in items:
            if g.draw is None and "!" <= g.ch <= "~":
                g.font = "NEUB3" if g.role in ("head", "bold", "title", "en_bold") else "NEUBZ"
                g.w = width(g.ch, g.font, g.size)
    if "ligatures" in traits:
        k = 0
        while k < n - 1:
            a, b = items[k], items[k + 1]
            lig = LIGATURES.get(a.ch + b.ch)
            if lig and a.draw is None and b.draw is None and a.font == b.font and not is_cjk(a.ch):
                font = a.font if has_glyph(a.font, lig) else ("SerifB" if a.font in ("SerifB", "Hei") else "Serif")
                a.font = b.font = font
                a.draw, b.draw = lig, ""
                a.w, b.w = width(lig, font, a.size), 0.0
                k += 2
            else:
                k += 1
    if "symbolfont" in traits:  # last: the math font wins over the Founder digit faces
        for g in items:
            if g.draw is None and g.ch in SYMBOL_TOUNICODE:
                g.font = SYMBOL_FONT
                g.w = width(g.ch, g.font, g.size)


# --------------------------------------------------------------------------- post-processing


def _prefixes(seed: str, count: int) -> list[str]:
    """Subset prefixes in the shapes seen in real files: DY12, KTJ, ABCDEF."""
    out = []
    h = zlib.crc32(seed.encode())
    for k in range(count):
        h = (h * 1103515245 + 12345) & 0x7FFFFFFF
        letters = "".join(chr(65 + (h >> (5 * i)) % 26) for i in range(6))
        shape = k % 3
        out.append(f"DY{h % 300}" if shape == 0 else letters[:3] if shape == 1 else letters)
    return out


def _embedded(font: Any) -> bool:
    fd = font.get("/FontDescriptor")
    if fd is None:
        return False
    fd = fd.get_object()
    return any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _bare_name(name: str) -> str:
    return re.sub(r"^/?[A-Z0-9]{2,6}\+", "", str(name).lstrip("/"))


def _founder_metrics(writer: Any) -> int:
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    done = 0
    for font in _all_fonts(writer):
        if "NEU-B" not in str(font.get("/BaseFont", "")):
            continue
        fd = font["/FontDescriptor"].get_object()
        asc, desc = float(fd.get("/Ascent", 760)), float(fd.get("/Descent", -240))
        bbox = [float(v) for v in fd.get("/FontBBox", [0, desc, 1000, asc])]
        fd[NameObject("/Ascent")] = FloatObject(asc - FOUNDER_SHIFT)
        fd[NameObject("/Descent")] = FloatObject(desc - FOUNDER_SHIFT)
        fd[NameObject("/FontBBox")] = ArrayObject(
            [
                FloatObject(bbox[0]),
                FloatObject(bbox[1] - FOUNDER_SHIFT),
                FloatObject(bbox[2]),
                FloatObject(bbox[3] - FOUNDER_SHIFT),
            ]
        )
        done += 1
    return done


def _all_fonts(writer: Any) -> list[Any]:
    seen: dict[int, Any] = {}
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font")
        if fonts is None:
            continue
        for ref in fonts.get_object().values():
            obj = ref.get_object()
            seen.setdefault(id(obj), obj)
    return list(seen.values())


def _break_tounicode(writer: Any) -> int:
    """Map the Chinese comma to U+0082 in every ToUnicode CMap (as CNKI fonts do)."""
    changed = 0
    streams: dict[int, Any] = {}
    for font in _all_fonts(writer):
        tu = font.get("/ToUnicode")
        if tu is not None:
            streams.setdefault(id(tu.get_object()), tu.get_object())
    for st in streams.values():
        data = st.get_data()
        new, k = re.subn(rb"(<[0-9A-Fa-f]{2,4}>\s*)<FF0C>", rb"\1<0082>", data, flags=re.I)
        if k:
            st.set_data(new)
            changed += k
    return changed


def _break_symbol_tounicode(writer: Any) -> int:
    """Rewrite the Advent symbol font's ToUnicode entries to the wrong characters (as en02)."""
    changed = 0
    wrong = {f"{ord(a):04X}".encode(): f"{ord(b):04X}".encode() for a, b in SYMBOL_TOUNICODE.items()}
    pattern = re.compile(rb"(<[0-9A-Fa-f]{2,4}>\s*)<(" + b"|".join(wrong) + rb")>", re.I)
    for font in _all_fonts(writer):
        tu = font.get("/ToUnicode")
        if tu is None or not _bare_name(font.get("/BaseFont", "")).startswith("AdvP4C4E74"):
            continue
        st = tu.get_object()
        new, k = pattern.subn(lambda m: m.group(1) + b"<" + wrong[m.group(2).upper()] + b">", st.get_data())
        if k:
            st.set_data(new)
            changed += k
    return changed


def _split_subsets(writer: Any, seed: str) -> int:
    """Clone every embedded font per page and show each 1-3 glyph run in the next clone."""
    from pypdf.generic import ByteStringObject, ContentStream, DictionaryObject, NameObject, TextStringObject

    clones: dict[int, list[Any]] = {}  # id(font object) -> [indirect refs of the clones]
    prefixes = _prefixes(seed, 4096)
    used = 0
    rng = zlib.crc32(seed.encode()) or 1
    total = 0
    for pno, page in enumerate(writer.pages):
        res = page["/Resources"].get_object()
        fonts = res.get("/Font")
        if fonts is None:
            continue
        fonts = fonts.get_object()
        new_fonts = DictionaryObject({NameObject(k): v for k, v in fonts.items()})
        names: dict[str, list[str]] = {}  # resource name -> clone resource names
        for rname, ref in fonts.items():
            font = ref.get_object()
            if not _embedded(font):
                continue
            if id(font) not in clones:
                refs = []
                for _ in range(SUBSET_COPIES):
                    prefix = prefixes[used % len(prefixes)]
                    used += 1
                    base = f"/{prefix}+{_bare_name(font['/BaseFont'])}"
                    fd = DictionaryObject(font["/FontDescriptor"].get_object())
                    fd[NameObject("/FontName")] = NameObject(base)
                    nf = DictionaryObject(font)
                    nf[NameObject("/BaseFont")] = NameObject(base)
                    nf[NameObject("/FontDescriptor")] = writer._add_object(fd)
                    refs.append(writer._add_object(nf))
                clones[id(font)] = refs
            cn = []
            for j, r in enumerate(clones[id(font)]):
                nm = f"{rname}s{j}"
                new_fonts[NameObject(nm)] = r
                cn.append(nm)
            names[str(rname)] = cn
        if not names:
            continue
        new_res = DictionaryObject({NameObject(k): v for k, v in res.items()})
        new_res[NameObject("/Font")] = new_fonts
        page[NameObject("/Resources")] = new_res
        cs = ContentStream(page.get_contents(), writer)
        ops: list[tuple[list[Any], bytes]] = []
        cur: tuple[str, Any] | None = None
        turn = pno
        for operands, op in cs.operations:
            if op == b"Tf":
                cur = (str(operands[0]), operands[1])
            if op == b"Tj" and cur and cur[0] in names:
                s = operands[0]
                raw = s.original_bytes if isinstance(s, TextStringObject) else bytes(s)
                k = 0
                while k < len(raw):
                    rng = (rng * 1103515245 + 12345) & 0x7FFFFFFF
                    n = 1 + (rng >> 16) % 3
                    turn += 1
                    clone = names[cur[0]][turn % SUBSET_COPIES]
                    ops.append(([NameObject(clone), cur[1]], b"Tf"))
                    ops.append(([ByteStringObject(raw[k : k + n])], b"Tj"))
                    total += 1
                    k += n
                ops.append(([NameObject(cur[0]), cur[1]], b"Tf"))
                continue
            ops.append((operands, op))
        cs.operations = ops
        page.replace_contents(cs)
    for page in writer.pages:
        page.compress_content_streams()
    return total


def postprocess(pdf: bytes, traits: frozenset[str], seed: str) -> bytes:
    """Apply the file-level traits to a rendered PDF; returns the new bytes."""
    if traits & {"founder", "subsets", "tounicode", "symbolfont", "xrefstream"}:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        if "founder" in traits:
            _founder_metrics(writer)
        if "tounicode" in traits:
            _break_tounicode(writer)
        if "symbolfont" in traits:
            _break_symbol_tounicode(writer)
        if "subsets" in traits:
            _split_subsets(writer, seed)
        writer.add_metadata({"/Producer": "reviewx make_corpus (traits)"})
        buf = io.BytesIO()
        writer.write(buf)
        pdf = buf.getvalue()
    if "xrefstream" in traits:
        pdf = _xref_stream(pdf)
    if "xrefoff" in traits:
        m = list(re.finditer(rb"startxref\s+(\d+)", pdf))[-1]
        pdf = pdf[: m.start(1)] + str(int(m.group(1)) - XREF_SHIFT).encode() + pdf[m.end(1) :]
    if "startxref" in traits:
        m = list(re.finditer(rb"startxref\r?\n(\d+)\r?\n", pdf))[-1]
        pdf = pdf[: m.start()] + b"startxref " + m.group(1) + b"\n" + pdf[m.end() :]
    if "tail" in traits:
        pdf = pdf + CNKI_TAIL
    return pdf


def _xref_stream(pdf: bytes) -> bytes:
    """Replace the last xref table and trailer by a cross-reference stream object."""
    m = list(re.finditer(rb"\nxref\r?\n", pdf))[-1]
    start = m.start() + 1
    t = pdf.index(b"trailer", start)
    table, trailer = pdf[m.end() : t], pdf[t : pdf.index(b"startxref", t)]
    offsets: dict[int, tuple[int, int, str]] = {}
    lines = table.split(b"\n")
    k = 0
    while k < len(lines):
        head = lines[k].split()
        k += 1
        if len(head) != 2:
            continue
        first, count = int(head[0]), int(head[1])
        for j in range(count):
            off, gen, kind = lines[k + j].split()[:3]
            offsets[first + j] = (int(off), int(gen), kind.decode())
        k += count
    size = max(offsets) + 1
    xref_no = size
    keep = [f"/{key} {val}" for key, val in re.findall(r"/(Root|Info)\s+(\d+\s+\d+\s+R)", trailer.decode("latin-1"))]
    idm = re.search(rb"/ID\s*(\[[^\]]*\])", trailer)
    if idm:
        keep.append("/ID " + idm.group(1).decode("latin-1"))
    rows = []
    for n in range(size + 1):
        if n == xref_no:
            rows.append(b"\x01" + start.to_bytes(4, "big") + b"\x00\x00")
        elif n in offsets and offsets[n][2] == "n":
            rows.append(b"\x01" + offsets[n][0].to_bytes(4, "big") + offsets[n][1].to_bytes(2, "big"))
        else:
            rows.append(b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff")
    data = zlib.compress(b"".join(rows))
    head = (
        f"{xref_no} 0 obj\n<< /Type /XRef /Size {size + 1} /W [1 4 2] {' '.join(keep)} "
        f"/Filter /FlateDecode /Length {len(data)} >>\nstream\n"
    ).encode("latin-1")
    return pdf[:start] + head + data + b"\nendstream\nendobj\nstartxref\n" + str(start).encode() + b"\n%%EOF\n"


# --------------------------------------------------------------------------- reading check


def entity_sets(doc: Any) -> dict[str, set]:
    """Entities of an extracted Document as comparable sets (ids and mention boxes left out)."""
    drugs = {d.id: (d.name_en or d.name_zh) for d in doc.entities.drugs}
    return {
        "drugs": set(drugs.values()),
        "doses": {(drugs.get(d.drug or ""), d.value, d.value_max, d.unit) for d in doc.entities.doses},
        "numbers": {(n.kind, n.value, n.value_max, n.unit) for n in doc.entities.numbers},
        "trials": {(t.phase, t.n_enrolled, t.year) for t in doc.entities.trials},
    }


def reading_differences(clean: Any, ours: Any, min_similarity: float = 0.98) -> list[str]:
    """How a trait rendition's extraction differs from the clean PDF's: [] when it reads the
    same (section tree, body and abstract text, reference count, entity sets)."""
    from pipeline.evaluate import body_text, flatten, similarity

    out = []
    if flatten(ours.sections) != flatten(clean.sections):
        out.append("tree")
    sim = similarity(body_text(ours.sections), body_text(clean.sections))
    if sim < min_similarity:
        out.append(f"body {sim:.2f}")
    for lang in ("zh", "en"):
        if similarity(getattr(ours.abstract, lang), getattr(clean.abstract, lang)) < min_similarity:
            out.append(f"abstract.{lang}")
    if len(ours.references) != len(clean.references):
        out.append("references")
    a, b = entity_sets(ours), entity_sets(clean)
    out += [k for k in a if a[k] != b[k]]
    return out
