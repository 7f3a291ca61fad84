"""A corpus of bad and odd inputs, each with the outcome reviewx must give it.

Every kind is built from scratch (or from a good file in ``raw/``) into a folder; nothing
here is committed as a binary. ``tests/test_bad_input.py`` asserts the outcomes.

    python tests/badinputs.py OUTDIR     # write every kind into OUTDIR, print what each expects

An outcome is either ``failed`` with a stable substring of the one-line reason (and no
output file), or ``ok`` (a valid document; the test module asserts the degraded content).
Kinds with ``batch_only`` are not files but folder layouts (a symlink loop): they are
checked through a whole-folder run.

Needs pypdf and reportlab (dev extras).
"""

from __future__ import annotations

import io
import os
import random
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
GOOD_TXT = RAW / "als_treatment_review.txt"
GOOD_PDF = RAW / "nsclc_egfr_tki_print.pdf"
SMALL_PDF_LIMIT = 2000  # pipeline.ingest.pdf.MAX_PAGES


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    status: str  # "ok" | "failed"
    reason: str | None  # stable substring of the failure reason
    build: Callable[[Path], Path]  # writes the input into a folder, returns the path to extract
    note: str = ""
    batch_only: bool = False  # a folder layout, checked through a whole-folder run


# --------------------------------------------------------------------------- helpers


def good_text() -> str:
    return GOOD_TXT.read_text(encoding="utf-8")


def good_pdf() -> bytes:
    return GOOD_PDF.read_bytes()


