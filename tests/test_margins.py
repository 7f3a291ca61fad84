"""pipeline/ingest/pdf/margins.py on synthetic page layouts: page furniture out, line cues in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.pdf import margins
from pipeline.ingest.pdf.glyphs import Rule
from pipeline.ingest.pdf.records import PageLayout, Seg
from pipeline.resources import structure_cues

W, H = 600.0, 800.0
SIZE = 10.0
BODY = "本研究纳入的患者均接受了规范的随访观察和记录"  # any Chinese sets the body size


def S(
    text: str,
    top: float,
    x0: float = 50.0,
    x1: float = 550.0,
    size: float = SIZE,
    font: str = "Body",
    column: int | None = None,
    bold: list[bool] | None = None,
    faces: list[str | None] | None = None,
    page: int = 1,
) -> Seg:
    return Seg(
        chars=[],
        page=page,
        x0=x0,
        x1=x1,
        top=top,
        bottom=top + size,
        size=size,
        font=font,
        column=column,
        text=text,
        bold=bold if bold is not None else [False] * len(text),
        faces=faces if faces is not None else [font] * len(text),
    )


def page(number: int, segs: list[Seg], rules: list[Rule] | None = None) -> PageLayout:
    for s in segs:
        s.page = number
    return PageLayout(number=number, width=W, height=H, segs=segs, rules=rules or [])


ORDINAL = "一二三四五六七八九十"


def body_lines(n: int, top: float = 100.0, tag: str = "") -> list[Seg]:
    # lines differ in letters, not digits: margin text is compared with its digits masked
    return [S(f"{BODY}{tag}{ORDINAL[k]}", top + 14 * k) for k in range(n)]


def test_split_page_number_at_either_edge():
    assert margins.split_page_number("· 630 ·  中国临床杂志 2020") == ("· 630 ·", "中国临床杂志 2020")
    assert margins.split_page_number("Journal of Tests — 12 —") == ("— 12 —", "Journal of Tests")
    assert margins.split_page_number("Journal of Tests 2020") == (None, "Journal of Tests 2020")


def test_in_margin_top_and_bottom_bands_and_the_pages_first_and_last_lines():
    segs = [S("header", 200), S("middle", 300), S("footer", 400)]
    p = page(1, segs)
    assert margins.in_margin(segs[0], p) and margins.in_margin(segs[2], p)  # first and last printed lines
    assert not margins.in_margin(segs[1], p)
    p2 = page(1, [S("x", 10), S("y", 300), S("z", 780)])
    assert margins.in_margin(S("top band", H * margins.MARGIN_BAND - 1), p2)
    assert margins.in_margin(S("bottom band", H * (1 - margins.MARGIN_BAND) - SIZE + 1), p2)
    assert not margins.in_margin(S("y", 300), p2)


def test_repeated_headers_and_page_numbers_leave_the_text():
    pages = [
        page(
            n,
            [S("Journal of Tests 2020;5(2)", 30)] + body_lines(5, tag="甲乙"[n - 1]) + [S(str(10 + n), 770, 290, 310)],
        )
        for n in (1, 2)
    ]
    lines, removed = margins.to_lines(pages)
    assert [ln.text for ln in lines] == [f"{BODY}{t}{ORDINAL[k]}" for t in "甲乙" for k in range(5)]
    assert [ln.index for ln in lines] == list(range(10))
    assert sorted(r.reason for r in removed) == ["page_number"] * 2 + ["running_header"] * 2
    assert {r.rule for r in removed if r.reason == "running_header"} == {"pdf.margin_repeated"}
    assert [r.page for r in removed if r.reason == "page_number"] == [1, 2]


def test_a_header_on_a_single_page_is_kept_unless_under_a_page_wide_rule():
    head = S("Journal of Tests 2020", 30)
    lines, removed = margins.to_lines([page(1, [head] + body_lines(4))])
    assert lines[0].text == "Journal of Tests 2020" and not removed
    ruled = page(1, [S("Journal of Tests 2020", 30)] + body_lines(4), [Rule(40, 560, 45, 45.5)])
    lines, removed = margins.to_lines([ruled])
    assert [r.reason for r in removed] == ["running_header"]
    assert all(ln.text.startswith(BODY) for ln in lines)


def test_repetition_needs_two_pages_not_two_bands_of_one_page():
    one = page(1, [S("Journal of Tests", 30)] + body_lines(4) + [S("Journal of Tests", 770)])
    lines, removed = margins.to_lines([one])
    assert not removed and [lines[0].text, lines[-1].text] == ["Journal of Tests"] * 2


def test_a_footer_with_the_page_number_gives_two_entries():
    pages = [page(n, body_lines(4, tag="甲乙"[n - 1]) + [S(f"· {n} ·  Journal of Tests", 770)]) for n in (1, 2)]
    _, removed = margins.to_lines(pages)
    assert [(r.reason, r.text) for r in removed if r.page == 1] == [
        ("page_number", "· 1 ·"),
        ("running_header", "Journal of Tests"),
    ]


def test_small_print_under_a_short_rule_in_a_column_is_one_footnote():
    segs = body_lines(5, tag="a")
    for s in segs:
        s.column, s.x1 = 0, 290.0
    notes = [S("1) a note in small print", 600, 50, 290, 8.0, column=0), S("that wraps", 610, 50, 200, 8.0, column=0)]
    lines, removed = margins.to_lines([page(1, segs + notes, [Rule(50, 120, 590, 590.5)])])
    assert [(r.reason, r.text) for r in removed] == [("footnote", "1) a note in small printthat wraps")]
    assert len(lines) == 5
    # body-size text under the rule is body text (the column runs on below it)
    under = S(BODY + "续", 620, 50, 290, column=0)
    lines, removed = margins.to_lines([page(1, segs + notes[:1] + [under], [Rule(50, 120, 590, 590.5)])])
    assert lines[-1].text == BODY + "续" and [r.reason for r in removed] == ["footnote"]


def test_a_latin_line_right_under_a_footnote_line_goes_with_it_whatever_its_size():
    # a scan sizes a line without Chinese characters from its box: an e-mail address under
    # the footnote can come out body-sized; right under the footnote's line it is still the footnote
    segs = body_lines(5, tag="a")
    for s in segs:
        s.column, s.x1 = 0, 290.0
    note = S("基金项目：国家自然科学基金；通信作者：王某，Email：", 600, 50, 290, 8.0, column=0)
    mail = S("someone@example.edu.cn", 609, 50, 150, SIZE, column=0)
    rule = [Rule(50, 120, 590, 590.5)]
    lines, removed = margins.to_lines([page(1, segs + [note, mail], rule)])
    assert [(r.reason, r.text) for r in removed] == [("footnote", note.text + mail.text)]
    assert len(lines) == 5
    # farther down than a line of the footnote, or with Chinese text, it is not carried along
    far = S("someone@example.edu.cn", 630, 50, 150, SIZE, column=0)
    lines, _ = margins.to_lines([page(1, segs + [note, far], rule)])
    assert lines[-1].text == far.text
    han = S(BODY, 609, 50, 290, SIZE, column=0)
    lines, _ = margins.to_lines([page(1, segs + [note, han], rule)])
    assert lines[-1].text == BODY


def test_a_long_rule_opens_a_footnote_area_only_above_footnote_text():
    cue = structure_cues().footnote_cues[0]
    long_rule = [Rule(50, 550, 590, 590.5)]
    with_cue = body_lines(5) + [S(f"{cue}：2020-01-01", 600, size=8.0), S("second", 700, size=8.0)]
    _, removed = margins.to_lines([page(1, with_cue, long_rule)])
    assert [r.reason for r in removed] == ["footnote"]
    plain = body_lines(5) + [S("a small caption line", 600, size=8.0), S("second", 700, size=8.0)]
    lines, removed = margins.to_lines([page(1, plain, long_rule)])
    assert not removed and lines[-2].text == "a small caption line"


def test_a_rule_high_on_the_page_opens_no_footnote_area():
    segs = body_lines(3) + [S("small print under a high rule", 300, size=8.0)] + body_lines(3, top=400, tag="b")
    lines, removed = margins.to_lines([page(1, segs, [Rule(50, 120, 290, 290.5)])])
    assert not removed and len(lines) == 7


def test_line_cues_indent_gap_short_and_heading_face():
    segs = [
        S(BODY + "一", 100),
        S(BODY + "二", 114, x0=70),  # indented two sizes
        S("短句", 128, x1=200),  # ends short of the column
        S("标题行", 160, size=14.0),  # after a wide space, larger than the body
        S(BODY + "三", 180),
        S(BODY + "四", 194),
    ]
    lines, _ = margins.to_lines([page(1, segs)])
    assert [ln.indent for ln in lines[:2]] == [0.0, 2.0]
    assert lines[2].short and not lines[0].short
    assert lines[3].gap_before and not lines[1].gap_before
    assert lines[3].heading_face and not lines[0].heading_face
    assert 0.0 < lines[2].fill < 0.5 and lines[0].fill == 1.0


def test_the_turn_between_columns_is_no_break_but_a_move_to_full_width_is():
    left = [S(BODY + "L" + ORDINAL[k], 100 + 14 * k, 50, 290, column=0) for k in range(4)]
    right = [S(BODY + "R" + ORDINAL[k], 100 + 14 * k, 310, 550, column=1) for k in range(4)]
    wide = S(BODY + "W", 160)
    lines, _ = margins.to_lines([page(1, left + right + [wide])])
    by = {ln.text: ln for ln in lines}
    assert not by[BODY + "R一"].gap_before
    assert by[BODY + "W"].gap_before


def test_a_bold_run_in_lead_is_found():
    text = "方法：" + BODY
    bold = [True] * 3 + [False] * len(BODY)
    segs = body_lines(4) + [S(text, 200, bold=bold)]
    lines, _ = margins.to_lines([page(1, segs)])
    ln = lines[-1]
    assert ln.lead_font == "Body" and ln.lead_len == 3
    assert not ln.bold  # not all bold
    assert lines[0].lead_font is None and lines[0].lead_len == 0


def test_an_all_bold_line_is_bold_and_a_heading_face():
    segs = body_lines(4) + [S("全部粗体的小标题", 200, bold=[True] * 8)]
    lines, _ = margins.to_lines([page(1, segs)])
    assert lines[-1].bold and lines[-1].heading_face and lines[-1].lead_len == 0


@given(st.integers(1, 9999), st.sampled_from(["·", "-", "—", "–", "•"]), st.sampled_from(["Journal 2020", "中国杂志"]))
def test_property_split_page_number_round_trips(n: int, mark: str, rest: str):
    num = f"{mark} {n} {mark}"
    assert margins.split_page_number(f"{num}  {rest}") == (num, rest)
    assert margins.split_page_number(f"{rest} {num}") == (num, rest)
