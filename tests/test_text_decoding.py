"""Text decoding: charset-normalizer picks legacy Chinese encodings; reviewx's own checks stay only
where they measurably do better (each case below is one where charset-normalizer alone fails)."""

from __future__ import annotations

import charset_normalizer
import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.ingest.text import decode_text

from .conftest import RAW

TEXTS = sorted(RAW.glob("*.txt"))


@pytest.mark.parametrize("path", TEXTS[:4], ids=lambda p: p.stem)
@pytest.mark.parametrize("chars", [None, 400, 50])
def test_legacy_chinese_encodings(path, chars):
    text = path.read_text(encoding="utf-8")[:chars]
    trad = opencc.OpenCC("s2t").convert(text)
    gb = decode_text(text.encode("gb18030"), "x")
    assert (gb.encoding, gb.text) == ("gb18030", text.lstrip("\ufeff")) and gb.notes == []
    data = trad.encode("big5", errors="replace")
    b5 = decode_text(data, "x")
    assert b5.encoding in ("Big5", "cp950") and b5.text == data.decode("big5")
    assert b5.notes and "traditional Chinese" in b5.notes[0]


def test_own_checks_where_charset_normalizer_gives_up():
    text = (RAW / "chb_antiviral.txt").read_text(encoding="utf-8")
    nearly = text[:2000].encode() + b"\xff" + text[2000:4000].encode()
    assert charset_normalizer.from_bytes(nearly).best() is None  # the measurement behind keeping our check
    d = decode_text(nearly, "x")
    assert d.encoding == "utf-8" and d.text.count("\ufffd") == 1 and "invalid UTF-8" in d.notes[0]
    wide = text[:3000].encode("utf-16-le")  # no BOM
    d = decode_text(wide, "x")
    assert d.encoding == "utf-16-le" and d.text == text[:3000]


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=50, max_size=3000))
def test_random_bytes_are_refused_or_read_as_text(data):
    try:
        d = decode_text(data, "x")
    except InputError as e:
        assert e.reason
    else:
        assert "\x00" not in d.text and d.text.strip()
