"""The shapes of the rule files read by entities/ (pipeline/resources/*.json): one TypedDict per file,
closed (a key it does not name is an error) and checked strictly when the file is read."""

from __future__ import annotations

from pydantic import ConfigDict, with_config
from typing_extensions import NotRequired, TypeAlias, TypedDict

from ..resources import rule_file
from .literals import ArmRole, Design, DoseRole, DrugKind, Route

_CLOSED = ConfigDict(extra="forbid")


@rule_file("numbers.json")
@with_config(_CLOSED)
class NumbersVocab(TypedDict):
    """numbers.json."""

    comment: str
    count_classifiers: list[str]
    count_words_en: list[str]
    duration_units: dict[str, str]
    comparators: dict[str, str]
    comparators_after: dict[str, str]
    approx_before: list[str]
    approx_after: list[str]
    range_separators: list[str]
    stat_labels: list[str]
    ci_labels: list[str]
    label_before: list[str]
    label_after: list[str]
    rate_bases: dict[str, int]
    cn_number_words_not_numbers: list[str]
    qualifier_gap_words: list[str]
    ratio_stat_labels: list[str]
    score_units: dict[str, str]
    score_not_after: list[str]
    iqr_labels: list[str]
    sd_labels: list[str]
    numerals: NumeralsVocab
    range_words_en: list[str]
    range_and: list[str]
    range_between: list[str]
    range_between_close: list[str]
    cn_not_after: list[str]
    cn_alone_not_number: list[str]
    percent_after: list[str]
    tenths_after: dict[str, str]
    tenths_not_before: list[str]
    half_durations: dict[str, str]
    half_not_before: list[str]
    percent_before: list[str]
    bare_after: list[str]
    comparator_range_joins: list[str]
    not_code_words: list[str]
    label_nouns_en: list[str]
    stat_link_words: list[str]
    rate_per_bases: dict[str, int]
    comparator_or_equal: list[str]
    bare_before: list[str]
    than_after: dict[str, str]
    change_verbs_en: list[str]
    per_day_before: list[str]


@with_config(_CLOSED)
class NumeralsVocab(TypedDict):
    """numbers.json ['numerals']."""

    comment: str
    cn_digits: dict[str, int]
    cn_zero: list[str]
    cn_financial: list[str]
    cn_small_units: dict[str, int]
    cn_big_units: dict[str, int]
    cn_tens: dict[str, str]
    cn_point: list[str]
    cn_negative: list[str]
    cn_more: list[str]
    cn_unknown: list[str]
    cn_per_bases: dict[str, float]
    sign_after: list[str]
    arabic_scales: dict[str, float]
    en_units: dict[str, int]
    en_tens: dict[str, int]
    en_scales: dict[str, int]
    en_a: list[str]
    en_half: dict[str, int]
    en_ordinal_denominators: dict[str, int]
    en_not_denominator: list[str]
    en_alone_not_number: list[str]
    en_negative: list[str]
    en_fraction_joins: dict[str, str]
    vulgar_fractions: dict[str, float]
    en_ordinal_units: dict[str, int]
    cn_not_decimal: list[str]


@rule_file("units.json")
@with_config(_CLOSED)
class UnitsVocab(TypedDict):
    """units.json."""

    comment: str
    mass: dict[str, str]
    amount: dict[str, str]
    divisors: dict[str, str]
    concentration_only: dict[str, str]
    routes: dict[str, Route]
    frequency_abbrev: dict[str, tuple[int, float, str]]  # count, period, period unit
    period_words: dict[str, str]
    currency: dict[str, str]
    currency_before: dict[str, str]
    concentration_not_before: list[str]
    every_counts: dict[str, int]
    route_not_after: list[str]


@rule_file("trial_cues.json")
@with_config(_CLOSED)
class TrialCues(TypedDict):
    """trial_cues.json."""

    comment: str
    enrol_before: list[str]
    enrol_after: list[str]
    trial_words: list[str]
    new_trial_cues: list[str]
    continuation_cues: list[str]
    not_human: list[str]
    design: dict[str, Design]
    phase_words: dict[str, str]
    outcome: dict[str, list[str]]
    outcome_blockers: dict[str, list[str]]
    arm_roles: dict[str, ArmRole]
    duration_cues: list[str]
    endpoint_cues: list[str]
    cumulative_words: list[str]
    human: list[str]
    continuation_patterns: list[str]
    negation_triggers: list[str]
    contrast_words: list[str]
    significance_level: float
    arm_list_cues: list[str]
    arm_separators: str
    not_trial_names: list[str]
    meta_analysis: list[str]
    many_studies: list[str]


@rule_file("drug_cues.json")
@with_config(_CLOSED)
class DrugCues(TypedDict):
    """drug_cues.json."""

    comment: str
    status: dict[str, list[str]]
    class_suffixes: list[str]
    zh_name_boundaries: str
    code_drug_context: list[str]
    code_drug_before: list[str]
    code_not_drug_after: list[str]
    generic_headings: list[str]
    scope_followers: list[str]
    not_drug_suffixes: list[str]
    generic_prefixes: list[str]
    class_heads: list[str]
    class_phrase_heads: list[str]
    mechanism_after: str
    combination_joiners: list[str]
    resistance_before: str
    resistance_after_en: str
    en_hyphen_after_not_drug: list[str]
    en_hyphen_before_not_drug: list[str]
    dose_after_units_comment: str
    dose_after_units: list[str]
    biologic_given: list[str]
    biologic_marker_after: list[str]
    abbr_context_before: list[str]
    abbr_context_after: list[str]
    abbr_joiner: str


@rule_file("dose_roles.json")
@with_config(_CLOSED)
class DoseRoles(TypedDict):
    """dose_roles.json."""

    comment: str
    before: dict[str, DoseRole]
    after: dict[str, DoseRole]
    opens: list[str]
    joins: dict[str, list[str]]


@with_config(_CLOSED)
class DrugRow(TypedDict):
    """One agent of drugs.json (built by tools/build_lexicon.py)."""

    id: str
    name_en: str | None
    name_zh: str | None
    aliases_zh: list[str]
    aliases_zh_hant: list[str]
    aliases_en: list[str]
    abbr_en: list[str]
    kind: DrugKind
    atc: str | None
    drugbank: str | None
    mesh: str | None
    drug_class_en: str | None
    curated: bool
    given_only: NotRequired[bool]


DrugRows: TypeAlias = list[DrugRow]
# 14 159 rows: checked when tools/build_lexicon.py writes them and by the tests, not at every start
rule_file("drugs.json", check_at_load=False)(DrugRows)
