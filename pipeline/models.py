"""The output contract (SPEC.md, schema_version "1"; "2" adds `tables` and `figures`) as pydantic v2 models.

Every stage hands these models on; `reviewx schema` writes their JSON Schema.
Field names are the contract: add fields freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SCHEMA_VERSION: Final = "2"
# versions a reader accepts: "1" is "2" without tables and figures (read as none found)
READABLE_VERSIONS = ("1", "2")

# Limits every database engine shares (SQLite would take anything; PostgreSQL refuses NUL in text,
# integers beyond 32 bits in INTEGER columns and strings longer than their VARCHAR): checked here,
# so a document that validates loads into either, and a crafted JSON is refused with a clear message.
DOC_ID_MAX = 200
ID_MAX = 200
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
NO_NUL = r"^[^\x00]*$"

Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
Ident = Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX, pattern=r"^[^\x00-\x1f\x7f]*$")]
DocId = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=DOC_ID_MAX, pattern=r"^[0-9a-z\u4e00-\u9fff]+(-[0-9a-z\u4e00-\u9fff]+)*$"
    ),
]
Int = Annotated[int, Field(ge=INT_MIN, le=INT_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]


def fits(n: int | None) -> int | None:
    """`n` when an Int holds it, else None: "纳入30000000000000000000例" is no count a database can store."""
    return n if n is None or INT_MIN <= n <= INT_MAX else None


# strings of at most 16 / 40 characters (VARCHAR(n) columns), no NUL
Short16 = Annotated[str, StringConstraints(max_length=16, pattern=NO_NUL)]
Short40 = Annotated[str, StringConstraints(max_length=40, pattern=NO_NUL)]


Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber coordinates


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- provenance ---------------------------------------------------------------


class Mention(_Model):
    unit: Ident = Field(description="text unit id: title.zh, abstract.en, p12, ...")
    start: Count
    end: Count
    text: Text
    page: Count | None = None
    boxes: list[Box] = Field(default_factory=list, description="one box per line the mention spans")


# --- front matter -------------------------------------------------------------


class Bilingual(_Model):
    zh: Text | None = None
    en: Text | None = None


class Author(_Model):
    name: Text
    name_en: Text | None = None
    affiliations: list[Int] = Field(default_factory=list)


class Affiliation(_Model):
    id: Int
    text: Text
    institution: Text | None = None
    department: Text | None = None
    city: Text | None = None
    postcode: Short16 | None = None


class Keywords(_Model):
    zh: list[Text] = Field(default_factory=list)
    en: list[Text] = Field(default_factory=list)


class Note(_Model):
    kind: Short40 = Field(description="received, revised, accepted, funding, corresponding, author_bio, clc, ...")
    text: Text


class Metadata(_Model):
    title: Bilingual = Field(default_factory=Bilingual)
    authors: list[Author] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=Keywords)
    journal: Text | None = None
    year: Int | None = None
    doi: Text | None = None
    article_type: Text | None = Field(
        default=None, description="the journal's column or article-type label (综述, 论著, Review, Letter)"
    )
    notes: list[Note] = Field(
        default_factory=list,
        description="labelled notes around the article: received/revised dates, funding, corresponding "
        "author, author bio, classification codes, conflict of interest, contributions",
    )


# --- body ---------------------------------------------------------------------


class Paragraph(_Model):
    id: Ident
    text: Text
    citations: list[Int] = Field(default_factory=list)
    page: Count | None = None


class Section(_Model):
    id: Ident
    number: Short40 | None = None
    title: Text | None = None
    level: int = Field(ge=1, le=INT_MAX)
    runin: bool = False
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class Reference(_Model):
    number: Int | None = None
    text: Text


RemovedReason = Literal["adjacent_article", "running_header", "page_number", "footnote", "other"]


class Removed(_Model):
    reason: RemovedReason
    text: Text
    page: Count | None = None
    rule: Text


class Table(_Model):
    id: Ident = Field(description="t1, t2, ...: cell text units are t1.r0.c0 (row, column)")
    label: Text = Field(description='as printed: "表 1", "Table 2"')
    caption: Text | None = None
    caption_en: Text | None = Field(default=None, description="a second, English caption line")
    page: Count | None = None
    bbox: Box | None = Field(default=None, description="the table on its page: rules, or the cells' extent")
    ruled: bool = Field(default=False, description="bounded by printed rules (full grid or three-line table)")
    header_rows: Count = Field(default=0, description="how many of `rows` are column headings")
    rows: list[list[Text]] = Field(default_factory=list, description="cell texts, one list per row")
    notes: Text | None = Field(default=None, description="text under the table (notes, abbreviations)")


class Figure(_Model):
    id: Ident
    label: Text = Field(description='as printed: "图 1", "Fig. 2"')
    caption: Text | None = None
    caption_en: Text | None = None
    page: Count | None = None
    notes: Text | None = Field(default=None, description="the legend under the caption (panels A, B, ...)")


# --- entities -----------------------------------------------------------------


class Quantity(_Model):
    value: float | None = None
    value_max: float | None = None
    unit: Short16 | None = None


class DrugIds(_Model):
    drugbank: Short16 | None = None
    mesh: Short16 | None = None
    atc: Short16 | None = None


class Drug(_Model):
    id: Ident
    name_zh: Text | None = None
    name_en: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    kind: Literal["small_molecule", "biologic", "investigational_code", "other"] = "other"
    drug_class: Text | None = None
    status: Literal["approved", "failed", "investigational", "unclear"] = "unclear"
    ids: DrugIds = Field(default_factory=DrugIds)
    rule: Text
    mentions: list[Mention] = Field(default_factory=list)


class Arm(_Model):
    label: Text
    role: Literal["treatment", "placebo", "control"]
    drug: Ident | None = None
    dose: Ident | None = Field(default=None, description="dose id")
    n: Int | None = None


class Result(_Model):
    measure: Text | None = None
    value: float | None = None
    sd: float | None = None
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    p_comparator: Literal["<", "<=", "=", ">=", ">"] | None = None


Design = Literal["randomized", "placebo_controlled", "double_blind", "open_label", "pilot", "multicenter", "crossover"]


class Trial(_Model):
    id: Ident
    drugs: list[Ident] = Field(default_factory=list)
    phase: Literal["1", "2", "3", "4", "2/3", "1/2"] | None = None
    design: list[Design] = Field(default_factory=list)
    n_enrolled: Int | None = None
    arms: list[Arm] = Field(default_factory=list)
    duration: Quantity | None = None
    endpoints: list[Text] = Field(default_factory=list)
    outcome: Literal["positive", "negative", "mixed", "ongoing", "unclear"] = "unclear"
    results: list[Result] = Field(default_factory=list)
    year: Int | None = None
    citations: list[Int] = Field(default_factory=list)
    rule: Text
    mentions: list[Mention] = Field(default_factory=list)


class Frequency(_Model):
    count: Int
    period: float
    period_unit: Literal["min", "h", "d", "wk", "mo", "a"]


Route = Literal["oral", "iv", "im", "sc", "intrathecal", "inhaled", "topical", "other"]


DoseRole = Literal["start", "increase", "target", "max", "loading", "maintenance"]


class Dose(_Model):
    id: Ident
    drug: Ident | None = None
    value: float
    value_max: float | None = None
    unit: Short40
    unit_text: Text
    frequency: Frequency | None = None
    route: Route | None = None
    duration: Quantity | None = None
    arm_n: Int | None = None
    role: DoseRole | None = Field(
        default=None,
        description="part of a regimen: a titration's start, an increase, its target or max; a loading dose "
        "(bolus) or the maintenance (infusion) that follows it",
    )
    regimen: Ident | None = Field(
        default=None,
        description="id of the first dose of the regimen this dose belongs to (a titration, or a loading dose "
        "and its maintenance); each amount stays a dose of its own",
    )
    rule: Text
    mentions: list[Mention] = Field(default_factory=list)


NumberKind = Literal[
    "percent",
    "count",
    "ratio",
    "fraction",
    "range",
    "mean_sd",
    "p_value",
    "year",
    "duration",
    "rate",
    "measurement",
    "other",
]


class Number(_Model):
    id: Ident
    kind: NumberKind
    value: float | None = None
    value_max: float | None = None
    unit: Short40 | None = None
    sd: float | None = Field(default=None, description="standard deviation, for kind mean_sd")
    ci_low: float | None = Field(default=None, description="a statistic's confidence interval, lower end")
    ci_high: float | None = Field(default=None, description="a statistic's confidence interval, upper end")
    ci_level: float | None = Field(default=None, description="the interval's level in percent (95 for 95% CI)")
    iqr_low: float | None = Field(default=None, description="a median's interquartile range, lower end")
    iqr_high: float | None = Field(default=None, description="a median's interquartile range, upper end")
    comparator: Literal["<", "<=", ">=", ">"] | None = None
    approx: bool = False
    text: Text
    rule: Text
    mentions: list[Mention] = Field(default_factory=list)


class Entities(_Model):
    drugs: list[Drug] = Field(default_factory=list)
    trials: list[Trial] = Field(default_factory=list)
    doses: list[Dose] = Field(default_factory=list)
    numbers: list[Number] = Field(default_factory=list)


# --- document -----------------------------------------------------------------


class OcrSource(_Model):
    engine: str = Field(description="OCR engine, e.g. rapidocr-onnxruntime")
    version: str
    dpi: int = Field(description="resolution the pages were rendered at for recognition")
    pages: list[int] = Field(description="1-based numbers of the pages read by OCR")
    mean_confidence: float = Field(ge=0, le=1, description="engine confidence, mean over OCR'd characters")


class Source(_Model):
    path: Text
    sha256: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")]  # empty in hand-made gold files
    format: Literal["pdf", "text"]
    pages: Count | None = None
    ocr: OcrSource | None = Field(default=None, description="set when any page was read by OCR")


class PipelineInfo(_Model):
    name: Literal["reviewx"] = "reviewx"
    version: Short40


class OcrPageQuality(_Model):
    page: int
    reason: Literal["no_text_layer", "unusable_text_layer", "forced"]
    confidence: float = Field(ge=0, le=1, description="engine confidence, mean over the page's characters")
    characters: int
    skew_deg: float = Field(description="tilt of the scanned page, taken out of every box")


class Quality(_Model):
    ocr_pages: list[OcrPageQuality] = Field(default_factory=list)
    text_kept: float | None = Field(
        default=None, ge=0, le=1, description="share of the article's page text that ended in the document"
    )
    title_block_found: bool | None = Field(default=None, description="a title with an author line or abstract label")
    abstract_label_seen: bool | None = None
    abstract_found: bool | None = Field(default=None, description="an abstract was read (where a label was seen)")
    heading_count: Count | None = None
    median_paragraph_chars: float | None = Field(default=None, ge=0)
    body_chars: Count | None = Field(default=None, description="characters in the section paragraphs")
    detached_digit_runs: Count | None = Field(
        default=None, description="paragraphs or headings that are runs of numbers with no words (table rows)"
    )
    pages_without_text: list[Count] = Field(default_factory=list)
    needs_review: bool = Field(default=False, description="a check fell below its threshold (resources/quality.json)")
    below_threshold: list[Short40] = Field(default_factory=list, description="the checks that fell below")


class Document(_Model):
    schema_version: Literal["2"] = SCHEMA_VERSION
    doc_id: DocId = Field(description="a slug: lower-case letters, digits, CJK, single hyphens; at most 200")
    review_id: DocId | None = Field(
        default=None,
        description="shared by every rendition (text, PDF, scan) of one review: r-<digest of its normalised title>, "
        "or the doc_id where no title was found",
    )
    source: Source
    pipeline: PipelineInfo
    metadata: Metadata = Field(default_factory=Metadata)
    abstract: Bilingual = Field(default_factory=Bilingual)
    sections: list[Section] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list, description="schema 2: tables, never in sections")
    figures: list[Figure] = Field(default_factory=list, description="schema 2: figure captions, never in sections")
    references: list[Reference] = Field(default_factory=list)
    entities: Entities = Field(default_factory=Entities)
    removed: list[Removed] = Field(default_factory=list)
    warnings: list[Text] = Field(default_factory=list)
    quality: Quality | None = Field(default=None, description="how the text was obtained where it was not a text layer")

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: object) -> object:
        """A version-1 document reads as version 2 with no tables or figures (v2 only adds fields)."""
        if isinstance(data, dict) and data.get("schema_version") == "1":
            data = {**data, "schema_version": SCHEMA_VERSION}
        return data
