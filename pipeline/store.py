"""Extractions into SQL: one schema for SQLite and PostgreSQL through SQLAlchemy Core.

Each document is replaced in one transaction (delete its rows, insert the new ones), so
a failure half-way leaves the database as it was and a re-load changes no row counts.
Drugs are one row per agent across documents; what a review says of a drug (status,
class) lives in `document_drugs`. The database records its schema version.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from .errors import InputError, ReviewxError
from .models import (
    DOC_ID_MAX,
    ID_MAX,
    Arm,
    Document,
    Dose,
    Drug,
    DrugIds,
    Entities,
    Frequency,
    Mention,
    Number,
    Quantity,
    Result,
    Section,
    Trial,
)
from .review_id import review_of

# 2: documents.review_id; 3: tables and figures (doc_tables, table_cells, figures), numbers' intervals
DB_SCHEMA_VERSION = "3"
# versions migrated in place: every change since is a new table or a nullable column
MIGRATES_FROM = ("2",)
DEFAULT_DB = "sqlite:///extracted/reviews.db"

md = MetaData()

meta = Table("reviewx_meta", md, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))

documents = Table(
    "documents",
    md,
    Column("doc_id", String(DOC_ID_MAX), primary_key=True),
    # every rendition of one review shares it: count reviews with COUNT(DISTINCT review_id)
    Column("review_id", String(DOC_ID_MAX), nullable=False, index=True),
    Column("source_path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("source_format", String(8), nullable=False),
    Column("pages", Integer),
    Column("pipeline_version", String(40), nullable=False),
    Column("loaded_at", String(40), nullable=False),
    Column("title_zh", Text),
    Column("title_en", Text),
    Column("abstract_zh", Text),
    Column("abstract_en", Text),
    Column("journal", Text),
    Column("year", Integer),
    Column("doi", Text),
    Column("keywords_zh", JSON),
    Column("keywords_en", JSON),
    Column("warnings", JSON),
)


def _doc_fk() -> ForeignKey:
    return ForeignKey("documents.doc_id", ondelete="CASCADE")


authors = Table(
    "authors",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("name_en", Text),
    Column("affiliations", JSON),
)
affiliations = Table(
    "affiliations",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("institution", Text),
    Column("department", Text),
    Column("city", Text),
    Column("postcode", String(16)),
)
sections = Table(
    "sections",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("parent_id", String(ID_MAX)),
    Column("position", Integer, nullable=False),
    Column("number", String(40)),
    Column("title", Text),
    Column("level", Integer, nullable=False),
    Column("runin", Boolean, nullable=False),
)
paragraphs = Table(
    "paragraphs",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("section_id", String(ID_MAX), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("citations", JSON),
    Column("page", Integer),
    ForeignKeyConstraint(["doc_id", "section_id"], ["sections.doc_id", "sections.id"], ondelete="CASCADE"),
)
references = Table(
    "bib_references",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("number", Integer),
    Column("text", Text, nullable=False),
)
drugs = Table(
    "drugs",
    md,
    Column("drug_id", String(ID_MAX), primary_key=True),
    Column("name_zh", Text),
    Column("name_en", Text),
    Column("kind", String(32)),
    Column("drugbank", String(16)),
    Column("mesh", String(16)),
    Column("atc", String(16)),
)
document_drugs = Table(
    "document_drugs",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("drug_id", String(ID_MAX), ForeignKey("drugs.drug_id"), primary_key=True),
    Column("status", String(20), nullable=False),
    Column("drug_class", Text),
    Column("aliases", JSON),
    Column("name_zh", Text),
    Column("name_en", Text),
    Column("rule", Text, nullable=False),
)
trials = Table(
    "trials",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("phase", String(8)),
    Column("design", JSON),
    Column("n_enrolled", Integer),
    Column("duration_value", Float),
    Column("duration_value_max", Float),
    Column("duration_unit", String(16)),
    Column("endpoints", JSON),
    Column("outcome", String(16), nullable=False),
    Column("year", Integer),
    Column("citations", JSON),
    Column("rule", Text, nullable=False),
)
trial_drugs = Table(
    "trial_drugs",
    md,
    Column("doc_id", String(DOC_ID_MAX), primary_key=True),
    Column("trial_id", String(ID_MAX), primary_key=True),
    Column("drug_id", String(ID_MAX), ForeignKey("drugs.drug_id"), primary_key=True),
    Column("position", Integer, nullable=False),
    ForeignKeyConstraint(["doc_id", "trial_id"], ["trials.doc_id", "trials.id"], ondelete="CASCADE"),
)
trial_arms = Table(
    "trial_arms",
    md,
    Column("doc_id", String(DOC_ID_MAX), primary_key=True),
    Column("trial_id", String(ID_MAX), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("label", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("drug_id", String(ID_MAX)),
    Column("dose_id", String(ID_MAX)),
    Column("n", Integer),
    ForeignKeyConstraint(["doc_id", "trial_id"], ["trials.doc_id", "trials.id"], ondelete="CASCADE"),
)
trial_results = Table(
    "trial_results",
    md,
    Column("doc_id", String(DOC_ID_MAX), primary_key=True),
    Column("trial_id", String(ID_MAX), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("measure", Text),
    Column("value", Float),
    Column("sd", Float),
    Column("se", Float),
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("p_value", Float),
    Column("p_comparator", String(4)),
    ForeignKeyConstraint(["doc_id", "trial_id"], ["trials.doc_id", "trials.id"], ondelete="CASCADE"),
)
doses = Table(
    "doses",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("drug_id", String(ID_MAX), ForeignKey("drugs.drug_id")),
    Column("value", Float, nullable=False),
    Column("value_max", Float),
    Column("unit", String(40), nullable=False),
    Column("unit_text", Text, nullable=False),
    Column("freq_count", Integer),
    Column("freq_period", Float),
    Column("freq_period_unit", String(8)),
    Column("route", String(16)),
    Column("duration_value", Float),
    Column("duration_value_max", Float),
    Column("duration_unit", String(16)),
    Column("arm_n", Integer),
    Column("role", String(16)),
    Column("regimen", String(ID_MAX)),
    Column("rule", Text, nullable=False),
)
numbers = Table(
    "numbers",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("value", Float),
    Column("value_max", Float),
    Column("unit", String(40)),
    Column("sd", Float),
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("ci_level", Float),
    Column("iqr_low", Float),
    Column("iqr_high", Float),
    Column("comparator", String(4)),
    Column("approx", Boolean, nullable=False),
    Column("text", Text, nullable=False),
    Column("rule", Text, nullable=False),
)
mentions = Table(
    "mentions",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("entity_type", String(8), primary_key=True),
    Column("entity_id", String(ID_MAX), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("unit", String(ID_MAX), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("page", Integer),
    Column("boxes", JSON),
)
removed = Table(
    "removed",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("reason", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("page", Integer),
    Column("rule", Text, nullable=False),
)
Index("ix_document_drugs_drug", document_drugs.c.drug_id)
Index("ix_trial_drugs_drug", trial_drugs.c.drug_id)
Index("ix_doses_drug", doses.c.drug_id)
Index("ix_trials_phase", trials.c.phase)
Index("ix_numbers_kind", numbers.c.kind)
Index("ix_mentions_unit", mentions.c.doc_id, mentions.c.unit)

# children first: the order rows are deleted in when a document is replaced
# schema 3: tables and figures of a document (documents in version 1 JSON have none)
doc_tables = Table(
    "doc_tables",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("label", Text, nullable=False),
    Column("caption", Text),
    Column("caption_en", Text),
    Column("page", Integer),
    Column("bbox", JSON),
    Column("ruled", Boolean, nullable=False),
    Column("header_rows", Integer, nullable=False),
    Column("notes", Text),
)
table_cells = Table(
    "table_cells",
    md,
    Column("doc_id", String(DOC_ID_MAX), primary_key=True),
    Column("table_id", String(ID_MAX), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("col", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(["doc_id", "table_id"], ["doc_tables.doc_id", "doc_tables.id"], ondelete="CASCADE"),
)
figures = Table(
    "figures",
    md,
    Column("doc_id", String(DOC_ID_MAX), _doc_fk(), primary_key=True),
    Column("id", String(ID_MAX), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("label", Text, nullable=False),
    Column("caption", Text),
    Column("caption_en", Text),
    Column("page", Integer),
    Column("notes", Text),
)

DOC_TABLES = [
    table_cells,
    doc_tables,
    figures,
    mentions,
    trial_results,
    trial_arms,
    trial_drugs,
    doses,
    numbers,
    trials,
    document_drugs,
    removed,
    paragraphs,
    sections,
    references,
    affiliations,
    authors,
    documents,
]


class StoreError(ReviewxError):
    """The database cannot take the load: wrong schema version, unreachable server."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def connect(url: str = DEFAULT_DB) -> Engine:
    """An engine with the schema created and its version checked."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    if url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver reviewx installs; a plain postgresql:// URL means it
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError, ValueError) as e:
        raise StoreError(f"{url}: cannot open database ({e})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.begin() as conn:
            md.create_all(conn)
            found = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if found is None:
                conn.execute(insert(meta).values(key="schema_version", value=DB_SCHEMA_VERSION))
            elif found in MIGRATES_FROM:
                # create_all above added the new tables; new columns of old tables are added here
                _add_missing_columns(conn)
                conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=DB_SCHEMA_VERSION))
            elif found != DB_SCHEMA_VERSION:
                raise StoreError(
                    f"{masked_url(url)}: database schema version {found}, this reviewx writes version {DB_SCHEMA_VERSION}; "
                    "load into a new database or migrate it first"
                )
    except SQLAlchemyError as e:
        raise StoreError(
            f"{masked_url(url)}: cannot use database ({type(e).__name__}: {str(e).splitlines()[0]})"
        ) from None
    return engine


def _add_missing_columns(conn: Any) -> None:
    """ALTER TABLE ... ADD COLUMN for each nullable model column an older database lacks."""
    from sqlalchemy import inspect
    from sqlalchemy.schema import CreateColumn

    found = inspect(conn)
    for table in md.sorted_tables:
        have = {c["name"] for c in found.get_columns(table.name)}
        for col in table.columns:
            if col.name in have:
                continue
            if not col.nullable:
                raise StoreError(f"cannot migrate: {table.name}.{col.name} is required and missing")
            ddl = CreateColumn(col).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")


def masked_url(url: str) -> str:
    """A URL without its password, for messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def _q(q: Quantity | None) -> tuple[float | None, float | None, str | None]:
    return (q.value, q.value_max, q.unit) if q else (None, None, None)


