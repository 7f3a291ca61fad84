"""The output contract (SPEC.md, schema_version "1") as pydantic v2 models.

Every stage hands these models on; `reviewx schema` writes their JSON Schema.
Field names are the contract: add fields freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber coordinates


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- provenance ---------------------------------------------------------------


class Mention(_Model):
    unit: str = Field(description="text unit id: title.zh, abstract.en, p12, ...")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    page: int | None = None
    boxes: list[Box] = Field(default_factory=list, description="one box per line the mention spans")


# --- front matter -------------------------------------------------------------


class Bilingual(_Model):
    zh: str | None = None
    en: str | None = None


class Author(_Model):
    name: str
    name_en: str | None = None
    affiliations: list[int] = Field(default_factory=list)


class Affiliation(_Model):
    id: int
    text: str
    institution: str | None = None
    department: str | None = None
    city: str | None = None
    postcode: str | None = None


class Keywords(_Model):
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)


class Metadata(_Model):
    title: Bilingual = Field(default_factory=Bilingual)
    authors: list[Author] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)
    keywords: Keywords = Field(default_factory=Keywords)
    journal: str | None = None
    year: int | None = None
    doi: str | None = None


# --- body ---------------------------------------------------------------------


class Paragraph(_Model):
    id: str
    text: str
    citations: list[int] = Field(default_factory=list)
    page: int | None = None


class Section(_Model):
    id: str
    number: str | None = None
    title: str | None = None
    level: int = Field(ge=1)
    runin: bool = False
    paragraphs: list[Paragraph] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class Reference(_Model):
    number: int | None = None
    text: str


RemovedReason = Literal["adjacent_article", "running_header", "page_number", "footnote", "other"]


class Removed(_Model):
    reason: RemovedReason
    text: str
    page: int | None = None
    rule: str


# --- entities -----------------------------------------------------------------


class Quantity(_Model):
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None


class DrugIds(_Model):
    drugbank: str | None = None
    mesh: str | None = None
    atc: str | None = None


class Drug(_Model):
    id: str
    name_zh: str | None = None
    name_en: str | None = None
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["small_molecule", "biologic", "investigational_code", "other"] = "other"
    drug_class: str | None = None
    status: Literal["approved", "failed", "investigational", "unclear"] = "unclear"
    ids: DrugIds = Field(default_factory=DrugIds)
    rule: str
    mentions: list[Mention] = Field(default_factory=list)


class Arm(_Model):
    label: str
    role: Literal["treatment", "placebo", "control"]
    drug: str | None = None
    dose: str | None = Field(default=None, description="dose id")
    n: int | None = None


class Result(_Model):
    measure: str | None = None
    value: float | None = None
    sd: float | None = None
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    p_comparator: Literal["<", "<=", "=", ">=", ">"] | None = None


Design = Literal[
    "randomized", "placebo_controlled", "double_blind", "open_label", "pilot", "multicenter", "crossover"
]


class Trial(_Model):
    id: str
    drugs: list[str] = Field(default_factory=list)
    phase: Literal["1", "2", "3", "4", "2/3", "1/2"] | None = None
    design: list[Design] = Field(default_factory=list)
    n_enrolled: int | None = None
    arms: list[Arm] = Field(default_factory=list)
    duration: Quantity | None = None
    endpoints: list[str] = Field(default_factory=list)
    outcome: Literal["positive", "negative", "mixed", "ongoing", "unclear"] = "unclear"
    results: list[Result] = Field(default_factory=list)
    year: int | None = None
    citations: list[int] = Field(default_factory=list)
    rule: str
    mentions: list[Mention] = Field(default_factory=list)


class Frequency(_Model):
    count: int
    period: float
    period_unit: Literal["min", "h", "d", "wk", "mo", "a"]


Route = Literal["oral", "iv", "im", "sc", "intrathecal", "inhaled", "topical", "other"]


class Dose(_Model):
    id: str
    drug: str | None = None
    value: float
    value_max: float | None = None
    unit: str
    unit_text: str
    frequency: Frequency | None = None
    route: Route | None = None
    duration: Quantity | None = None
    arm_n: int | None = None
    rule: str
    mentions: list[Mention] = Field(default_factory=list)


NumberKind = Literal[
    "percent", "count", "ratio", "fraction", "range", "mean_sd", "p_value", "year", "duration",
    "rate", "measurement", "other",
]


class Number(_Model):
    id: str
    kind: NumberKind
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    sd: float | None = Field(default=None, description="standard deviation, for kind mean_sd")
    comparator: Literal["<", "<=", ">=", ">"] | None = None
    approx: bool = False
    text: str
    rule: str
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
    path: str
    sha256: str
    format: Literal["pdf", "text"]
    pages: int | None = None
    ocr: OcrSource | None = Field(default=None, description="set when any page was read by OCR")


class PipelineInfo(_Model):
    name: Literal["reviewx"] = "reviewx"
    version: str


class OcrPageQuality(_Model):
    page: int
    reason: Literal["no_text_layer", "unusable_text_layer", "forced"]
    confidence: float = Field(ge=0, le=1, description="engine confidence, mean over the page's characters")
    characters: int
    skew_deg: float = Field(description="tilt of the scanned page, taken out of every box")


class Quality(_Model):
    ocr_pages: list[OcrPageQuality] = Field(default_factory=list)


class Document(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    doc_id: str
    source: Source
    pipeline: PipelineInfo
    metadata: Metadata = Field(default_factory=Metadata)
    abstract: Bilingual = Field(default_factory=Bilingual)
    sections: list[Section] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    entities: Entities = Field(default_factory=Entities)
    removed: list[Removed] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    quality: Quality | None = Field(default=None, description="how the text was obtained where it was not a text layer")
