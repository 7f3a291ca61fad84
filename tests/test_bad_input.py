"""Bad input and faults (SPEC "Bad input"): every kind of `tests/badinputs.py` gets its exact outcome.

A bad file fails with one clear reason and leaves no file at all (not even a temporary
one) in the output folder; an odd but usable file gives a valid document whose degraded
content is asserted here. A folder of the whole corpus plus good files runs to the end,
names exactly the bad files and writes every good one.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import signal
import socket
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import InputError, extract_bytes, extract_file
from pipeline.batch import process_one
from pipeline.emit import to_json
from pipeline.models import Document
from pipeline.schema import load_document

from . import badinputs as bi

KINDS = bi.by_name()
FILE_KINDS = [k for k in bi.kinds() if not k.batch_only]
GOOD_RAW = [bi.RAW / "nsclc_egfr_tki.txt", bi.RAW / "t2dm_cv_outcomes_print.pdf"]
# seconds a document may take in these tests: generous for real work (the 100k-glyph page needs
# about 4 s), short for the kinds that loop forever and are ended only by the budget
BUDGET = 60.0  # a shared, loaded machine runs the 100k-glyph page in up to 20 s
ENDLESS_BUDGET = 2.0
CLI_BUDGET = 30.0  # the 100k-glyph page must finish on a loaded machine too
_HAS_BUDGET = "timeout" in inspect.signature(process_one).parameters

# kinds whose right outcome needs a change in a module owned elsewhere: (module, exact change)
PENDING: dict[str, tuple[str, str]] = {}
# kinds that never end without the batch's time budget: not run through extract_file
ENDLESS = {"ref_cycle_contents_pdf", "ref_cycle_length_pdf", "huge_stream_pdf"}


class Hang(BaseException):
    """Raised by the test's own alarm; a BaseException so that no library handler swallows it."""


@pytest.fixture
def time_limit():
    """Fail a test that runs longer than `seconds` (library calls without a budget of their own)."""
    armed = []

    def arm(seconds: float) -> None:
        def on_alarm(_signum, _frame):  # type: ignore[no-untyped-def]
            raise Hang(f"still running after {seconds} s")

        armed.append(signal.signal(signal.SIGALRM, on_alarm))
        signal.setitimer(signal.ITIMER_REAL, seconds)

    yield arm
    if armed:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, armed[0])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("badcorpus")
    bi.write_all(folder)
    return folder


@pytest.fixture(scope="module")
def ref_txt() -> Document:
    return extract_file(bi.GOOD_TXT)


@pytest.fixture(scope="module")
def ref_pdf() -> Document:
    return extract_file(bi.GOOD_PDF)


def _param(kind: bi.Kind):  # type: ignore[no-untyped-def]
    if kind.name in PENDING:
        module, change = PENDING[kind.name]
        return pytest.param(kind, id=kind.name, marks=pytest.mark.xfail(strict=True, reason=f"{module}: {change}"))
    return pytest.param(kind, id=kind.name)


def _process(path: Path, out: Path, budget: float = BUDGET):  # type: ignore[no-untyped-def]
    if _HAS_BUDGET:
        return process_one(str(path), str(out), timeout=budget)
    return process_one(str(path), str(out))


def _all_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _flat(sections, out=None):  # type: ignore[no-untyped-def]
    out = [] if out is None else out
    for s in sections:
        out.append((s.number, s.title))
        _flat(s.sections, out)
    return out


def _paragraphs(doc: Document) -> list[str]:
    out: list[str] = []

    def walk(ss):  # type: ignore[no-untyped-def]
        for s in ss:
            out.extend(p.text for p in s.paragraphs)
            walk(s.sections)

    walk(doc.sections)
    return out


def _drugs(doc: Document) -> set[str]:
    return {d.id for d in doc.entities.drugs}


# --------------------------------------------------------------------------- content checks


def _same_as(ref: Document, doc: Document, *, abstract: bool = True) -> None:
    assert doc.metadata.title == ref.metadata.title
    assert _flat(doc.sections) == _flat(ref.sections)
    if abstract:
        assert doc.abstract == ref.abstract
    assert len(doc.references) == len(ref.references)
    assert _drugs(doc) == _drugs(ref)