def rows_for(doc: Document, loaded_at: str) -> dict[Table, list[dict[str, Any]]]:
    """Every row of one document, by table."""
    d = doc.doc_id
    m = doc.metadata
    out: dict[Table, list[dict[str, Any]]] = {t: [] for t in DOC_TABLES}
    out[documents].append(_document_row(doc, loaded_at))
    out[authors] = [
        dict(doc_id=d, position=i, name=a.name, name_en=a.name_en, affiliations=a.affiliations)
        for i, a in enumerate(m.authors)
    ]
    out[affiliations] = [dict(doc_id=d, **a.model_dump()) for a in m.affiliations]
    _section_rows(d, doc.sections, None, out)
    out[references] = [dict(doc_id=d, position=i, number=r.number, text=r.text) for i, r in enumerate(doc.references)]
    e = doc.entities
    out[document_drugs] = [_document_drug_row(d, dr) for dr in e.drugs]
    for t in e.trials:
        _trial_rows(d, t, out)
    out[doses] = [_dose_row(d, x) for x in e.doses]
    out[numbers] = [_number_row(d, n) for n in e.numbers]
    out[mentions] = _mention_rows(d, e)
    out[removed] = [
        dict(doc_id=d, position=i, reason=r.reason, text=r.text, page=r.page, rule=r.rule)
        for i, r in enumerate(doc.removed)
    ]
    _table_rows(doc, out)
    return out


