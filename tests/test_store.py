"""Loading into SQLite and a real PostgreSQL server: idempotent, atomic, queryable, round-trips."""

from __future__ import annotations

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

CORPUS = ["als_treatment_review.txt", "nsclc_egfr_tki.txt", "ra_targeted_therapy.txt", "t2dm_cv_outcomes.txt"]


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
    assert len(q) == 5
    with engine.connect() as conn:
        phase3_doses = conn.execute(text(q[0])).all()
        failed = conn.execute(text(q[1])).all()
        negative = conn.execute(text(q[2])).all()
        shared = conn.execute(text(q[3])).all()
        riluzole = conn.execute(text(q[4])).all()
    seed = corpus_docs()[0]
    masitinib_doses = {(r[0], r[1], r[2], r[4]) for r in phase3_doses if r[1] == "masitinib"}
    assert masitinib_doses == {(seed.doc_id, "masitinib", 3.0, "mg/kg/d"), (seed.doc_id, "masitinib", 4.5, "mg/kg/d")}
    expected_failed = {(d.id, doc.doc_id) for doc in corpus_docs() for d in doc.entities.drugs if d.status == "failed"}
    assert {(r[0], r[2]) for r in failed} == expected_failed
    assert ("ceftriaxone", seed.doc_id) in expected_failed
    assert [r[2] for r in negative] == sorted([r[2] for r in negative], key=lambda n: -(n or -1))
    assert all(r[3] == "negative" for r in negative)
    assert ("pioglitazone", 2) in {(r[0], r[1]) for r in shared}  # ALS and T2DM reviews both name it
    ril = next(d for d in seed.entities.drugs if d.id == "riluzole")
    assert [(r[1], r[2], r[3], r[4]) for r in riluzole] == sorted((m.unit, m.start, m.end, m.text) for m in ril.mentions)


def _by_id(e: Entities) -> dict:
    return {t: sorted((x.model_dump() for x in getattr(e, t)), key=lambda x: x["id"]) for t in
            ("drugs", "trials", "doses", "numbers")}


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
        doc_id="h", source=Source(path="x.txt", sha256="0" * 64, format="text"), pipeline=PipelineInfo(version="t"),
        entities=Entities(
            drugs=[Drug(id=name, name_zh=name, aliases=words, rule="r", mentions=[m])],
            numbers=[Number(id="n1", kind="other", value=value, text=unit_text, rule="r", mentions=[m])],
        ),
    )
    load_document(eng, doc)
    load_document(eng, doc)
    assert _by_id(fetch_entities(eng, "h")) == _by_id(doc.entities)
    eng.dispose()
