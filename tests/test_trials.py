"""Trials named by acronym or by author and year are separate studies; a summary sentence about
several studies opens none. Sentences written for these tests, not taken from a corpus review."""

from __future__ import annotations

import pytest

from pipeline.entities.drugs import DrugMention
from pipeline.entities.numbers import find_numbers
from pipeline.entities.trials import find_trials, multiplicity, names_in


def drafts(text: str, agents: dict[str, str]):
    mentions = [
        DrugMention("p1", text.index(name), text.index(name) + len(name), aid, "test")
        for name, aid in agents.items()
        if name in text
    ]
    return find_trials([("p1", text)], {"p1": find_numbers(text, [])}, mentions)


def test_acronyms_joined_in_one_sentence_are_two_studies():
    text = "BENEFIT 和 CONFIRM 研究均为 3 期随机双盲试验，比较了贝利尤单抗与安慰剂。"
    assert names_in(text) == ["BENEFIT", "CONFIRM"]
    got = drafts(text, {"贝利尤单抗": "belimumab"})
    assert [d.name for d in got] == ["BENEFIT", "CONFIRM"]


def test_roman_numeral_suffix_is_part_of_the_name():
    text = "OPERA I 与 OPERA II 研究共纳入 1 656 例复发型患者，奥瑞珠单抗降低年复发率。"
    assert names_in(text) == ["OPERA I", "OPERA II"]
    assert multiplicity(text) == 2


def test_named_studies_in_consecutive_sentences_are_not_merged():
    text = (
        "RISE-PD 研究纳入 630 例患者，卡比多巴-左旋多巴缓释胶囊改善“关期”时间。"
        "ASCEND-PD 研究纳入 393 例患者，结果显示“关期”时间缩短 (P<0.01)。"
    )
    got = drafts(text, {"左旋多巴": "levodopa"})
    assert [(d.name, d.n) for d in got] == [("RISE-PD", 630), ("ASCEND-PD", 393)]


def test_author_and_year_name_a_study():
    text = "Smith 等 (2015) 与 Jones 等 (2018) 分别开展了随机对照试验，评估了贝利尤单抗的疗效。"
    assert multiplicity(text) == 2
    assert len(drafts(text, {"贝利尤单抗": "belimumab"})) == 2


def test_a_summary_of_several_studies_opens_none():
    text = "多项研究表明，贝利尤单抗可降低疾病活动度，但长期获益仍需更多研究证实。"
    assert drafts(text, {"贝利尤单抗": "belimumab"}) == []


def test_english_sentences_open_their_own_named_studies():
    text = (
        "The PARADIGM-HF trial enrolled 8 442 patients with heart failure. "
        "The DAPA-HF trial randomised 4 744 patients to dapagliflozin or placebo."
    )
    got = drafts(text, {"dapagliflozin": "dapagliflozin"})
    assert [(d.name, d.n) for d in got] == [("PARADIGM-HF", 8442), ("DAPA-HF", 4744)]


def test_et_al_does_not_end_a_sentence_and_authors_name_studies():
    text = (
        "Smith et al. (2015) randomised 120 patients to infliximab or placebo. "
        "Jones et al. (2018) enrolled 80 patients and found no benefit."
    )
    got = drafts(text, {"infliximab": "infliximab"})
    assert [(d.name, d.n) for d in got] == [("Smith (2015)", 120), ("Jones (2018)", 80)]


def test_studies_named_by_author_and_reference_are_not_merged():
    text = "Smith 等 [12] 的研究发现利鲁唑延长生存期。Jones 等 [13] 的研究则未见利鲁唑获益。"
    got = drafts(text, {"利鲁唑": "riluzole"})
    assert [d.name for d in got] == ["Smith [12]", "Jones [13]"]


def test_names_after_the_trial_word_and_respective_sizes():
    text = "Two phase 3 trials, AFFIRM and SENTINEL, enrolled 942 and 1 171 patients, respectively, with natalizumab."
    got = drafts(text, {"natalizumab": "natalizumab"})
    assert [(d.name, d.n, d.phase) for d in got] == [("AFFIRM", 942, "3"), ("SENTINEL", 1171, "3")]