def _document_row(doc: Document, loaded_at: str) -> dict[str, Any]:
    m = doc.metadata
    return dict(
        doc_id=doc.doc_id,
        review_id=review_of(doc),
        source_path=doc.source.path,
        sha256=doc.source.sha256,
        source_format=doc.source.format,
        pages=doc.source.pages,
        pipeline_version=doc.pipeline.version,
        loaded_at=loaded_at,
        title_zh=m.title.zh,
        title_en=m.title.en,
        abstract_zh=doc.abstract.zh,
        abstract_en=doc.abstract.en,
        journal=m.journal,
        year=m.year,
        doi=m.doi,
        keywords_zh=m.keywords.zh,
        keywords_en=m.keywords.en,
        warnings=doc.warnings,
    )


def _section_rows(d: str, secs: list[Section], parent: str | None, out: dict[Table, list[dict[str, Any]]]) -> None:
    """Sections and their paragraphs in document order (a position counts over the whole document)."""
    for s in secs:
        out[sections].append(
            dict(
                doc_id=d,
                id=s.id,
                parent_id=parent,
                position=len(out[sections]),
                number=s.number,
                title=s.title,
                level=s.level,
                runin=s.runin,
            )
        )
        for p in s.paragraphs:
            out[paragraphs].append(
                dict(
                    doc_id=d,
                    id=p.id,
                    section_id=s.id,
                    position=len(out[paragraphs]),
                    text=p.text,
                    citations=p.citations,
                    page=p.page,
                )
            )
        _section_rows(d, s.sections, s.id, out)


