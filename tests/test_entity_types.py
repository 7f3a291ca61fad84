"""The typed views of entities/ match what they describe: rule files and schema vocabularies."""

from __future__ import annotations

import json
from typing import get_args

import pytest

from pipeline import models
from pipeline.entities import literals, vocab_types
from pipeline.resources import ROOT

FILES = [
    (vocab_types.NumbersVocab, "numbers.json", None),
    (vocab_types.NumeralsVocab, "numbers.json", "numerals"),
    (vocab_types.UnitsVocab, "units.json", None),
    (vocab_types.TrialCues, "trial_cues.json", None),
    (vocab_types.DrugCues, "drug_cues.json", None),
    (vocab_types.DoseRoles, "dose_roles.json", None),
]


@pytest.mark.parametrize(("shape", "name", "key"), FILES)
def test_rule_file_keys_are_typed(shape: type, name: str, key: str | None) -> None:
    data = json.loads((ROOT / name).read_text(encoding="utf-8"))
    if key:
        data = data[key]
    assert set(data) == set(shape.__annotations__), f"{name}: update vocab_types.{shape.__name__}"


def test_literals_match_the_schema() -> None:
    fields = models.Trial.model_fields
    assert set(get_args(literals.Phase)) == set(get_args(get_args(fields["phase"].annotation)[0]))
    assert set(get_args(literals.Outcome)) == set(get_args(fields["outcome"].annotation))
    assert set(get_args(literals.Status)) == set(get_args(models.Drug.model_fields["status"].annotation))
    assert set(get_args(literals.DrugKind)) == set(get_args(models.Drug.model_fields["kind"].annotation))
    assert set(get_args(literals.ArmRole)) == set(get_args(models.Arm.model_fields["role"].annotation))
    assert set(get_args(literals.PeriodUnit)) == set(get_args(models.Frequency.model_fields["period_unit"].annotation))


def test_narrowing_checks_reject_strays() -> None:
    assert literals.comparator(None) is None
    assert literals.comparator("<=") == "<="
    assert literals.p_comparator("=") == "="
    assert literals.is_phase("2/3") and not literals.is_phase("5")
    with pytest.raises(ValueError):
        literals.comparator("=")  # a number's comparator is never "=" (a P value's may be)
    with pytest.raises(ValueError):
        literals.drug_kind("vaccine")
    with pytest.raises(ValueError):
        literals.period_unit("week")
