"""Which article of a file is the document (issue 12, must-have 1), on fresh line-level PDF
layouts: a letters page with the previous letter's end and the next letter's start, a letter
signed at its end, figure text, and a file of two complete articles."""

from __future__ import annotations

from pipeline import articles
from pipeline.lines import Line
from pipeline.resources import structure_cues
from pipeline.structure import build

BODY, TITLE, SMALL = 9.0, 10.5, 7.0


def L(text: str, size: float = BODY, page: int = 1, heading: bool = False, gap: bool = False) -> Line:
    return Line(text=text, page=page, size=size, heading_face=heading, gap_before=gap, font="Body", top=100.0)


def body(topic: str, n: int, page: int) -> list[Line]:
    sentences = [
        f"Patients with {topic} were followed for a median of 24 months in our cohort study,",
        f"and the rate of {topic} recurrence fell from 18% to 9% after the new protocol was",
        f"introduced across the participating centres, which supports wider use of {topic} care.",
    ]
    return [L(sentences[k % 3], page=page, gap=(k == 0)) for k in range(n)]


def refs(page: int, entries: list[str]) -> list[Line]:
    out = [L("REFERENCES", size=SMALL, page=page, gap=True)]
    for k, e in enumerate(entries, 1):
        out += [L(f"{k}. {e}", size=SMALL, page=page, gap=True), L("2019;12:100-8.", size=SMALL, page=page)]
    return out


def signature(page: int, names: list[str], address: list[str], doi: str) -> list[Line]:
    out = [L(n, page=page, heading=True, gap=(k == 0)) for k, n in enumerate(names)]
    out += [L(a, page=page) for a in address]
    out += [L("E-mail: someone@example.org", page=page), L(f"https://doi.org/{doi}", size=SMALL, page=page, gap=True)]
    return out


def letters_page() -> list[Line]:
    prev = body("gout", 6, 1) + signature(
        1, ["Anna Berg, MD"], ["Karolinska Hospital", "Stockholm, Sweden"], "10.1000/prev.1"
    )
    prev += refs(1, ["Berg A, Lund B. Urate lowering in gout. Ann Rheum Dis"])
    ours = [
        L("Remote Monitoring of Heart Failure", size=TITLE, page=1, heading=True, gap=True),
        L("After Hospital Discharge", size=TITLE, page=1, heading=True),
    ]
    ours += body("heart failure", 12, 1) + body("heart failure", 30, 2) + body("heart failure", 10, 3)
    ours += signature(
        3,
        ["Maria Rossi, MD", "Luca Bianchi, PhD*", "Giulia van der Berg, MD, MSc"],
        ["*Department of Cardiology", "Ospedale San Raffaele", "of the University of Milan", "Milan 20132, Italy"],
        "10.1000/ours.2",
    )
    ours += refs(
        3, ["Rossi M, Bianchi L. Telemonitoring in heart failure. Eur Heart J", "Smith J. Discharge care. BMJ"]
    )
    nxt = [L("Sodium Intake in Chronic Kidney Disease", size=TITLE, page=3, heading=True, gap=True)]
    nxt += body("chronic kidney disease", 8, 3)
    return prev + ours + nxt


def test_letters_page_keeps_the_letter_whose_title_stands_in_the_file():
    st = build(letters_page())
    md = st.metadata
    assert md.title.en == "Remote Monitoring of Heart Failure After Hospital Discharge"
    assert [a.name for a in md.authors] == ["Maria Rossi", "Luca Bianchi", "Giulia van der Berg"]
    assert md.affiliations and md.affiliations[0].text.startswith("Department of Cardiology, Ospedale San Raffaele")
    assert "San Raffaele of the University of Milan" in md.affiliations[0].text  # a lower-case line continues
    assert md.doi == "10.1000/ours.2"
    assert len(st.references) == 2 and st.references[0].text.startswith("Rossi M")
    rules = {r.rule for r in st.removed}
    assert {"strays.before_title", "strays.next_article_title", "frontmatter.signature_notes"} <= rules
    before = " ".join(r.text for r in st.removed if r.rule == "strays.before_title")
    assert "gout" in before and "Berg A, Lund B" in before
    text = " ".join(p.text for s in st.sections for p in s.paragraphs)
    assert "gout" not in text and "kidney" not in text and "Maria Rossi" not in text
    assert "heart failure" in text
    assert st.title_block and not st.warnings


