"""Drug, dose and trial rules on sentences no rule was written from (none is from a corpus review)."""

from __future__ import annotations

import pytest

from pipeline import extract_bytes


def doc_of(body: str, title: str = "多发性硬化疾病修饰治疗的研究进展"):
    text = (
        f"{title}\n张伟，李娜\n(北京协和医院神经科，北京 100730)\n摘要 本文综述多发性硬化的疾病修饰治疗。\n"
        f"关键词 多发性硬化；疾病修饰治疗\n\n{body}\n"
    )
    return extract_bytes(text.encode("utf-8"), "case.txt")


def drug_ids(doc) -> set[str]:
    return {d.id for d in doc.entities.drugs}


@pytest.mark.parametrize(
    "body,expected",
    [
        ("芬戈莫德 (fingolimod) 是首个口服疾病修饰药物，已获批用于复发型多发性硬化。", {"fingolimod"}),
        ("奥瑞珠单抗和那他珠单抗均为单克隆抗体。", {"ocrelizumab", "natalizumab"}),
        ("特立氟胺 14 mg，每日 1 次口服。", {"teriflunomide"}),
        (
            "Dimethyl fumarate and glatiramer acetate are first-line options.",
            {"dimethyl-fumarate", "glatiramer-acetate"},
        ),
    ],
)
def test_lexicon_finds_agents_in_both_languages(body, expected):
    assert expected <= drug_ids(doc_of(body))


@pytest.mark.parametrize(
    "body",
    [
        "他汀类药物和 β 受体阻滞剂是二级预防的基础。",
        "干细胞移植与反义寡核苷酸疗法仍在研究中。",
        "安慰剂组与对照组之间差异无统计学意义。",
        "血清肌酸激酶水平升高提示肌肉损伤。",
    ],
)
def test_classes_therapies_and_lab_words_are_not_drugs(body):
    assert drug_ids(doc_of(body)) == set()


def test_alias_mining_links_chinese_name_and_abbreviation():
    body = "新药瑞美替尼 (remetinib，RMT) 在体外有效。RMT 的半衰期较长，瑞美替尼耐受性良好。"
    d = next(x for x in doc_of(body).entities.drugs if x.id == "remetinib")
    assert d.name_zh == "瑞美替尼" and [m.text for m in d.mentions] == [
        "瑞美替尼",
        "remetinib",
        "RMT",
        "RMT",
        "瑞美替尼",
    ]
    assert "RMT" in d.aliases


def test_unknown_agent_by_stem_and_investigational_code_in_context():
    body = "新型激酶抑制剂沃克替尼的 2 期研究正在进行；化合物 XZ-4471 是一种口服选择性抑制剂。"
    ids = drug_ids(doc_of(body))
    assert "沃克替尼" in ids and "xz-4471" in ids


def test_status_cues_are_scoped_to_the_sentence():
    body = "阿仑单抗已获批用于高活动性患者。达克珠单抗的 3 期试验失败。另一种药物伊奈利珠单抗的研究正在进行。"
    status = {d.id: d.status for d in doc_of(body).entities.drugs}
    assert status.get("alemtuzumab") == "approved"
    assert status.get("达克珠单抗") == "failed"  # not in the lexicon: found by its stem, id is its Chinese name
    assert status.get("inebilizumab") == "investigational"


@pytest.mark.parametrize(
    "body,drug,value,unit,freq,route",
    [
        ("特立氟胺推荐 14 mg，每日 1 次口服。", "teriflunomide", 14, "mg", (1, 1.0, "d"), "oral"),
        ("甲泼尼龙 1 g/d 静脉滴注 3~5 d。", "methylprednisolone", 1, "g/d", None, "iv"),
        ("利妥昔单抗 375 mg/m2，每周 1 次，共 4 次。", "rituximab", 375, "mg/m2", (1, 1.0, "wk"), None),
        ("那他珠单抗 300 mg，每 4 周 1 次静脉输注。", "natalizumab", 300, "mg", (1, 4.0, "wk"), "iv"),
        ("环磷酰胺 2 mg·kg-1·d-1 口服。", "cyclophosphamide", 2, "mg/kg/d", None, "oral"),
    ],
)
def test_dose_value_unit_frequency_route(body, drug, value, unit, freq, route):
    doses = doc_of(body).entities.doses
    assert len(doses) == 1
    d = doses[0]
    if drug:
        assert d.drug == drug
    assert (d.value, d.unit) == (value, unit)
    assert (d.frequency.count, d.frequency.period, d.frequency.period_unit) == freq if freq else d.frequency is None
    assert d.route == route


def test_concentrations_and_body_weight_are_not_doses():
    body = "治疗后血药浓度为 12 mg/L，患者体重 70 kg，HBV DNA<20 IU/ml。"
    assert doc_of(body).entities.doses == []


def test_dose_arm_size():
    body = "共纳入 90 例患者：30 例患者接受特立氟胺 7 mg/d，60 例患者接受特立氟胺 14 mg/d。"
    arms = sorted((d.value, d.arm_n) for d in doc_of(body).entities.doses)
    assert arms == [(7, 30), (14, 60)]


def test_trial_over_several_sentences():
    body = (
        "OPERA 研究为 3 期、随机、双盲、多中心试验，纳入 821 例复发型患者，比较奥瑞珠单抗与干扰素 β-1a。"
        "奥瑞珠单抗组 410 例，干扰素组 411 例，治疗 96 周。"
        "结果显示奥瑞珠单抗组年复发率显著降低 (P<0.001)。"
    )
    (t,) = doc_of(body).entities.trials
    assert t.phase == "3" and t.n_enrolled == 821
    assert {"randomized", "double_blind", "multicenter"} <= set(t.design)
    assert "ocrelizumab" in t.drugs and t.outcome == "positive"
    assert sorted(a.n for a in t.arms) == [410, 411]
    assert [r.p_value for r in t.results if r.p_value] == [0.001]
    assert len(t.mentions) == 3


def test_animal_studies_are_not_trials_and_two_studies_stay_two():
    body = (
        "在小鼠模型中，克拉屈滨可减轻脱髓鞘。"
        "CLARITY 研究纳入 1 326 例患者，证实克拉屈滨有效。"
        "另一项纳入 642 例患者的随机研究比较了特立氟胺与安慰剂，未发现显著差异。"
    )
    trials = doc_of(body).entities.trials
    assert sorted(t.n_enrolled for t in trials) == [642, 1326]
    outcome = {t.n_enrolled: t.outcome for t in trials}
    assert outcome[642] == "negative"


def test_every_n_hours_frequency():
    (d,) = doc_of("美罗培南 1 g q8h 静脉滴注。").entities.doses
    assert (d.frequency.count, d.frequency.period, d.frequency.period_unit) == (1, 8.0, "h")
    assert d.route == "iv"
