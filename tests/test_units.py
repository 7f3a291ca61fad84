"""pipeline/units.py: units as printed -> UCUM, read part by part from resources/units.json."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline.resources import _json
from pipeline.units import match_unit

UNITS = _json("units.json")

PER_KG_PER_DAY = ["mg/kg/d", "mg·kg-1·d-1", "mg·kg−1·d−1", "mg·kg⁻¹·d⁻¹", "mg/(kg·d)", "mg/(kg.d)", "mg/kg·d"]


@pytest.mark.parametrize("printed", PER_KG_PER_DAY)
def test_per_kg_per_day_forms_give_one_ucum(printed: str):
    m = match_unit(printed + " for 2 weeks")
    assert m is not None
    assert m.ucum == "mg/kg/d"
    assert m.text == printed
    assert m.length == len(printed)
    assert m.dose


def test_chinese_per_kg_per_day_gives_mg_per_kg_per_day():
    m = match_unit("毫克/千克/天")
    assert m is not None and m.ucum == "mg/kg/d"


def test_chinese_divisor_is_read():
    m = match_unit("毫克/日，")
    assert m is not None and (m.ucum, m.text, m.length) == ("mg/d", "毫克/日", 4)


def test_per_and_a_read_as_divisors():
    assert match_unit("mg per day in")
    assert match_unit("mg per day in").ucum == "mg/d"
    assert match_unit("mg a day").ucum == "mg/d"
    assert match_unit("μg/kg/min").ucum == "ug/kg/min"
    assert match_unit("mg/ 24 h").ucum == "mg/(24.h)"
    assert match_unit("mg/m2").ucum == "mg/m2"


def test_concentration_is_a_measurement_not_a_dose():
    for printed in ["mmol/L", "mg/dL", "ng/mL", "g/L", "mmHg"]:
        m = match_unit(printed + " 以上")
        assert m is not None and not m.dose, printed
        assert m.ucum == UNITS["concentration_only"][printed]
        assert m.length == len(printed)


def test_an_amount_per_volume_is_a_concentration():
    # read part by part (mmol + /L, mg + /mL), not from the concentration list
    m = match_unit("mmol/mL")
    assert m is not None and m.ucum == "mmol/mL" and not m.dose
    assert not match_unit("U/dL").dose


def test_a_volume_per_time_is_a_dose():
    m = match_unit("mL/d")
    assert m is not None and m.dose and m.ucum == "mL/d"


def test_bare_kilograms_are_a_body_weight_not_a_dose():
    m = match_unit("kg 体重")
    assert m is not None and m.ucum == "kg" and not m.dose


def test_plain_doses():
    assert match_unit("mg").dose and match_unit("mg").ucum == "mg"
    assert match_unit("IU/kg").ucum == "[iU]/kg" and match_unit("IU/kg").dose
    assert match_unit("微克").ucum == "ug"


def test_leading_space_is_consumed_and_counted():
    m = match_unit(" mg q12h")
    assert m is not None and m.text == "mg" and m.length == 3


def test_text_after_the_unit_is_not_consumed():
    tail = "mg/kg/d, then 10 mg"
    m = match_unit(tail)
    assert m is not None and tail[m.length :] == ", then 10 mg"


def test_no_unit_inside_a_longer_word():
    assert match_unit("mgs") is None
    assert match_unit("mgmt") is None
    assert match_unit("gram") is None
    assert match_unit("patients") is None
    assert match_unit("") is None
    # a divisor glued to a word is not read as one
    assert match_unit("mg/dose").ucum == "mg"


_suffix = st.sampled_from(["", " for 2 weeks", "，", "。", " 口服", "; then", ")", " (range 1–3)"])


@given(st.sampled_from(sorted(UNITS["mass"])), st.sampled_from(sorted(UNITS["divisors"])), _suffix)
def test_property_mass_per_divisor(mass: str, div: str, suffix: str):
    printed = f"{mass}/{div}"
    assume(printed not in UNITS["concentration_only"])  # "kg/m2" (a BMI), "mg/dL": listed as measurements
    m = match_unit(printed + suffix)
    assert m is not None
    assert m.text == printed and m.length == len(printed)
    assert m.ucum == UNITS["mass"][mass] + "/" + UNITS["divisors"][div]
    # an amount per volume is a concentration; every other mass per divisor is a dose
    assert m.dose == (UNITS["divisors"][div] not in {"L", "mL", "dL", "uL"})


@given(st.sampled_from(sorted(UNITS["concentration_only"])), _suffix)
def test_property_concentrations_are_never_doses(printed: str, suffix: str):
    m = match_unit(printed + suffix)
    assert m is not None and not m.dose
    assert m.length == len(printed)
