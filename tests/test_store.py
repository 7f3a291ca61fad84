"""Loading into SQLite and a real PostgreSQL server: idempotent, atomic, queryable, round-trips."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from pipeline import extract_file
from pipeline.models import Document, Drug, Entities, Mention, Number, PipelineInfo, Source
from pipeline.store import DOC_TABLES, StoreError, connect, fetch_entities, load_document, meta

from .conftest import RAW, ROOT

# the seed twice (text and PDF renditions of one review): queries count it once
CORPUS = [
    "als_treatment_review.txt",
    "nsclc_egfr_tki.txt",
    "ra_targeted_therapy.txt",
    "t2dm_cv_outcomes.txt",
    "als_treatment_review_print.pdf",
]


@cache
def corpus_docs() -> tuple[Document, ...]:
    return tuple(extract_file(RAW / name) for name in CORPUS)


def readme_queries() -> list[str]:
    md = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sql\n(.*?)```", md, flags=re.S)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        eng = connect(f"sqlite:///{tmp_path / 'r.db'}")
    else:
        url = request.getfixturevalue("postgres_url")
        eng = connect(url)
        with eng.begin() as conn:  # a clean schema per test
            for t in [*DOC_TABLES, meta]:
                conn.execute(text(f'DROP TABLE IF EXISTS "{t.name}" CASCADE'))
            conn.execute(text("DROP TABLE IF EXISTS drugs CASCADE"))
        eng.dispose()
        eng = connect(url)
    yield eng
    eng.dispose()


def counts(eng) -> dict[str, int]:
    with eng.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in DOC_TABLES}


def test_reload_changes_no_row_counts(engine):
    for d in corpus_docs():
        load_document(engine, d)
    first = counts(engine)
    assert first["documents"] == len(CORPUS) and first["mentions"] > 500
    for d in corpus_docs():
        load_document(engine, d)
    assert counts(engine) == first


@pytest.mark.parametrize("fail_after", ["sections", "trials", "mentions"])
def test_failure_mid_load_leaves_nothing_half_written(engine, fail_after):
    seed = corpus_docs()[0]
    load_document(engine, seed)
    before = counts(engine)
    changed = seed.model_copy(deep=True)
    changed.sections = changed.sections[:1]
    with pytest.raises(RuntimeError, match="injected"):
        load_document(engine, changed, fail_after=fail_after)
    assert counts(engine) == before
    other = corpus_docs()[1].model_copy(deep=True)
    with pytest.raises(RuntimeError):
        load_document(engine, other, fail_after=fail_after)
    assert counts(engine) == before


def test_readme_queries_return_the_asserted_rows(engine):
    for d in corpus_docs():
        load_document(engine, d)
    q = readme_queries()
    assert len(q) == 6
    with engine.connect() as conn:
        month_cells = conn.execute(text(q[5])).all()
        phase3_doses = conn.execute(text(q[0])).all()
        failed = conn.execute(text(q[1])).all()
        negative = conn.execute(text(q[2])).all()
        shared = conn.execute(text(q[3])).all()
        riluzole = conn.execute(text(q[4])).all()
    # nsclc's 表 2 gives median PFS in months (the corpus markup's table, gold in tests/gold/)
    assert [tuple(r[1:]) for r in month_cells if r[0] == "nsclc-egfr-tki"] == [
        ("表 2", "第一代 EGFR-TKI 一线治疗的中位 PFS", 1, 3, "13.1 个月"),
        ("表 2", "第一代 EGFR-TKI 一线治疗的中位 PFS", 2, 3, "11.2 个月"),
    ]
    seed = corpus_docs()[0]
    masitinib_doses = {(r[0], r[1], r[2], r[4]) for r in phase3_doses if r[1] == "masitinib"}
    print_id = corpus_docs()[-1].doc_id
    assert masitinib_doses == {(d, "masitinib", v, "mg/kg/d") for d in (seed.doc_id, print_id) for v in (3.0, 4.5)}, (
        "each rendition keeps its rows"
    )
    expected_failed = {(d.id, doc.doc_id) for doc in corpus_docs() for d in doc.entities.drugs if d.status == "failed"}
    assert {(r[0], r[2]) for r in failed} == expected_failed
    assert ("ceftriaxone", seed.doc_id) in expected_failed
    assert [r[2] for r in negative] == sorted([r[2] for r in negative], key=lambda n: -(n or -1))
    assert all(r[3] == "negative" for r in negative)
    assert corpus_docs()[-1].review_id == seed.review_id != print_id
    assert ("pioglitazone", 2) in {(r[0], r[1]) for r in shared}  # ALS (twice) and T2DM reviews name it
    ril = next(d for d in seed.entities.drugs if d.id == "riluzole")
    assert [(r[1], r[2], r[3], r[4]) for r in riluzole if r[0] == seed.doc_id] == sorted(
        (m.unit, m.start, m.end, m.text) for m in ril.mentions
    )


def _by_id(e: Entities) -> dict:
    return {
        t: sorted((x.model_dump() for x in getattr(e, t)), key=lambda x: x["id"])
        for t in ("drugs", "trials", "doses", "numbers")
    }


def test_entities_round_trip(engine):
    for d in corpus_docs():
        load_document(engine, d)
        assert _by_id(fetch_entities(engine, d.doc_id)) == _by_id(d.entities)


def test_older_schema_version_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    eng = connect(url)
    with eng.begin() as conn:
        conn.execute(meta.update().values(value="0"))
    eng.dispose()
    with pytest.raises(StoreError, match="schema version 0"):
        connect(url)


cjk = st.text(alphabet=st.characters(whitelist_categories=("Lo", "Nd", "Zs", "Po", "Ll")), min_size=1, max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=cjk, words=st.lists(cjk, min_size=1, max_size=4), value=st.floats(-1e6, 1e6, allow_nan=False))
def test_arbitrary_text_round_trips(tmp_path, name, words, value):
    eng = connect(f"sqlite:///{tmp_path / 'h.db'}")
    unit_text = "".join(words)
    m = Mention(unit="p1", start=0, end=len(unit_text), text=unit_text)
    doc = Document(
        doc_id="h",
        source=Source(path="x.txt", sha256="0" * 64, format="text"),
        pipeline=PipelineInfo(version="t"),
        entities=Entities(
            drugs=[Drug(id=name, name_zh=name, aliases=words, rule="r", mentions=[m])],
            numbers=[Number(id="n1", kind="other", value=value, text=unit_text, rule="r", mentions=[m])],
        ),
    )
    load_document(eng, doc)
    load_document(eng, doc)
    assert _by_id(fetch_entities(eng, "h")) == _by_id(doc.entities)
    eng.dispose()


# --------------------------------------------------------------------------- limits both engines share (issue 17)


def _doc(**kw) -> Document:
    base = dict(
        doc_id="limits", source=Source(path="x.txt", sha256="0" * 64, format="text"), pipeline=PipelineInfo(version="t")
    )
    return Document(**{**base, **kw})


def test_schema_refuses_what_an_engine_would(engine):
    """doc_id over 200, NUL in text, integers over 32 bits: refused by the schema, so no engine sees them."""
    from pydantic import ValidationError

    from pipeline.models import Bilingual, Paragraph, Section, Trial

    with pytest.raises(ValidationError, match="at most 200 characters"):
        _doc(doc_id="a" * 201)
    with pytest.raises(ValidationError, match="should match pattern"):
        _doc(doc_id="../../escape")
    with pytest.raises(ValidationError, match="should match pattern"):
        _doc(abstract=Bilingual(zh="含\x00空字符"))
    with pytest.raises(ValidationError, match="less than or equal to 2147483647"):
        Trial(id="t1", n_enrolled=30000000000000000000, rule="r")
    with pytest.raises(ValidationError, match="less than or equal to 2147483647"):
        Trial(id="t1", n_enrolled=2**31, rule="r")  # 64-bit SQLite takes it, PostgreSQL INTEGER does not
    # what the schema allows, both engines store and give back
    edge = _doc(
        doc_id="a" * 200,
        abstract=Bilingual(zh="控制\x01\x1f字符\t"),
        entities=Entities(trials=[Trial(id="t" * 200, n_enrolled=2**31 - 1, year=-(2**31), rule="r")]),
        sections=[Section(id="s" * 200, level=2**31 - 1, paragraphs=[Paragraph(id="p" * 200, text="x\x7f")])],
    )
    load_document(engine, edge)
    assert _by_id(fetch_entities(engine, edge.doc_id)) == _by_id(edge.entities)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT abstract_zh FROM documents")).scalar() == "控制\x01\x1f字符\t"


def test_load_names_an_out_of_range_file_and_loads_the_rest(engine, tmp_path):
    """ "纳入30000000000000000000例患者" in a JSON: one failure line, every other file loaded (SQLite and PostgreSQL)."""
    from pipeline.emit import to_json
    from pipeline.store import load_paths

    a, b = corpus_docs()[:2]
    (tmp_path / "a.json").write_text(to_json(a), encoding="utf-8")
    crafted = b.model_dump(mode="json")
    crafted["entities"]["trials"][0]["n_enrolled"] = 30000000000000000000
    (tmp_path / "b.json").write_text(json.dumps(crafted, ensure_ascii=False), encoding="utf-8")
    url = engine.url.render_as_string(hide_password=False)
    s = load_paths([tmp_path], url)
    assert s.loaded == [a.doc_id] and s.stopped is None
    (failed,) = s.failed
    assert failed[0] == str(tmp_path / "b.json") and "less than or equal to 2147483647" in failed[1]


def test_extracting_a_huge_count_gives_a_loadable_document(engine):
    """The extractor keeps the number but no impossible enrolment, so the document loads into both engines."""
    from pipeline import extract_bytes

    t = (RAW / "als_treatment_review.txt").read_text(encoding="utf-8")
    cut = t.index("。", 2000) + 1
    doc = extract_bytes((t[:cut] + "一项随机对照试验纳入30000000000000000000例患者。" + t[cut:]).encode(), "huge.txt")
    assert any(n.value == 3e19 for n in doc.entities.numbers)
    load_document(engine, doc)
    assert _by_id(fetch_entities(engine, doc.doc_id)) == _by_id(doc.entities)


def test_load_stops_once_the_database_is_unreachable(tmp_path, capsys):
    """PostgreSQL stopped mid-load: the load ends there and says so once, not once per remaining file."""
    from pipeline.emit import to_json
    from pipeline.store import load_paths

    from .conftest import PostgresServer

    server = PostgresServer(tmp_path / "pg")
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        doc = corpus_docs()[0]
        for i in range(8):
            copy = doc.model_copy(update={"doc_id": f"copy-{i}"})
            (folder / f"copy-{i}.json").write_text(to_json(copy), encoding="utf-8")
        seen: list[str] = []

        def outage_after_two(path, ok):  # type: ignore[no-untyped-def]
            seen.append(path.name)
            if len(seen) == 2:
                server.stop()

        s = load_paths([folder], server.url, progress=outage_after_two)
        assert s.loaded == ["copy-0", "copy-1"] and s.failed == []
        assert s.stopped and "database unreachable" in s.stopped and "stopped after 2 loaded" in s.stopped
        assert "copy-2.json" in s.stopped and seen == ["copy-0.json", "copy-1.json"]
    finally:
        server.stop()


# --- schema 3: tables and figures ------------------------------------------------------


def _doc_with_table() -> Document:
    from pipeline.models import Figure
    from pipeline.models import Table as DocTable

    return Document(
        doc_id="tab",
        source=Source(path="x.pdf", sha256="", format="pdf"),
        pipeline=PipelineInfo(version="t"),
        tables=[
            DocTable(
                id="t1",
                label="表 1",
                caption="两组比较",
                page=2,
                bbox=(10.0, 20.0, 300.0, 120.0),
                ruled=True,
                header_rows=1,
                rows=[["组别", "例数"], ["治疗组", "30"], ["对照组", ""]],
            )
        ],
        figures=[Figure(id="f1", label="图 1", caption="流程图", page=3)],
    )


def test_tables_and_figures_load(engine):
    from pipeline.store import doc_tables, figures, table_cells

    load_document(engine, _doc_with_table())
    with engine.connect() as conn:
        t = conn.execute(select(doc_tables.c.label, doc_tables.c.caption, doc_tables.c.bbox)).one()
        cells = conn.execute(
            select(table_cells.c.row, table_cells.c.col, table_cells.c.text).order_by(
                table_cells.c.row, table_cells.c.col
            )
        ).all()
        f = conn.execute(select(figures.c.label, figures.c.caption, figures.c.page)).one()
    assert tuple(t) == ("表 1", "两组比较", [10.0, 20.0, 300.0, 120.0])
    # empty cells have no row
    assert [tuple(c) for c in cells] == [
        (0, 0, "组别"),
        (0, 1, "例数"),
        (1, 0, "治疗组"),
        (1, 1, "30"),
        (2, 0, "对照组"),
    ]
    assert tuple(f) == ("图 1", "流程图", 3)
    load_document(engine, _doc_with_table())  # a re-load replaces, never duplicates
    assert counts(engine)["table_cells"] == 5


def test_version_2_database_is_migrated(tmp_path):
    from pipeline.store import DB_SCHEMA_VERSION
    from pipeline.store import numbers as numbers_table

    url = f"sqlite:///{tmp_path / 'v2.db'}"
    eng = connect(url)
    with eng.begin() as conn:  # what a version 2 database lacks: three tables and five columns
        conn.execute(meta.update().values(value="2"))
        for t in ("table_cells", "doc_tables", "figures"):
            conn.execute(text(f"DROP TABLE {t}"))
        conn.execute(text("DROP INDEX ix_numbers_kind"))
        for c in ("ci_low", "ci_high", "ci_level", "iqr_low", "iqr_high"):
            conn.execute(text(f"ALTER TABLE numbers DROP COLUMN {c}"))
    eng.dispose()
    eng = connect(url)  # the new tables and columns are created, the version is raised
    with eng.connect() as conn:
        assert conn.execute(select(meta.c.value)).scalar() == DB_SCHEMA_VERSION == "3"
        cols = {r[1] for r in conn.execute(text("PRAGMA table_info(numbers)"))}
    assert {c.name for c in numbers_table.columns} <= cols
    load_document(eng, _doc_with_table())
    load_document(eng, corpus_docs()[0])  # numbers with intervals load into the migrated table
    assert counts(eng)["doc_tables"] == 1 and counts(eng)["numbers"] > 0
    eng.dispose()


def test_version_1_database_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'v1.db'}"
    eng = connect(url)
    with eng.begin() as conn:
        conn.execute(meta.update().values(value="1"))
    eng.dispose()
    with pytest.raises(StoreError, match="schema version 1"):
        connect(url)
