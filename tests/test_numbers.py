"""Number rules, tested on sentences no rule was written from (not from any corpus document)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.citations import marker_spans
from pipeline.entities.numbers import cn_to_number, find_numbers


def nums(text: str):
    return [(text[h.start:h.end], h.kind, h.value, h.value_max, h.unit, h.comparator, h.approx)
            for h in find_numbers(text, marker_spans(text))]


@pytest.mark.parametrize("text,expected", [
    ("共入组 2 350 例患者。", [("2 350 例", "count", 2350, None, None, None, False)]),
    ("有效率约为 45%。", [("45%", "percent", 45, None, "%", None, True)]),
    ("随访 18 个月后复查。", [("18 个月", "duration", 18, None, "mo", None, False)]),
    ("病程不足 5 年的患者", [("不足 5 年", "duration", 5, None, "a", "<", False)]),
    ("其中五分之一出现皮疹", [("五分之一", "fraction", 0.2, None, None, None, False)]),
    ("男女之比为 3∶2", [("3∶2", "ratio", 1.5, None, None, None, False)]),
    ("两组差异显著 (P<0.01)", [("两组", "count", 2, None, None, None, False), ("P<0.01", "p_value", 0.01, None, None, "<", False)]),
    ("体重下降 (3.2±1.1) kg", [("3.2±1.1", "mean_sd", 3.2, None, None, None, False)]),
    ("每 100 万人中 4~6 例", [("每 100 万人中 4~6 例", "rate", 4, 6, "/1000000", None, False)]),
    ("口服 20 mg/d 共 3 周", [("20 mg/d", "measurement", 20, None, "mg/d", None, False), ("3 周", "duration", 3, None, "wk", None, False)]),
    ("缓解率为 20%~35%", [("20%~35%", "range", 20, 35, "%", None, False)]),
    ("每周 2 次", [("每周 2 次", "rate", 2, None, "/wk", None, False)]),
    ("约百分之五的患者", [("约百分之五", "percent", 5, None, "%", None, True)]),
    ("近半年来", [("近半年", "duration", 0.5, None, "a", None, True)]),
    ("2019 年发表", [("2019 年", "year", 2019, None, None, None, False)]),
    ("全国约 3 000 万患者", [("约 3 000 万", "count", 30000000, None, None, None, True)]),
])
def test_number_kinds(text, expected):
    got = nums(text)
    assert [(g[0], g[1]) for g in got] == [(e[0], e[1]) for e in expected]
    for g, e in zip(got, expected):
        assert g[2] == pytest.approx(e[2])
        assert g[3] == (pytest.approx(e[3]) if e[3] is not None else None)
        assert g[4:] == e[4:]


@pytest.mark.parametrize("text", [
    "携带 LRRK2 突变的患者", "IL-17 水平升高", "HbA1c 控制达标", "CD19 阳性 B 细胞", "PD-1 抑制剂",
    "TP53 基因", "第 3 代药物", "2 型糖尿病", "3 期临床试验", "Ⅱ期研究", "研究 2 中", "如文献 [12-14] 所述",
    "二甲双胍联合胰岛素", "三叉神经痛", "四川地区", "一线治疗", "一些患者", "唯一获批", "进一步研究",
    "mg·kg-1·d-1 的剂量单位", "甘油醛 3- 磷酸", "MMP-9 表达", "HER2 阳性",
])
def test_identifiers_and_labels_are_not_numbers(text):
    assert nums(text) == []


@pytest.mark.parametrize("cn,value", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105),
                                      ("三千", 3000), ("十万", 100000), ("两", 2), ("一千二百", 1200)])
def test_chinese_numerals(cn, value):
    assert cn_to_number(cn) == value


def test_full_width_digits_are_read_not_rewritten():
    text = "纳入１２０例"
    (h,) = find_numbers(text, [])
    assert text[h.start:h.end] == "１２０例" and h.value == 120


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .%~-±/∶例年月周天mg期型第约超过不足一二两三十百千万半") + ["\u4e00", "A", "x"]),
               max_size=40))
def test_spans_are_in_bounds_and_disjoint(text):
    hits = find_numbers(text, [])
    last = 0
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
        assert h.start >= last
        last = h.end


@pytest.mark.parametrize("text,expected", [
    ("About one third of patients relapse.", [("About one third", "fraction", 0.333333)]),
    ("after two adequate antidepressant trials", [("two", "count", 2)]),
    ("at week 24 the response rate was below 5%", [("week 24", "duration", 24), ("below 5%", "percent", 5)]),
    ("a 10-year follow-up", [("10-year", "duration", 10)]),
])
def test_english_number_words(text, expected):
    got = [(t, k, v) for t, k, v, *_ in nums(text)]
    assert [(g[0], g[1]) for g in got] == [(e[0], e[1]) for e in expected]
    assert [g[2] for g in got] == pytest.approx([e[2] for e in expected])