def assemble_pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A well-formed PDF file from object bodies (object k is objects[k-1]) with an exact xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        z = zlib.compress(data, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_HELV = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _text_page_objects(content: bytes, extra_page: bytes = b"") -> list[bytes]:
    """Catalog 1, Pages 2, Page 3, content 4, font 5: one A4 page in Helvetica."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra_page + b">>",
        stream(content),
        _HELV,
    ]


def _pypdf_write(writer) -> bytes:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _reportlab(draw: Callable, pages: int = 1) -> bytes:  # type: ignore[type-arg]
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for i in range(pages):
        draw(c, i)
        c.showPage()
    c.save()
    return buf.getvalue()


def _bytes_kind(
    name: str, filename: str, status: str, reason: str | None, make: Callable[[], bytes], note: str = ""
) -> Kind:
    def build(folder: Path) -> Path:
        p = folder / filename
        p.write_bytes(make())
        return p

    return Kind(name, filename, status, reason, build, note)


# --------------------------------------------------------------------------- PDF makers


def truncated_pdf() -> bytes:
    data = good_pdf()
    return data[: len(data) // 2]


def broken_xref_pdf() -> bytes:
    """Every xref offset points at garbage and startxref points past the end of the file."""
    data = bytearray(good_pdf())
    x = data.rfind(b"\nxref")
    s = data.rfind(b"startxref")
    table = bytes(data[x:s])
    lines = table.split(b"\n")
    bad = [b"%010d %05d n " % (7 + i * 13, i % 3) if ln.endswith((b" n ", b" n")) else ln for i, ln in enumerate(lines)]
    data[x:s] = b"\n".join(bad)[: len(table)].ljust(len(table), b" ")
    tail = data.rfind(b"%%EOF")
    return bytes(data[:s]) + b"startxref\n99999999\n" + bytes(data[tail:])


def encrypted_pdf(user: str, owner: str, algorithm: str = "AES-256") -> bytes:
    import pypdf

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good_pdf())))
    w.encrypt(user_password=user, owner_password=owner, algorithm=algorithm)
    return _pypdf_write(w)


def no_pages_pdf() -> bytes:
    return assemble_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def only_header_pdf() -> bytes:
    return b"%PDF-1.4\n%%EOF\n"


def scanned_pdf() -> bytes:
    """Two pages of drawing and a bitmap, as a scanner would give: no text layer at all."""
    from reportlab.lib.utils import ImageReader

    def draw(c, i):  # type: ignore[no-untyped-def]
        # a grey 64x64 "scan" built in memory as a PPM-free raw image via PIL if present, else lines
        try:
            from PIL import Image

            img = Image.new("L", (64, 64), 200)
            for x in range(64):
                img.putpixel((x, (x * 7 + i) % 64), 0)
            c.drawImage(ImageReader(img), 50, 300, width=500, height=500)
        except ImportError:
            pass
        for k in range(40):
            c.line(50, 100 + k * 15, 545, 100 + k * 15 + (k % 5))
        c.rect(60, 60, 200, 30, fill=1)

    return _reportlab(draw, pages=2)


def no_tounicode_pdf() -> bytes:
    """The good PDF with every /ToUnicode map removed: its CJK glyphs read back as (cid:N)."""
    import pypdf

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good_pdf())))
    for page in w.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            f = ref.get_object()
            if "/ToUnicode" in f:
                del f["/ToUnicode"]
    return _pypdf_write(w)


def ref_cycle_pdf(where: str = "contents") -> bytes:
    """Indirect objects that refer to each other (6 -> 7 -> 6): resolving them never ends in pdfminer."""
    objs = _text_page_objects(b"BT /F1 12 Tf 72 770 Td (Hello) Tj ET")
    if where == "contents":
        objs[2] = objs[2].replace(b"/Contents 4 0 R", b"/Contents 6 0 R")
    else:  # the stream's /Length
        objs[3] = b"<< /Length 6 0 R >>\nstream\nBT /F1 12 Tf 72 770 Td (Hello) Tj ET\nendstream"
    return assemble_pdf(objs + [b"7 0 R", b"6 0 R"])


def huge_stream_pdf(mb: int = 300) -> bytes:
    """One page whose content stream inflates to `mb` MB of text operators (about 1 MB on disk)."""
    op = b"BT /F1 1 Tf 10 10 Td (x) Tj ET\n"
    block = op * ((1 << 20) // len(op))
    z = zlib.compressobj(9)
    body = b"".join(z.compress(block) for _ in range(mb)) + z.flush()
    objs = _text_page_objects(b"")
    objs[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return assemble_pdf(objs)


def huge_page_count_pdf(n: int = 2500) -> bytes:
    """n blank pages sharing one empty content stream: about 100 KB."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", stream(b"", compress=False)]
    kids = []
    for i in range(n):
        kids.append(b"%d 0 R" % (4 + i))
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>")
    objs[1] = b"<< /Type /Pages /Count %d /Kids [" % n + b" ".join(kids) + b"] >>"
    return assemble_pdf(objs)


def many_chars_pdf(n: int = 100_000) -> bytes:
    """A title, an abstract line, then n tiny glyphs of noise (0.5 pt Helvetica letters and digits, 500 lines)."""
    rng = random.Random(7)
    alphabet = b"abcdefghijklmnopqrstuvwxyz "  # no digits: the dose and number stages have nothing to chew
    per_line = n // 500
    ops = [
        b"BT /F1 16 Tf 60 800 Td (Advances in the treatment of amyotrophic lateral sclerosis) Tj ET",
        b"BT /F1 9 Tf 60 780 Td (Abstract: A page of 100 000 glyphs too small to read.) Tj ET",
        b"BT /F1 0.5 Tf 0.6 TL 60 760 Td",
    ]
    for _ in range(500):
        ops.append(b"(" + bytes(rng.choice(alphabet) for _ in range(per_line)) + b") Tj T*")
    ops.append(b"ET")
    return assemble_pdf(_text_page_objects(b"\n".join(ops)))