def _document_drug_row(d: str, dr: Drug) -> dict[str, Any]:
    return dict(
        doc_id=d,
        drug_id=dr.id,
        status=dr.status,
        drug_class=dr.drug_class,
        aliases=dr.aliases,
        name_zh=dr.name_zh,
        name_en=dr.name_en,
        rule=dr.rule,
    )


def _trial_rows(d: str, t: Trial, out: dict[Table, list[dict[str, Any]]]) -> None:
    """A trial's row, its drugs (each once), arms and results."""
    dv, dvm, du = _q(t.duration)
    out[trials].append(
        dict(
            doc_id=d,
            id=t.id,
            phase=t.phase,
            design=list(t.design),
            n_enrolled=t.n_enrolled,
            duration_value=dv,
            duration_value_max=dvm,
            duration_unit=du,
            endpoints=t.endpoints,
            outcome=t.outcome,
            year=t.year,
            citations=t.citations,
            rule=t.rule,
        )
    )
    seen: set[str] = set()
    for i, drug_id in enumerate(t.drugs):
        if drug_id not in seen:
            seen.add(drug_id)
            out[trial_drugs].append(dict(doc_id=d, trial_id=t.id, drug_id=drug_id, position=i))
    out[trial_arms] += [
        dict(doc_id=d, trial_id=t.id, position=i, label=a.label, role=a.role, drug_id=a.drug, dose_id=a.dose, n=a.n)
        for i, a in enumerate(t.arms)
    ]
    out[trial_results] += [dict(doc_id=d, trial_id=t.id, position=i, **r.model_dump()) for i, r in enumerate(t.results)]


def _dose_row(d: str, x: Dose) -> dict[str, Any]:
    dv, dvm, du = _q(x.duration)
    f = x.frequency
    return dict(
        doc_id=d,
        id=x.id,
        drug_id=x.drug,
        value=x.value,
        value_max=x.value_max,
        unit=x.unit,
        unit_text=x.unit_text,
        freq_count=f.count if f else None,
        freq_period=f.period if f else None,
        freq_period_unit=f.period_unit if f else None,
        route=x.route,
        duration_value=dv,
        duration_value_max=dvm,
        duration_unit=du,
        arm_n=x.arm_n,
        role=x.role,
        regimen=x.regimen,
        rule=x.rule,
    )


