"""Number rules, tested on sentences no rule was written from (not from any corpus document)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.citations import marker_spans
from pipeline.entities.numbers import cn_to_number, find_numbers


def nums(text: str):
    return [
        (text[h.start : h.end], h.kind, h.value, h.value_max, h.unit, h.comparator, h.approx)
        for h in find_numbers(text, marker_spans(text))
    ]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("共入组 2 350 例患者。", [("2 350 例", "count", 2350, None, None, None, False)]),
        ("有效率约为 45%。", [("45%", "percent", 45, None, "%", None, True)]),
        ("随访 18 个月后复查。", [("18 个月", "duration", 18, None, "mo", None, False)]),
        ("病程不足 5 年的患者", [("不足 5 年", "duration", 5, None, "a", "<", False)]),
        ("其中五分之一出现皮疹", [("五分之一", "fraction", 0.2, None, None, None, False)]),
        ("男女之比为 3∶2", [("3∶2", "ratio", 1.5, None, None, None, False)]),
        (
            "两组差异显著 (P<0.01)",
            [("两组", "count", 2, None, None, None, False), ("P<0.01", "p_value", 0.01, None, None, "<", False)],
        ),
        ("体重下降 (3.2±1.1) kg", [("3.2±1.1", "mean_sd", 3.2, None, None, None, False)]),
        ("每 100 万人中 4~6 例", [("每 100 万人中 4~6 例", "rate", 4, 6, "/1000000", None, False)]),
        (
            "口服 20 mg/d 共 3 周",
            [
                ("20 mg/d", "measurement", 20, None, "mg/d", None, False),
                ("3 周", "duration", 3, None, "wk", None, False),
            ],
        ),
        ("缓解率为 20%~35%", [("20%~35%", "range", 20, 35, "%", None, False)]),
        ("每周 2 次", [("每周 2 次", "rate", 2, None, "/wk", None, False)]),
        ("约百分之五的患者", [("约百分之五", "percent", 5, None, "%", None, True)]),
        ("近半年来", [("近半年", "duration", 0.5, None, "a", None, True)]),
        ("2019 年发表", [("2019 年", "year", 2019, None, None, None, False)]),
        ("全国约 3 000 万患者", [("约 3 000 万", "count", 30000000, None, None, None, True)]),
    ],
)
def test_number_kinds(text, expected):
    got = nums(text)
    assert [(g[0], g[1]) for g in got] == [(e[0], e[1]) for e in expected]
    for g, e in zip(got, expected):
        assert g[2] == pytest.approx(e[2])
        assert g[3] == (pytest.approx(e[3]) if e[3] is not None else None)
        assert g[4:] == e[4:]


@pytest.mark.parametrize(
    "text",
    [
        "携带 LRRK2 突变的患者",
        "IL-17 水平升高",
        "HbA1c 控制达标",
        "CD19 阳性 B 细胞",
        "PD-1 抑制剂",
        "TP53 基因",
        "第 3 代药物",
        "2 型糖尿病",
        "3 期临床试验",
        "Ⅱ期研究",
        "研究 2 中",
        "如文献 [12-14] 所述",
        "二甲双胍联合胰岛素",
        "三叉神经痛",
        "四川地区",
        "一线治疗",
        "一些患者",
        "唯一获批",
        "进一步研究",
        "mg·kg-1·d-1 的剂量单位",
        "甘油醛 3- 磷酸",
        "MMP-9 表达",
        "HER2 阳性",
    ],
)
def test_identifiers_and_labels_are_not_numbers(text):
    assert nums(text) == []


@pytest.mark.parametrize(
    "cn,value",
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("三千", 3000),
        ("十万", 100000),
        ("两", 2),
        ("一千二百", 1200),
    ],
)
def test_chinese_numerals(cn, value):
    assert cn_to_number(cn) == value


def test_full_width_digits_are_read_not_rewritten():
    text = "纳入１２０例"
    (h,) = find_numbers(text, [])
    assert text[h.start : h.end] == "１２０例" and h.value == 120


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789 .%~-±/∶例年月周天mg期型第约超过不足一二两三十百千万半") + ["\u4e00", "A", "x"]
        ),
        max_size=40,
    )
)
def test_spans_are_in_bounds_and_disjoint(text):
    hits = find_numbers(text, [])
    last = 0
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
        assert h.start >= last
        last = h.end


@pytest.mark.parametrize(
    "text,expected",
    [
        ("About one third of patients relapse.", [("About one third", "fraction", 0.333333)]),
        ("after two adequate antidepressant trials", [("two", "count", 2)]),
        ("at week 24 the response rate was below 5%", [("week 24", "duration", 24), ("below 5%", "percent", 5)]),
        ("a 10-year follow-up", [("10-year", "duration", 10)]),
    ],
)
def test_english_number_words(text, expected):
    got = [(t, k, v) for t, k, v, *_ in nums(text)]
    assert [(g[0], g[1]) for g in got] == [(e[0], e[1]) for e in expected]
    assert [g[2] for g in got] == pytest.approx([e[2] for e in expected])


@pytest.mark.parametrize(
    "text,span,value",
    [
        ("some three hundred and two dozen vials were shipped", "three hundred and two dozen", 324),
        ("two dozen infusions", "two dozen", 24),
        ("they packed 4 dozs of tablets", "4 dozs", 48),
        ("only one one hundred fifth of the dose reached the CSF", "one one hundred fifth", 1 / 105),
        ("two one hundred and sixths", "two one hundred and sixths", 2 / 106),
        ("a budget of 3mil for the registry", "3mil", 3e6),
        ("one hundred second-line patients", "one hundred", 100),
    ],
)
def test_english_scales_and_compound_denominators(text, span, value):
    got = [(t, v) for t, _k, v, *_ in nums(text)]
    assert [g[0] for g in got] == [span] and got[0][1] == pytest.approx(value, rel=1e-5)


@pytest.mark.parametrize(
    "text", ["the one hundred fifth patient enrolled", "in the twenty first week", "his one hundred and first dose"]
)
def test_english_ordinals_are_kept_apart(text):
    assert nums(text) == []


def test_and_zero_opens_another_number():
    assert [g[0] for g in nums("scores of 3 hundred and 0 were both recorded")] == ["3 hundred", "0"]


# -- issue 15: every wrong value it names, and the forms it lists -------------------------


def one(text: str):
    hits = find_numbers(text, marker_spans(text))
    assert len(hits) == 1, [(text[h.start : h.end], h.kind, h.value) for h in hits]
    h = hits[0]
    return text[h.start : h.end], h.kind, h.value, h.value_max, h.unit, h.comparator


@pytest.mark.parametrize(
    "text,span,kind,value,value_max,unit,comparator",
    [
        ("共纳入 1,402名患者", "1,402名", "count", 1402, None, None, None),
        ("In total 9,037 patients were randomised", "9,037 patients", "count", 9037, None, None, None),
        ("给予 1,000 mg/m(2) 静脉滴注", "1,000 mg/m(2)", "measurement", 1000, None, "mg/m2", None),
        ("血糖下降十五点七个百分点", "十五点七个百分点", "percent", 15.7, None, "%", None),
        ("约两千三点一万人", "约两千三点一万人", "count", 23001000, None, None, None),
        ("共一万零十二例", "一万零十二例", "count", 10012, None, None, None),
        ("二三十岁的患者", "二三十岁", "duration", 20, 30, "a", None),
        ("温度降至负 5 ℃", "负 5 ℃", "measurement", -5, None, "Cel", None),
        ("评分变化 －3.2 分", "－3.2 分", "measurement", -3.2, None, "{score}", None),
        ("treated for 2 1/4 years", "2 1/4 years", "duration", 2.25, None, "a", None),
        ("a risk of 1 over 3", "1 over 3", "fraction", 0.333333, None, None, None),
        ("no more than 50 mg daily", "no more than 50 mg", "measurement", 50, None, "mg", "<="),
        ("有效率不低于 90%", "不低于 90%", "percent", 90, None, "%", ">="),
        ("月费用约 3 万日元", "约 3 万日元", "measurement", 30000, None, "{JPY}", None),
        ("自 1990 年 1 月起随访", "1990 年 1 月", "year", 1990, None, None, None),
        ("缓解率为 10%～15%", "10%～15%", "range", 10, 15, "%", None),
        ("发病率为 5.6/10 万", "5.6/10 万", "rate", 5.6, None, "/100000", None),
        ("每 10 万人年 677 例", "每 10 万人年 677 例", "rate", 677, None, "/100000/a", None),
        ("one and a half years later", "one and a half years", "duration", 1.5, None, "a", None),
        ("over three decades", "over three decades", "duration", 30, None, "a", ">"),
        ("twenty-five percent of patients", "twenty-five percent", "percent", 25, None, "%", None),
        ("体温 38.5 ℃", "38.5 ℃", "measurement", 38.5, None, "Cel", None),
        ("十余万人", "十余万人", "count", 100000, None, None, None),
        ("约百分之十五点五", "约百分之十五点五", "percent", 15.5, None, "%", None),
        ("千分之三的发生率", "千分之三", "percent", 0.3, None, "%", None),
        ("三成患者", "三成", "percent", 30, None, "%", None),
        ("廿例", "廿例", "count", 20, None, None, None),
        ("血小板 1.3×10^9/L", "1.3×10^9/L", "measurement", 1.3, None, "10*9/L", None),
        ("1.3x10^6 copies", "1.3x10^6", "other", 1.3e6, None, None, None),
    ],
)
def test_issue_values(text, span, kind, value, value_max, unit, comparator):
    got = one(text)
    assert got[0] == span and got[1] == kind
    assert got[2] == pytest.approx(value) and (got[3] == pytest.approx(value_max) if value_max else got[3] is None)
    assert got[4:] == (unit, comparator)


@pytest.mark.parametrize(
    "text",
    [
        "半月形切口",
        "半月板损伤",
        "版本 2.1.3 发布",
        "访问 192.168.1.2",
        "第 3、4 步",
        "四肢无力",
        "聚乙二醇干扰素",
        "5-HT2A 受体",
        "HLA-B*5801 阳性",
        "钠-葡萄糖协同转运蛋白 2 抑制剂",
        "type 2 diabetes",
        "Which one do you prefer?",
    ],
)
def test_not_numbers(text):
    assert nums(text) == []


@pytest.mark.parametrize("text", ["Neurology, 2015, 84(3): 245-253.", "N Engl J Med, 2019, 381:1995-2008."])
def test_reference_volume_and_pages_are_not_numbers(text):
    assert [(g[0], g[1]) for g in nums(text)] == [(text[text.index("20") : text.index("20") + 4], "year")]


def test_ratio_with_ci_keeps_95_out_of_percents():
    got = nums("HR 0.74, 95% CI 0.65-0.85, P<0.001")
    assert [g[1] for g in got] == ["ratio", "range", "p_value"]
    assert got[1][2:4] == (0.65, 0.85) and not any(g[1] == "percent" for g in got)


def test_titration_range_is_one_measurement():
    got = nums("每日 300 mg，逐渐增至每日 900～3600 mg")
    assert [(g[0], g[2], g[3], g[4]) for g in got] == [
        ("每日 300 mg", 300, None, "mg/d"),
        ("每日 900～3600 mg", 900, 3600, "mg/d"),
    ]


@pytest.mark.parametrize(
    "cn,value",
    [
        ("十五点七", 15.7),
        ("两千三点一", 2300.1),
        ("一万零十二", 10012),
        ("四万万", 4e8),
        ("一千三", 1300),
        ("百三", 130),
        ("一百零十万", 1100000),
        ("负三十二", -32),
        ("壹佰伍拾", 150),
        ("五亿零六", 500000006),
        ("四千五百六十九万八千三百一十一亿", 4569831100000000),
        ("二〇一九", 2019),
        ("廿三", 23),
    ],
)
def test_chinese_numeral_values(cn, value):
    assert cn_to_number(cn) == pytest.approx(value)


_CN = "零一二三四五六七八九"


def _to_chinese(n: int) -> str:
    """A plain renderer of Chinese numerals for the property test (not the reader's algorithm)."""

    def under_10k(x: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // unit % 10
            if d:
                out += ("零" if zero and out else "") + _CN[d] + name
                zero = False
            else:
                zero = True
        return out

    if n == 0:
        return "零"
    parts, out = [], ""
    for unit, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        parts.append((n // unit % 10**4, name))
    lead = True
    for i, (x, name) in enumerate(parts):
        if x:
            if not lead and (x < 1000 or out and parts[i - 1][0] == 0):
                out += "零"
            out += under_10k(x) + name
            lead = False
        elif out and not out.endswith("零") and any(p for p, _ in parts[i + 1 :]):
            pass
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n):
    assert cn_to_number(_to_chinese(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([",", "\u2009", "\u202f"]))
def test_grouped_arabic_numbers_are_read_whole(n, sep):
    text = f"共 {n:,} 例".replace(",", sep)
    (h,) = find_numbers(text, [])
    assert h.value == n and h.kind == "count"


# -- units are UCUM: every unit the tables can emit, and every unit read from sample text ----------


def _ucum_parser():
    ucumvert = pytest.importorskip("ucumvert")
    return ucumvert.get_ucum_parser()


def _table_units() -> set[str]:
    from pipeline.resources import _json

    t = _json("units.json")
    units = set(t["mass"].values()) | set(t["amount"].values()) | set(t["divisors"].values())
    units |= set(t["concentration_only"].values()) | set(t["currency"].values())
    units |= {f"/{p}" for p in t["period_words"].values()}
    n = _json("numbers.json")
    units |= {u.split(".")[-1] for u in n["duration_units"].values()} | set(n["score_units"].values())
    return units


def test_unit_tables_are_ucum():
    parser = _ucum_parser()
    bad = []
    for u in sorted(_table_units()):
        try:
            parser.parse(u)
        except Exception:  # noqa: BLE001 - the parser raises its own error types
            bad.append(u)
    assert not bad


def test_ucum_check_rejects_printed_forms():
    """The check can fail: the printed forms we map away from are no UCUM."""
    parser = _ucum_parser()
    for printed in ("mmHg", "℃", "μmol/L"):
        with pytest.raises(Exception):  # noqa: B017
            parser.parse(printed)


@pytest.mark.parametrize(
    "text",
    [
        "利鲁唑 50 mg bid",
        "依达拉奉 60 mg/d 静脉滴注",
        "丙戊酸 20~30 mg·kg-1·d-1",
        "甲氨蝶呤 7.5~25 mg/周",
        "紫杉醇 175 mg/m² 每 3 周",
        "去甲肾上腺素 0.1 μg·kg-1·min-1",
        "胰岛素 0.1 U/kg/h",
        "胆骨化醇 2 000 IU/d",
        "尿酸 <360 μmol/L",
        "血压 ≥65 mmHg",
        "体温 38.5 ℃",
        "eGFR 45 mL/min/1.73 m2",
        "HBV DNA <20 IU/mL",
        "发病率 5.6/10 万",
        "每 1 000 人年 6.3 例",
        "每 4 周 1 次",
        "费用 3 万元",
        "每日 3 次",
        "肌酐 1.2 mg/dL",
        "布洛芬 10 mg/kg·d",
        "比伐芦定 1.75 mg/kg/h",
        "heparin 18 U/kg/h infusion",
        "median 24 months (IQR 18-30)",
        "weight 5.2 (SD 1.1) kg",
        "10 mg～20 mg",
        "舟月角 42°~64°",
        "lithium 900 mg per day",
        "propofol 2 mg/kg per hour",
        "0.5 mg/kg/hr",
    ],
)
def test_emitted_units_are_ucum(text):
    parser = _ucum_parser()
    units = [h.unit for h in find_numbers(text, []) if h.unit]
    assert units, text
    for u in units:
        parser.parse(u)


def stat(text: str):
    hits = find_numbers(text, marker_spans(text))
    return [
        (text[h.start : h.end], h.kind, h.value, h.ci_low, h.ci_high, h.ci_level)
        for h in hits
        if h.rule == "number.statistic"
    ], [h for h in hits if h.kind == "percent"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("达格列净组心衰住院风险降低（HR=0.70，95%CI 0.59~0.83）", ("HR=0.70", "ratio", 0.70, 0.59, 0.83, 95)),
        (
            "the odds ratio was 1.42 (95% CI, 1.10 to 1.83) for relapse",
            ("odds ratio was 1.42", "ratio", 1.42, 1.10, 1.83, 95),
        ),
        ("OR, 0.81; 95% CI, 0.66 to 0.99", ("OR, 0.81", "ratio", 0.81, 0.66, 0.99, 95)),
        ("RR 1.9 [90% CI 1.2–3.0]", ("RR 1.9", "ratio", 1.9, 1.2, 3.0, 90)),
        ("芬戈莫德组 ARR为0.18（95%CI 0.15~0.22）", ("ARR为0.18", "other", 0.18, 0.15, 0.22, 95)),
        ("HbA1c 的 MD −0.52 (95% CI −0.61 to −0.43)", ("MD −0.52", "other", -0.52, -0.61, -0.43, 95)),
        ("SMD=0.31，95%置信区间 0.12~0.50", ("SMD=0.31", "other", 0.31, 0.12, 0.50, 95)),
        ("风险比 0.76，95% 可信区间 0.64~0.90", ("风险比 0.76", "ratio", 0.76, 0.64, 0.90, 95)),
    ],
)
def test_a_statistic_carries_its_confidence_interval(text, expected):
    got, percents = stat(text)
    assert len(got) == 1 and got[0][:2] == expected[:2]
    assert got[0][2:] == pytest.approx(expected[2:])
    assert percents == []  # the 95% of the label is no percent


def test_a_statistic_far_from_an_interval_keeps_none():
    got, _ = stat("HR 0.74 in the first trial; in the second, the 95% CI was 0.65-0.85")
    assert got == [("HR 0.74", "ratio", 0.74, None, None, None)]


@pytest.mark.parametrize(
    "text,span,value,value_max,comparator",
    [
        ("血小板计数 100以上 的患者", "100以上", 100, None, ">="),
        ("病程五年以下者", "五年以下", 5, None, "<="),
        ("年龄 18 岁以上、65 岁以下的成人", "18 岁以上、65 岁以下", 18, 65, None),
        ("评分在 20以上，40以下", "20以上，40以下", 20, 40, None),
    ],
)
def test_bounds_written_after_the_number(text, span, value, value_max, comparator):
    got = [g for g in nums(text) if g[0] == span]
    assert got, nums(text)
    assert got[0][2:4] == (value, value_max) and got[0][5] == comparator


@pytest.mark.parametrize(
    "text,span,kind,value,unit,spread",
    [
        (
            "median follow-up was 24 months (IQR 18-30) in the rituximab arm",
            "24 months (IQR 18-30)",
            "duration",
            24,
            "mo",
            ("iqr", 18, 30),
        ),
        (
            "中位随访 12.5 个月（四分位数间距 8.0~17.0 个月）",
            "12.5 个月（四分位数间距 8.0~17.0 个月）",
            "duration",
            12.5,
            "mo",
            ("iqr", 8, 17),
        ),
        ("入组患者中位年龄 62（IQR 55~70）岁", "62（IQR 55~70）岁", "duration", 62, "a", ("iqr", 55, 70)),
        ("weight fell by 5.2 (SD 1.1) kg with semaglutide", "5.2 (SD 1.1) kg", "mean_sd", 5.2, "kg", ("sd", 1.1)),
        ("HbA1c 降低 1.1% (SD 0.4)", "1.1% (SD 0.4)", "mean_sd", 1.1, "%", ("sd", 0.4)),
    ],
)
def test_median_iqr_and_mean_sd_in_brackets_are_one_number(text, span, kind, value, unit, spread):
    (h,) = [h for h in find_numbers(text, []) if text[h.start : h.end] == span]
    assert (h.kind, h.value, h.unit) == (kind, value, unit)
    got = ("iqr", h.iqr_low, h.iqr_high) if spread[0] == "iqr" else ("sd", h.sd)
    assert got == spread


def test_a_quartile_word_is_no_score():
    assert not [g for g in nums("四分位数间距较宽") if g[4] == "{score}"]


@pytest.mark.parametrize(
    "text,span,value,value_max,unit",
    [
        ("阿莫西林 10 mg/kg～20 mg/kg", "10 mg/kg～20 mg/kg", 10, 20, "mg/kg"),
        ("prednisone 10 mg to 20 mg daily", "10 mg to 20 mg", 10, 20, "mg"),
        ("疗程 3 个月～6 个月", "3 个月～6 个月", 3, 6, "mo"),
        ("布洛芬 0.5 mg/kg·d", "0.5 mg/kg·d", 0.5, None, "mg/kg/d"),
    ],
)
def test_ranges_with_the_unit_on_both_ends_and_per_kg_day(text, span, value, value_max, unit):
    got = [g for g in nums(text) if g[0] == span]
    assert got, nums(text)
    assert got[0][2:5] == (value, value_max, unit)


def test_a_change_from_one_dose_to_another_is_no_range():
    got = nums("the dose was increased from 10 mg to 20 mg")
    assert [(g[0], g[3]) for g in got] == [("10 mg", None), ("20 mg", None)]


@pytest.mark.parametrize(
    "text,span,kind,value",
    [
        ("Since 2015 the drug has been used for gout.", "2015", "year", 2015),
        ("By 2030 the prevalence of diabetes may double.", "2030", "year", 2030),
        ("In 2019, the agency approved tafamidis.", "2019", "year", 2019),
        ("Of 120 patients, most tolerated lithium.", "120 patients", "count", 120),
    ],
)
def test_a_capitalised_first_word_is_no_code_label(text, span, kind, value):
    got = [g for g in nums(text) if g[0] == span]
    assert got and got[0][1:3] == (kind, value), nums(text)


def test_codes_with_a_number_stay_out():
    assert nums("TDP 43 aggregates and ARCHER 1050 results") == []


@pytest.mark.parametrize(
    "text",
    [
        "全文见 https://doi.org/10.1056/NEJMoa2034577",
        "参见 www.example.org/trial?id=30%25",
        "doi: 10.1001/jama.2020.1234",
        "咨询电话 +86-010-6512-3456",
        "数据截至 2021-06-30",
        "各组间两两比较采用 Bonferroni 法",
    ],
)
def test_urls_dois_phone_numbers_dates_and_pairwise_are_not_numbers(text):
    assert nums(text) == []


def test_a_descending_pair_is_no_range():
    assert [(g[0], g[1], g[3]) for g in nums("数据库建于 1995-01")] == [("1995", "year", None)]


def test_a_colloquial_percent_range():
    assert nums("百分之二三十的患者")[0][:5] == ("百分之二三十", "range", 20, 30, "%")


def test_a_qualified_decimal_counts_nothing():
    got = nums("组间比较 <0.001")
    assert [(g[0], g[1]) for g in got] == [("<0.001", "other")]
    assert nums("超过 1 000 名")[0][1] == "count"


def test_angles_in_degrees():
    got = nums("术后腕关节背伸活动度 33°~55°，平均 41°")
    assert [(g[0], g[2], g[3], g[4]) for g in got] == [("33°~55°", 33, 55, "deg"), ("41°", 41, None, "deg")]


@pytest.mark.parametrize(
    "text,span,unit",
    [
        ("丙戊酸钠每日 20 mg/kg 分次口服", "每日 20 mg/kg", "mg/kg/d"),
        ("二甲双胍每天 1 500 mg", "每天 1 500 mg", "mg/d"),
        ("利培酮每日 2 mg/d", "2 mg/d", "mg/d"),
    ],
)
def test_an_amount_each_day_is_per_day(text, span, unit):
    got = [g for g in nums(text) if g[0] == span]
    assert got and got[0][4] == unit, nums(text)


@pytest.mark.parametrize(
    "text,span,value,approx",
    [
        ("HLA-B*5801 阳性者风险增加约 3 倍", "约 3 倍", 3, True),
        ("血药浓度升高两倍", "两倍", 2, False),
        ("a 2.5-fold higher risk of gout flares", "2.5-fold", 2.5, False),
        ("a threefold increase in hypoglycaemia", "threefold", 3, False),
    ],
)
def test_folds_are_ratios(text, span, value, approx):
    got = [g for g in nums(text) if g[0] == span]
    assert got and (got[0][1], got[0][2], got[0][6]) == ("ratio", value, approx), nums(text)


def test_vague_folds_are_no_numbers():
    assert nums("风险增加数十倍") == []


@pytest.mark.parametrize(
    "text,expected",
    [
        ("assessed at 6 and 12 months", [("6", "duration", "mo"), ("12 months", "duration", "mo")]),
        ("随访 6、12 和 24 周", [("6", "duration", "wk"), ("12", "duration", "wk"), ("24 周", "duration", "wk")]),
        ("应答率 30 和 45%", [("30", "percent", "%"), ("45%", "percent", "%")]),
        ("患者 3、4 级不良事件较少", []),
    ],
)
def test_listed_numbers_share_the_unit_of_the_last(text, expected):
    assert [(g[0], g[1], g[4]) for g in nums(text)] == expected


def test_grouped_thousands_in_a_list_are_counts_not_years():
    got = nums("enrolled 1 961, 1 210 and 611 patients")
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("1 961", "count", 1961),
        ("1 210", "count", 1210),
        ("611 patients", "count", 611),
    ]


@pytest.mark.parametrize(
    "text,ci",
    [
        ("HR 0.74 (0.65-0.85)", (0.65, 0.85)),
        ("OR=1.52 [1.10–2.10] for fracture", (1.10, 2.10)),
        ("RR 1.2 (1.0-1.4, P=0.04)", (1.0, 1.4)),
        ("HR 0.74 (P=0.01)", (None, None)),
    ],
)
def test_an_unlabelled_interval_in_brackets_is_the_statistics_ci(text, ci):
    got, _ = stat(text)
    assert got[0][3:5] == ci and got[0][5] is None


@pytest.mark.parametrize(
    "text,span,unit",
    [
        ("lithium 900 mg per day in two doses", "900 mg per day", "mg/d"),
        ("ketamine 0.5 mg/kg per hour", "0.5 mg/kg per hour", "mg/kg/h"),
        ("insulin 0.1 U/kg/hr", "0.1 U/kg/hr", "U/kg/h"),
        ("vancomycin 2 g a day", "2 g a day", "g/d"),
    ],
)
def test_english_per_words_divide_the_unit(text, span, unit):
    got = [g for g in nums(text) if g[0] == span]
    assert got and got[0][4] == unit, nums(text)


@pytest.mark.parametrize(
    "text,span,value,unit",
    [
        ("体重下降 3.5 公斤", "3.5 公斤", 3.5, "kg"),
        ("体重九点九公斤", "九点九公斤", 9.9, "kg"),
        ("肿瘤直径 2 厘米", "2 厘米", 2, "cm"),
        ("舟月间隙 1.5 毫米", "1.5 毫米", 1.5, "mm"),
    ],
)
def test_chinese_unit_words(text, span, value, unit):
    got = [g for g in nums(text) if g[0] == span]
    assert got and got[0][1:5] == ("measurement", value, None, unit), nums(text)
