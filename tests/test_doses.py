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


def regimen_of(body: str):
    doses = doc_of(body).entities.doses
    return [(d.drug, d.value, d.value_max, d.unit, d.role, d.regimen) for d in doses]


@pytest.mark.parametrize(
    "body,expected",
    [
        (
            "加巴喷丁起始剂量每日 300 mg，逐渐加量至每日 900～3 600 mg，分 3 次口服。",
            [("gabapentin", 300, None, "mg/d", "start", "d1"), ("gabapentin", 900, 3600, "mg/d", "increase", "d1")],
        ),
        (
            "Topiramate was started at 25 mg/day and titrated to 200 mg/day over eight weeks.",
            [("topiramate", 25, None, "mg/d", "start", "d1"), ("topiramate", 200, None, "mg/d", "increase", "d1")],
        ),
        (
            "奥氮平起始剂量为 5 mg/d，1 周后可增至 10 mg/d，最大剂量 20 mg/d。",
            [
                ("olanzapine", 5, None, "mg/d", "start", "d1"),
                ("olanzapine", 10, None, "mg/d", "increase", "d1"),
                ("olanzapine", 20, None, "mg/d", "max", "d1"),
            ],
        ),
        (
            "卡维地洛 3.125 mg bid 起始，目标剂量为 25 mg bid。",
            [("carvedilol", 3.125, None, "mg", "start", "d1"), ("carvedilol", 25, None, "mg", "target", "d1")],
        ),
    ],
)
def test_a_titration_is_one_regimen_of_its_doses(body, expected):
    got = regimen_of(body)
    assert [(g[0], g[3], g[4], g[5]) for g in got] == [(e[0], e[3], e[4], e[5]) for e in expected]
    assert [(g[1], g[2]) for g in got] == [(pytest.approx(e[1]), e[2]) for e in expected]


@pytest.mark.parametrize(
    "body,drug,first,then",
    [
        ("比伐芦定负荷剂量 0.75 mg/kg 静脉推注，继以 1.75 mg/kg/h 持续输注。", "bivalirudin", 0.75, 1.75),
        ("Heparin 80 U/kg bolus then 18 U/kg/h infusion.", "heparin", 80, 18),
        (
            "A loading dose of 20 mg/kg of levetiracetam was given as an IV bolus, followed by 10 mg/kg every 12 h.",
            "levetiracetam",
            20,
            10,
        ),
        ("氟康唑负荷剂量 800 mg，随后 400 mg/d 口服。", "fluconazole", 800, 400),
    ],
)
def test_bolus_and_infusion_are_two_linked_doses(body, drug, first, then):
    got = regimen_of(body)
    assert [(g[0], g[1], g[4], g[5]) for g in got] == [
        (drug, first, "loading", "d1"),
        (drug, then, "maintenance", "d1"),
    ]


def test_regimens_do_not_cross_drugs_or_restarts():
    got = regimen_of(
        "伏硫西汀一般起始 10 mg/d，老年患者起始 5 mg/d，最大 20 mg/d。普瑞巴林起始 75 mg bid，利培酮 1 mg/d。"
    )
    assert [(g[1], g[4], g[5]) for g in got] == [
        (10, "start", None),
        (5, "start", "d2"),
        (20, "max", "d2"),
        (75, "start", None),
        (1, None, None),
    ]


def test_an_increment_is_not_a_step_of_the_regimen():
    got = regimen_of("非布司他 20 mg/d 起始，每 4 周增加 20 mg，最大 80 mg/d。")
    assert [(g[1], g[4], g[5]) for g in got if g[5]] == [(20, "start", "d1"), (80, "max", "d1")]


def test_a_neighbouring_clause_keeps_its_own_frequency_and_route():
    doses = doc_of("阿达木单抗 40 mg 每 2 周 1 次皮下注射，或依那西普 50 mg 每周 1 次。").entities.doses
    got = {d.drug: (d.frequency.period if d.frequency else None, d.route) for d in doses}
    assert got == {"adalimumab": (2, "sc"), "etanercept": (1, None)}


def test_an_amount_before_another_clause_is_not_the_next_drugs():
    doses = doc_of("患者每日饮水 2 000 mL，同时口服碳酸氢钠 1 g tid。").entities.doses
    assert [(d.drug, d.value) for d in doses] == [("sodium-bicarbonate", 1)]


@pytest.mark.parametrize(
    "body,drug,freq,route",
    [
        ("Tocilizumab 8 mg/kg IV every 4 weeks was given.", "tocilizumab", (1, 4, "wk"), "iv"),
        ("Enoxaparin 1 mg/kg SC every 12 hours was given.", "enoxaparin", (1, 12, "h"), "sc"),
        ("Metformin 500 mg three times a day with meals.", "metformin", (3, 1, "d"), None),
        ("Stage IV NSCLC patients received osimertinib 80 mg once daily.", "osimertinib", (1, 1, "d"), None),
        ("Denosumab 60 mg SC every 6 months.", "denosumab", (1, 6, "mo"), "sc"),
    ],
)
def test_english_frequencies_and_routes(body, drug, freq, route):
    (d,) = doc_of(body).entities.doses
    f = d.frequency
    assert (d.drug, (f.count, f.period, f.period_unit) if f else None, d.route) == (drug, freq, route)


def test_arm_size_after_an_english_schedule():
    (d,) = doc_of("Tocilizumab 8 mg/kg IV every 4 weeks (n=205) or placebo (n=204).").entities.doses
    assert d.arm_n == 205


def test_doses_listed_with_one_unit():
    doses = doc_of("巴瑞替尼 2 或 4 mg 每日 1 次口服。").entities.doses
    assert [(d.drug, d.value, d.unit) for d in doses] == [("baricitinib", 2, "mg"), ("baricitinib", 4, "mg")]


@pytest.mark.parametrize("mark", ["？", "?", "!", "。"])
def test_a_dose_clause_ends_at_every_sentence_mark(mark):
    """The next sentence's frequency is not the dose's: ASCII "?" and "!" end a clause as "？" does
    (the clause scan listed only the full-width marks)."""
    (d,) = doc_of(f"阿司匹林 100 mg 是否足够{mark}每日 3 次监测血压。").entities.doses
    assert (d.drug, d.value, d.frequency) == ("aspirin", 100, None)