def test_respective_sizes_in_chinese():
    text = "EMPEROR-Reduced 和 EMPEROR-Preserved 试验分别纳入 3 730 例和 5 988 例患者，恩格列净降低心衰住院风险。"
    got = drafts(text, {"恩格列净": "empagliflozin"})
    assert [(d.name, d.n) for d in got] == [("EMPEROR-Reduced", 3730), ("EMPEROR-Preserved", 5988)]


def test_examples_in_a_summary_open_no_study():
    assert drafts("多项研究（如 BENEFIT、CONFIRM）提示贝利尤单抗有效。", {"贝利尤单抗": "belimumab"}) == []
    assert multiplicity("Several trials, such as AFFIRM and SENTINEL, support natalizumab.") == 1


def test_a_named_trial_continues_into_its_results_sentence():
    text = (
        "The ORATORIO trial enrolled 732 patients with primary progressive multiple sclerosis. "
        "The trial met its primary endpoint (HR 0.76, 95% CI 0.59-0.98; P=0.03)."
    )
    (d,) = drafts(text, {"ocrelizumab": "ocrelizumab"})
    assert (d.name, d.n, len(d.sentences)) == ("ORATORIO", 732, 2)


def test_acronyms_with_a_short_prefix_or_a_word_suffix():
    assert names_in("RA-BEAM 研究中，巴瑞替尼优于阿达木单抗。") == ["RA-BEAM"]
    assert names_in("ORAL Surveillance 研究纳入 4 362 例患者。") == ["ORAL Surveillance"]
    assert names_in("The EMPA-REG OUTCOME trial enrolled 7 020 patients.") == ["EMPA-REG OUTCOME"]
    assert names_in("In the ORAL Strategy of this hospital, study visits were monthly.") == []


@pytest.mark.parametrize(
    "text",
    [
        "荟萃分析纳入 12 项 RCT 共 5 000 例患者，JAK 抑制剂总体有效。",
        "A meta-analysis of 12 trials including 5 000 patients found tofacitinib effective.",
        "一项系统评价纳入 9 项随机对照试验，共 2 310 例患者，托法替布改善 ACR20 应答。",
    ],
)
def test_a_meta_analysis_opens_no_trial(text):
    assert drafts(text, {"托法替布": "tofacitinib", "tofacitinib": "tofacitinib"}) == []


def test_english_enrolment_after_the_count():
    (d,) = drafts(
        "In ORAL Standard, 717 patients were randomised to tofacitinib or adalimumab.", {"tofacitinib": "tofacitinib"}
    )
    assert d.n == 717


@pytest.mark.parametrize(
    "text",
    [
        "上述 3 项研究共纳入 2 000 余例患者，均显示利拉鲁肽降低 HbA1c。",
        "SUSTAIN 系列研究共纳入 8 000 余例患者，司美格鲁肽降低 HbA1c 1.5%~1.8%。",
        "目前已有超过 20 项 3 期临床试验评估了司美格鲁肽的疗效。",
        "Several phase 3 trials have shown that semaglutide lowers body weight.",
    ],
)
def test_a_summary_of_many_studies_opens_none(text):
    assert drafts(text, {"司美格鲁肽": "semaglutide", "利拉鲁肽": "liraglutide", "semaglutide": "semaglutide"}) == []


def test_two_studies_described_one_by_one_still_open():
    text = "108 研究共纳入 426 例患者，TAF 非劣效；110 研究纳入 873 例，两项研究均达到非劣效标准。"
    got = drafts(text, {"TAF": "tenofovir-alafenamide"})
    assert got and got[0].n == 426


def test_respective_sizes_with_grouped_thousands():
    text = "Three phase 3 trials (STEP 1, STEP 2 and STEP 3) enrolled 1 961, 1 210 and 611 patients, respectively."
    got = drafts(text, {"semaglutide": "semaglutide"})
    assert [(d.name, d.n) for d in got] == [("STEP 1", 1961), ("STEP 2", 1210), ("STEP 3", 611)]