def test_two_complete_articles_keep_the_longer_and_warn():
    a = [L("Early Mobilisation After Hip Fracture Surgery", size=TITLE, page=1, heading=True, gap=True)]
    a += body("hip fracture", 20, 1) + refs(1, ["Lee K. Hip fracture. Lancet"])
    b = [L("Antibiotic Stewardship in Community Pneumonia", size=TITLE, page=2, heading=True, gap=True)]
    b += body("pneumonia", 30, 2) + body("pneumonia", 25, 3) + refs(3, ["Chan W. Pneumonia. Thorax"])
    st = build(a + b)
    assert st.metadata.title.en == "Antibiotic Stewardship in Community Pneumonia"
    assert any("2 complete articles" in w for w in st.warnings)
    assert any(r.rule == "strays.before_title" and "hip fracture" in r.text for r in st.removed)


def test_figure_text_leaves_the_body_but_body_in_another_size_alone_stays():
    lines = [L("Statin Therapy in Older Adults", size=TITLE, heading=True, gap=True)]
    lines += body("statin therapy", 10, 1)
    lines += [L("FIGURE 1 Flow of Participants Through the Trial", size=SMALL, gap=True)]
    lines += [L(t, size=SMALL, gap=True) for t in ("A", "1,204 screened", "312 excluded", "0 20 40 60 80 100")]
    lines += [L("B", size=12.0, heading=True)]
    lines += body("statin therapy", 10, 1)
    # a short boxed note in a smaller size without a caption label is body text
    lines += [L("Statin therapy was continued in all patients who tolerated it at 12 months.", size=SMALL, gap=True)]
    lines += body("statin therapy", 6, 2)
    st = build(lines)
    fig = [r for r in st.removed if r.rule == "figures.figure_text"]
    assert fig and "1,204 screened" in fig[0].text
    heads = [s.title for s in st.sections if s.title]
    assert "A" not in heads and "B" not in heads
    text = " ".join(p.text for s in st.sections for p in s.paragraphs)
    assert "tolerated it at 12 months" in text and "1,204" not in text


def test_a_heading_after_a_figure_caption_ends_the_figure():
    # a caption printed under its figure, then the next section's heading (larger, heading face)
    lines = [L("Anticoagulation After Cardioversion", size=TITLE, heading=True, gap=True)]
    lines += [L("Abstract", heading=True, gap=True), L("Anticoagulation after cardioversion is reviewed.")]
    lines += [L("Keywords: cardioversion; anticoagulation")]
    lines += [L("1 Timing of Anticoagulation", size=10.0, heading=True, gap=True)]
    lines += body("anticoagulation", 10, 1)
    lines += [L("Figure 2 Timing of cardioversion and anticoagulation", size=SMALL, gap=True)]
    lines += [L(t, size=SMALL) for t in ("Day 0", "Week 3", "Week 4")]
    lines += [L("2 Choice of Anticoagulant Agent", size=10.0, heading=True, gap=True)]
    lines += body("anticoagulation", 8, 1)
    st = build(lines)
    fig = " ".join(r.text for r in st.removed if r.rule == "figures.figure_text")
    assert "Week 3" in fig and "Choice of Anticoagulant" not in fig
    assert "Choice of Anticoagulant Agent" in [s.title for s in st.sections]


# --- unit tests of pipeline/articles.py on a few Line records (issue 16) ---------------------------