def _number_row(d: str, n: Number) -> dict[str, Any]:
    return dict(
        doc_id=d,
        id=n.id,
        kind=n.kind,
        value=n.value,
        value_max=n.value_max,
        unit=n.unit,
        sd=n.sd,
        ci_low=n.ci_low,
        ci_high=n.ci_high,
        ci_level=n.ci_level,
        iqr_low=n.iqr_low,
        iqr_high=n.iqr_high,
        comparator=n.comparator,
        approx=n.approx,
        text=n.text,
        rule=n.rule,
    )


def _mention_rows(d: str, e: Entities) -> list[dict[str, Any]]:
    """Every entity's mentions, drugs first, then trials, doses and numbers."""
    items: list[tuple[str, list[Drug] | list[Trial] | list[Dose] | list[Number]]] = [
        ("drug", e.drugs),
        ("trial", e.trials),
        ("dose", e.doses),
        ("number", e.numbers),
    ]
    return [
        dict(
            doc_id=d,
            entity_type=etype,
            entity_id=item.id,
            position=i,
            unit=mm.unit,
            start=mm.start,
            end=mm.end,
            text=mm.text,
            page=mm.page,
            boxes=[list(b) for b in mm.boxes],
        )
        for etype, group in items
        for item in group
        for i, mm in enumerate(item.mentions)
    ]


def _table_rows(doc: Document, out: dict[Table, list[dict[str, Any]]]) -> None:
    """Tables (one row each, cells one row per non-empty cell) and figures."""
    d = doc.doc_id
    for i, t in enumerate(doc.tables):
        out[doc_tables].append(
            dict(
                doc_id=d,
                id=t.id,
                position=i,
                label=t.label,
                caption=t.caption,
                caption_en=t.caption_en,
                page=t.page,
                bbox=list(t.bbox) if t.bbox else None,
                ruled=t.ruled,
                header_rows=t.header_rows,
                notes=t.notes,
            )
        )
        out[table_cells] += [
            dict(doc_id=d, table_id=t.id, row=r, col=c, text=text)
            for r, row in enumerate(t.rows)
            for c, text in enumerate(row)
            if text
        ]
    out[figures] = [
        dict(
            doc_id=d,
            id=f.id,
            position=i,
            label=f.label,
            caption=f.caption,
            caption_en=f.caption_en,
            page=f.page,
            notes=f.notes,
        )
        for i, f in enumerate(doc.figures)
    ]


def _drug_rows(doc: Document) -> dict[str, dict[str, Any]]:
    """Agents the document names, including any a trial or dose refers to without listing it."""
    out = {
        dr.id: dict(
            drug_id=dr.id,
            name_zh=dr.name_zh,
            name_en=dr.name_en,
            kind=dr.kind,
            drugbank=dr.ids.drugbank,
            mesh=dr.ids.mesh,
            atc=dr.ids.atc,
        )
        for dr in doc.entities.drugs
    }
    refs = [x.drug for x in doc.entities.doses] + [a for t in doc.entities.trials for a in t.drugs]
    refs += [a.drug for t in doc.entities.trials for a in t.arms]
    for r in refs:
        if r and r not in out:
            out[r] = dict(drug_id=r, name_zh=None, name_en=None, kind=None, drugbank=None, mesh=None, atc=None)
    return out


