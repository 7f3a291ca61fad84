"""Doses on sentences written for these tests (no corpus review): every dose names its drug,
per-kg and per-m² amounts keep their divisor, an arm's size is read from its own bracket."""

from __future__ import annotations

import pytest

from pipeline import extract_bytes


def doc_of(body: str, title: str = "类风湿关节炎药物治疗的研究进展"):
    text = (
        f"{title}\n王芳，陈明\n(四川大学华西医院风湿免疫科，成都 610041)\n摘要 本文综述类风湿关节炎的药物治疗。\n"
        f"关键词 类风湿关节炎；药物治疗\n\n{body}\n"
    )
    return extract_bytes(text.encode("utf-8"), "case.txt")


def test_an_amount_with_no_drug_is_no_dose():
    doc = doc_of("干扰素 β-1a 44 μg，tiw 皮下注射。饮水量每日 2 000 mL 以上，补液 500 mL。")
    assert all(d.drug for d in doc.entities.doses)
    assert not [d for d in doc.entities.doses if d.value in (44, 2000, 500)]


def test_every_dose_names_its_drug():
    doc = doc_of("甲氨蝶呤起始 7.5 mg/周，可增至 25 mg/周；叶酸 5 mg/周同服。托法替布 5 mg bid 口服。")
    assert doc.entities.doses and all(d.drug for d in doc.entities.doses)


@pytest.mark.parametrize(
    "body,drug,value,unit",
    [
        ("英夫利西单抗 3 mg/kg 静脉输注，第 0、2、6 周给药。", "infliximab", 3, "mg/kg"),
        ("多西他赛 75 mg/m(2) 静脉滴注，每 3 周 1 次。", "docetaxel", 75, "mg/m2"),
        ("环磷酰胺 1,000 mg/m² 每月 1 次。", "cyclophosphamide", 1000, "mg/m2"),
    ],
)
def test_per_kg_and_per_m2_doses(body, drug, value, unit):
    (d,) = doc_of(body).entities.doses
    assert (d.drug, d.value, d.unit) == (drug, value, unit)


def test_arm_size_from_the_arms_bracket():
    body = (
        "一项 3 期研究纳入 600 例患者，随机接受托法替布 5 mg bid 组（n=204）、10 mg bid 组（n=198）"
        "或安慰剂组（n=198）。"
    )
    doses = {(d.value, d.arm_n) for d in doc_of(body).entities.doses}
    assert (5, 204) in doses and (10, 198) in doses


def test_a_study_size_is_not_an_arm_size():
    body = "一项纳入 1 200 例患者的研究中，阿达木单抗 40 mg 每 2 周 1 次皮下注射 (1 200 例)。"
    (d,) = doc_of(body).entities.doses
    assert d.arm_n is None