def plain(n: int, page: int = 1) -> list[Line]:
    return [L("plain body text of this line without a final stop", page=page) for _ in range(n)]


def test_body_size_is_the_size_carrying_most_characters():
    lines = [L("x" * 50, size=BODY), L("y" * 10, size=TITLE), L("z" * 10, size=TITLE), L("no size", size=None)]
    lines[-1].size = None
    assert articles.body_size(lines) == BODY
    assert articles.body_size([Line(text="text input has no sizes")]) is None


def test_a_title_is_a_larger_heading_face_run_with_body_under_it():
    lines = plain(3) + [L("A Heading Face Title Line", size=TITLE, heading=True)] + plain(4)
    assert articles.title_starts(lines) == [3]


def test_a_multi_line_title_starts_once():
    lines = [L("First Line of a Title", size=TITLE, heading=True), L("Second Line", size=TITLE, heading=True)]
    assert articles.title_starts(lines + plain(4)) == [0]


def test_not_titles_body_face_short_sentence_final_or_without_body():
    assert articles.title_starts([L("Body Size Heading Face Line", heading=True)] + plain(4)) == []
    assert articles.title_starts([L("Larger but not heading face", size=TITLE)] + plain(4)) == []
    assert articles.title_starts([L("Too Short", size=TITLE, heading=True)] + plain(4)) == []
    assert articles.title_starts([L("A large heading face sentence ends.", size=TITLE, heading=True)] + plain(4)) == []
    # body-size text must follow within BODY_WITHIN lines
    small = [L("small print", size=SMALL) for _ in range(articles.BODY_WITHIN)]
    assert articles.title_starts([L("A Heading Face Title Line", size=TITLE, heading=True)] + small + plain(3)) == []


def test_a_title_run_breaks_at_a_page_or_size_change():
    lines = [
        L("Title Set On The First Page", size=TITLE, heading=True, page=1),
        L("Title Set On The Next Page", size=TITLE, heading=True, page=2),
    ] + plain(4, page=2)
    # two runs (without the split one run would start at 0 only); each has body text close under it
    assert articles.title_starts(lines) == [0, 1]
    sizes = [L("Title Set In One Size", size=TITLE, heading=True), L("Title In Another", size=TITLE + 1, heading=True)]
    assert articles.title_starts(sizes + plain(4)) == [0, 1]


def test_choose_keeps_the_article_spanning_most_pages():
    first = [L("A Short Letter On One Page", size=TITLE, heading=True)] + plain(5, page=1)
    second = [L("A Longer Letter Over Three Pages", size=TITLE, heading=True)] + plain(3, 1) + plain(3, 2) + plain(3, 3)
    lead = plain(2)  # the previous article's end, before any title
    c = articles.choose(lead + first + second)
    assert c is not None
    assert (c.start, c.end, c.articles) == (2 + len(first), len(lead + first + second), 2)
    assert c.warnings == []


def test_choose_ties_go_to_the_first_article():
    a = [L("The First Letter On Page One", size=TITLE, heading=True)] + plain(4)
    b = [L("The Second Letter On Page One", size=TITLE, heading=True)] + plain(4)
    c = articles.choose(a + b)
    assert c is not None and (c.start, c.end) == (0, len(a))


def test_choose_without_a_title_gives_none():
    assert articles.choose(plain(10)) is None
    assert articles.choose([]) is None


def test_two_complete_articles_warn():
    label = structure_cues().reference_labels[0]
    a = [L("The First Complete Article", size=TITLE, heading=True)] + plain(4) + [L(label, size=SMALL)]
    b = [L("The Second Complete Article", size=TITLE, heading=True)] + plain(3) + plain(3, 2) + [L(label, page=2)]
    c = articles.choose(a + b)
    assert c is not None and c.start == len(a)
    assert len(c.warnings) == 1 and "2 complete articles" in c.warnings[0]
    assert "The Second Complete Article" in c.warnings[0]