def check_same_text(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert doc.source.format == "text"
    _same_as(ref_txt, doc)
    assert _paragraphs(doc) == _paragraphs(ref_txt)
    assert not doc.warnings


def check_same_pdf(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert doc.source.format == "pdf"
    assert doc.source.pages == ref_pdf.source.pages
    _same_as(ref_pdf, doc)


def check_active_content(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    check_same_pdf(doc, ref_txt, ref_pdf, kind)
    assert not Path("/tmp/reviewx-launched").exists()
    text = to_json(doc)
    assert "127.0.0.1:9" not in text and "app.alert" not in text


def check_invalid_utf8(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    _same_as(ref_txt, doc, abstract=False)
    assert doc.warnings == ["3 invalid UTF-8 byte sequence(s) replaced by U+FFFD"]
    assert 1 <= to_json(doc).count("\ufffd") <= 6  # the bad bytes, in text and maybe a mention


def check_nul_bytes(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    _same_as(ref_txt, doc)
    assert len(doc.warnings) == 1 and "NUL byte(s) removed" in doc.warnings[0]
    assert "\x00" not in to_json(doc).replace("\\u0000", "\x00")


def check_control_chars(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    _same_as(ref_txt, doc)
    for text in _paragraphs(doc) + [doc.abstract.zh or "", doc.abstract.en or ""]:
        assert not any(unicodedata.category(c) == "Cc" for c in text), text[:80]


def check_gbk(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    # the few characters GBK lacks (a minus sign, odd spaces) were written as plain spaces
    def gbk_only(t: str) -> str:
        return "".join(c for c in t if c != " " and c.encode("gbk", errors="ignore"))

    assert doc.metadata.title == ref_txt.metadata.title
    assert _flat(doc.sections) == _flat(ref_txt.sections)
    assert _drugs(doc) == _drugs(ref_txt)
    assert [gbk_only(p) for p in _paragraphs(doc)] == [gbk_only(p) for p in _paragraphs(ref_txt)]
    assert not doc.warnings


def check_many_chars(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    # read within the budget; the noise is kept as text (faux-bold de-duplication drops a few glyphs)
    assert doc.source.format == "pdf" and doc.source.pages == 1
    assert doc.metadata.title.en == "Advances in the treatment of amyotrophic lateral sclerosis"
    text = (doc.abstract.en or "") + "".join(_paragraphs(doc))
    assert text.startswith("A page of 100 000 glyphs too small to read.")
    assert len(text) > 80_000


def check_big5(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    # decoded right (no mojibake); numbered headings and the traditional 參考文獻 label are read,
    # and a warning says that labels are matched mainly in simplified Chinese
    assert doc.metadata.title.zh == "類風濕關節炎靶向治療的研究進展"
    assert [a.name for a in doc.metadata.authors] == ["陳立新", "王婷"]
    assert doc.abstract.zh and doc.abstract.zh.startswith("類風濕關節炎是一種以慢性滑膜炎為主要特徵的自身免疫性疾病")
    assert doc.abstract.zh.endswith("臨床研究進展進行綜述。")
    assert [(s.number, s.title) for s in doc.sections] == [
        ("1", "腫瘤壞死因子抑制劑"),
        ("2", "JAK抑制劑"),
        ("3", "結語"),
    ]
    assert len(doc.references) == 2
    assert {"methotrexate", "tofacitinib"} <= _drugs(doc)
    # the Big5 note first; a file this small is also below the quality report's body size
    assert doc.warnings[0].startswith("decoded as Big5")
    assert [w for w in doc.warnings[1:] if not w.startswith("needs review: the body holds only")] == []


def check_no_headings(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert len(doc.sections) == 1
    s = doc.sections[0]
    assert s.title is None and s.number is None and s.sections == []
    # each line of this file is a whole paragraph (far wider than any printed column)
    assert [p.text for p in s.paragraphs] == [p.strip() for p in bi.NO_HEADINGS_REVIEW.split("\n\n") if p.strip()]
    assert doc.metadata.title.zh is None and doc.metadata.title.en is None
    assert {"riluzole", "edaravone"} <= _drugs(doc)


def check_english_only(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert doc.metadata.title.zh is None
    assert doc.metadata.title.en == "Advances in the treatment of amyotrophic lateral sclerosis"
    assert [(a.name, a.affiliations) for a in doc.metadata.authors] == [("ZHU Yinwei", [1]), ("WANG Guojun", [1])]
    (aff,) = doc.metadata.affiliations
    assert (aff.department, aff.postcode) == ("Department of Neurology", "215500")
    assert doc.abstract.en and doc.abstract.en.startswith("Amyotrophic lateral sclerosis (ALS) is a progressive")
    assert not doc.abstract.zh
    assert _flat(doc.sections) == [("1", "Introduction"), ("2", "Drug treatment"), ("3", "Conclusion")]
    assert len(doc.references) == 3
    assert {"riluzole", "edaravone"} <= _drugs(doc)


def check_long_paragraph(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert doc.metadata.title == ref_txt.metadata.title
    long = bi.LONG_UNIT * (20_000 // len(bi.LONG_UNIT))
    assert any(long in p for p in _paragraphs(doc))
    assert [t for _, t in _flat(doc.sections)] == [t for _, t in _flat(ref_txt.sections)]


def check_pdf_magic_in_text(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert doc.source.format == "text"
    assert _flat(doc.sections) == _flat(ref_txt.sections)
    assert _drugs(doc) == _drugs(ref_txt)


def check_named(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    assert doc.doc_id and "/" not in doc.doc_id and "\\" not in doc.doc_id and ".." not in doc.doc_id
    _same_as(ref_txt, doc)


def check_ocr_of_unmapped(doc, ref_txt, ref_pdf, kind):  # type: ignore[no-untyped-def]
    # glyphs without a way back to Unicode: those pages are read by OCR instead (a page set only
    # in a standard-encoded Latin face keeps its text layer)
    assert doc.source.ocr is not None and 1 in doc.source.ocr.pages
    assert set(doc.source.ocr.pages) <= set(range(1, (doc.source.pages or 0) + 1))
    assert {q.reason for q in doc.quality.ocr_pages} == {"unusable_text_layer"}
    assert doc.metadata.title.zh == ref_pdf.metadata.title.zh
    assert len(_drugs(doc) & _drugs(ref_pdf)) >= 0.8 * len(_drugs(ref_pdf))


CHECKS = {
    "no_tounicode_pdf": check_ocr_of_unmapped,
    "pdf_named_txt": check_same_pdf,
    "many_chars_pdf": check_many_chars,
    "broken_xref_pdf": check_same_pdf,
    "encrypted_owner_only_pdf": check_same_pdf,
    "encrypted_owner_only_rc4_pdf": check_same_pdf,
    "cyclic_page_tree_pdf": check_same_pdf,
    "active_content_pdf": check_active_content,
    "gb18030_txt": check_same_text,
    "gbk_txt": check_gbk,
    "big5_txt": check_big5,
    "utf16_bom_txt": check_same_text,
    "utf16_be_bom_txt": check_same_text,
    "utf16_nobom_txt": check_same_text,
    "invalid_utf8_txt": check_invalid_utf8,
    "utf8_bom_txt": check_same_text,
    "nul_bytes_txt": check_nul_bytes,
    "control_chars_txt": check_control_chars,
    "cr_only_txt": check_same_text,
    "no_headings_txt": check_no_headings,
    "english_only_txt": check_english_only,
    "long_paragraph_txt": check_long_paragraph,
    "pdf_magic_in_text_txt": check_pdf_magic_in_text,
    "path_traversal_name": check_named,
    "backslash_traversal_name": check_named,
    "encoded_traversal_name": check_named,
    "dots_stem_name": check_named,
}


def test_corpus_is_complete() -> None:
    names = [k.name for k in bi.kinds()]
    assert len(names) == len(set(names)) and len(names) >= 32
    assert len({Path(k.filename).stem for k in bi.kinds()}) == len(names)
    assert set(CHECKS) == {k.name for k in FILE_KINDS if k.status == "ok"}
    assert all(k.reason for k in bi.kinds() if k.status == "failed")
    assert set(PENDING) <= set(KINDS) and ENDLESS <= set(KINDS)


@pytest.fixture
def no_network(monkeypatch):
    """Extraction must neither connect anywhere nor start a program."""

    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("reviewx tried to reach the network or run a program")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(os, "system", refuse)


# --------------------------------------------------------------------------- one file at a time


@pytest.mark.parametrize("kind", [_param(k) for k in FILE_KINDS])
def test_process_one(kind: bi.Kind, corpus: Path, tmp_path: Path, ref_txt, ref_pdf, no_network) -> None:
    if kind.name in ENDLESS and not _HAS_BUDGET:
        pytest.skip("process_one has no time budget: this kind would never end")
    out = tmp_path / "out"
    out.mkdir()
    path = corpus / kind.filename
    o = _process(path, out, ENDLESS_BUDGET if kind.name in ENDLESS else BUDGET)
    assert o.path == str(path)
    if kind.status == "failed":
        assert (o.status, kind.reason in (o.reason or "")) == ("failed", True), o.reason
        assert "\n" not in (o.reason or "") and "Traceback" not in (o.reason or "")
        assert _all_files(out) == [], "a failed document left a file behind"
        return
    assert o.status == "ok", o.reason
    assert _all_files(out) == [f"{o.doc_id}.json"], "exactly one output, no temporary file"
    written = out / f"{o.doc_id}.json"
    assert written.resolve().parent == out.resolve()
    doc = load_document(written)
    assert doc.doc_id == o.doc_id
    CHECKS[kind.name](doc, ref_txt, ref_pdf, kind)


@pytest.mark.parametrize("kind", [_param(k) for k in FILE_KINDS if k.status == "failed" and k.name not in ENDLESS])
def test_extract_file_raises_input_error(kind: bi.Kind, corpus: Path, time_limit) -> None:
    """The library entry point raises InputError (nothing else) with the same one-line reason."""
    time_limit(20)
    with pytest.raises(InputError) as e:
        extract_file(corpus / kind.filename)
    assert kind.reason in e.value.reason
    assert e.value.path == str(corpus / kind.filename)
    assert "\n" not in str(e.value)


# --------------------------------------------------------------------------- a whole folder


def _expected(corpus: Path) -> tuple[set[str], set[str]]:
    """(paths that must fail, doc_ids that must be written) for a folder run over `corpus`."""
    from pipeline.document import doc_id_for

    bad, good = set(), {"looped-review"}  # the one file inside the symlink loop
    for k in FILE_KINDS:
        if k.filename.startswith("."):
            continue  # hidden files are not inputs of a folder run
        if k.name in PENDING:
            continue  # asserted by their own (xfail) test
        path = corpus / k.filename
        if k.status == "failed":
            bad.add(str(path))
        else:
            good.add(doc_id_for(path))
    return bad, good


def test_cli_folder_of_bad_and_good(corpus: Path, tmp_path: Path, capsys, no_network) -> None:
    from pipeline.cli import build_parser, main
    from pipeline.document import doc_id_for

    folder = tmp_path / "in"
    shutil.copytree(corpus, folder, symlinks=True, ignore=_specials)
    for special in _specials(str(corpus), os.listdir(corpus)):
        os.mkfifo(folder / special)  # the only special file of the corpus kinds: copied by kind, never read
    for g in GOOD_RAW:
        shutil.copy(g, folder / g.name)
    out = tmp_path / "out"
    argv = ["extract", str(folder), "-o", str(out), "--jobs", "2"]
    if _cli_has_timeout(build_parser):
        argv += ["--timeout", str(CLI_BUDGET)]
    code = main(argv)
    cap = capsys.readouterr()
    bad, good = _expected(folder)
    good |= {doc_id_for(g) for g in GOOD_RAW}
    failed = _failure_lines(cap.err, folder)
    pending = {str(folder / KINDS[n].filename) for n in PENDING}
    assert code == 1
    assert set(failed) - pending == bad, failed
    for k in FILE_KINDS:
        p = str(folder / k.filename)
        if p in failed and k.status == "failed" and k.name not in PENDING:
            assert k.reason in failed[p], (k.name, failed[p])
    written = {p.stem for p in out.glob("*.json")}
    assert good <= written
    assert written - good <= {doc_id_for(folder / KINDS[n].filename) for n in PENDING}
    # nothing but outputs and the run report; nothing outside the output folder
    leftovers = [f for f in _all_files(out) if not f.startswith("_runs") and not f.endswith(".json")]
    assert leftovers == []
    assert all(not f.startswith(".") for f in _all_files(out))
    assert not list(tmp_path.glob("*.json")) and not (tmp_path.parent / "escape.json").exists()
    # the symlink loop: the walk ended, nothing was read twice; the summary agrees
    summary = cap.out.strip().splitlines()[-1]
    assert summary.startswith(f"{len(written)} ok, 0 skipped, {len(failed)} failed"), summary


def _specials(folder: str, names: list[str]) -> set[str]:
    """Names of FIFOs in `folder` (shutil.copytree would try to read them)."""
    import stat

    return {n for n in names if stat.S_ISFIFO(os.lstat(os.path.join(folder, n)).st_mode)}


def test_cli_one_line_per_failure(corpus: Path, tmp_path: Path, capsys) -> None:
    from pipeline.cli import main

    bad = [corpus / KINDS[n].filename for n in ("empty_txt", "garbage_pdf", "title_only_txt")]
    code = main(["extract", *map(str, bad), "-o", str(tmp_path / "out"), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.startswith("failed: ")]
    assert sorted(lines) == sorted(f"failed: {p}: {r}" for p, r in _failure_lines(err, corpus).items())
    assert len(lines) == len(bad)


def _cli_has_timeout(build_parser) -> bool:  # type: ignore[no-untyped-def]
    try:
        build_parser().parse_args(["extract", "x", "--timeout", "1"])
    except SystemExit:
        return False
    return True


def _failure_lines(err: str, folder: Path) -> dict[str, str]:
    """{path: reason} of the 'failed: <path>: <reason>' lines naming an input of `folder`."""
    inputs = sorted((str(p) for p in folder.rglob("*")), key=len, reverse=True)
    out: dict[str, str] = {}
    for line in err.splitlines():
        if not line.startswith("failed: "):
            continue
        rest = line[len("failed: ") :]
        path = next((p for p in inputs if rest.startswith(p + ": ")), None)
        if path is not None:
            assert path not in out, f"two failure lines for {path}"
            out[path] = rest[len(path) + 2 :]
    return out


def test_cli_named_traversal_files_stay_inside(corpus: Path, tmp_path: Path, capsys) -> None:
    """Hidden-looking traversal names given one by one: each output lands inside the output folder."""
    from pipeline.cli import main

    names = [
        KINDS[n].filename
        for n in ("path_traversal_name", "backslash_traversal_name", "encoded_traversal_name", "dots_stem_name")
    ]
    out = tmp_path / "deep" / "out"
    code = main(["extract", *[str(corpus / n) for n in names], "-o", str(out), "--jobs", "1"])
    capsys.readouterr()
    assert code == 0
    files = sorted(p.name for p in out.glob("*.json"))
    assert files == sorted(["2f-2fescape.json", "evil.json", "2e-2e-2f-2e-2e-2fescape2.json", "document.json"])
    for f in out.rglob("*"):
        assert out.resolve() in f.resolve().parents or f.resolve().parent == out.resolve()
    assert sorted(p.name for p in (tmp_path / "deep").iterdir()) == ["out"]
    assert not list(tmp_path.glob("*.json"))


# --------------------------------------------------------------------------- fuzzing the text stages

_chars = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK punctuation, ideographic space
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),  # full-width forms
    st.characters(min_codepoint=0x00, max_codepoint=0x1F),  # C0 controls, NUL, CR, LF
    st.characters(min_codepoint=0x7F, max_codepoint=0x9F),  # DEL, C1 controls
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.sampled_from(list("摘要关键词参考文献引言结论 1 2.1 一、（一）[1] mg/kg ABSTRACT Key words\n\n")),
    st.characters(),  # anything, surrogates excluded by the encoder below
)
_lines = st.lists(st.text(_chars, max_size=200), max_size=40).map("\n".join)
# long lines stay under 4 000 characters: entities/numbers.py is quadratic in a run of digits (a line of
# 8 800 zeros takes 5 s), which is a speed problem of its own, not what this test is about
_long_line = st.integers(1_000, 4_000).flatmap(
    lambda n: st.text(_chars, min_size=50, max_size=50).map(lambda unit: unit.replace("\n", " ") * (n // 50))
)
_texts = st.one_of(_lines, st.tuples(_lines, _long_line, _lines).map("\n".join))
_encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "utf-16-le"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=_texts, enc=_encodings, name=st.sampled_from(["x.txt", "x.pdf", "…/x.txt"]))
def test_fuzz_text_stages(text: str, enc: str, name: str) -> None:
    data = text.encode(enc, errors="replace") if enc != "utf-8" else text.encode("utf-8", errors="surrogatepass")

    def on_alarm(_signum, _frame):  # type: ignore[no-untyped-def]
        raise Hang("one example ran longer than 20 s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, 20.0)
    try:
        doc = extract_bytes(data, name)
    except InputError as e:
        assert e.reason and "\n" not in e.reason
        return
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    Document.model_validate_json(to_json(doc))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: b"\xef\xbb\xbf" + b),
        st.binary(max_size=3000).map(lambda b: b"\xff\xfe" + b),
    )
)
def test_fuzz_bytes_decode(data: bytes) -> None:
    """Arbitrary bytes as a text file: a document or an InputError, never another exception."""
    try:
        doc = extract_bytes(data, "x.txt")
    except InputError as e:
        assert e.reason and "\n" not in e.reason
        return
    Document.model_validate_json(to_json(doc))


# --------------------------------------------------------------------------- hostile inputs (issue 17)

REVIEWX = [str(bi.ROOT / ".venv" / "bin" / "python"), "-m", "pipeline.cli"]


def _one_error_line(err: str, *needles: str) -> str:
    """The one `reviewx: ...` line of `err`; no traceback."""
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def test_batch_refuses_fifo_and_dev_zero_without_reading(tmp_path: Path, time_limit) -> None:
    """A folder run stats its inputs: a FIFO cannot block it, a link to /dev/zero cannot fill memory."""
    from pipeline.batch import run

    folder = tmp_path / "in"
    folder.mkdir()
    fifo, zero = bi.build_fifo(folder), bi.build_dev_zero_link(folder)
    shutil.copy(bi.GOOD_TXT, folder / "good.txt")
    time_limit(60)
    s = run([folder], tmp_path / "out", jobs=1, timeout=BUDGET)
    reasons = {Path(o.path).name: o.reason for o in s.outcomes}
    assert reasons == {
        "fifo.txt": "not a regular file: a FIFO (named pipe)",
        "dev_zero.txt": "not a regular file: a character device",
        "good.txt": None,
    }
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["good.json"]
    for p in (fifo, zero):
        with pytest.raises(InputError, match="not a regular file"):
            extract_file(p)


def test_input_over_the_size_budget_is_refused_before_reading(tmp_path: Path) -> None:
    from pipeline.reading import read_input

    big = tmp_path / "big.txt"
    with big.open("wb") as f:  # sparse: 2 GB of size, no disk
        f.truncate(2 << 30)
    with pytest.raises(InputError, match=r"exceeded limit: 2147483648 bytes \(at most 268435456\)"):
        read_input(big)
    o = process_one(str(big), str(tmp_path / "out"), timeout=BUDGET)
    assert o.status == "failed" and o.reason.startswith("exceeded limit")


def test_huge_content_stream_is_ended_within_the_budget(corpus: Path, tmp_path: Path) -> None:
    """A 300 MB content stream: stopped within the budget + 10 %, called "exceeded limit", not "damaged PDF"."""
    import time

    budget = 4.0
    process_one(str(bi.GOOD_TXT), str(tmp_path / "warm"), timeout=BUDGET)  # start-up is not the document's
    t0 = time.monotonic()
    o = process_one(str(corpus / "huge_stream.pdf"), str(tmp_path / "out"), timeout=budget)
    wall = time.monotonic() - t0
    assert o.status == "failed" and o.reason == f"exceeded limit: more than {budget:g} s", o.reason
    assert wall <= budget * 1.1, wall
    assert not (tmp_path / "out").exists() or _all_files(tmp_path / "out") == []


def _tree(pid: int) -> set[int]:
    """`pid` and every process below it, from /proc."""
    kids: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d.name))
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        out.add(p)
        todo.extend(kids.get(p, []))
    return out


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent's wait is missing


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_kill_9_of_extract_ends_its_workers(corpus: Path, tmp_path: Path) -> None:
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    # slow documents (100 000 glyphs each, seconds of work): the workers are busy when killed
    for k in ("a", "b"):
        shutil.copy(corpus / KINDS["many_chars_pdf"].filename, folder / f"{k}_{KINDS['many_chars_pdf'].filename}")
    proc = subprocess.Popen(
        REVIEWX + ["extract", str(folder), "-o", str(tmp_path / "out"), "--jobs", "2", "--timeout", "120"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=bi.ROOT,
        env={**os.environ, "PYTHONPATH": str(bi.ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        below: set[int] = set()
        while time.monotonic() < deadline:
            below = _tree(proc.pid) - {proc.pid}
            if len(below) >= 4:  # two workers, each with the child running its document
                break
            time.sleep(0.2)
        assert len(below) >= 2, f"workers never started: {below}"
        time.sleep(0.5)
        below = _tree(proc.pid) - {proc.pid}
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_running(p) for p in below):
            time.sleep(0.2)
        left = [p for p in below if _running(p)]
        assert left == [], f"processes outlived their parent: {left}"
    finally:
        for p in below:
            try:
                os.kill(p, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def test_output_folder_that_is_a_file_is_one_line(tmp_path: Path, capsys) -> None:
    from pipeline.cli import main

    target = tmp_path / "taken"
    target.write_text("not a folder")
    for argv in (
        ["extract", str(bi.GOOD_TXT), "-o", str(target)],
        ["show", str(bi.ROOT / "tests" / "gold" / "als-treatment-review.json"), "-o", str(target)],
    ):
        assert main(argv) == 2
        _one_error_line(capsys.readouterr().err, str(target), "output folder is not a folder")
    assert target.read_text() == "not a folder"


def _without_override() -> list[str]:
    """A prefix that runs a command without root's power to write anywhere (empty when not root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_read_only_output_folder_is_one_line(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    os.chmod(ro, 0o555)
    try:
        for cmd in (
            ["extract", str(bi.GOOD_TXT), "-o", str(ro)],
            ["extract", str(bi.GOOD_TXT), "-o", str(ro / "sub")],
            ["show", str(bi.ROOT / "tests" / "gold" / "als-treatment-review.json"), "-o", str(ro)],
        ):
            r = subprocess.run(
                _without_override() + REVIEWX + cmd,
                capture_output=True,
                text=True,
                cwd=bi.ROOT,
                env={**os.environ, "PYTHONPATH": str(bi.ROOT)},
                timeout=120,
            )
            assert r.returncode == 2, r.stderr
            _one_error_line(r.stderr, "cannot write to output folder", "Permission denied")
        assert list(ro.iterdir()) == []
    finally:
        os.chmod(ro, 0o755)


def test_non_utf8_file_names(tmp_path: Path) -> None:
    """A name that is not UTF-8 is extracted, printed and reported without a traceback."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9 review.txt")
    shutil.copy(bi.GOOD_TXT, folder / name)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(bi.ROOT), "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    r = subprocess.run(
        REVIEWX + ["extract", str(folder), "-o", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        cwd=bi.ROOT,
        env=env,
        timeout=300,
    )
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    (written,) = out.glob("*.json")
    doc = load_document(written)
    assert doc.doc_id == "caf-review" and doc.source.path.endswith("caf\ufffd review.txt")
    reports = list((out / "_runs").glob("*.json"))
    assert len(reports) == 1 and "caf\ufffd review.txt" in reports[0].read_text(encoding="utf-8")
    # the JSON under a name that is not UTF-8 either, bad in one case: one line each
    bad = tmp_path / os.fsdecode(b"bad\xff.json")
    bad.write_bytes(b'{"doc_id": ')
    good = tmp_path / os.fsdecode(b"good\xff.json")
    shutil.copy(written, good)
    r = subprocess.run(
        REVIEWX + ["validate", str(good), str(bad)], capture_output=True, text=True, cwd=bi.ROOT, env=env, timeout=120
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.strip() == "valid: " + str(tmp_path) + "/good\ufffd.json"
    _one_error_line(r.stderr, "bad\ufffd.json", "not valid JSON")


# crafted JSON: every command that reads JSON gives one line for each


def _crafted(tmp_path: Path) -> dict[str, Path]:
    good = json.loads((bi.ROOT / "tests" / "gold" / "als-treatment-review.json").read_text(encoding="utf-8"))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    digits = tmp_path / "digits.json"
    text = json.dumps({**good, "doc_id": "digits", "metadata": {**good["metadata"], "year": 123454321}})
    digits.write_text(text.replace("123454321", "9" * 5000, 1))
    assert "9" * 5000 in digits.read_text()
    folder = tmp_path / "folder.json"
    folder.mkdir()
    big_int = tmp_path / "bigint.json"
    good["doc_id"] = "bigint"
    good["entities"]["trials"][0]["n_enrolled"] = 30000000000000000000
    big_int.write_text(json.dumps(good))
    return {"deep": deep, "digits": digits, "folder": folder, "bigint": big_int}


REASONS = {
    "deep": "nested deeper than 64 levels",
    "digits": "out of range",
    "folder": "is a directory",
    "bigint": "less than or equal to 2147483647",
}


@pytest.mark.parametrize("kind", sorted(REASONS))
@pytest.mark.parametrize("command", ["validate", "diff", "show", "load"])
def test_crafted_json_is_one_line(kind: str, command: str, tmp_path: Path, capsys, time_limit) -> None:
    from pipeline.cli import main

    path = _crafted(tmp_path)[kind]
    gold = bi.ROOT / "tests" / "gold" / "als-treatment-review.json"
    argv = {
        "validate": ["validate", str(path)],
        "diff": ["diff", str(path), str(gold)],
        "show": ["show", str(path), "-o", str(tmp_path / "html")],
        "load": ["load", str(path), "--db", f"sqlite:///{tmp_path / 'r.db'}"],
    }[command]
    time_limit(60)
    code = main(argv)
    cap = capsys.readouterr()
    assert code in (1, 2)
    # diff takes folders: a folder named x.json is one, without JSON files
    line = _one_error_line(
        cap.err, "no JSON files in this folder" if (command, kind) == ("diff", "folder") else REASONS[kind]
    )
    assert path.name in line
    assert not (tmp_path / "html").exists() or sorted(p.name for p in (tmp_path / "html").iterdir()) == []


def test_load_of_a_folder_loads_the_good_and_names_the_bad(tmp_path: Path, capsys) -> None:
    from pipeline.cli import main

    files = _crafted(tmp_path)
    shutil.copy(bi.ROOT / "tests" / "gold" / "als-treatment-review.json", tmp_path / "good.json")
    code = main(["load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'db' / 'r.db'}"])
    cap = capsys.readouterr()
    assert code == 1 and "Traceback" not in cap.err
    failed = sorted(ln.split(": ")[1] for ln in cap.err.splitlines())
    assert failed == sorted(str(files[k]) for k in ("bigint", "deep", "digits")), cap.err  # folder.json: no file
    assert cap.out.startswith("1 loaded, 3 failed")


@pytest.fixture(scope="module")
def json_fuzz(tmp_path_factory):  # type: ignore[no-untyped-def]
    import importlib.util

    from pipeline.store import connect

    spec = importlib.util.spec_from_file_location("fuzz_json", bi.ROOT / "tools" / "fuzz_json.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    engine = connect(f"sqlite:///{tmp_path_factory.mktemp('fz') / 'f.db'}")
    yield mod, mod.seed_document(), engine
    engine.dispose()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(rng=st.randoms(use_true_random=False))
def test_fuzz_crafted_json(json_fuzz, rng, tmp_path) -> None:
    """A mutated document: one InputError line, or one that loads, renders without foreign elements and diffs
    (`make fuzz` runs 10 000 of these)."""
    mod, seed, engine = json_fuzz
    outcome = mod.check(mod.mutate(seed, rng), engine, tmp_path)
    assert outcome.startswith(("refused", "invalid", "valid"))