def deep_nesting_pdf(depth: int = 60_000) -> bytes:
    """Nested arrays `depth` deep in the content stream and nested dicts in the page object."""
    content = b"BT /F1 12 Tf 72 770 Td (Deeply nested) Tj ET\n" + b"[" * depth + b"]" * depth + b" pop\n"
    nested = b"<< /A " * (depth // 4) + b"1" + b" >>" * (depth // 4)
    return assemble_pdf(_text_page_objects(content, extra_page=b"/PieceInfo " + nested + b" "))


def cyclic_page_tree_pdf() -> bytes:
    """The good PDF whose root /Pages lists itself among its /Kids (and a page loops to its parent)."""
    import pypdf
    from pypdf.generic import ArrayObject, NumberObject

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good_pdf())))
    pages = w._root_object["/Pages"]
    ref = w._root_object.raw_get("/Pages")
    kids = ArrayObject(list(pages["/Kids"]))
    kids.append(ref)
    pages[pypdf.generic.NameObject("/Kids")] = kids
    pages[pypdf.generic.NameObject("/Count")] = NumberObject(len(kids) + 5)
    return _pypdf_write(w)


def active_content_pdf() -> bytes:
    """The good PDF with JavaScript run on open, a Launch action and an external URI link."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(good_pdf())))
    js = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(
                "app.alert('reviewx must not run this'); this.submitForm('http://127.0.0.1:9/exfil');"
            ),
        }
    )
    w._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject([TextStringObject("auto"), w._add_object(js)]),
                }
            ),
        }
    )
    w._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.launchURL('http://127.0.0.1:9/open', true);"),
        }
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(200), FloatObject(70)]),
            NameObject("/Border"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(0)]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/URI"),
                    NameObject("/URI"): TextStringObject("http://127.0.0.1:9/followed"),
                }
            ),
        }
    )
    launch = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(80), FloatObject(200), FloatObject(100)]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("/bin/touch /tmp/reviewx-launched"),
                }
            ),
        }
    )
    page = w.pages[0]
    annots = ArrayObject([w._add_object(link), w._add_object(launch)])
    page[NameObject("/Annots")] = annots
    return _pypdf_write(w)


# --------------------------------------------------------------------------- text makers

BIG5_REVIEW = """類風濕關節炎靶向治療的研究進展
陳立新，王婷
(台灣大學醫學院附設醫院風濕免疫科，台北 100)
摘要：類風濕關節炎是一種以慢性滑膜炎為主要特徵的自身免疫性疾病。近年來，生物製劑與小分子靶向藥物的問世顯著改善了患者的預後。文中就腫瘤壞死因子抑制劑、白細胞介素6受體拮抗劑及JAK抑制劑的臨床研究進展進行綜述。
1 腫瘤壞死因子抑制劑
腫瘤壞死因子抑制劑是最早應用於臨床的生物製劑。阿達木單抗每2週皮下注射40 mg，可顯著降低疾病活動度，並延緩骨破壞的進展[1]。多項隨機對照試驗證實，聯合甲氨蝶呤治療的療效優於單藥治療。
2 JAK抑制劑
托法替布每日2次口服5 mg，在甲氨蝶呤療效不佳的患者中仍可獲得較高的緩解率[2]。然而，此類藥物可能增加帶狀皰疹及靜脈血栓栓塞的風險，用藥前應充分評估。
3 結語
靶向治療為類風濕關節炎患者帶來了新的希望，但如何選擇個體化的治療方案仍有待進一步研究。
參考文獻
[1] 陳立新. 類風濕關節炎的生物治療[J]. 中華風濕病學雜誌, 2020, 24(3): 145-150.
[2] 王婷. JAK抑制劑的臨床應用[J]. 中華內科雜誌, 2021, 60(5): 401-405.
"""

ENGLISH_REVIEW = """Advances in the treatment of amyotrophic lateral sclerosis
ZHU Yinwei, WANG Guojun
(Department of Neurology, The First People's Hospital of Changshu, Changshu 215500, China)
Abstract: Amyotrophic lateral sclerosis (ALS) is a progressive paralytic disorder characterized by
degeneration of motor neurons in the brain and spinal cord. This article reviews drug treatment,
symptomatic intervention and new treatment methods of ALS.
Key words: Amyotrophic lateral sclerosis; Riluzole; Edaravone; Treatment
1 Introduction
Amyotrophic lateral sclerosis is a fatal neurodegenerative disease with an incidence of 1 to 2 per
100 000 persons per year [1]. Most patients die of respiratory failure within 3 to 5 years of onset.
2 Drug treatment
Riluzole 50 mg twice daily prolonged survival by about 3 months in two randomized trials [2].
Edaravone 60 mg given intravenously slowed the decline of function in a selected population [3].
3 Conclusion
Treatment of ALS remains difficult, and new therapies are still needed.
References
[1] Brown RH, Al-Chalabi A. Amyotrophic lateral sclerosis. N Engl J Med, 2017, 377(2): 162-172.
[2] Bensimon G, Lacomblez L, Meininger V. A controlled trial of riluzole in amyotrophic lateral sclerosis.
N Engl J Med, 1994, 330(9): 585-591.
[3] Writing Group. Safety and efficacy of edaravone in well defined patients with amyotrophic lateral
sclerosis. Lancet Neurol, 2017, 16(7): 505-512.
"""

NO_HEADINGS_REVIEW = """肌萎缩侧索硬化症是一种以大脑和脊髓运动神经元退行性改变为特征的进行性麻痹性疾病，通常以隐匿性的局部无力起病，然后快速进展至包括膈肌在内的多数肌肉麻痹。

利鲁唑是首个获批用于治疗肌萎缩侧索硬化症的药物，每次50 mg，每日2次口服，可延长患者生存期约3个月。依达拉奉静脉滴注可延缓部分患者功能评分的下降。

营养支持、呼吸支持及多学科综合管理同样是改善患者生活质量的重要措施。
"""

TITLE_ONLY = "肌萎缩侧索硬化症治疗的研究进展\n"


def gb18030_text() -> bytes:
    return good_text().encode("gb18030")


def gbk_text() -> bytes:
    """The good text in GBK; the few characters GBK lacks (odd spaces) become plain spaces."""
    return "".join(c if c.encode("gbk", errors="ignore") else " " for c in good_text()).encode("gbk")


def big5_text() -> bytes:
    return BIG5_REVIEW.encode("big5")


def utf16_bom_text() -> bytes:
    return good_text().encode("utf-16")  # BOM + native (little-endian) order


def utf16_be_bom_text() -> bytes:
    return b"\xfe\xff" + good_text().encode("utf-16-be")


def utf16_nobom_text() -> bytes:
    return good_text().encode("utf-16-le")


def invalid_utf8_text() -> bytes:
    """Good UTF-8 with a stray 0xFF, a cut-off sequence and a lone continuation byte."""
    data = bytearray(good_text().encode("utf-8"))
    for pos, junk in ((len(data) // 4, b"\xff"), (len(data) // 2, b"\xe4\xb8"), (3 * len(data) // 4, b"\x80")):
        # put the junk at a character boundary
        while data[pos] & 0xC0 == 0x80:
            pos += 1
        data[pos:pos] = junk
    return bytes(data)


def utf8_bom_text() -> bytes:
    return b"\xef\xbb\xbf" + good_text().encode("utf-8")


def nul_bytes_text() -> bytes:
    text = good_text()
    lines = text.split("\n")
    for i in range(3, len(lines), 17):
        lines[i] = lines[i] + "\x00"
    return "\n".join(lines).encode("utf-8")


def control_chars_text() -> bytes:
    text = good_text()
    lines = text.split("\n")
    ctl = ["\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[0m", "\x7f", "\x85"]
    for k, i in enumerate(range(5, len(lines), 9)):
        c = ctl[k % len(ctl)]
        lines[i] = lines[i][:3] + c + lines[i][3:]
    return "\n".join(lines).encode("utf-8")


def cr_only_text() -> bytes:
    return good_text().replace("\r\n", "\n").replace("\n", "\r").encode("utf-8")


LONG_UNIT = "利鲁唑每次50 mg，每日2次口服，可延长肌萎缩侧索硬化症患者的生存期约3个月。"


def one_mb_line_text() -> bytes:
    n = (1 << 20) // len(LONG_UNIT.encode("utf-8")) + 1
    return (LONG_UNIT * n).encode("utf-8")


def long_paragraph_text(chars: int = 20_000) -> bytes:
    """The good review with one body line of `chars` characters (a paragraph never wrapped)."""
    lines = good_text().split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith("肌萎缩侧索硬化症 (amyotrophic"))
    lines.insert(at, LONG_UNIT * (chars // len(LONG_UNIT)))
    return "\n".join(lines).encode("utf-8")


def pdf_magic_in_text() -> bytes:
    """A text that quotes the PDF magic in its first line: still a text file."""
    return ("本文的 PDF 版本以 %PDF-1.7 格式存档。\n" + good_text()).encode("utf-8")


def garbage(seed: int, n: int = 8192, high_only: bool = False) -> bytes:
    rng = random.Random(seed)
    if high_only:  # no NUL, no ASCII: looks like some double-byte encoding, is none
        return bytes(rng.choice(range(0x80, 0x100)) for _ in range(n))
    return bytes(rng.randrange(256) for _ in range(n))


# --------------------------------------------------------------------------- file-system kinds


def build_self_symlink(folder: Path) -> Path:
    p = folder / "self_loop.txt"
    os.symlink(p.name, p)
    return p


def build_dir_symlink_loop(folder: Path) -> Path:
    """A sub-folder with a link back to its parent, and a link to itself: walking must not loop."""
    sub = folder / "loopdir"
    sub.mkdir(exist_ok=True)
    (sub / "looped_review.txt").write_bytes(good_text().encode("utf-8"))  # read once, never again via a link
    os.symlink("..", sub / "up")
    os.symlink(".", sub / "here")
    os.symlink("loopdir", folder / "loopdir_again")
    return sub


def build_fifo(folder: Path) -> Path:
    """A named pipe called like a text file: opening it for reading waits for a writer forever."""
    p = folder / "fifo.txt"
    os.mkfifo(p)
    return p


def build_dev_zero_link(folder: Path) -> Path:
    """A link to /dev/zero called like a text file: reading it never ends and fills memory."""
    p = folder / "dev_zero.txt"
    os.symlink("/dev/zero", p)
    return p


def _named_good_text(filename: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        p = folder / filename
        p.write_bytes(good_text().encode("utf-8"))
        return p

    return build


# --------------------------------------------------------------------------- the corpus


def kinds() -> list[Kind]:
    b = _bytes_kind
    return [
        # empty and not-what-it-says
        b("empty_pdf", "empty_pdf.pdf", "failed", "empty", lambda: b""),
        b("empty_txt", "empty_txt.txt", "failed", "empty", lambda: b""),
        b("whitespace_txt", "whitespace.txt", "failed", "empty", lambda: " \n\t\n\r\n\u3000\n".encode()),
        b("text_named_pdf", "text_named.pdf", "failed", "not a PDF", lambda: good_text().encode("utf-8")),
        b("garbage_pdf", "garbage_pdf.pdf", "failed", "not a PDF", lambda: garbage(1)),
        b("garbage_txt", "garbage_txt.txt", "failed", "binary data", lambda: garbage(2)),
        b(
            "garbage_highbytes_txt",
            "garbage_high.txt",
            "failed",
            "unknown text encoding",
            lambda: garbage(3, high_only=True),
        ),
        b("pdf_named_txt", "pdf_named.txt", "ok", None, good_pdf, "sniffed as PDF by its header"),
        # damaged PDFs
        b("truncated_pdf", "truncated.pdf", "failed", "damaged PDF", truncated_pdf),
        b("only_header_pdf", "only_header.pdf", "failed", "damaged PDF", only_header_pdf),
        b(
            "broken_xref_pdf",
            "broken_xref.pdf",
            "ok",
            None,
            broken_xref_pdf,
            "recovered by scanning for objects: a full extraction",
        ),
        b(
            "encrypted_user_pdf",
            "encrypted_user.pdf",
            "failed",
            "encrypted PDF",
            lambda: encrypted_pdf("secret", "owner"),
        ),
        b(
            "encrypted_owner_only_pdf",
            "encrypted_owner.pdf",
            "ok",
            None,
            lambda: encrypted_pdf("", "owner"),
            "empty user password: opens, extracts normally",
        ),
        b(
            "encrypted_owner_only_rc4_pdf",
            "encrypted_owner_rc4.pdf",
            "ok",
            None,
            lambda: encrypted_pdf("", "owner", "RC4-128"),
            "empty user password: opens, extracts normally",
        ),
        b("no_pages_pdf", "no_pages.pdf", "failed", "no pages", no_pages_pdf),
        b("scanned_pdf", "scanned.pdf", "failed", "no text layer", scanned_pdf),
        b(
            "no_tounicode_pdf",
            "no_tounicode.pdf",
            "ok",
            None,
            no_tounicode_pdf,
            "unusable text layer: its pages are OCR'd (--ocr auto); --ocr off fails (tests/test_ocr.py)",
        ),
        b("huge_page_count_pdf", "huge_pages.pdf", "failed", "exceeded limit", huge_page_count_pdf),
        b(
            "many_chars_pdf",
            "many_chars.pdf",
            "ok",
            None,
            many_chars_pdf,
            "100k tiny glyphs read within the budget, kept as body text",
        ),
        b(
            "deep_nesting_pdf",
            "deep_nesting.pdf",
            "failed",
            "no recognizable structure",
            deep_nesting_pdf,
            "nesting is skipped, the page's two words are no review",
        ),
        b(
            "ref_cycle_contents_pdf",
            "ref_cycle_contents.pdf",
            "failed",
            "no text layer",
            ref_cycle_pdf,
            "PDFium breaks the reference cycle: the page has no content stream, so no text",
        ),
        b(
            "huge_stream_pdf",
            "huge_stream.pdf",
            "failed",
            "exceeded limit",
            huge_stream_pdf,
            "a 300 MB content stream: ended by the time budget, not called a damaged PDF",
        ),
        b(
            "ref_cycle_length_pdf",
            "ref_cycle_length.pdf",
            "failed",
            "no recognizable structure",
            lambda: ref_cycle_pdf("length"),
            "PDFium breaks the /Length cycle: one word is no review",
        ),
        b("cyclic_page_tree_pdf", "cyclic_pages.pdf", "ok", None, cyclic_page_tree_pdf, "each page read once"),
        b(
            "active_content_pdf",
            "active_content.pdf",
            "ok",
            None,
            active_content_pdf,
            "JavaScript, Launch and URI actions ignored",
        ),
        # encodings
        b("gb18030_txt", "gb18030.txt", "ok", None, gb18030_text),
        b("gbk_txt", "gbk.txt", "ok", None, gbk_text),
        b("big5_txt", "big5.txt", "ok", None, big5_text, "traditional Chinese decoded as Big5, not as GB18030"),
        b("utf16_bom_txt", "utf16_bom.txt", "ok", None, utf16_bom_text),
        b("utf16_be_bom_txt", "utf16_be_bom.txt", "ok", None, utf16_be_bom_text),
        b("utf16_nobom_txt", "utf16_nobom.txt", "ok", None, utf16_nobom_text, "recognised by its NUL pattern"),
        b(
            "invalid_utf8_txt",
            "invalid_utf8.txt",
            "ok",
            None,
            invalid_utf8_text,
            "three bad bytes replaced by U+FFFD, with a warning",
        ),
        b("utf8_bom_txt", "utf8_bom.txt", "ok", None, utf8_bom_text),
        b("nul_bytes_txt", "nul_bytes.txt", "ok", None, nul_bytes_text, "stray NULs dropped, with a warning"),
        b("control_chars_txt", "control_chars.txt", "ok", None, control_chars_text, "controls dropped"),
        b("cr_only_txt", "cr_only.txt", "ok", None, cr_only_text),
        # structure
        b(
            "no_headings_txt",
            "no_headings.txt",
            "ok",
            None,
            lambda: NO_HEADINGS_REVIEW.encode("utf-8"),
            "one untitled section",
        ),
        b("english_only_txt", "english_only.txt", "ok", None, lambda: ENGLISH_REVIEW.encode("utf-8")),
        b(
            "title_only_txt",
            "title_only.txt",
            "failed",
            "no recognizable structure",
            lambda: TITLE_ONLY.encode("utf-8"),
        ),
        b(
            "one_mb_line_txt",
            "one_mb_line.txt",
            "failed",
            "exceeded limit",
            one_mb_line_text,
            "a 1 MB line is no review text; the entity stages are quadratic in it",
        ),
        b(
            "long_paragraph_txt",
            "long_paragraph.txt",
            "ok",
            None,
            long_paragraph_text,
            "a 20k-character paragraph inside a good review: kept whole",
        ),
        b(
            "pdf_magic_in_text_txt",
            "pdf_magic_in_text.txt",
            "ok",
            None,
            pdf_magic_in_text,
            "mentions %PDF- in its first line: still a text file",
        ),
        # names and links
        Kind(
            "path_traversal_name",
            "..%2f..%2fescape.txt",
            "ok",
            None,
            _named_good_text("..%2f..%2fescape.txt"),
            "output stays inside the output folder",
        ),
        Kind(
            "backslash_traversal_name",
            "..\\..\\evil.txt",
            "ok",
            None,
            _named_good_text("..\\..\\evil.txt"),
            "output stays inside the output folder",
        ),
        Kind(
            "encoded_traversal_name",
            "%2e%2e%2f%2e%2e%2fescape2.txt",
            "ok",
            None,
            _named_good_text("%2e%2e%2f%2e%2e%2fescape2.txt"),
            "output stays inside the output folder",
        ),
        Kind("dots_stem_name", "...txt", "ok", None, _named_good_text("...txt"), "a stem of dots: doc_id 'document'"),
        Kind(
            "self_symlink_txt", "self_loop.txt", "failed", "cannot read", build_self_symlink, "a link to itself (ELOOP)"
        ),
        Kind(
            "fifo_txt",
            "fifo.txt",
            "failed",
            "not a regular file: a FIFO",
            build_fifo,
            "refused by its type before any read (opening it would block forever)",
        ),
        Kind(
            "dev_zero_link_txt",
            "dev_zero.txt",
            "failed",
            "not a regular file: a character device",
            build_dev_zero_link,
            "the link is followed and the target refused by type",
        ),
        Kind(
            "dir_symlink_loop",
            "loopdir",
            "ok",
            None,
            build_dir_symlink_loop,
            "folder walk ends, nothing read twice",
            batch_only=True,
        ),
    ]


def by_name() -> dict[str, Kind]:
    return {k.name: k for k in kinds()}


def write_all(out: Path) -> list[tuple[Kind, Path]]:
    out.mkdir(parents=True, exist_ok=True)
    return [(k, k.build(out)) for k in kinds()]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/badinputs.py OUTDIR", file=sys.stderr)
        return 2
    for k, p in write_all(Path(argv[0])):
        want = k.status if k.reason is None else f"{k.status}: {k.reason}"
        print(f"{k.name:30} {p.name:32} {want}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
