"""Trials named by acronym or by author and year are separate studies; a summary sentence about
several studies opens none. Sentences written for these tests, not taken from a corpus review."""

from __future__ import annotations

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