def load_document(engine: Engine, doc: Document, fail_after: str | None = None) -> None:
    """Replace one document in one transaction. `fail_after` names a table after which to fail (tests)."""
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    rows = rows_for(doc, now)
    with engine.begin() as conn:
        for t in DOC_TABLES:
            conn.execute(delete(t).where(t.c.doc_id == doc.doc_id))
        existing = set(
            conn.execute(select(drugs.c.drug_id).where(drugs.c.drug_id.in_(list(_drug_rows(doc))))).scalars()
        )
        new = [r for k, r in _drug_rows(doc).items() if k not in existing]
        if new:
            conn.execute(insert(drugs), new)
        for t in reversed(DOC_TABLES):  # parents first
            if rows[t]:
                conn.execute(insert(t), rows[t])
            if fail_after == t.name:
                raise RuntimeError(f"injected failure after {t.name}")


@dataclass
class LoadSummary:
    loaded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    stopped: str | None = None  # why the load ended early (the database became unreachable)


def iter_json(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the regular `*.json` files of folders named (a folder named x.json is no input)."""
    for p in paths:
        p = Path(p)
        if p.is_dir() and not p.name.endswith(".json"):
            yield from sorted(x for x in p.glob("*.json") if not x.name.startswith(("_", ".")) and x.is_file())
        else:
            yield p


def reachable(engine: Engine) -> bool:
    """Whether the database still answers (after an error, to tell a bad document from an outage)."""
    try:
        with engine.connect() as conn:
            conn.execute(select(1))
        return True
    except SQLAlchemyError:
        return False


def _db_reason(e: SQLAlchemyError) -> str:
    first = (str(getattr(e, "orig", None) or e).strip().splitlines() or [""])[0]
    return f"database error ({type(e).__name__}: {first[:200]})"


def load_paths(paths: Iterable[str | Path], url: str = DEFAULT_DB, progress=None) -> LoadSummary:  # type: ignore[no-untyped-def]
    """Load every JSON file named; a bad file is reported and skipped, an unreachable database ends the load.

    `progress(path, ok)` is called after each file.
    """
    from .reading import printable
    from .schema import load_document as read_json

    engine = connect(url)
    summary = LoadSummary()
    try:
        for path in iter_json(paths):
            shown = printable(path)
            try:
                doc = read_json(path)
                load_document(engine, doc)
                summary.loaded.append(doc.doc_id)
            except InputError as e:
                summary.failed.append((shown, e.reason))
            except SQLAlchemyError as e:
                if not reachable(engine):
                    summary.stopped = (
                        f"{masked_url(url)}: database unreachable ({_db_reason(e)}); stopped after "
                        f"{len(summary.loaded)} loaded; {shown} and the files after it were not loaded"
                    )
                    break
                summary.failed.append((shown, _db_reason(e)))
            if progress:
                progress(path, not summary.failed or summary.failed[-1][0] != shown)
    finally:
        engine.dispose()
    return summary


# -- reading back ------------------------------------------------------------------------


def fetch_entities(engine: Engine, doc_id: str) -> Entities:
    """Rebuild a document's entities from its rows (the round trip the tests check)."""
    with engine.connect() as conn:

        def rows(t: Table, order: list[Any]) -> list[Any]:
            return list(conn.execute(select(t).where(t.c.doc_id == doc_id).order_by(*order)).mappings())

        ms: dict[tuple[str, str], list[Mention]] = {}
        for r in rows(mentions, [mentions.c.entity_type, mentions.c.entity_id, mentions.c.position]):
            ms.setdefault((r["entity_type"], r["entity_id"]), []).append(
                Mention(
                    unit=r["unit"],
                    start=r["start"],
                    end=r["end"],
                    text=r["text"],
                    page=r["page"],
                    boxes=[tuple(b) for b in (r["boxes"] or [])],
                )
            )
        agents = {r["drug_id"]: r for r in conn.execute(select(drugs)).mappings()}
        out = Entities()
        out.drugs.extend(
            _drug_of(r, agents[r["drug_id"]], ms) for r in rows(document_drugs, [document_drugs.c.drug_id])
        )
        tdrugs: dict[str, list[str]] = {}
        for r in rows(trial_drugs, [trial_drugs.c.trial_id, trial_drugs.c.position]):
            tdrugs.setdefault(r["trial_id"], []).append(r["drug_id"])
        tarms: dict[str, list[Arm]] = {}
        for r in rows(trial_arms, [trial_arms.c.trial_id, trial_arms.c.position]):
            tarms.setdefault(r["trial_id"], []).append(
                Arm(label=r["label"], role=r["role"], drug=r["drug_id"], dose=r["dose_id"], n=r["n"])
            )
        tres: dict[str, list[Result]] = {}
        for r in rows(trial_results, [trial_results.c.trial_id, trial_results.c.position]):
            tres.setdefault(r["trial_id"], []).append(Result(**{k: r[k] for k in Result.model_fields}))
        out.trials.extend(
            _trial_of(r, tdrugs.get(r["id"], []), tarms.get(r["id"], []), tres.get(r["id"], []), ms)
            for r in rows(trials, [trials.c.id])
        )
        out.doses.extend(_dose_of(r, ms) for r in rows(doses, [doses.c.id]))
        out.numbers.extend(_number_of(r, ms) for r in rows(numbers, [numbers.c.id]))
    return out


_Mentions = dict[tuple[str, str], list[Mention]]


def _duration_of(r: Any) -> Quantity | None:
    if r["duration_unit"] is None and r["duration_value"] is None:
        return None
    return Quantity(value=r["duration_value"], value_max=r["duration_value_max"], unit=r["duration_unit"])


def _drug_of(r: Any, a: Any, ms: _Mentions) -> Drug:
    """A `document_drugs` row with its agent's row from `drugs`."""
    return Drug(
        id=r["drug_id"],
        name_zh=r["name_zh"],
        name_en=r["name_en"],
        aliases=r["aliases"] or [],
        kind=a["kind"] or "other",
        drug_class=r["drug_class"],
        status=r["status"],
        ids=DrugIds(drugbank=a["drugbank"], mesh=a["mesh"], atc=a["atc"]),
        rule=r["rule"],
        mentions=ms.get(("drug", r["drug_id"]), []),
    )


def _trial_of(r: Any, drug_ids: list[str], arms: list[Arm], results: list[Result], ms: _Mentions) -> Trial:
    return Trial(
        id=r["id"],
        drugs=drug_ids,
        phase=r["phase"],
        design=r["design"] or [],
        n_enrolled=r["n_enrolled"],
        arms=arms,
        duration=_duration_of(r),
        endpoints=r["endpoints"] or [],
        outcome=r["outcome"],
        results=results,
        year=r["year"],
        citations=r["citations"] or [],
        rule=r["rule"],
        mentions=ms.get(("trial", r["id"]), []),
    )


def _dose_of(r: Any, ms: _Mentions) -> Dose:
    freq = (
        Frequency(count=r["freq_count"], period=r["freq_period"], period_unit=r["freq_period_unit"])
        if r["freq_count"] is not None
        else None
    )
    return Dose(
        id=r["id"],
        drug=r["drug_id"],
        value=r["value"],
        value_max=r["value_max"],
        unit=r["unit"],
        unit_text=r["unit_text"],
        frequency=freq,
        route=r["route"],
        duration=_duration_of(r),
        arm_n=r["arm_n"],
        role=r["role"],
        regimen=r["regimen"],
        rule=r["rule"],
        mentions=ms.get(("dose", r["id"]), []),
    )


def _number_of(r: Any, ms: _Mentions) -> Number:
    return Number(
        id=r["id"],
        kind=r["kind"],
        value=r["value"],
        value_max=r["value_max"],
        unit=r["unit"],
        sd=r["sd"],
        ci_low=r["ci_low"],
        ci_high=r["ci_high"],
        ci_level=r["ci_level"],
        iqr_low=r["iqr_low"],
        iqr_high=r["iqr_high"],
        comparator=r["comparator"],
        approx=r["approx"],
        text=r["text"],
        rule=r["rule"],
        mentions=ms.get(("number", r["id"]), []),
    )
