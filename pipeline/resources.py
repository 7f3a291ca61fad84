"""Rule data (vocabularies, patterns, cues) loaded once per process through strict models.

Rules are data: every file lives under `pipeline/resources/`, and a key the model does
not know is an error, so a typo in a data file fails loudly instead of being ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources as _res
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationInfo, field_validator

ROOT = Path(str(_res.files("pipeline") / "resources"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StructureCues(_Strict):
    comment: str = ""
    abstract_labels_zh: list[str]
    abstract_labels_en: list[str]
    keyword_labels_zh: list[str]
    keyword_labels_en: list[str]
    reference_labels: list[str]
    reference_type_codes_comment: str = ""
    reference_type_codes: list[str]
    abstract_parts_zh: list[str]
    abstract_parts_en: list[str]
    footnote_cues: list[str]
    doi_cues: list[str]
    classification_cues: list[str]
    journal_suffixes: list[str]
    institution_cues: list[str]
    institution_primary: list[str] = Field(default_factory=list)
    institution_cues_en: list[str]
    department_cues_en: list[str]
    # brackets a label may stand in ("【摘要】", "［关键词］", "[中图分类号]")
    # a figure or table caption starts with one of these and its number ("图1", "表 2", "Table 3")
    caption_labels: list[str] = Field(default_factory=list)
    # the caption labels of tables (the others label figures)
    table_caption_labels: list[str] = Field(default_factory=list)
    label_open: str = "【[〔"
    label_close: str = "】]〕"
    # a journal's column label over the title ("·综述·"): never a person's name, even when a
    # scan loses its dots
    column_labels_zh: list[str] = Field(default_factory=list)
    # the same in English journals ("REVIEW", "Letters to the Editor"), matched case-insensitively
    column_labels_en: list[str] = Field(default_factory=list)
    # a column label -> the article type it names ("Letters to the Editor" -> "Letter")
    article_type_aliases: dict[str, str] = Field(default_factory=dict)
    # a role printed after a name on the author line ("孔令德（综述）"): not part of the name
    author_roles_zh: list[str] = Field(default_factory=list)
    # banners over the title block ("Open Access", 网络首发): never the title, never a neighbour
    front_banners: list[str] = Field(default_factory=list)
    # a journal issue line ("第 46 卷第 6 期", "Vol. 12 No. 3"): furniture, never the title
    issue_line_patterns: list[str] = Field(default_factory=list)
    # the "cite this article" line that prints the article's own reference
    cite_cues: list[str] = Field(default_factory=list)
    # a note's label -> its kind in metadata.notes ("收稿日期" -> received, "基金项目" -> funding)
    note_kinds: dict[str, str] = Field(default_factory=dict)
    # statements after the body (利益冲突声明, 作者贡献说明): metadata, never body paragraphs
    back_matter_cues: list[str] = Field(default_factory=list)
    # a letter's signature block: "Zhi-hui Hou, MD" (degrees after the name), then the address
    degree_suffixes: list[str] = Field(default_factory=list)
    # lines after a signature that are notes, not address (e-mail, DOI, copyright, disclosures)
    signature_note_cues: list[str] = Field(default_factory=list)


class HeadingPattern(_Strict):
    id: str
    family: str
    pattern: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


class HeadingGrammar(_Strict):
    comment: str = ""
    numbered: list[HeadingPattern]
    item_separators: list[str]
    max_item_name_width: int
    max_heading_width: int
    max_runin_width: int
    clause_marks: str
    runin_heads: list[str] = Field(default_factory=list)
    weak_runin_stopchars: str = ""


class StrayRules(_Strict):
    comment: str = ""
    anaphoric_openers: list[str]
    min_block_chars: int
    citation_drop_ratio: float
    cohesion_ratio: float
    far_cohesion_ratio: float
    structural_signals: list[str]
    weak_structural_signals: list[str] = Field(default_factory=list)
    score_threshold: float
    weights: dict[str, float]
    stopwords_zh: list[str]
    stopwords_en: list[str]


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# rule files read as plain dicts (entities/vocab_types.py): name -> the TypedDict they must match
_SHAPES: dict[str, Any] = {}
_NOT_AT_LOAD: set[str] = set()
_T = TypeVar("_T")


def rule_file(name: str, check_at_load: bool = True) -> Callable[[_T], _T]:
    """Registers the TypedDict (closed: `extra="forbid"`) that the rule file `name` must match."""

    def register(shape: _T) -> _T:
        _SHAPES[name] = shape
        if not check_at_load:
            _NOT_AT_LOAD.add(name)
        return shape

    return register


def check_rule_file(name: str) -> None:
    """Validates a registered rule file against its TypedDict, strictly (no coercion); raises if it fails."""
    TypeAdapter(_SHAPES[name]).validate_json((ROOT / name).read_text(encoding="utf-8"), strict=True)


def _json(name: str) -> object:
    """A rule file's data; one with a registered TypedDict is first validated against it, strictly
    (no key unknown or missing, no coercion), and returned as read."""
    text = (ROOT / name).read_text(encoding="utf-8")
    if name in _SHAPES and name not in _NOT_AT_LOAD:
        TypeAdapter(_SHAPES[name]).validate_json(text, strict=True)
    return json.loads(text)


def word_list(name: str) -> list[str]:
    """A plain list file: one entry per line, `#` starts a comment."""
    path = ROOT / name
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


@cache
def structure_cues() -> StructureCues:
    return StructureCues.model_validate(_json("structure.json"))


@cache
def caption_regex() -> re.Pattern[str]:
    """A caption's label and number at a line's start: "图1", "表 2-1", "Fig. 3", "Table S1"."""
    labels = sorted(structure_cues().caption_labels, key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in labels)
    return re.compile(rf"^\s*(?:{alt})\s*[A-Z]?\d+(?:[-.－]\d+)?(?![\d.])")


@cache
def heading_grammar() -> HeadingGrammar:
    return HeadingGrammar.model_validate(_json("zh/headings.json"))


@cache
def stray_rules() -> StrayRules:
    return StrayRules.model_validate(_json("strays.json"))


class SentenceRules(_Strict):
    """sentences.json: the marks that end a sentence, for every stage (sentences.py)."""

    comment: str = ""
    full_stops: str
    semicolons: str
    closers: str
    abbreviations: list[str]


@cache
def sentence_rules() -> SentenceRules:
    return SentenceRules.model_validate(_json("sentences.json"))


class QualityThresholds(_Strict):
    comment: str = ""
    min_text_kept: float
    min_median_paragraph_chars: float
    max_detached_digit_runs: int
    max_pages_without_text_share: float
    min_body_chars: int
    min_headings: int
    # a body this long without a heading is suspect; a short letter may have none
    headings_expected_above_chars: int
    # a paragraph with at most this many letters and at least this many digits is a run of numbers
    digit_run_max_letters: int
    digit_run_min_digits: int


@cache
def quality_thresholds() -> QualityThresholds:
    return QualityThresholds.model_validate(_json("quality.json"))


# a list of one or more words of a rule, in data order
Words = Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]


class PdfTextRules(_Strict):
    comment: str = ""
    spaces: str
    keep_fullwidth: str
    fullwidth_between_alnum: str
    decimal_points: str
    line_end_hyphens: str
    low_commas: str
    cjk_comma: str
    drop: str
    # parts of a font name that say its style; families drawn without a substitute
    font_names_comment: str = ""
    bold_font_names: Words
    italic_font_names: Words
    standard_font_families: Words
    # face (subset tag stripped) -> {character its ToUnicode map gives: character it prints}
    font_glyph_maps_comment: str = ""
    font_glyph_maps: dict[str, dict[str, str]] = {}

    @field_validator("font_glyph_maps")
    @classmethod
    def _one_char_keys_printable_values(cls, v: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for face, table in v.items():
            for k, r in table.items():
                if len(k) != 1 or not r or any(ch < " " or "\x7f" <= ch < "\xa0" for ch in r):
                    raise ValueError(f"font_glyph_maps[{face!r}]: {k!r} -> {r!r} (one character -> printable text)")
        return v


@cache
def pdf_text_rules() -> PdfTextRules:
    return PdfTextRules.model_validate(_json("pdf_text.json"))


class OcrRules(_Strict):
    comment: str = ""
    marker_open: str
    marker_close: str
    marker_separators: str
    marker_misreads: str
    marker_min_confidence: float
    between_digits: dict[str, str]
    after_hanzi_before_separator: dict[str, str]
    between_digit_and_hanzi: dict[str, str]
    specks: str
    inked_marks: str
    enumeration_dots: str
    gap_comma_reads: str
    gap_range_reads: str
    gap_min_votes: int
    lookalikes: dict[str, str]
    never_printed: dict[str, str]
    after_numbers_only: dict[str, str]


@cache
def ocr_rules() -> OcrRules:
    return OcrRules.model_validate(_json("ocr.json"))


@cache
def unit_words(*sections: str) -> frozenset[str]:
    """Every Latin part of a printed unit in units.json ("mg", "dl", "μmol", "qd"), split at "/";
    only those of the named sections ("mass", "amount", …) when given."""
    data = _json("units.json")
    out: set[str] = set()
    items = data.items() if isinstance(data, dict) else ()
    for _, section in (kv for kv in items if not sections or kv[0] in sections):
        for key in section if isinstance(section, dict) else ():
            out.update(p for p in str(key).split("/") if p and re.fullmatch(r"[A-Za-zμµ]+", p))
    return frozenset(out)


class TableCues(_Strict):
    comment: str = ""
    table_labels: list[str]
    figure_labels: list[str]
    note_starts: list[str]
    prose_marks: str
    max_caption_chars: int
    number_chars: str
    numeric_share: float


@cache
def table_cues() -> TableCues:
    return TableCues.model_validate(_json("tables.json"))


@cache
def table_caption_regex() -> re.Pattern[str]:
    """A table or figure caption's start: label, number, then a separator or the end of the line.
    Groups: label, number, rest. "表1显示……" (no separator) is prose that names a table."""
    cues = table_cues()
    labels = sorted(cues.table_labels + cues.figure_labels, key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in labels)
    return re.compile(rf"^\s*({alt})\s*([A-Z]?\d+(?:[-.－]\d+)?)(?![\d.]\d)(?:[\s.．:：、]+|$)(.*)$", re.S)


# -- words of the regexes in code: the regex's shape stays in code, its words live here --------


class ZhPatternWords(_Strict):
    """zh/pattern_words.json: the Chinese words of regexes assembled in code (data order is kept)."""

    comment: str = ""
    reference_et_al: Words
    page_before: Words
    page_after: Words
    digits_1_9: Annotated[str, Field(min_length=9, max_length=9)]
    ordinal_before: Words
    ordinal_numerals: Annotated[str, Field(min_length=1)]
    ordinal_joins: Words
    month: Words
    day_after_month: Words
    list_joins: Words
    range_words: Words
    fold_words: Words
    dose_units: Words
    trial_words: Words
    trial_name_joins: Words
    et_al: Words
    phase_after: Words
    stat_label_links: Words
    code_cues: Words
    class_phrase_openers: Annotated[str, Field(min_length=1)]
    fraction_of: Annotated[str, Field(min_length=1)]
    fraction_whole_joins: Words
    enrolled_units: Words
    arm_words: Words
    arm_links: Words
    arm_links_not_after: Words
    arm_size_units: Words
    enrol_particles: Words
    patient_nouns: Words
    approximators: Words
    attributive_particles: Words
    respectively: Words
    study_count_numerals: dict[str, int]
    study_measure_words: Words
    study_nouns: Words
    arm_label_joins: Annotated[str, Field(min_length=1)]
    arm_label_breaks: Words
    endpoint_links: Words
    primary_endpoint_before: Words
    primary_endpoint_after: Words
    primary_endpoint_nouns: Words
    per_words: Words
    per_day_words: Words
    per_week_words: Words
    frequency_counts: dict[str, int]
    times_words: Words
    patient_count_units: Words
    dose_nouns_after_of: Words
    partner_before: Words
    partner_verbs: Words
    cue_after_words: Words
    cue_after_not_before: Words
    code_not_before: Words
    than_before: Words
    interval_words: Words
    fraction_not_before: Words
    half_words: Words
    population_units: Words
    population_in: Words
    rate_event_units: Words
    per_population_units: Words
    person_years: Words
    frequency_numerals: Annotated[str, Field(min_length=1)]
    unit_starts: Annotated[str, Field(min_length=1)]
    approx_after_number: Words
    not_durations: Words
    months_after_classifier: Words


class EnPatternWords(_Strict):
    """en/pattern_words.json: the English words of regexes assembled in code (data order is kept)."""

    comment: str = ""
    reference_et_al: Words
    list_joins: Words
    range_words: Words
    fold_words: Words
    trial_word_after_name: Words
    trial_word_after_acronym_word: Words
    trial_words_after_names: Words
    trial_words_before_names: Words
    trial_name_joins: Words
    et_al: Words
    phase_before: Words
    stat_label_links: Words
    mechanism_nouns: Words
    code_cues: Words
    name_particles: Words
    enrolled_units: Words
    respectively: Words
    study_count_numerals: dict[str, int]
    counted_study_nouns: Words
    many_study_nouns: Words
    arm_label_breaks: Words
    every_words: Words
    every_periods: Words
    patient_count_units: Words
    not_identifier_after: Words
    interval_words: Words
    hyphen_durations: dict[str, str]
    time_point_units: dict[str, str]


@cache
def zh_words() -> ZhPatternWords:
    return ZhPatternWords.model_validate(_json("zh/pattern_words.json"))


@cache
def en_words() -> EnPatternWords:
    return EnPatternWords.model_validate(_json("en/pattern_words.json"))


def alt(words: list[str]) -> str:
    """An alternation of `words` in data order (order is the rule's: put a longer word first)."""
    return "|".join(re.escape(w) for w in words)


def char_class(chars: str) -> str:
    """`chars` escaped to stand inside [...]."""
    return "".join(re.escape(c) for c in chars)


# -- the rule ids of the output ---------------------------------------------------------------

RuleId = Annotated[str, Field(pattern=r"^[a-z]+(?:\.[a-z0-9_]+)+$")]
OneLine = Annotated[str, Field(min_length=1, pattern=r"^[^\n]+$")]


class RuleIds(_Strict):
    """rule_ids.json: every rule id the output can carry, with what it means."""

    comment: str = ""
    ids: dict[RuleId, OneLine]
    # namespace -> how its ids join several declared parts with "+" ("strays.boxed+off_topic")
    composite: dict[str, OneLine]
    # the start of a family of ids code tests by prefix ("number.rate_")
    prefixes: dict[str, OneLine]

    @field_validator("prefixes")
    @classmethod
    def _prefix_of_some_id(cls, v: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        ids = info.data.get("ids", {})
        for p in v:
            if not any(i.startswith(p) for i in ids):
                raise ValueError(f"prefix {p!r} starts no declared id")
        return v


@cache
def rule_ids() -> RuleIds:
    return RuleIds.model_validate(_json("rule_ids.json"))


def undeclared_rule_parts(rule: str) -> list[str]:
    """The parts of an emitted rule id that rule_ids.json does not declare ([] when all are)."""
    reg = rule_ids()
    if rule in reg.ids:
        return []
    ns, _, rest = rule.partition(".")
    if ns in reg.composite and rest:
        return [p for p in (f"{ns}.{x}" for x in rest.split("+")) if p not in reg.ids]
    return [rule]


def declares_literal(literal: str) -> bool:
    """Does rule_ids.json declare this string of code: an id, an id family's prefix, or the
    namespace of a composite id ("strays.")?"""
    reg = rule_ids()
    return literal in reg.ids or literal in reg.prefixes or (literal.endswith(".") and literal[:-1] in reg.composite)
